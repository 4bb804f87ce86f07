using GameUpscaler.Governor;

namespace GameUpscaler.Tests.Governor;

/// <summary>Per-frame decisions and simulated costs of a <see cref="TimingTrace"/> run, with the statistics the tests check.</summary>
internal sealed record TraceResult(GovernorDecision[] Decisions, double[] Costs)
{
    /// <summary>Share of frames from <paramref name="from"/> on whose cost is within the budget.</summary>
    public double WithinBudget(double budget, int from) =>
        (double)Costs.Skip(from).Count(c => c <= budget) / (Costs.Length - from);

    /// <summary>The most variant or scale switches in any window of one second (60 frames), sliding frame by frame.</summary>
    public int MaxSwitchesPerSecond()
    {
        int most = 0;
        for (int start = 0; start + TimingTrace.FramesPerSecond <= Decisions.Length; start++)
        {
            most = Math.Max(most, Decisions.Skip(start).Take(TimingTrace.FramesPerSecond).Count(d => d.IsSwitch));
        }

        return most;
    }

    /// <summary>The variant chosen most often from <paramref name="from"/> on.</summary>
    public int DominantVariant(int from) =>
        Decisions.Skip(from).GroupBy(d => d.VariantIndex).OrderByDescending(g => g.Count()).First().Key;

    /// <summary>A short description for failure messages.</summary>
    public string Describe(double budget, int from) =>
        $"within budget {WithinBudget(budget, from):P2}, max switches/s {MaxSwitchesPerSecond()}, switches at " +
        string.Join(", ", Decisions.Where(d => d.IsSwitch).Take(20).Select(d => $"{d.Frame}:{d.VariantName}@{d.RenderScale:F2}({d.Reason})"));
}
