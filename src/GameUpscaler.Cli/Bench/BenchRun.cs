namespace GameUpscaler.Cli.Bench;

using GameUpscaler.Governor;

/// <summary>The frames of one (mode, model) configuration and the statistics reported for them.</summary>
internal sealed record BenchRun(string Mode, string Model, Size2D RenderSize, Size2D DisplaySize, string Permutation, IReadOnlyList<BenchFrame> Frames)
{
    /// <summary>Median bytes moved between the host's images and the passes per frame, and copies per frame (medians).</summary>
    public (double Bytes, double Copies) Traffic => Frames.Count == 0 ? (0, 0) : (
        Percentiles.NearestRank([.. Frames.Select(f => (double)f.Traffic.TotalBytes)], 0.5),
        Percentiles.NearestRank([.. Frames.Select(f => (double)f.Traffic.Copies)], 0.5));

    /// <summary>A label for charts and CSV rows.</summary>
    public string Label => $"{Mode} {Model}";

    /// <summary>p50, p95, p99 and max of a per-frame value (nearest rank).</summary>
    public static (double P50, double P95, double P99, double Max) Summary(IEnumerable<double> values)
    {
        double[] v = [.. values];
        return (Percentiles.NearestRank(v, 0.5), Percentiles.NearestRank(v, 0.95), Percentiles.NearestRank(v, 0.99), v.Length == 0 ? double.NaN : v.Max());
    }

    /// <summary>Share of frames whose upscale GPU time is within the budget, or null without a budget.</summary>
    public double? WithinBudget(double? budget) =>
        budget is { } b && Frames.Count > 0 ? (double)Frames.Count(f => f.UpscaleMilliseconds <= b) / Frames.Count : null;

    /// <summary>
    /// Per pass label, in first-seen order: median GPU ms over the frames that ran it, mean FLOPs and bytes, and the
    /// achieved rates (total work over total time).
    /// </summary>
    public IReadOnlyList<(string Label, double MedianMilliseconds, double Flops, double Bytes, double GflopsPerSecond, double GigabytesPerSecond)> PassSummary()
    {
        var rows = new List<(string, double, double, double, double, double)>();
        foreach (string label in Frames.SelectMany(f => f.Passes.Select(p => p.Timing.Label)).Distinct())
        {
            var runs = Frames.SelectMany(f => f.Passes.Where(p => p.Timing.Label == label)).ToList();
            double time = runs.Sum(p => p.Timing.Milliseconds);
            double flops = runs.Sum(p => p.Work.Flops);
            double bytes = runs.Sum(p => p.Work.Bytes);
            double median = Percentiles.NearestRank([.. runs.Select(p => p.Timing.Milliseconds)], 0.5);
            rows.Add((label, median, flops / runs.Count, bytes / runs.Count, time > 0 ? flops / time / 1e6 : 0, time > 0 ? bytes / time / 1e6 : 0));
        }

        return rows;
    }

    /// <summary>How many frames changed variant (governor runs; 0 for a fixed model).</summary>
    public int Switches => Frames.Zip(Frames.Skip(1)).Count(p => p.First.Variant != p.Second.Variant);
}
