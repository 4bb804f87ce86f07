namespace GameUpscaler.Hooks;

/// <summary>
/// What the player chose: upscaling on or off, the quality mode, sharpness and the variant. A hook applies new
/// settings at the next frame without re-creating anything (all modes share one context per variant).
/// </summary>
/// <param name="Enabled">False is "Off": the host renders at display size and the hook only composites the HUD.</param>
/// <param name="Mode">The quality mode (render size = display / ratio); <see cref="QualityMode.Custom"/> is not a hook setting.</param>
public readonly record struct RenderPipelineHookSettings(bool Enabled, QualityMode Mode)
{
    /// <summary>Upscaling off: native rendering, HUD composited.</summary>
    public static RenderPipelineHookSettings Off => new(false, QualityMode.NativeAA);

    /// <summary>Sharpening, 0 (off) to 1.</summary>
    public float Sharpness { get; init; } = UpscalerDispatchDescription.DefaultSharpness;

    /// <summary>
    /// Comparison view: the left half of the display from the spatial upscaler, the right half from the generator
    /// (both at this mode's render size). Ignored when off or without a generator.
    /// </summary>
    public bool SplitScreen { get; init; }

    /// <summary>The variant to run unless a policy picks another.</summary>
    public UpscalerVariant Variant { get; init; }

    /// <summary>The size the host must render at for a display size: the mode's render size, or the display size when off.</summary>
    /// <param name="displaySize">The display (swapchain) size.</param>
    /// <exception cref="ArgumentOutOfRangeException">The mode is Custom or undefined.</exception>
    public Size2D GetRenderResolution(Size2D displaySize)
    {
        if (Mode == QualityMode.Custom || !Enum.IsDefined(Mode))
        {
            throw new ArgumentOutOfRangeException(nameof(Mode), Mode, "A hook runs the fixed quality modes; Custom needs its own context.");
        }

        return Enabled ? QualityModes.GetRenderResolution(Mode, displaySize) : displaySize;
    }

    /// <summary>Checks the settings.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Sharpness outside [0, 1], Custom or undefined mode, undefined variant.</exception>
    public void Validate()
    {
        if (!(Sharpness >= 0f && Sharpness <= 1f))
        {
            throw new ArgumentOutOfRangeException(nameof(Sharpness), Sharpness, "Sharpness must be between 0 and 1.");
        }

        if (!Enum.IsDefined(Variant))
        {
            throw new ArgumentOutOfRangeException(nameof(Variant), Variant, "Unknown variant.");
        }

        _ = GetRenderResolution(new Size2D(QualityModes.MinimumDisplayDimension * 4, QualityModes.MinimumDisplayDimension * 4));
    }

    /// <summary>A short label for HUDs and logs: "Off" or the mode name.</summary>
    public override string ToString() => Enabled ? Mode.ToString() : "Off";
}
