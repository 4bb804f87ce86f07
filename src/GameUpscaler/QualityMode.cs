namespace GameUpscaler;

/// <summary>
/// How much lower than the display resolution the game renders, per axis. The ratios are those of DLSS and FSR 2/3
/// so that settings menus mean the same thing in every upscaler; see <see cref="QualityModes"/>.
/// </summary>
public enum QualityMode
{
    /// <summary>Render at display resolution (ratio 1.0); the upscaler only anti-aliases and sharpens.</summary>
    NativeAA = 0,

    /// <summary>Ratio 1.5 (e.g. 2560×1440 for a 3840×2160 display).</summary>
    Quality = 1,

    /// <summary>Ratio 1.7.</summary>
    Balanced = 2,

    /// <summary>Ratio 2.0 (a quarter of the pixels).</summary>
    Performance = 3,

    /// <summary>Ratio 3.0 (a ninth of the pixels).</summary>
    UltraPerformance = 4,

    /// <summary>A ratio the host chooses, in [<see cref="QualityModes.MinimumRatio"/>, <see cref="QualityModes.MaximumRatio"/>].</summary>
    Custom = 5,
}
