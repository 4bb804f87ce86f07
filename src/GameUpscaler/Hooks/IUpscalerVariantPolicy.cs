namespace GameUpscaler.Hooks;

/// <summary>
/// The seam for a frame-time budget governor: a render-pipeline hook asks it, once per frame, which variant to run,
/// given the previous frame's per-pass GPU times. Without a policy the hook runs what its settings request.
/// </summary>
public interface IUpscalerVariantPolicy
{
    /// <summary>Picks the variant for the frame about to be recorded; called on the render thread, must not block.</summary>
    /// <param name="request">The player's choice and the last frame's timings.</param>
    /// <returns>The variant to run.</returns>
    UpscalerVariant SelectVariant(in UpscalerVariantRequest request);
}
