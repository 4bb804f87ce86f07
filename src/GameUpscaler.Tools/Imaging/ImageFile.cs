using GameUpscaler.IO;
namespace GameUpscaler.Imaging;

/// <summary>
/// The one way image files are read: PNG (<see cref="PngCodec"/>) or JPEG (<see cref="JpegCodec"/>), chosen by the
/// file's signature rather than its name, so a mislabelled file still loads and a file of another kind is refused
/// with a message that says so.
/// </summary>
public static class ImageFile
{
    /// <summary>The file name extensions of the formats read, lower case: .png, .jpg, .jpeg.</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".png", ".jpg", ".jpeg"];

    /// <summary>
    /// The largest image file read: 1 GiB, more than any PNG or JPEG of <see cref="PngCodec.MaxPixels"/> pixels needs
    /// unless it is padded; larger files are refused before anything is allocated for them.
    /// </summary>
    public const long MaxFileBytes = 1L << 30;

    /// <summary>
    /// The default pixel budget of <see cref="Load"/> and <see cref="LoadWithInfo"/>: 2^26 pixels (8192 × 8192). An
    /// 8-bit RGB image of this size takes 192 MiB, so decoding one and resampling it stays well under 1 GB; a larger
    /// image is refused on its header, before anything is allocated. Pass a larger budget to read larger images.
    /// </summary>
    public const long DefaultMaxPixels = 1L << 26;

    /// <summary>The bytes of an image file: a regular file of at most <see cref="MaxFileBytes"/> (<see cref="InputFile"/>).</summary>
    /// <exception cref="IOException">The file is missing, not a regular file, too large or unreadable.</exception>
    internal static byte[] ReadFile(string path) => InputFile.ReadAllBytes(path, MaxFileBytes, "image");

    /// <summary>Which format data is in, from its first bytes.</summary>
    /// <param name="header">The start of the file; 8 bytes are enough.</param>
    /// <returns>
    /// <see cref="ImageFileFormat.Jpeg"/> for data starting FF D8, <see cref="ImageFileFormat.Png"/> for data that
    /// starts with the PNG signature (or with the part of it the data holds, so a truncated PNG is still reported as
    /// one), otherwise <see cref="ImageFileFormat.Unknown"/>.
    /// </returns>
    public static ImageFileFormat DetectFormat(ReadOnlySpan<byte> header)
    {
        ReadOnlySpan<byte> png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        if (header.Length >= 2 && header[0] == 0xFF && header[1] == 0xD8)
        {
            return ImageFileFormat.Jpeg;
        }

        return header.Length > 0 && png.StartsWith(header[..Math.Min(header.Length, png.Length)])
            ? ImageFileFormat.Png
            : ImageFileFormat.Unknown;
    }

    /// <summary>Reads a PNG or JPEG file as 8-bit RGB, or RGBA for a PNG with transparency.</summary>
    /// <param name="path">The file to read; error messages name it as given.</param>
    /// <returns>What <see cref="PngCodec.Decode(string)"/> or <see cref="JpegCodec.Decode(string)"/> returns for it.</returns>
    /// <param name="maxPixels">The largest image accepted (width × height); see <see cref="DefaultMaxPixels"/>.</param>
    /// <exception cref="ImageFormatException">The file is neither PNG nor JPEG, or it is malformed, or it is over the pixel budget.</exception>
    /// <exception cref="IOException">The file cannot be read, or is not a regular file.</exception>
    public static Image8 Load(string path, long maxPixels = DefaultMaxPixels)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] data = ReadFile(path);
        return FormatOf(data, path) == ImageFileFormat.Png
            ? PngDecoder.Parse(data, path, maxPixels).ToImage8()
            : JpegDecoder.Decode(data, path, maxPixels).Image;
    }

    /// <summary>Reads a PNG or JPEG file, with its format and whether it stores gray only.</summary>
    /// <param name="path">The file to read; error messages name it as given.</param>
    /// <param name="maxPixels">The largest image accepted (width × height); see <see cref="DefaultMaxPixels"/>.</param>
    /// <exception cref="ImageFormatException">The file is neither PNG nor JPEG, or it is malformed, or it is over the pixel budget.</exception>
    /// <exception cref="IOException">The file cannot be read, or is not a regular file.</exception>
    public static LoadedImage LoadWithInfo(string path, long maxPixels = DefaultMaxPixels)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] data = ReadFile(path);
        if (FormatOf(data, path) == ImageFileFormat.Png)
        {
            PngImage png = PngDecoder.Parse(data, path, maxPixels).ToPngImage();
            return new LoadedImage(
                png.ToImage8(), ImageFileFormat.Png, png.ColorType is PngColorType.Grayscale or PngColorType.GrayscaleAlpha);
        }

        JpegImage jpeg = JpegDecoder.Decode(data, path, maxPixels);
        return new LoadedImage(jpeg.Image, ImageFileFormat.Jpeg, jpeg.IsGrayscale);
    }

    private static ImageFileFormat FormatOf(ReadOnlySpan<byte> data, string path)
    {
        ImageFileFormat format = DetectFormat(data);
        if (format != ImageFileFormat.Unknown)
        {
            return format;
        }

        string start = data.IsEmpty ? "the file is empty" : $"it starts with {Convert.ToHexString(data[..Math.Min(data.Length, 8)])}";
        throw new ImageFormatException(path, $"not a PNG or JPEG file ({start})", null);
    }
}
