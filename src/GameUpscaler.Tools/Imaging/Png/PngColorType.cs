namespace GameUpscaler.Imaging;

/// <summary>The color type of a PNG file, as stored in its IHDR chunk.</summary>
public enum PngColorType
{
    /// <summary>Gray samples (color type 0), bit depth 1, 2, 4, 8 or 16.</summary>
    Grayscale = 0,

    /// <summary>Red, green and blue samples (color type 2), bit depth 8 or 16.</summary>
    Rgb = 2,

    /// <summary>Indices into a PLTE palette (color type 3), bit depth 1, 2, 4 or 8.</summary>
    Palette = 3,

    /// <summary>Gray and alpha samples (color type 4), bit depth 8 or 16.</summary>
    GrayscaleAlpha = 4,

    /// <summary>Red, green, blue and alpha samples (color type 6), bit depth 8 or 16.</summary>
    Rgba = 6,
}
