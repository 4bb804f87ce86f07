namespace GameUpscaler.Governor;

/// <summary>What the governor chose for one frame.</summary>
/// <param name="Frame">The frame number (0-based count of decisions).</param>
/// <param name="VariantIndex">Index into the governor's variants (0 = cheapest).</param>
/// <param name="VariantName">The variant's name.</param>
/// <param name="RenderScale">Per-axis factor (≤ 1) to apply to the requested render size; 1 without dynamic resolution.</param>
/// <param name="RenderSize">The requested render size scaled by <paramref name="RenderScale"/>: what the host renders.</param>
/// <param name="PredictedMilliseconds">The predicted GPU time of the upscale for this frame, or NaN before any measurement.</param>
/// <param name="Reason">Why.</param>
public readonly record struct GovernorDecision(
    long Frame, int VariantIndex, string VariantName, double RenderScale, Size2D RenderSize, double PredictedMilliseconds, GovernorReason Reason)
{
    /// <summary>Whether the variant or the render scale changed with this decision.</summary>
    public bool IsSwitch => Reason is not (GovernorReason.Hold or GovernorReason.Initial);
}
