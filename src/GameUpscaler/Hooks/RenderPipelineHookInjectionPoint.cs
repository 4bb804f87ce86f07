namespace GameUpscaler.Hooks;

/// <summary>Where in the engine's frame the hook's <see cref="IRenderPipelineHook.Execute"/> belongs.</summary>
public enum RenderPipelineHookInjectionPoint
{
    /// <summary>
    /// After post-processing, before the UI (Unity's AfterPostProcess): spatial upscalers take the finished,
    /// tonemapped frame. The generator and the spatial upscaler run here.
    /// </summary>
    AfterPostProcessing = 0,

    /// <summary>
    /// Before post-processing (Unity's BeforePost, where DLSS/FSR 2/XeSS sit): temporal upscalers take the jittered,
    /// un-post-processed frame with its motion vectors and depth, and post-processing then runs at display size.
    /// <see cref="UpscalerVariant.Temporal"/> runs here.
    /// </summary>
    BeforePostProcessing = 1,
}
