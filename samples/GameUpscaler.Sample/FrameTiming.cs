using GameUpscaler.Governor;
using GameUpscaler.Hooks;

namespace GameUpscaler.Sample;

/// <summary>One frame's measurements: CPU time per stage and GPU time per pass.</summary>
internal sealed record FrameTiming(
    int Frame, string Mode, UpscalerVariant Variant, Size2D RenderSize, Size2D DisplaySize,
    double CpuSceneRecordMs, double CpuHudMs, double CpuUpscaleRecordMs, double CpuFrameMs,
    double GpuSceneMs, IReadOnlyList<UpscalerPassTiming> GpuUpscalePasses)
{
    public double GpuUpscaleMs => GpuUpscalePasses.Sum(p => p.Milliseconds);

    /// <summary>The budget governor's decision for this frame; null when the governor is off or not consulted.</summary>
    public GovernorDecision? Governor { get; init; }

    /// <summary>The governor's budget while it is on, else null.</summary>
    public double? GovernorBudgetMs { get; init; }
}
