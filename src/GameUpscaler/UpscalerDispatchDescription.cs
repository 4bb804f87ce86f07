namespace GameUpscaler;

/// <summary>
/// One frame's upscale, recorded into the host's command buffer at its "after post-processing, before UI" point.
/// </summary>
/// <param name="CommandList">The host's command buffer in the recording state (for Vulkan, a <c>VkCommandBuffer</c>).</param>
/// <param name="Color">The rendered frame; only its top-left <see cref="RenderSize"/> region is read.</param>
/// <param name="Output">The display-size destination, e.g. the swapchain image.</param>
/// <param name="RenderSize">The size rendered this frame (at most the context's maximum).</param>
public readonly record struct UpscalerDispatchDescription(
    nint CommandList, UpscalerResource Color, UpscalerResource Output, Size2D RenderSize)
{
    /// <summary>Default sharpening strength, a mild amount that counters the softness of upscaling.</summary>
    public const float DefaultSharpness = 0.2f;

    /// <summary>An optional display-size HUD/UI layer with premultiplied alpha, composited after upscaling (never upscaled).</summary>
    public UpscalerResource Hud { get; init; }

    /// <summary>Sharpening, 0 (off) to 1 (strongest).</summary>
    public float Sharpness { get; init; } = DefaultSharpness;

    /// <summary>Set on camera cuts and the first frame: history-based state is discarded.</summary>
    public bool Reset { get; init; }

    /// <summary>Time since the previous frame.</summary>
    public TimeSpan FrameTimeDelta { get; init; }

    /// <summary>Checks the description against a context's creation parameters.</summary>
    /// <exception cref="ArgumentException">A resource is missing, a size is wrong, or sharpness is outside [0, 1].</exception>
    /// <exception cref="UpscalerException">The render size exceeds the context's maximum (<see cref="UpscalerErrorCode.RenderSizeTooLarge"/>).</exception>
    public void Validate(in UpscalerContextDescription context)
    {
        if (CommandList == 0)
        {
            throw new ArgumentException("A dispatch needs the host's command buffer.", nameof(CommandList));
        }

        if (Color.IsNone || Output.IsNone)
        {
            throw new ArgumentException("A dispatch needs both a color input and an output image.", Color.IsNone ? nameof(Color) : nameof(Output));
        }

        if (!(Sharpness >= 0f && Sharpness <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(Sharpness), Sharpness, "Sharpness must be between 0 and 1.");
        }

        if (RenderSize.Width < 1 || RenderSize.Height < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(RenderSize), RenderSize, "The render size must be positive.");
        }

        if (RenderSize.Width > context.MaxRenderSize.Width || RenderSize.Height > context.MaxRenderSize.Height)
        {
            throw new UpscalerException(
                UpscalerErrorCode.RenderSizeTooLarge,
                $"Render size {RenderSize} exceeds the context's maximum {context.MaxRenderSize}; re-create the context for larger frames.");
        }

        if (Color.Size.Width < RenderSize.Width || Color.Size.Height < RenderSize.Height)
        {
            throw new ArgumentException($"The color image ({Color.Size}) is smaller than the render size {RenderSize}.", nameof(Color));
        }

        if (Output.Size != context.DisplaySize)
        {
            throw new ArgumentException($"The output image is {Output.Size}; the context was created for display size {context.DisplaySize}.", nameof(Output));
        }

        if (!Hud.IsNone && Hud.Size != context.DisplaySize)
        {
            throw new ArgumentException($"The HUD layer is {Hud.Size}; it must be the display size {context.DisplaySize}.", nameof(Hud));
        }
    }
}
