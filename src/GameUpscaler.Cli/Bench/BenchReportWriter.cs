namespace GameUpscaler.Cli.Bench;

using System.Globalization;
using System.Text;
using System.Text.Json;

/// <summary>Writes a benchmark's files: bench.json, summary.csv, summary.md, frames.csv, passes.csv, frame-times.svg, passes.svg.</summary>
internal static class BenchReportWriter
{
    /// <summary>What the report says about where and how it was measured.</summary>
    internal sealed record Context(
        string Device, string DeviceType, string VulkanVersion, string Command, string Source, double? Budget, int Frames, int Warmup,
        string ImageFormat, string HostImages)
    {
        /// <summary>The device's peak arithmetic rate in TFLOP/s, when the user gave it (the share of peak column).</summary>
        public double? PeakTflops { get; init; }

        /// <summary>The device's peak memory bandwidth in GB/s, when the user gave it.</summary>
        public double? PeakGigabytesPerSecond { get; init; }
    }

    /// <summary>Writes every file into <paramref name="directory"/> (created) and returns their paths.</summary>
    public static IReadOnlyList<string> Write(string directory, Context context, IReadOnlyList<BenchRun> runs)
    {
        Directory.CreateDirectory(directory);
        var files = new List<string>();
        void Save(string name, string text)
        {
            string path = Path.Combine(directory, name);
            File.WriteAllText(path, text);
            files.Add(path);
        }

        Save("bench.json", Json(context, runs));
        Save("summary.csv", SummaryCsv(context, runs));
        Save("summary.md", SummaryMarkdown(context, runs));
        Save("frames.csv", FramesCsv(runs));
        Save("passes.csv", PassesCsv(runs));
        string where = $"{context.Device}, {context.Source.Split(':')[0]} frames";
        Save("frame-times.svg", BenchCharts.FrameTimes(runs, context.Budget, $"Upscale GPU time per frame — {where}"));
        Save("passes.svg", BenchCharts.PassBreakdown(runs, $"Per-pass GPU time (median) — {where}"));
        return files;
    }

    private static string Json(Context context, IReadOnlyList<BenchRun> runs)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("device", context.Device);
            json.WriteString("device_type", context.DeviceType);
            json.WriteString("vulkan", context.VulkanVersion);
            json.WriteString("command", context.Command);
            json.WriteString("source", context.Source);
            json.WriteString("date", DateTime.UtcNow.ToString("u", CultureInfo.InvariantCulture));
            json.WriteNumber("frames", context.Frames);
            json.WriteNumber("warmup", context.Warmup);
            WriteNullable(json, "budget_ms", context.Budget);
            json.WriteString("image_format", context.ImageFormat);
            json.WriteString("host_images", context.HostImages);
            json.WriteStartArray("runs");
            foreach (BenchRun run in runs)
            {
                json.WriteStartObject();
                json.WriteString("mode", run.Mode);
                json.WriteString("model", run.Model);
                json.WriteString("render", run.RenderSize.ToString());
                json.WriteString("display", run.DisplaySize.ToString());
                json.WriteString("permutation", run.Permutation);
                WriteSummary(json, "upscale_ms", BenchRun.Summary(run.Frames.Select(f => f.UpscaleMilliseconds)));
                WriteSummary(json, "frame_ms", BenchRun.Summary(run.Frames.Select(f => f.FrameMilliseconds)));
                WriteNullable(json, "within_budget", run.WithinBudget(context.Budget));
                json.WriteNumber("variant_switches", run.Switches);
                (double bytesMoved, double copies) = run.Traffic;
                json.WriteNumber("bytes_moved_per_frame", bytesMoved);
                json.WriteNumber("copies_per_frame", copies);
                json.WriteStartArray("passes");
                foreach (var pass in run.PassSummary())
                {
                    json.WriteStartObject();
                    json.WriteString("pass", pass.Label);
                    json.WriteNumber("p50_ms", Round(pass.MedianMilliseconds));
                    json.WriteNumber("flops", pass.Flops);
                    json.WriteNumber("bytes", pass.Bytes);
                    json.WriteNumber("gflop_per_s", Round(pass.GflopsPerSecond));
                    json.WriteNumber("gb_per_s", Round(pass.GigabytesPerSecond));
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static void WriteSummary(Utf8JsonWriter json, string name, (double P50, double P95, double P99, double Max) s)
    {
        json.WriteStartObject(name);
        json.WriteNumber("p50", Round(s.P50));
        json.WriteNumber("p95", Round(s.P95));
        json.WriteNumber("p99", Round(s.P99));
        json.WriteNumber("max", Round(s.Max));
        json.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, Round(v));
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static double Round(double value) => double.IsFinite(value) ? Math.Round(value, 4) : 0;

    private static string SummaryCsv(Context context, IReadOnlyList<BenchRun> runs)
    {
        var csv = new StringBuilder("mode,model,render,display,permutation,frames,upscale_p50_ms,upscale_p95_ms,upscale_p99_ms,upscale_max_ms,frame_p50_ms,frame_p95_ms,frame_p99_ms,frame_max_ms,within_budget,variant_switches,host_images,bytes_moved_per_frame,copies_per_frame\n");
        foreach (BenchRun run in runs)
        {
            var u = BenchRun.Summary(run.Frames.Select(f => f.UpscaleMilliseconds));
            var f = BenchRun.Summary(run.Frames.Select(f => f.FrameMilliseconds));
            double? within = run.WithinBudget(context.Budget);
            (double bytesMoved, double copies) = run.Traffic;
            csv.AppendLine(Invariant(
                $"{run.Mode},{run.Model},{run.RenderSize},{run.DisplaySize},{run.Permutation},{run.Frames.Count},{u.P50:0.####},{u.P95:0.####},{u.P99:0.####},{u.Max:0.####},{f.P50:0.####},{f.P95:0.####},{f.P99:0.####},{f.Max:0.####},{(within is { } w ? w.ToString("0.####", CultureInfo.InvariantCulture) : string.Empty)},{run.Switches},{context.HostImages},{bytesMoved:0},{copies:0}"));
        }

        return csv.ToString();
    }

    private static string SummaryMarkdown(Context context, IReadOnlyList<BenchRun> runs)
    {
        var md = new StringBuilder();
        md.AppendLine(Invariant($"Device: **{context.Device}** ({context.DeviceType}, Vulkan {context.VulkanVersion}); {context.Frames} frames after {context.Warmup} warm-up; source {context.Source}; {context.ImageFormat}, host images {context.HostImages}."));
        md.AppendLine(Invariant($"Command: `{context.Command}`"));
        string peaks = context.PeakTflops is null && context.PeakGigabytesPerSecond is null
            ? "no device peaks given (--peak-tflops, --peak-gbps): shares of peak not shown"
            : Invariant($"device peaks as given: {context.PeakTflops?.ToString("0.###", CultureInfo.InvariantCulture) ?? "?"} TFLOP/s, {context.PeakGigabytesPerSecond?.ToString("0.#", CultureInfo.InvariantCulture) ?? "?"} GB/s");
        md.AppendLine($"FLOPs and bytes are the estimates of `VulkanPassWork` (a model of each pass, not counters); {peaks}.");
        md.AppendLine();
        md.AppendLine("| mode | model | render → display | permutation | upscale GPU ms p50 | p95 | p99 | pass | pass ms p50 | GFLOP/s | GB/s | % peak FLOP/s | % peak GB/s |");
        md.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (BenchRun run in runs)
        {
            var u = BenchRun.Summary(run.Frames.Select(f => f.UpscaleMilliseconds));
            bool first = true;
            foreach (var pass in run.PassSummary())
            {
                string head = first
                    ? Invariant($"| {run.Mode} | {run.Model} | {run.RenderSize} → {run.DisplaySize} | {run.Permutation} | {u.P50:0.###} | {u.P95:0.###} | {u.P99:0.###} ")
                    : "| | | | | | | ";
                string flopShare = context.PeakTflops is { } tf ? Invariant($"{100 * pass.GflopsPerSecond / (tf * 1000):0.#}") : "";
                string byteShare = context.PeakGigabytesPerSecond is { } gb ? Invariant($"{100 * pass.GigabytesPerSecond / gb:0.#}") : "";
                md.AppendLine(head + Invariant($"| {pass.Label} | {pass.MedianMilliseconds:0.####} | {pass.GflopsPerSecond:0.#} | {pass.GigabytesPerSecond:0.#} | {flopShare} | {byteShare} |"));
                first = false;
            }
        }

        return md.ToString();
    }

    private static string FramesCsv(IReadOnlyList<BenchRun> runs)
    {
        // One row per frame: what the governor chose and why sit next to the measured times (the HUD's data).
        var csv = new StringBuilder("mode,model,frame,variant,reason,render,upscale_ms,frame_ms\n");
        foreach (BenchRun run in runs)
        {
            foreach (BenchFrame frame in run.Frames)
            {
                csv.AppendLine(Invariant($"{run.Mode},{run.Model},{frame.Index},{frame.Variant},{frame.Reason},{frame.RenderSize},{frame.UpscaleMilliseconds:0.#####},{frame.FrameMilliseconds:0.####}"));
            }
        }

        return csv.ToString();
    }

    private static string PassesCsv(IReadOnlyList<BenchRun> runs)
    {
        var csv = new StringBuilder("mode,model,pass,p50_ms,flops,bytes,gflop_per_s,gb_per_s\n");
        foreach (BenchRun run in runs)
        {
            foreach (var pass in run.PassSummary())
            {
                csv.AppendLine(Invariant($"{run.Mode},{run.Model},{pass.Label},{pass.MedianMilliseconds:0.#####},{pass.Flops:0},{pass.Bytes:0},{pass.GflopsPerSecond:0.###},{pass.GigabytesPerSecond:0.###}"));
            }
        }

        return csv.ToString();
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
