namespace GameUpscaler.Hooks;

/// <summary>Which upscaler a render-pipeline hook runs for a frame.</summary>
public enum UpscalerVariant
{
    /// <summary>The trained generator (falls back to <see cref="Spatial"/> when the hook has no model).</summary>
    Generator = 0,

    /// <summary>The edge-adaptive spatial upscaler with sharpening (the FSR1-class fallback, cheapest).</summary>
    Spatial = 1,

    /// <summary>
    /// The temporal accumulation upscaler (TAAU, the FSR 2 class): the engine calls the hook before post-processing
    /// (<see cref="RenderPipelineHookInjectionPoint.BeforePostProcessing"/>) with the frame's jitter, motion vectors
    /// and depth, and the jittered samples of past frames are accumulated into a display-size history.
    /// </summary>
    Temporal = 2,
}
