namespace GameUpscaler.Cli.Bench;

using GameUpscaler.Hooks;
using GameUpscaler.Vulkan;

/// <summary>
/// One measured frame: the variant that ran, why, its GPU passes, the host's wall time of the whole frame, and the
/// bytes the upscale moved between the host's images and its passes.
/// </summary>
internal sealed record BenchFrame(
    int Index, string Variant, string Reason, Size2D RenderSize, double UpscaleMilliseconds, double FrameMilliseconds,
    IReadOnlyList<(UpscalerPassTiming Timing, VulkanPassWork Work)> Passes, VulkanFrameTraffic Traffic);
