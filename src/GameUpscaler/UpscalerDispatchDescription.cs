using System.Numerics;

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

    /// <summary>
    /// The sub-pixel offset the frame was rendered with, in render pixels (each axis within ±1; a Halton offset is
    /// within ±0.5, see <see cref="TemporalJitter.GetOffset"/>). Zero for an unjittered frame.
    /// </summary>
    public Vector2 JitterOffset { get; init; }

    /// <summary>
    /// Per-pixel motion at render size: where each pixel was in the previous frame minus where it is now, in render
    /// pixels after <see cref="MotionVectorScale"/>, with the jitter excluded (the motion of the scene and camera only).
    /// Needed by temporal methods; may be none for spatial ones.
    /// </summary>
    public UpscalerResource MotionVectors { get; init; }

    /// <summary>
    /// What the stored motion vectors are multiplied by to get render pixels: (1, 1) for vectors already in render
    /// pixels, (renderWidth, renderHeight) for vectors stored in UV units, negated for the opposite sign convention.
    /// </summary>
    public Vector2 MotionVectorScale { get; init; } = Vector2.One;

    /// <summary>The frame's depth at render size (see <see cref="UpscalerContextFlags.DepthInverted"/>); needed by temporal methods.</summary>
    public UpscalerResource Depth { get; init; }

    /// <summary>The exposure the frame was tonemapped with, when the host knows it (HDR input); null lets the method estimate it.</summary>
    public float? Exposure { get; init; }

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

        ValidateTemporalInputs(context);
    }

    private void ValidateTemporalInputs(in UpscalerContextDescription context)
    {
        if (!TemporalJitter.IsValidOffset(JitterOffset.X, JitterOffset.Y))
        {
            throw new ArgumentOutOfRangeException(nameof(JitterOffset), JitterOffset, "The jitter offset must be finite and within ±1 render pixel on each axis.");
        }

        if (!float.IsFinite(MotionVectorScale.X) || !float.IsFinite(MotionVectorScale.Y))
        {
            throw new ArgumentOutOfRangeException(nameof(MotionVectorScale), MotionVectorScale, "The motion vector scale must be finite.");
        }

        if (Exposure is float exposure && !(exposure > 0 && float.IsFinite(exposure)))
        {
            throw new ArgumentOutOfRangeException(nameof(Exposure), exposure, "The exposure must be positive and finite (or null).");
        }

        if ((context.Flags & UpscalerContextFlags.TemporalInputs) != 0)
        {
            if (MotionVectors.IsNone)
            {
                throw new ArgumentException("This context runs a temporal method: every dispatch needs motion vectors (render size, previous minus current).", nameof(MotionVectors));
            }

            if (Depth.IsNone)
            {
                throw new ArgumentException("This context runs a temporal method: every dispatch needs the depth buffer (render size).", nameof(Depth));
            }
        }

        if (!MotionVectors.IsNone && (MotionVectors.Size.Width < RenderSize.Width || MotionVectors.Size.Height < RenderSize.Height))
        {
            throw new ArgumentException($"The motion vectors ({MotionVectors.Size}) are smaller than the render size {RenderSize}.", nameof(MotionVectors));
        }

        if (!Depth.IsNone && (Depth.Size.Width < RenderSize.Width || Depth.Size.Height < RenderSize.Height))
        {
            throw new ArgumentException($"The depth buffer ({Depth.Size}) is smaller than the render size {RenderSize}.", nameof(Depth));
        }
    }
}
