namespace GameUpscaler.Hooks;

/// <summary>
/// The plugin as an engine sees it (Unity-style): the engine asks for the render size, renders and post-processes
/// at that size, then calls <see cref="Execute"/> with its command buffer where it would draw the UI. The hook owns
/// the upscaler contexts, follows display-size changes (<see cref="Resize"/>) and setting changes (next frame,
/// nothing re-created), and composites the HUD at display resolution. A backend implements it (e.g.
/// <c>VulkanRenderPipelineHook</c>); this interface carries no native types.
/// </summary>
public interface IRenderPipelineHook : IDisposable
{
    /// <summary>The display size the hook's contexts are made for.</summary>
    Size2D DisplaySize { get; }

    /// <summary>The player's settings; a change takes effect at the next <see cref="Execute"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The settings are invalid (see <see cref="RenderPipelineHookSettings.Validate"/>).</exception>
    RenderPipelineHookSettings Settings { get; set; }

    /// <summary>Picks the variant per frame (a budget governor); null runs <see cref="RenderPipelineHookSettings.Variant"/>.</summary>
    IUpscalerVariantPolicy? VariantPolicy { get; set; }

    /// <summary>Whether a trained generator is loaded (otherwise the generator variant runs the spatial upscaler).</summary>
    bool HasGenerator { get; }

    /// <summary>The variant the last <see cref="Execute"/> recorded.</summary>
    UpscalerVariant LastVariant { get; }

    /// <summary>
    /// Where the engine must call <see cref="Execute"/> for the current settings: before post-processing for a temporal
    /// method (which then needs the frame's jitter, motion vectors and depth), after it for a spatial one.
    /// </summary>
    RenderPipelineHookInjectionPoint InjectionPoint { get; }

    /// <summary>The size the engine must render the next frame at, from <see cref="Settings"/> and <see cref="DisplaySize"/>.</summary>
    Size2D GetRenderResolution();

    /// <summary>
    /// Follows a display (swapchain) size change: contexts for the new size are created, the old ones released once
    /// the GPU is done with them. The same size is a no-op.
    /// </summary>
    /// <param name="displaySize">The new display size.</param>
    /// <exception cref="ArgumentOutOfRangeException">The size is below the minimum.</exception>
    void Resize(Size2D displaySize);

    /// <summary>Records the upscale (or, when off, the HUD composite) of one frame into the engine's command buffer.</summary>
    /// <param name="frame">The frame's command buffer and images.</param>
    /// <exception cref="ArgumentException">The frame is inconsistent with the hook (sizes, missing images).</exception>
    /// <exception cref="UpscalerException">A native failure, or use after dispose.</exception>
    void Execute(in RenderPipelineHookFrame frame);

    /// <summary>
    /// GPU time per pass of the last executed frame; call after that frame has finished on the GPU. Empty when the
    /// backend records no timestamps.
    /// </summary>
    IReadOnlyList<UpscalerPassTiming> ReadLastFrameTimings();
}
