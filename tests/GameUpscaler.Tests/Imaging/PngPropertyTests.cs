using System.Buffers.Binary;
using System.IO.Compression;
using CsCheck;
using GameUpscaler.Imaging;

namespace GameUpscaler.Tests.Imaging;

/// <summary>
/// Property tests of the PNG codec (CsCheck, shrinking failures): whatever the bytes, decoding returns an image or
/// throws <see cref="ImageFormatException"/>; 8-bit RGB and RGBA images of any size survive encode → decode exactly.
/// Damaged inputs start from every fixture (all colour types, bit depths, interlacing) and from encoder output; the
/// CRCs are recomputed, or the damage made inside the inflated image data, so that it reaches past the checksums.
/// </summary>
public sealed class PngPropertyTests
{
    private static readonly byte[][] Valid =
    [
        .. PngTestFiles.FixtureNames().Select(PngTestFiles.ReadFixture),
        PngCodec.Encode(TestScene.Render(9, 7)),
        PngCodec.Encode(Rgba(TestScene.Render(5, 3))),
    ];

    [Fact]
    public void Random_bytes_are_refused_with_ImageFormatException()
    {
        Gen<byte[]> inputs = Gen.OneOf(
            FileMutations.RandomBytes(256),
            FileMutations.RandomBytes(256).Select(tail => (byte[])[.. PngTestFiles.PngSignature, .. tail]));
        ParserProperty.ReadsOrRefuses<ImageFormatException, byte[]>(inputs, Decode, iter: 2000);
    }

    [Fact]
    public void Damaged_files_are_decoded_or_refused_with_ImageFormatException() =>
        ParserProperty.ReadsOrRefuses<ImageFormatException, MutatedFile>(FileMutations.Of(Valid), m => Decode(m.Bytes), iter: 600);

    [Fact]
    public void Damaged_files_with_valid_checksums_are_decoded_or_refused_with_ImageFormatException() =>
        ParserProperty.ReadsOrRefuses<ImageFormatException, MutatedFile>(FileMutations.Of(Valid, FixChecksums), m => Decode(m.Bytes), iter: 1500);

    [Fact]
    public void Damaged_image_data_is_decoded_or_refused_with_ImageFormatException()
    {
        // The inflated IDAT stream (filter bytes and scanlines) damaged and deflated again: too little or too much
        // data, bad filter types, palette indices past the palette.
        byte[][] raw = [.. Valid.Select(PngTestFiles.InflateImageData)];
        Gen<(int File, MutatedFile Data)> inputs = Gen.Int[0, Valid.Length - 1].SelectMany(f => FileMutations.Of([raw[f]]).Select(d => (f, d)));
        ParserProperty.ReadsOrRefuses<ImageFormatException, (int File, MutatedFile Data)>(
            inputs, c => Decode(WithImageData(Valid[c.File], c.Data.Bytes)), iter: 800, print: c => $"fixture {c.File}, image data {c.Data}");
    }

    [Fact]
    public void Encode_then_decode_is_exact_for_8_bit_rgb_and_rgba()
    {
        Gen<Image8> images =
            from size in Gen.Select(Gen.Int[1, 40], Gen.Int[1, 40], Gen.Int[3, 4])
            from samples in Gen.Byte.Array[size.Item1 * size.Item2 * size.Item3]
            from smooth in Gen.Int[0, 2]
            select new Image8(size.Item1, size.Item2, size.Item3, Texture(samples, size.Item1 * size.Item3, smooth));
        Gen<CompressionLevel> levels = Gen.OneOf(Gen.Const(CompressionLevel.Fastest), Gen.Const(CompressionLevel.Optimal), Gen.Const(CompressionLevel.NoCompression));
        Gen.Select(images, levels).Sample(
            (image, level) =>
            {
                byte[] png = PngCodec.Encode(image, level);
                Image8 back = PngCodec.Decode(png);
                Assert.Equal((image.Width, image.Height, image.Channels), (back.Width, back.Height, back.Channels));
                Assert.Equal(image.Pixels, back.Pixels);
                PngImage full = PngCodec.DecodeFull(png);
                Assert.Equal((8, image.HasAlpha ? PngColorType.Rgba : PngColorType.Rgb, false), (full.BitDepth, full.ColorType, full.Interlaced));
            },
            iter: 300,
            print: t => $"{t.Item1.Width}x{t.Item1.Height}x{t.Item1.Channels} {t.Item2}");
    }

    private static void Decode(byte[] data)
    {
        _ = PngCodec.Decode(data, "damaged.png");
        using var stream = new MemoryStream(data);
        _ = PngCodec.DecodeFull(stream, "damaged.png");
    }

    /// <summary>
    /// Random samples as they are, as few levels (long runs), or as row-wise running sums (smooth gradients), so that
    /// every row filter gets chosen.
    /// </summary>
    private static byte[] Texture(byte[] samples, int rowBytes, int style)
    {
        if (style == 1)
        {
            return [.. samples.Select(s => (byte)(s & 0xC0))];
        }

        if (style == 2)
        {
            for (int i = 0; i < samples.Length; i++)
            {
                samples[i] = (byte)((i % rowBytes == 0 ? 0 : samples[i - 1]) + (samples[i] >> 6));
            }
        }

        return samples;
    }

    private static Image8 Rgba(Image8 rgb)
    {
        var rgba = new Image8(rgb.Width, rgb.Height, 4);
        for (int i = 0; i < rgb.Width * rgb.Height; i++)
        {
            rgb.Pixels.AsSpan(i * 3, 3).CopyTo(rgba.Pixels.AsSpan(i * 4));
            rgba.Pixels[(i * 4) + 3] = (byte)(i * 37);
        }

        return rgba;
    }

    /// <summary>Every chunk's CRC recomputed, as far as the lengths can be followed.</summary>
    private static byte[] FixChecksums(byte[] png)
    {
        byte[] copy = (byte[])png.Clone();
        for (long pos = 8; pos + 12 <= copy.Length;)
        {
            long length = BinaryPrimitives.ReadUInt32BigEndian(copy.AsSpan((int)pos));
            if (pos + 12 + length > copy.Length)
            {
                break;
            }

            BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan((int)(pos + 8 + length)), PngCrc32.Compute(copy.AsSpan((int)pos + 4, (int)length + 4)));
            pos += 12 + length;
        }

        return copy;
    }

    /// <summary>The file with its IDAT chunks replaced by one holding <paramref name="raw"/> deflated.</summary>
    private static byte[] WithImageData(byte[] png, byte[] raw)
    {
        List<PngChunk> chunks = PngTestFiles.ReadChunks(png);
        int first = chunks.FindIndex(c => c.Type == "IDAT");
        var rebuilt = chunks.Where(c => c.Type != "IDAT").Select(c => (c.Type, c.Data)).ToList();
        rebuilt.Insert(first, ("IDAT", PngTestFiles.Deflate(raw)));
        return PngTestFiles.Build([.. rebuilt]);
    }
}
