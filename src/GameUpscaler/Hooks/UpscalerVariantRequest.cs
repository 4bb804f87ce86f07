namespace GameUpscaler.Hooks;

/// <summary>What a <see cref="IUpscalerVariantPolicy"/> sees when it picks the variant for the next frame.</summary>
/// <param name="Mode">The quality mode the player chose.</param>
/// <param name="Requested">The variant the settings ask for.</param>
/// <param name="RenderSize">This frame's render size.</param>
/// <param name="DisplaySize">The display size.</param>
/// <param name="PreviousFrame">GPU time per pass of the last completed frame (empty before the first).</param>
public readonly record struct UpscalerVariantRequest(
    QualityMode Mode, UpscalerVariant Requested, Size2D RenderSize, Size2D DisplaySize, IReadOnlyList<UpscalerPassTiming> PreviousFrame);
