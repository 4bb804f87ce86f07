using System.IO.Compression;
using GameUpscaler.IO;

namespace GameUpscaler.Imaging;

/// <summary>
/// Reads and writes PNG files.
/// <para>
/// The decoder takes every standard PNG: gray, RGB, palette, gray + alpha and RGBA at every bit depth the
/// specification allows, Adam7 interlacing, all five row filters, tRNS transparency, image data split over any
/// number of IDAT chunks. Ancillary chunks it has no use for (gAMA, tEXt, ...) are skipped, so pixel values are
/// returned as stored, with no gamma or color management. Every chunk's CRC is checked, and anything malformed
/// — a wrong CRC, a truncated file, an invalid header, a missing or misplaced chunk, an unknown critical chunk,
/// corrupt compressed data, too little or too much image data, a palette index past the palette — throws an
/// <see cref="ImageFormatException"/> that names the file and the problem. Images over <see cref="MaxPixels"/>
/// pixels are refused before anything is allocated for them.
/// </para>
/// <para>
/// The encoder writes 8-bit RGB or RGBA, non-interlaced, choosing each row's filter by the minimum sum of absolute
/// differences.
/// </para>
/// </summary>
public static class PngCodec
{
    /// <summary>
    /// The most pixels (width × height) the decoder accepts: 2^28, e.g. 16384 × 16384. Larger images are refused as
    /// a guard against decompression bombs; at this size an RGBA <see cref="Image8"/> takes 1 GiB.
    /// </summary>
    public const int MaxPixels = 1 << 28;

    /// <summary>
    /// The compression level <see cref="Encode(Image8, string, CompressionLevel)"/> and its overloads use unless told
    /// otherwise: <see cref="CompressionLevel.Optimal"/> (zlib's default level, as libpng and ImageMagick use).
    /// PNG writing is for results and test images, not the per-frame path; on photographic 1024 × 1024 images it
    /// takes about twice as long as <see cref="CompressionLevel.Fastest"/> but makes files a third smaller, while
    /// <see cref="CompressionLevel.SmallestSize"/> takes four times as long again for about 1 % less. Pass
    /// <c>Fastest</c> to dump many frames quickly.
    /// </summary>
    public const CompressionLevel DefaultCompression = CompressionLevel.Optimal;

    /// <summary>Decodes a PNG file to 8-bit RGB, or RGBA when the file has an alpha channel or a tRNS chunk.</summary>
    /// <param name="path">The file to read; error messages name it as given.</param>
    /// <returns>
    /// The image; gray expands to RGB, palettes are looked up, 16-bit samples are rounded to 8 bits with
    /// <see cref="PngImage.To8Bit"/>, and lower bit depths are scaled to the full 0–255 range.
    /// </returns>
    /// <exception cref="ImageFormatException">The file is not a valid PNG.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static Image8 Decode(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return PngDecoder.Parse(ImageFile.ReadFile(path), path).ToImage8();
    }

    /// <summary>Decodes a PNG from a stream (read to its end) to 8-bit RGB or RGBA, as <see cref="Decode(string)"/> does.</summary>
    /// <param name="stream">The data to decode, read from its current position to its end.</param>
    /// <param name="name">A name for error messages; by default the file name of a <see cref="FileStream"/>.</param>
    /// <exception cref="ImageFormatException">The data is not a valid PNG.</exception>
    public static Image8 Decode(Stream stream, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = ReadToEnd(stream);
        return PngDecoder.Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), name ?? (stream as FileStream)?.Name).ToImage8();
    }

    /// <summary>Decodes a PNG held in memory to 8-bit RGB or RGBA, as <see cref="Decode(string)"/> does.</summary>
    /// <param name="data">The whole file.</param>
    /// <param name="name">A name for error messages, or <see langword="null"/>.</param>
    /// <exception cref="ImageFormatException">The data is not a valid PNG.</exception>
    public static Image8 Decode(ReadOnlySpan<byte> data, string? name = null) => PngDecoder.Parse(data, name).ToImage8();

    /// <summary>
    /// Decodes a PNG file at full precision: 16-bit RGBA samples and the header's color type, bit depth and
    /// interlacing.
    /// </summary>
    /// <param name="path">The file to read; error messages name it as given.</param>
    /// <exception cref="ImageFormatException">The file is not a valid PNG.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static PngImage DecodeFull(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return PngDecoder.Parse(ImageFile.ReadFile(path), path).ToPngImage();
    }

    /// <summary>Decodes a PNG from a stream (read to its end) at full precision, as <see cref="DecodeFull(string)"/> does.</summary>
    /// <param name="stream">The data to decode, read from its current position to its end.</param>
    /// <param name="name">A name for error messages; by default the file name of a <see cref="FileStream"/>.</param>
    /// <exception cref="ImageFormatException">The data is not a valid PNG.</exception>
    public static PngImage DecodeFull(Stream stream, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var buffer = ReadToEnd(stream);
        return PngDecoder.Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), name ?? (stream as FileStream)?.Name).ToPngImage();
    }

    /// <summary>Decodes a PNG held in memory at full precision, as <see cref="DecodeFull(string)"/> does.</summary>
    /// <param name="data">The whole file.</param>
    /// <param name="name">A name for error messages, or <see langword="null"/>.</param>
    /// <exception cref="ImageFormatException">The data is not a valid PNG.</exception>
    public static PngImage DecodeFull(ReadOnlySpan<byte> data, string? name = null) => PngDecoder.Parse(data, name).ToPngImage();

    /// <summary>Encodes an image as an 8-bit RGB or RGBA PNG (matching its channel count) held in memory.</summary>
    /// <param name="image">The image to encode.</param>
    /// <param name="level">How hard zlib works; see <see cref="DefaultCompression"/>.</param>
    public static byte[] Encode(Image8 image, CompressionLevel level = DefaultCompression)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var output = new MemoryStream();
        PngEncoder.Write(image, output, level);
        return output.ToArray();
    }

    /// <summary>Encodes an image as an 8-bit RGB or RGBA PNG onto a stream, from its current position.</summary>
    /// <param name="image">The image to encode.</param>
    /// <param name="stream">Where to write; it is not closed.</param>
    /// <param name="level">How hard zlib works; see <see cref="DefaultCompression"/>.</param>
    public static void Encode(Image8 image, Stream stream, CompressionLevel level = DefaultCompression)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(stream);
        PngEncoder.Write(image, stream, level);
    }

    /// <summary>
    /// Encodes an image as an 8-bit RGB or RGBA PNG file. The file is written beside its destination under a
    /// temporary name and then moved over it, so a failure leaves an existing file as it was.
    /// </summary>
    /// <param name="image">The image to encode.</param>
    /// <param name="path">The file to create or replace; its folder must exist.</param>
    /// <param name="level">How hard zlib works; see <see cref="DefaultCompression"/>.</param>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void Encode(Image8 image, string path, CompressionLevel level = DefaultCompression)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentException.ThrowIfNullOrEmpty(path);
        OutputFile.Write(path, stream => PngEncoder.Write(image, stream, level));
    }

    private static MemoryStream ReadToEnd(Stream stream)
    {
        var buffer = new MemoryStream(stream.CanSeek ? (int)Math.Clamp(stream.Length - stream.Position, 0, Array.MaxLength) : 0);
        stream.CopyTo(buffer);
        return buffer;
    }
}
