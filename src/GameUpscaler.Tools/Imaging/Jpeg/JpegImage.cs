namespace GameUpscaler.Imaging;

/// <summary>
/// A decoded JPEG with what its headers say about it. Made by <see cref="JpegCodec.DecodeFull(string)"/>.
/// </summary>
public sealed class JpegImage
{
    internal JpegImage(Image8 image, JpegColorSpace colorSpace, bool progressive, string samplingFactors)
    {
        Image = image;
        ColorSpace = colorSpace;
        IsProgressive = progressive;
        SamplingFactors = samplingFactors;
    }

    /// <summary>The pixels as 8-bit RGB (gray files have R = G = B); exactly what <see cref="JpegCodec.Decode(string)"/> returns.</summary>
    public Image8 Image { get; }

    /// <summary>Width in pixels.</summary>
    public int Width => Image.Width;

    /// <summary>Height in pixels.</summary>
    public int Height => Image.Height;

    /// <summary>How the components were interpreted.</summary>
    public JpegColorSpace ColorSpace { get; }

    /// <summary>Whether the file has one component (a gray source).</summary>
    public bool IsGrayscale => ColorSpace == JpegColorSpace.Grayscale;

    /// <summary>Whether the file was coded progressively (SOF2) rather than sequentially (SOF0/SOF1).</summary>
    public bool IsProgressive { get; }

    /// <summary>
    /// The sampling factors of the components in frame order, <c>HxV</c> joined by commas: "2x2,1x1,1x1" is 4:2:0,
    /// "2x1,1x1,1x1" 4:2:2, "1x2,1x1,1x1" 4:4:0, "1x1,1x1,1x1" 4:4:4.
    /// </summary>
    public string SamplingFactors { get; }
}
