namespace GameUpscaler.Imaging;

/// <summary>
/// A decoded PNG at full precision: what its header says, and every pixel as 16-bit RGBA. Samples of lower bit depths
/// are scaled to 16 bits exactly (a 4-bit 5 becomes 5 × 65535 / 15), palettes and gray are expanded, and a tRNS
/// chunk becomes alpha. Made by <see cref="PngCodec.DecodeFull(string)"/>.
/// </summary>
public sealed class PngImage
{
    internal PngImage(
        int width, int height, PngColorType colorType, int bitDepth, bool interlaced, bool hasAlpha, ushort[] samples)
    {
        Width = width;
        Height = height;
        ColorType = colorType;
        BitDepth = bitDepth;
        Interlaced = interlaced;
        HasAlpha = hasAlpha;
        Samples = samples;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>The color type the file was stored with.</summary>
    public PngColorType ColorType { get; }

    /// <summary>The bit depth the file was stored with: 1, 2, 4, 8 or 16 bits per sample (per palette index for palettes).</summary>
    public int BitDepth { get; }

    /// <summary>Whether the file was stored Adam7-interlaced.</summary>
    public bool Interlaced { get; }

    /// <summary>
    /// Whether the file carries transparency: an alpha channel (color types 4 and 6) or a tRNS chunk. When it does not,
    /// every alpha sample is 65535.
    /// </summary>
    public bool HasAlpha { get; }

    /// <summary>Interleaved 16-bit RGBA samples, <c>(y * Width + x) * 4 + c</c>.</summary>
    public ushort[] Samples { get; }

    /// <summary>
    /// Reduces a 16-bit sample to 8 bits, rounding to nearest: <c>(v * 255 + 32767) / 65535</c>, which equals
    /// round(v / 257) for every value (v / 257 is never exactly halfway). That is what MATLAB's <c>im2uint8</c> and
    /// ImageMagick's <c>ScaleQuantumToChar</c> compute. (ImageMagick 6's <c>-depth 8</c> in a Q16 build without HDRI
    /// truncates instead, color down and alpha up, so it can differ by one.)
    /// </summary>
    public static byte To8Bit(ushort sample) => (byte)(((sample * 255u) + 32767u) / 65535u);

    /// <summary>
    /// Converts to an <see cref="Image8"/>: RGBA when <see cref="HasAlpha"/>, else RGB, each sample reduced with
    /// <see cref="To8Bit"/>. This is exactly what <see cref="PngCodec.Decode(string)"/> returns for the same file.
    /// </summary>
    public Image8 ToImage8()
    {
        int channels = HasAlpha ? 4 : 3;
        var image = new Image8(Width, Height, channels);
        byte[] pixels = image.Pixels;
        ReadOnlySpan<ushort> samples = Samples;
        for (int i = 0, n = Width * Height; i < n; i++)
        {
            for (int c = 0; c < channels; c++)
            {
                pixels[(i * channels) + c] = To8Bit(samples[(i * 4) + c]);
            }
        }

        return image;
    }
}
