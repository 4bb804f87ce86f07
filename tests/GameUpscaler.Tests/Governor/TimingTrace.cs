using GameUpscaler.Governor;

namespace GameUpscaler.Tests.Governor;

/// <summary>
/// A simulated GPU: each variant costs a base time at a reference pixel count, scaled by the render pixels, a drift
/// factor over time, Gaussian noise and occasional spikes. Timings reach the governor a few frames late, as GPU
/// timestamps of completed frames do. Seeded, so every run is the same trace.
/// </summary>
internal sealed class TimingTrace
{
    public const int FramesPerSecond = 60;

    /// <summary>GPU ms of each variant at <see cref="ReferenceSize"/> (cheapest first).</summary>
    public required double[] BaseMilliseconds { get; init; }

    public Size2D ReferenceSize { get; init; } = new(1920, 1080);

    /// <summary>Relative standard deviation of the per-frame noise.</summary>
    public double Noise { get; init; } = 0.05;

    /// <summary>Probability of a spike per frame, and the factor a spike multiplies the cost by.</summary>
    public double SpikeProbability { get; init; } = 0.004;

    public double SpikeFactor { get; init; } = 3.0;

    /// <summary>Cost multiplier over time (thermal throttling, scene load); 1 when constant.</summary>
    public Func<int, double> Drift { get; init; } = _ => 1.0;

    /// <summary>The requested render size per frame (quality-mode switches change it).</summary>
    public Func<int, Size2D> RenderSize { get; init; } = _ => new Size2D(1920, 1080);

    /// <summary>Frames between a frame's decision and its timestamps reaching the governor.</summary>
    public int Latency { get; init; } = 2;

    public int Seed { get; init; } = 7;

    /// <summary>Runs <paramref name="frames"/> frames through the governor.</summary>
    public TraceResult Run(BudgetGovernor governor, int frames)
    {
        var random = new Random(Seed);
        var decisions = new GovernorDecision[frames];
        var costs = new double[frames];
        var pending = new Queue<(int Frame, GovernorDecision Decision, double Cost)>();
        for (int f = 0; f < frames; f++)
        {
            while (pending.Count > 0 && pending.Peek().Frame <= f - Latency)
            {
                var done = pending.Dequeue();
                governor.ReportFrame(done.Decision.VariantIndex, done.Decision.RenderSize, done.Cost);
            }

            GovernorDecision decision = governor.Decide(RenderSize(f));
            double pixels = (double)decision.RenderSize.Area / ReferenceSize.Area;
            double gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            double spike = random.NextDouble() < SpikeProbability ? SpikeFactor : 1.0;
            double cost = BaseMilliseconds[decision.VariantIndex] * pixels * Drift(f) * Math.Max(0.5, 1 + (Noise * gaussian)) * spike;
            decisions[f] = decision;
            costs[f] = cost;
            pending.Enqueue((f, decision, cost));
        }

        return new TraceResult(decisions, costs);
    }
}
