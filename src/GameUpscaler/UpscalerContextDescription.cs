namespace GameUpscaler;

/// <summary>
/// Everything fixed when an upscaler context is created. Changing the display size or the maximum render size
/// means creating a new context; the render size of each frame may vary up to <see cref="MaxRenderSize"/>
/// (dynamic resolution).
/// </summary>
/// <param name="MaxRenderSize">The largest render size any dispatch will use.</param>
/// <param name="DisplaySize">The output size.</param>
public readonly record struct UpscalerContextDescription(Size2D MaxRenderSize, Size2D DisplaySize)
{
    /// <summary>Context options.</summary>
    public UpscalerContextFlags Flags { get; init; }

    /// <summary>A shipped model name (see the CLI's <c>info</c>) or a path to a safetensors file; null picks the default.</summary>
    public string? Model { get; init; }

    /// <summary>Network precision.</summary>
    public UpscalerPrecision Precision { get; init; }

    /// <summary>The default of <see cref="FramesInFlight"/>: two, as engines double-buffer their frames.</summary>
    public const int DefaultFramesInFlight = 2;

    /// <summary>The most frames in flight a context supports.</summary>
    public const int MaxFramesInFlight = 8;

    /// <summary>
    /// How many frames the host may record before the first of them completes (its frames in flight); 0 means
    /// <see cref="DefaultFramesInFlight"/>. The context keeps per-frame state for that many (timestamp queries, the
    /// descriptors and views of the host's images), so the timings of each can still be read once it completes. When
    /// recording frame k the host must have waited for frame k − FramesInFlight, as it does for its own per-frame state.
    /// </summary>
    public int FramesInFlight { get; init; }

    /// <summary><see cref="FramesInFlight"/> with 0 read as the default.</summary>
    public int EffectiveFramesInFlight => FramesInFlight == 0 ? DefaultFramesInFlight : FramesInFlight;

    /// <summary>Receives per-frame warnings and information; may be null.</summary>
    public Action<UpscalerMessage>? MessageCallback { get; init; }

    /// <summary>Checks the sizes; called by every backend's <c>Create</c> before it touches the device.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is below the minimum, the render size exceeds the display size, or the depth flags contradict each other.</exception>
    public void Validate()
    {
        if (DisplaySize.Width < QualityModes.MinimumDisplayDimension || DisplaySize.Height < QualityModes.MinimumDisplayDimension)
        {
            throw new ArgumentOutOfRangeException(
                nameof(DisplaySize), DisplaySize, $"The display size must be at least {QualityModes.MinimumDisplayDimension} pixels per axis.");
        }

        if (MaxRenderSize.Width < QualityModes.MinimumRenderDimension || MaxRenderSize.Height < QualityModes.MinimumRenderDimension)
        {
            throw new ArgumentOutOfRangeException(
                nameof(MaxRenderSize), MaxRenderSize, $"The maximum render size must be at least {QualityModes.MinimumRenderDimension} pixels per axis.");
        }

        if (MaxRenderSize.Width > DisplaySize.Width || MaxRenderSize.Height > DisplaySize.Height)
        {
            throw new ArgumentOutOfRangeException(
                nameof(MaxRenderSize), MaxRenderSize, $"The maximum render size must not exceed the display size {DisplaySize}.");
        }

        if (FramesInFlight is < 0 or > MaxFramesInFlight)
        {
            throw new ArgumentOutOfRangeException(nameof(FramesInFlight), FramesInFlight, $"Frames in flight must be 1 to {MaxFramesInFlight} (0 for the default).");
        }

        if ((Flags & (UpscalerContextFlags.DepthLinear | UpscalerContextFlags.DepthInverted)) == (UpscalerContextFlags.DepthLinear | UpscalerContextFlags.DepthInverted))
        {
            throw new ArgumentOutOfRangeException(
                nameof(Flags), Flags, "DepthLinear and DepthInverted exclude each other: linear view depth has no inverted form.");
        }

        if (!Enum.IsDefined(Precision))
        {
            throw new ArgumentOutOfRangeException(nameof(Precision), Precision, "Unknown precision.");
        }
    }
}
