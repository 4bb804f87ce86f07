using GameUpscaler.Imaging;

namespace GameUpscaler.Tests.Imaging;

/// <summary>
/// The decoder against ImageMagick: every fixture in Fixtures/png (made by make-fixtures.sh) must decode to exactly
/// what ImageMagick decoded it to, and have the header its name promises.
/// </summary>
public sealed class PngDecoderTests
{
    private static readonly (int ColorType, int BitDepth)[] LegalCombinations =
        [(0, 1), (0, 2), (0, 4), (0, 8), (0, 16), (2, 8), (2, 16), (3, 1), (3, 2), (3, 4), (3, 8), (4, 8), (4, 16), (6, 8), (6, 16)];

    public static TheoryData<string> Fixtures()
    {
        var data = new TheoryData<string>();
        foreach (string name in PngTestFiles.FixtureNames())
        {
            data.Add(name);
        }

        return data;
    }

    [Fact]
    public void Fixtures_cover_every_color_type_bit_depth_and_interlace_method()
    {
        PngFixtureInfo[] fixtures = PngTestFiles.FixtureNames().Select(PngTestFiles.ParseName).ToArray();
        foreach ((int colorType, int bitDepth) in LegalCombinations)
        {
            foreach (bool interlaced in new[] { false, true })
            {
                Assert.Contains(fixtures, f => f.ColorType == colorType && f.BitDepth == bitDepth && f.Interlaced == interlaced);
            }
        }

        foreach (int colorType in new[] { 0, 2, 3 })
        {
            Assert.Contains(fixtures, f => f.ColorType == colorType && f.HasTag("trns") && !f.HasTag("crafted"));
            Assert.Contains(fixtures, f => f.ColorType == colorType && f.HasTag("trns") && f.Interlaced);
        }

        // Images this small leave some Adam7 passes empty; 37x29 leaves odd edges in every pass.
        Assert.Contains(fixtures, f => f.Interlaced && (f.Width <= 4 || f.Height <= 4));
        Assert.Contains(fixtures, f => f.Interlaced && f.Width % 8 != 0 && f.Height % 8 != 0 && f.Width > 8 && f.Height > 8);
        Assert.Contains(fixtures, f => f.HasTag("crafted"));
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void DecodeFull_reads_the_header_the_fixture_name_promises(string name)
    {
        PngFixtureInfo info = PngTestFiles.ParseName(name);
        PngImage image = PngCodec.DecodeFull(PngTestFiles.ReadFixture(name), name + ".png");

        Assert.Equal(info.Width, image.Width);
        Assert.Equal(info.Height, image.Height);
        Assert.Equal((PngColorType)info.ColorType, image.ColorType);
        Assert.Equal(info.BitDepth, image.BitDepth);
        Assert.Equal(info.Interlaced, image.Interlaced);
        Assert.Equal(info.ColorType is 4 or 6 || info.HasTag("trns"), image.HasAlpha);
        Assert.Equal(info.HasTag("trns"), PngTestFiles.ReadChunks(PngTestFiles.ReadFixture(name)).Any(c => c.Type == "tRNS"));
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void DecodeFull_matches_ImageMagick_exactly(string name)
    {
        PngFixtureInfo info = PngTestFiles.ParseName(name);
        ushort[] expected = PngTestFiles.ReadReference(info);

        PngImage image = PngCodec.DecodeFull(PngTestFiles.ReadFixture(name), name + ".png");

        AssertSamplesEqual(expected, image.Samples, info.Width, 4);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Decode_matches_ImageMagick_16_bit_decode_rounded_to_8_bits(string name)
    {
        PngFixtureInfo info = PngTestFiles.ParseName(name);
        ushort[] reference = PngTestFiles.ReadReference(info);
        bool hasAlpha = info.ColorType is 4 or 6 || info.HasTag("trns");
        int channels = hasAlpha ? 4 : 3;
        var expected = new byte[info.Width * info.Height * channels];
        for (int i = 0; i < info.Width * info.Height; i++)
        {
            for (int c = 0; c < channels; c++)
            {
                expected[(i * channels) + c] = RoundTo8Bit(reference[(i * 4) + c]);
            }
        }

        Image8 image = PngCodec.Decode(PngTestFiles.FixturePath(name));

        Assert.Equal(info.Width, image.Width);
        Assert.Equal(info.Height, image.Height);
        Assert.Equal(channels, image.Channels);
        AssertSamplesEqual(expected, image.Pixels, info.Width, channels);
        Assert.Equal(image.Pixels, PngCodec.DecodeFull(PngTestFiles.FixturePath(name)).ToImage8().Pixels);
    }

    [Fact]
    public void To8Bit_rounds_to_nearest_for_every_16_bit_value()
    {
        for (int v = 0; v <= ushort.MaxValue; v++)
        {
            byte ours = PngImage.To8Bit((ushort)v);
            Assert.Equal(RoundTo8Bit((ushort)v), ours);
            Assert.Equal(ImageMagickScaleQuantumToChar((ushort)v), ours);
        }
    }

    [Fact]
    public void Crafted_fixtures_use_every_filter_type_and_many_idat_chunks()
    {
        foreach (PngFixtureInfo info in PngTestFiles.FixtureNames().Select(PngTestFiles.ParseName).Where(f => f.HasTag("crafted")))
        {
            byte[] png = PngTestFiles.ReadFixture(info.Name);
            List<PngChunk> chunks = PngTestFiles.ReadChunks(png);
            Assert.True(chunks.Count(c => c.Type == "IDAT") > 2, info.Name);
            Assert.Contains(chunks, c => c.Type == "IDAT" && c.Data.Length == 0);
            Assert.Contains(chunks, c => c.Type == "gbTs"); // an unknown ancillary chunk, to be skipped
            if (!info.Interlaced)
            {
                int channels = info.ColorType switch { 0 or 3 => 1, 2 => 3, 4 => 2, _ => 4 };
                int rowBytes = ((info.Width * channels * info.BitDepth) + 7) / 8;
                Assert.Equal(new byte[] { 0, 1, 2, 3, 4 }, PngTestFiles.RowFilters(png, rowBytes).Distinct().Order().ToArray());
            }
        }
    }

    [Theory]
    [InlineData("ct2_d8_n_37x29")]
    [InlineData("ct6_d16_i_37x29")]
    [InlineData("ct3_d2_i_37x29")]
    [InlineData("ct0_d1_i_3x2")]
    public void Image_data_split_into_one_byte_idat_chunks_decodes_the_same(string name)
    {
        byte[] png = PngTestFiles.ReadFixture(name);
        List<PngChunk> chunks = PngTestFiles.ReadChunks(png);
        byte[] data = chunks.Where(c => c.Type == "IDAT").SelectMany(c => c.Data).ToArray();
        int first = chunks.FindIndex(c => c.Type == "IDAT");
        var split = chunks.Where(c => c.Type != "IDAT").ToList();
        split.InsertRange(first, data.Select(b => new PngChunk("IDAT", [b], 0)).Append(new PngChunk("IDAT", [], 0)));

        Assert.Equal(PngCodec.DecodeFull(png).Samples, PngCodec.DecodeFull(PngTestFiles.Build(split)).Samples);
    }

    [Fact]
    public void Stream_span_and_path_overloads_agree()
    {
        string name = "ct6_d8_i_37x29";
        byte[] png = PngTestFiles.ReadFixture(name);
        using var stream = new MemoryStream(png);

        byte[] fromPath = PngCodec.Decode(PngTestFiles.FixturePath(name)).Pixels;

        Assert.Equal(fromPath, PngCodec.Decode(png).Pixels);
        Assert.Equal(fromPath, PngCodec.Decode(stream).Pixels);
        stream.Position = 0;
        Assert.Equal(PngCodec.DecodeFull(png).Samples, PngCodec.DecodeFull(stream).Samples);
    }

    [Fact]
    public void Gray_expands_to_rgb_and_low_bit_depths_scale_to_the_full_range()
    {
        // A 4x1 2-bit gray image holding 0, 1, 2, 3: one row, filter 0, samples packed MSB first.
        byte[] png = PngTestFiles.Build(
            ("IHDR", PngTestFiles.Ihdr(4, 1, 2, 0)),
            ("IDAT", PngTestFiles.Deflate([0, 0b00_01_10_11])),
            ("IEND", []));

        Image8 image = PngCodec.Decode(png);
        PngImage full = PngCodec.DecodeFull(png);

        Assert.Equal(3, image.Channels);
        Assert.Equal(new byte[] { 0, 0, 0, 85, 85, 85, 170, 170, 170, 255, 255, 255 }, image.Pixels);
        Assert.Equal(new ushort[] { 0, 0, 0, 65535, 21845, 21845, 21845, 65535, 43690, 43690, 43690, 65535, 65535, 65535, 65535, 65535 }, full.Samples);
        Assert.False(full.HasAlpha);
    }

    [Fact]
    public void Gray_color_key_makes_matching_pixels_transparent()
    {
        // 16-bit gray 3x1: 0x1234, 0x1235, 0x1234 with key 0x1234.
        byte[] png = PngTestFiles.Build(
            ("IHDR", PngTestFiles.Ihdr(3, 1, 16, 0)),
            ("tRNS", [0x12, 0x34]),
            ("IDAT", PngTestFiles.Deflate([0, 0x12, 0x34, 0x12, 0x35, 0x12, 0x34])),
            ("IEND", []));

        PngImage image = PngCodec.DecodeFull(png);

        Assert.True(image.HasAlpha);
        Assert.Equal(new ushort[] { 0x1234, 0x1234, 0x1234, 0, 0x1235, 0x1235, 0x1235, 65535, 0x1234, 0x1234, 0x1234, 0 }, image.Samples);
        Assert.Equal(4, PngCodec.Decode(png).Channels);
    }

    [Fact]
    public void Rgb_color_key_compares_all_three_samples()
    {
        byte[] png = PngTestFiles.Build(
            ("IHDR", PngTestFiles.Ihdr(3, 1, 8, 2)),
            ("tRNS", [0, 10, 0, 20, 0, 30]),
            ("IDAT", PngTestFiles.Deflate([0, 10, 20, 30, 10, 20, 31, 11, 20, 30])),
            ("IEND", []));

        Image8 image = PngCodec.Decode(png);

        Assert.Equal(new byte[] { 10, 20, 30, 0, 10, 20, 31, 255, 11, 20, 30, 255 }, image.Pixels);
    }

    [Fact]
    public void Palette_alpha_table_may_be_shorter_than_the_palette()
    {
        byte[] png = PngTestFiles.Build(
            ("IHDR", PngTestFiles.Ihdr(3, 1, 8, 3)),
            ("PLTE", [1, 2, 3, 4, 5, 6, 7, 8, 9]),
            ("tRNS", [0, 128]),
            ("IDAT", PngTestFiles.Deflate([0, 2, 1, 0])),
            ("IEND", []));

        Image8 image = PngCodec.Decode(png);

        Assert.Equal(new byte[] { 7, 8, 9, 255, 4, 5, 6, 128, 1, 2, 3, 0 }, image.Pixels);
    }

    [Fact]
    public void Tolerated_oddities_decode_like_libpng_does()
    {
        byte[] idat = PngTestFiles.Deflate([0, 0b0100_0000]);

        // A palette longer than a 1-bit image can index (extra entries dropped), an unknown ancillary chunk,
        // and bytes after IEND.
        byte[] longPalette = PngTestFiles.Build(
            ("IHDR", PngTestFiles.Ihdr(2, 1, 1, 3)),
            ("PLTE", [10, 10, 10, 20, 20, 20, 30, 30, 30]),
            ("prIv", [1, 2, 3]),
            ("IDAT", idat),
            ("IEND", []));
        longPalette = [.. longPalette, 1, 2, 3, 4, 5];
        Assert.Equal(new byte[] { 10, 10, 10, 20, 20, 20 }, PngCodec.Decode(longPalette).Pixels);

        // A suggested palette in a gray image, and tRNS in an image that has an alpha channel: both ignored.
        byte[] grayWithPalette = PngTestFiles.Build(
            ("IHDR", PngTestFiles.Ihdr(1, 1, 8, 4)),
            ("PLTE", [1, 2, 3]),
            ("tRNS", [0, 7]),
            ("IDAT", PngTestFiles.Deflate([0, 7, 99])),
            ("IEND", []));
        Assert.Equal(new byte[] { 7, 7, 7, 99 }, PngCodec.Decode(grayWithPalette).Pixels);
    }

    /// <summary>
    /// Round to nearest, as MATLAB's im2uint8 does. (ImageMagick 6.9's <c>-depth 8</c> truncates instead, so the
    /// 8-bit expectations are derived from its exact 16-bit decode rather than taken from it.)
    /// </summary>
    private static byte RoundTo8Bit(ushort sample) => (byte)Math.Round(sample / 257.0, MidpointRounding.AwayFromZero);

    /// <summary>ImageMagick 6 (Q16, no HDRI) ScaleQuantumToChar, its rounding 16-to-8-bit helper.</summary>
    private static byte ImageMagickScaleQuantumToChar(ushort quantum) =>
        (byte)(((quantum + 128u) - ((quantum + 128u) >> 8)) >> 8);

    private static void AssertSamplesEqual<T>(T[] expected, T[] actual, int width, int channels)
        where T : IEquatable<T>
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            if (!expected[i].Equals(actual[i]))
            {
                int pixel = i / channels;
                Assert.Fail($"Sample {i % channels} of pixel ({pixel % width}, {pixel / width}) is {actual[i]}, expected {expected[i]}.");
            }
        }
    }
}
