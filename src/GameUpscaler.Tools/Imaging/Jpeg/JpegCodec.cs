namespace GameUpscaler.Imaging;

/// <summary>
/// Reads JPEG files.
/// <para>
/// The decoder takes Huffman-coded 8-bit JPEG, baseline and extended sequential (SOF0, SOF1) and progressive
/// (SOF2), with 1 component (gray) or 3 (YCbCr per JFIF, or RGB when an Adobe APP14 marker's transform flag or the
/// component identifiers say so), any integer-ratio chroma subsampling (4:4:4, 4:2:2, 4:2:0, 4:4:0, 4:1:1, ...),
/// restart intervals, and 8- or 16-bit quantization tables. APPn segments (EXIF, ICC profiles, ...) and comments
/// are skipped, so no color management or EXIF orientation is applied: pixels come out as stored.
/// </para>
/// <para>
/// The output matches libjpeg-turbo's default decode (<c>djpeg</c>): the same accurate integer inverse DCT
/// ("islow"), the same "fancy" triangle-filter chroma upsampling and the same fixed-point YCbCr to RGB conversion,
/// so on the test fixtures and the evaluation images it is identical to <c>djpeg</c> sample for sample.
/// </para>
/// <para>
/// Arithmetic coding, 12-bit samples, lossless and hierarchical JPEG, 4-component (CMYK/YCCK) files and the DNL
/// marker are refused with an <see cref="ImageFormatException"/> naming the feature. Malformed data of any kind —
/// truncation, a bad marker or segment, an undefined table, corrupt Huffman data, a wrong restart marker — throws an
/// <see cref="ImageFormatException"/> naming the file and the problem; no partial image is returned. Images over
/// <see cref="MaxPixels"/> pixels are refused before decoding, and coefficient memory is allocated only as the
/// data reaches it, so a large declared size backed by little data fails cheaply.
/// </para>
/// </summary>
public static class JpegCodec
{
    /// <summary>The most pixels (width × height) the decoder accepts: the same limit as <see cref="PngCodec.MaxPixels"/>.</summary>
    public const int MaxPixels = PngCodec.MaxPixels;

    /// <summary>Whether data starts like a JPEG file: the SOI marker followed by another marker (FF D8 FF).</summary>
    /// <param name="header">The first bytes of the file (three are enough).</param>
    public static bool HasSignature(ReadOnlySpan<byte> header) => header.Length >= 3 && header[0] == 0xFF && header[1] == 0xD8 && header[2] == 0xFF;

    /// <summary>Decodes a JPEG file to 8-bit RGB.</summary>
    /// <param name="path">The file to read; error messages name it as given.</param>
    /// <returns>The image; gray files expand to R = G = B.</returns>
    /// <exception cref="ImageFormatException">The file is not a JPEG this decoder supports, or it is malformed.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static Image8 Decode(string path) => DecodeFull(path).Image;

    /// <summary>Decodes a JPEG held in memory to 8-bit RGB, as <see cref="Decode(string)"/> does.</summary>
    /// <param name="data">The whole file.</param>
    /// <param name="name">A name for error messages, or <see langword="null"/>.</param>
    /// <exception cref="ImageFormatException">The data is not a JPEG this decoder supports, or it is malformed.</exception>
    public static Image8 Decode(ReadOnlySpan<byte> data, string? name = null) => DecodeFull(data, name).Image;

    /// <summary>Decodes a JPEG file with what its headers say (color space, progressive, sampling factors).</summary>
    /// <param name="path">The file to read; error messages name it as given.</param>
    /// <exception cref="ImageFormatException">The file is not a JPEG this decoder supports, or it is malformed.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static JpegImage DecodeFull(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return JpegDecoder.Decode(ImageFile.ReadFile(path), path);
    }

    /// <summary>Decodes a JPEG held in memory with what its headers say, as <see cref="DecodeFull(string)"/> does.</summary>
    /// <param name="data">The whole file.</param>
    /// <param name="name">A name for error messages, or <see langword="null"/>.</param>
    /// <exception cref="ImageFormatException">The data is not a JPEG this decoder supports, or it is malformed.</exception>
    public static JpegImage DecodeFull(ReadOnlySpan<byte> data, string? name = null) => JpegDecoder.Decode(data.ToArray(), name);
}
