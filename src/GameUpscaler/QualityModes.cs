namespace GameUpscaler;

/// <summary>
/// Ratios of the quality modes and the render-size math, in the manner of FSR2's
/// <c>ffxFsr2GetUpscaleRatioFromQualityMode</c> / <c>ffxFsr2GetRenderResolutionFromQualityMode</c>.
/// </summary>
/// <remarks>
/// Rounding rule: <c>render = floor(display / ratio + 1e-6)</c> per axis, then raised to
/// <see cref="MinimumRenderDimension"/>. Flooring (rather than rounding to nearest) gives the same sizes as FSR2,
/// so engines that already size their targets for FSR get identical sizes here; the 1e-6 only absorbs binary
/// floating-point error (1700 / 1.7 must be 1000, not 999). The render size never exceeds the display size.
/// </remarks>
public static class QualityModes
{
    /// <summary>The smallest render width or height the generator accepts; smaller results are raised to it.</summary>
    public const int MinimumRenderDimension = 8;

    /// <summary>The smallest display width or height accepted.</summary>
    public const int MinimumDisplayDimension = 16;

    /// <summary>The smallest custom ratio (native resolution).</summary>
    public const double MinimumRatio = 1.0;

    /// <summary>The largest custom ratio: beyond ×4 per axis there is too little signal left to reconstruct.</summary>
    public const double MaximumRatio = 4.0;

    /// <summary>The modes in the order a settings menu shows them, best quality first.</summary>
    public static IReadOnlyList<QualityMode> MenuOrder { get; } =
        [QualityMode.NativeAA, QualityMode.Quality, QualityMode.Balanced, QualityMode.Performance, QualityMode.UltraPerformance];

    /// <summary>The per-axis upscale ratio of a preset mode.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="mode"/> is <see cref="QualityMode.Custom"/> or undefined.</exception>
    public static double GetUpscaleRatio(QualityMode mode) => mode switch
    {
        QualityMode.NativeAA => 1.0,
        QualityMode.Quality => 1.5,
        QualityMode.Balanced => 1.7,
        QualityMode.Performance => 2.0,
        QualityMode.UltraPerformance => 3.0,
        QualityMode.Custom => throw new ArgumentOutOfRangeException(
            nameof(mode), mode, "Custom has no fixed ratio; pass the ratio to GetRenderResolution(double, Size2D)."),
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "Unknown quality mode."),
    };

    /// <summary>The render size for a preset mode and a display size.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The mode is Custom or undefined, or the display is smaller than the minimum.</exception>
    public static Size2D GetRenderResolution(QualityMode mode, Size2D displaySize) =>
        GetRenderResolution(GetUpscaleRatio(mode), displaySize);

    /// <summary>The render size for a per-axis ratio (1 to 4) and a display size; see the class remarks for rounding.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The ratio is outside [1, 4] or not finite, or the display is smaller than the minimum.</exception>
    public static Size2D GetRenderResolution(double ratio, Size2D displaySize)
    {
        if (!double.IsFinite(ratio) || ratio < MinimumRatio || ratio > MaximumRatio)
        {
            throw new ArgumentOutOfRangeException(nameof(ratio), ratio, $"The upscale ratio must be between {MinimumRatio} and {MaximumRatio}.");
        }

        if (displaySize.Width < MinimumDisplayDimension || displaySize.Height < MinimumDisplayDimension)
        {
            throw new ArgumentOutOfRangeException(
                nameof(displaySize), displaySize, $"The display must be at least {MinimumDisplayDimension}x{MinimumDisplayDimension} pixels.");
        }

        return new Size2D(RenderDimension(displaySize.Width, ratio), RenderDimension(displaySize.Height, ratio));
    }

    /// <summary>
    /// The mode DLSS's "Auto" would pick for a display height: Quality up to 1440 lines, Performance up to 2160,
    /// Ultra Performance above.
    /// </summary>
    public static QualityMode GetRecommendedMode(int displayHeight) => displayHeight switch
    {
        <= 1440 => QualityMode.Quality,
        <= 2160 => QualityMode.Performance,
        _ => QualityMode.UltraPerformance,
    };

    /// <summary>
    /// The texture mip bias a host should use when rendering at <paramref name="renderSize"/> for
    /// <paramref name="displaySize"/> with a spatial upscaler: <c>log2(render / display)</c> (negative: sharper
    /// textures). Temporal upscalers resolve more and want one level more: <see cref="TemporalJitter.GetMipBias"/>.
    /// </summary>
    public static double GetMipBias(Size2D renderSize, Size2D displaySize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(renderSize.Width, 1, nameof(renderSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(displaySize.Width, 1, nameof(displaySize));
        return Math.Log2((double)renderSize.Width / displaySize.Width);
    }

    /// <summary>
    /// The name command lines, settings files and output folders use for a mode ("native", "quality", "balanced",
    /// "performance", "ultra-performance", "custom"): the one spelling <see cref="TryParse"/> always reads back.
    /// </summary>
    public static string GetName(QualityMode mode) => mode switch
    {
        QualityMode.NativeAA => "native",
        QualityMode.UltraPerformance => "ultra-performance",
        _ => mode.ToString().ToLowerInvariant(),
    };

    /// <summary>Parses a mode name as players or command lines write it ("quality", "ultra-performance", "native").</summary>
    /// <returns>Whether the text names a preset mode.</returns>
    public static bool TryParse(string? text, out QualityMode mode)
    {
        string key = (text ?? string.Empty).Replace("-", string.Empty, StringComparison.Ordinal)
            .Replace("_", string.Empty, StringComparison.Ordinal).Trim().ToUpperInvariant();
        (bool ok, mode) = key switch
        {
            "NATIVEAA" or "NATIVE" or "DLAA" => (true, QualityMode.NativeAA),
            "QUALITY" => (true, QualityMode.Quality),
            "BALANCED" => (true, QualityMode.Balanced),
            "PERFORMANCE" => (true, QualityMode.Performance),
            "ULTRAPERFORMANCE" => (true, QualityMode.UltraPerformance),
            _ => (false, QualityMode.Quality),
        };
        return ok;
    }

    private static int RenderDimension(int display, double ratio) =>
        Math.Min(display, Math.Max(MinimumRenderDimension, (int)Math.Floor((display / ratio) + 1e-6)));
}
