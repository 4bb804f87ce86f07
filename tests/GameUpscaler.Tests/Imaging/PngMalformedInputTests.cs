using System.Buffers.Binary;
using System.Diagnostics;
using GameUpscaler.Imaging;

namespace GameUpscaler.Tests.Imaging;

/// <summary>
/// Broken files must fail with an <see cref="ImageFormatException"/> that names the file and the problem, never
/// with another exception and never by decoding garbage.
/// </summary>
public sealed class PngMalformedInputTests : IDisposable
{
    private const string Name = "broken.png";

    private readonly TemporaryDirectory _temp = TestPaths.CreateTemporaryDirectory();

    private string Folder => _temp.Path;

    public void Dispose() => _temp.Dispose();

    /// <summary>A valid 2x2 RGB image: rows of filter type 0.</summary>
    private static byte[] RawRgb2x2 => [0, 1, 2, 3, 4, 5, 6, 0, 7, 8, 9, 10, 11, 12];

    [Fact]
    public void Truncation_at_every_byte_is_reported_with_the_file_name()
    {
        string name = "ct3_d2_i_3x2";
        byte[] png = PngTestFiles.ReadFixture(name);
        for (int length = 0; length < png.Length; length++)
        {
            string path = Path.Combine(Folder, $"truncated-{length}.png");
            File.WriteAllBytes(path, png[..length]);

            var ex = Assert.Throws<ImageFormatException>(() => PngCodec.Decode(path));

            Assert.Equal(path, ex.FileName);
            Assert.StartsWith(path + ": ", ex.Message, StringComparison.Ordinal);
            Assert.Matches("truncated|IEND|signature", ex.Message);
            Assert.Throws<ImageFormatException>(() => PngCodec.DecodeFull(png.AsSpan(0, length), Name));
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("ct2_d8_n_37x29")]
    [InlineData("ct6_d16_i_13x11_crafted")]
    public void Truncation_at_every_byte_of_a_larger_file_is_rejected(string name)
    {
        byte[] png = PngTestFiles.ReadFixture(name);
        for (int length = 0; length < png.Length; length++)
        {
            AssertRejected(png[..length], "", viaFile: false);
        }
    }

    [Fact]
    public void A_flipped_bit_in_any_chunk_is_a_crc_mismatch_naming_the_chunk_and_its_offset()
    {
        byte[] png = PngTestFiles.ReadFixture("ct3_d4_n_37x29_trns");
        foreach (PngChunk chunk in PngTestFiles.ReadChunks(png))
        {
            // Every byte of the data and of the CRC itself.
            for (int i = chunk.Offset + 8; i < chunk.Offset + 12 + chunk.Data.Length; i++)
            {
                byte[] broken = (byte[])png.Clone();
                broken[i] ^= 0x10;
                AssertRejected(broken, $"CRC mismatch in chunk {chunk.Type} at byte {chunk.Offset}", viaFile: false);
            }
        }
    }

    [Fact]
    public void Any_single_byte_change_anywhere_is_rejected_or_harmless()
    {
        // Flipping a byte in a chunk's length or type can also make it look truncated, invalid or unknown;
        // in a chunk type it may even turn an ancillary chunk into another ancillary one. Either way: no crash.
        byte[] png = PngTestFiles.ReadFixture("ct0_d2_i_3x2");
        for (int i = 0; i < png.Length; i++)
        {
            foreach (byte mask in new byte[] { 0x01, 0x80, 0xFF })
            {
                byte[] broken = (byte[])png.Clone();
                broken[i] ^= mask;
                DecodeOrReject(broken);
            }
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(7)]
    public void A_bad_signature_is_not_a_png(int index)
    {
        byte[] png = PngTestFiles.ReadFixture("ct2_d8_n_37x29");
        png[index] ^= 0x20;
        AssertRejected(png, "signature");
    }

    [Fact]
    public void Text_and_empty_input_are_not_png()
    {
        AssertRejected("GIF89a not a png at all"u8.ToArray(), "signature");
        AssertRejected([], "signature");
    }

    [Theory]
    [InlineData(0, 2, 8, 2, 0, 0, 0, "size 0x2 is empty")]
    [InlineData(2, 0, 8, 2, 0, 0, 0, "size 2x0 is empty")]
    [InlineData(2147483648L, 1, 8, 2, 0, 0, 0, "exceeds the PNG limit")]
    [InlineData(1, 4294967295L, 8, 2, 0, 0, 0, "exceeds the PNG limit")]
    [InlineData(20000, 20000, 8, 2, 0, 0, 0, "over the limit of 268,435,456 pixels")]
    [InlineData(268435457, 1, 1, 0, 0, 0, 0, "over the limit")]
    [InlineData(2, 2, 8, 1, 0, 0, 0, "invalid color type 1")]
    [InlineData(2, 2, 8, 5, 0, 0, 0, "invalid color type 5")]
    [InlineData(2, 2, 8, 7, 0, 0, 0, "invalid color type 7")]
    [InlineData(2, 2, 3, 0, 0, 0, 0, "bit depth 3 is not allowed for color type 0")]
    [InlineData(2, 2, 4, 2, 0, 0, 0, "bit depth 4 is not allowed for color type 2")]
    [InlineData(2, 2, 16, 3, 0, 0, 0, "bit depth 16 is not allowed for color type 3")]
    [InlineData(2, 2, 1, 4, 0, 0, 0, "bit depth 1 is not allowed for color type 4")]
    [InlineData(2, 2, 2, 6, 0, 0, 0, "bit depth 2 is not allowed for color type 6")]
    [InlineData(2, 2, 0, 0, 0, 0, 0, "bit depth 0 is not allowed")]
    [InlineData(2, 2, 8, 2, 1, 0, 0, "unknown compression method 1")]
    [InlineData(2, 2, 8, 2, 0, 1, 0, "unknown filter method 1")]
    [InlineData(2, 2, 8, 2, 0, 0, 2, "unknown interlace method 2")]
    public void Invalid_header_values_are_rejected(
        long width, long height, int bitDepth, int colorType, int compression, int filter, int interlace, string problem)
    {
        byte[] png = PngTestFiles.Build(
            ("IHDR", PngTestFiles.Ihdr(width, height, bitDepth, colorType, interlace, compression, filter)),
            ("IDAT", PngTestFiles.Deflate(RawRgb2x2)),
            ("IEND", []));
        AssertRejected(png, problem);
    }

    [Theory]
    [InlineData(12)]
    [InlineData(14)]
    [InlineData(0)]
    public void A_header_of_the_wrong_length_is_rejected(int length)
    {
        byte[] header = new byte[length];
        PngTestFiles.Ihdr(2, 2, 8, 2).AsSpan(0, Math.Min(13, length)).CopyTo(header);
        AssertRejected(
            PngTestFiles.Build(("IHDR", header), ("IDAT", PngTestFiles.Deflate(RawRgb2x2)), ("IEND", [])),
            $"IHDR chunk has {length} bytes instead of 13");
    }

    [Fact]
    public void A_huge_image_with_little_data_is_refused_before_allocating_it()
    {
        // 16384 x 16384 RGBA is within the pixel limit but needs 1 GiB; a few bytes of deflate cannot produce that.
        byte[] png = PngTestFiles.Build(
            ("IHDR", PngTestFiles.Ihdr(16384, 16384, 8, 6)),
            ("IDAT", PngTestFiles.Deflate(new byte[1000])),
            ("IEND", []));
        long before = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();

        AssertRejected(png, "too short");

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 10_000_000, "The decoder allocated a lot for a file it had to refuse.");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void An_image_with_only_an_empty_idat_is_rejected()
    {
        AssertRejected(
            PngTestFiles.Build(("IHDR", PngTestFiles.Ihdr(2, 2, 8, 2)), ("IDAT", []), ("IEND", [])),
            "the IDAT chunks hold no data");
    }

    [Fact]
    public void Missing_chunks_are_rejected()
    {
        byte[] ihdr = PngTestFiles.Ihdr(2, 2, 8, 2);
        byte[] idat = PngTestFiles.Deflate(RawRgb2x2);
        AssertRejected(PngTestFiles.Build(("IHDR", ihdr), ("IDAT", idat)), "without an IEND chunk");
        AssertRejected(PngTestFiles.Build(("IHDR", ihdr), ("IEND", [])), "no IDAT chunk");
        AssertRejected(PngTestFiles.Build(("IDAT", idat), ("IHDR", ihdr), ("IEND", [])), "the first chunk is IDAT, not IHDR");
        AssertRejected(PngTestFiles.Build(("gAMA", [0, 0, 177, 143]), ("IHDR", ihdr), ("IDAT", idat), ("IEND", [])), "the first chunk is gAMA");
        AssertRejected(PngTestFiles.PngSignature, "without an IEND chunk");
        AssertRejected(
            PngTestFiles.Build(("IHDR", PngTestFiles.Ihdr(2, 2, 8, 3)), ("IDAT", PngTestFiles.Deflate([0, 0, 0, 0, 0, 0])), ("IEND", [])),
            "palette image has no PLTE chunk");
    }

    [Fact]
    public void Chunks_out_of_order_or_repeated_are_rejected()
    {
        byte[] ihdr = PngTestFiles.Ihdr(2, 2, 8, 2);
        byte[] idat = PngTestFiles.Deflate(RawRgb2x2);
        byte[] half1 = idat[..(idat.Length / 2)], half2 = idat[(idat.Length / 2)..];
        AssertRejected(PngTestFiles.Build(("IHDR", ihdr), ("IHDR", ihdr), ("IDAT", idat), ("IEND", [])), "second IHDR");
        AssertRejected(
            PngTestFiles.Build(("IHDR", ihdr), ("IDAT", half1), ("tEXt", "a\0b"u8.ToArray()), ("IDAT", half2), ("IEND", [])),
            "separated from the earlier IDAT chunks");
        AssertRejected(PngTestFiles.Build(("IHDR", ihdr), ("IDAT", idat), ("PLTE", [1, 2, 3]), ("IEND", [])), "comes after the image data");
        AssertRejected(PngTestFiles.Build(("IHDR", ihdr), ("PLTE", [1, 2, 3]), ("PLTE", [1, 2, 3]), ("IDAT", idat), ("IEND", [])), "second PLTE");
        AssertRejected(PngTestFiles.Build(("IHDR", ihdr), ("IDAT", idat), ("tRNS", [0, 1, 0, 2, 0, 3]), ("IEND", [])), "after the image data");
        AssertRejected(
            PngTestFiles.Build(("IHDR", ihdr), ("tRNS", [0, 1, 0, 2, 0, 3]), ("tRNS", [0, 1, 0, 2, 0, 3]), ("IDAT", idat), ("IEND", [])),
            "second tRNS");
        AssertRejected(
            PngTestFiles.Build(("IHDR", PngTestFiles.Ihdr(1, 1, 8, 3)), ("tRNS", [0]), ("PLTE", [1, 2, 3]), ("IDAT", PngTestFiles.Deflate([0, 0])), ("IEND", [])),
            "comes before the PLTE chunk");
        AssertRejected(PngTestFiles.Build(("IHDR", ihdr), ("IDAT", idat), ("IEND", [0])), "IEND chunk at byte");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(257 * 3)]
    public void A_palette_of_the_wrong_size_is_rejected(int bytes)
    {
        AssertRejected(
            PngTestFiles.Build(("IHDR", PngTestFiles.Ihdr(1, 1, 8, 3)), ("PLTE", new byte[bytes]), ("IDAT", PngTestFiles.Deflate([0, 0])), ("IEND", [])),
            $"PLTE chunk at byte 33 has {bytes} bytes");
    }

    [Fact]
    public void A_transparency_chunk_of_the_wrong_size_is_rejected()
    {
        byte[] palette = [1, 2, 3, 4, 5, 6];
        AssertRejected(
            PngTestFiles.Build(("IHDR", PngTestFiles.Ihdr(1, 1, 8, 3)), ("PLTE", palette), ("tRNS", [1, 2, 3]), ("IDAT", PngTestFiles.Deflate([0, 0])), ("IEND", [])),
            "has 3 entries for a palette of 2");
        AssertRejected(
            PngTestFiles.Build(("IHDR", PngTestFiles.Ihdr(1, 1, 8, 3)), ("PLTE", palette), ("tRNS", []), ("IDAT", PngTestFiles.Deflate([0, 0])), ("IEND", [])),
            "has 0 entries");
        AssertRejected(
            PngTestFiles.Build(("IHDR", PngTestFiles.Ihdr(1, 1, 8, 0)), ("tRNS", [0, 0, 0]), ("IDAT", PngTestFiles.Deflate([0, 0])), ("IEND", [])),
            "a gray image needs 2");
        AssertRejected(
            PngTestFiles.Build(("IHDR", PngTestFiles.Ihdr(1, 1, 8, 2)), ("tRNS", [0, 0]), ("IDAT", PngTestFiles.Deflate([0, 0, 0, 0])), ("IEND", [])),
            "an RGB image needs 6");
    }

    [Theory]
    [InlineData(8, new byte[] { 0, 0, 1, 2 }, "palette index 2 at pixel (2, 0) is out of range: the palette has 2 entries")]
    [InlineData(2, new byte[] { 0, 0b00_01_11_00 }, "palette index 3 at pixel (2, 0) is out of range")]
    public void A_palette_index_past_the_palette_is_rejected(int bitDepth, byte[] raw, string problem)
    {
        byte[] png = PngTestFiles.Build(
            ("IHDR", PngTestFiles.Ihdr(3, 1, bitDepth, 3)),
            ("PLTE", [1, 2, 3, 4, 5, 6]),
            ("IDAT", PngTestFiles.Deflate(raw)),
            ("IEND", []));
        AssertRejected(png, problem);
    }

    [Fact]
    public void A_palette_index_past_the_palette_in_an_interlaced_image_names_the_real_pixel()
    {
        // 2x2 Adam7 1-bit palette with one entry: pass 1 holds (0,0), pass 6 (1,0), pass 7 row (0..1, 1).
        byte[] raw = [0, 0x00, 0, 0x80, 0, 0x00];
        byte[] png = PngTestFiles.Build(
            ("IHDR", PngTestFiles.Ihdr(2, 2, 1, 3, interlace: 1)),
            ("PLTE", [9, 9, 9]),
            ("IDAT", PngTestFiles.Deflate(raw)),
            ("IEND", []));
        AssertRejected(png, "palette index 1 at pixel (1, 0)");
    }

    [Fact]
    public void An_unknown_critical_chunk_is_rejected_and_an_unknown_ancillary_one_skipped()
    {
        byte[] ihdr = PngTestFiles.Ihdr(2, 2, 8, 2);
        byte[] idat = PngTestFiles.Deflate(RawRgb2x2);
        AssertRejected(PngTestFiles.Build(("IHDR", ihdr), ("ABCD", [1]), ("IDAT", idat), ("IEND", [])), "unknown critical chunk ABCD at byte 33");
        Assert.Equal(
            new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 },
            PngCodec.Decode(PngTestFiles.Build(("IHDR", ihdr), ("aBCD", [1]), ("IDAT", idat), ("IEND", []))).Pixels);
    }

    [Fact]
    public void A_chunk_type_that_is_not_four_letters_is_rejected()
    {
        byte[] png = PngTestFiles.Build(("IHDR", PngTestFiles.Ihdr(2, 2, 8, 2)), ("ab1d", []), ("IDAT", PngTestFiles.Deflate(RawRgb2x2)), ("IEND", []));
        AssertRejected(png, "invalid chunk type 'ab1d' at byte 33");
    }

    [Fact]
    public void A_chunk_length_past_the_end_or_over_2_gigabytes_is_rejected()
    {
        byte[] png = PngTestFiles.ReadFixture("ct2_d8_n_37x29");
        PngChunk idat = PngTestFiles.ReadChunks(png).First(c => c.Type == "IDAT");
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(idat.Offset), 0x7FFFFFF0);
        AssertRejected(png, $"file is truncated: chunk IDAT at byte {idat.Offset} needs");
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(idat.Offset), 0x80000000);
        AssertRejected(png, "impossible length of 2147483648 bytes");
    }

    [Fact]
    public void Too_little_or_too_much_image_data_is_rejected()
    {
        byte[] ihdr = PngTestFiles.Ihdr(2, 2, 8, 2);
        AssertRejected(
            PngTestFiles.Build(("IHDR", ihdr), ("IDAT", PngTestFiles.Deflate(RawRgb2x2[..13])), ("IEND", [])),
            "image data is too short: it inflates to 13 bytes, but a 2x2 image needs 14");
        AssertRejected(
            PngTestFiles.Build(("IHDR", ihdr), ("IDAT", PngTestFiles.Deflate([.. RawRgb2x2, 0])), ("IEND", [])),
            "image data is too long");
        AssertRejected(
            PngTestFiles.Build(("IHDR", PngTestFiles.Ihdr(2, 2, 8, 2, interlace: 1)), ("IDAT", PngTestFiles.Deflate(RawRgb2x2)), ("IEND", [])),
            "image data is too short: it inflates to 14 bytes, but a 2x2 image needs 15"); // Adam7: rows of 4, 4 and 7 bytes
    }

    [Fact]
    public void An_unknown_filter_type_is_rejected()
    {
        byte[] raw = RawRgb2x2;
        raw[7] = 5;
        AssertRejected(
            PngTestFiles.Build(("IHDR", PngTestFiles.Ihdr(2, 2, 8, 2)), ("IDAT", PngTestFiles.Deflate(raw)), ("IEND", [])),
            "unknown filter type 5 in row 1");
    }

    [Fact]
    public void Corrupt_compressed_data_is_rejected()
    {
        byte[] ihdr = PngTestFiles.Ihdr(2, 2, 8, 2);
        byte[] idat = PngTestFiles.Deflate(RawRgb2x2);

        AssertRejected(PngTestFiles.Build(("IHDR", ihdr), ("IDAT", [0x78, 0x9C, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]), ("IEND", [])), "corrupt compressed image data");
        AssertRejected(PngTestFiles.Build(("IHDR", ihdr), ("IDAT", [0x12, 0x34, 0x56]), ("IEND", [])), "corrupt compressed image data");

        // A zlib header asking for a preset dictionary: .NET reports that as a ZLibException (an IOException).
        AssertRejected(PngTestFiles.Build(("IHDR", ihdr), ("IDAT", [0x78, 0xBB, 0, 0, 0, 0, 0x03, 0x00]), ("IEND", [])), "corrupt compressed image data");

        byte[] badChecksum = (byte[])idat.Clone();
        badChecksum[^1] ^= 1;
        AssertRejected(PngTestFiles.Build(("IHDR", ihdr), ("IDAT", badChecksum), ("IEND", [])), "corrupt compressed image data");

        // Cut inside the deflate stream, CRC fixed up: the data simply runs out.
        AssertRejected(PngTestFiles.Build(("IHDR", ihdr), ("IDAT", idat[..4]), ("IEND", [])), "image data is too short");
    }

    [Fact]
    public void Random_damage_behind_valid_crcs_never_escapes_as_another_exception()
    {
        // The CRCs are fixed up after the damage, so it reaches the header checks, zlib, the filters and the
        // palette lookups instead of stopping at the CRC check.
        var random = new Random(20260314);
        string[] names = PngTestFiles.FixtureNames().Where(n => n.Contains("_i_", StringComparison.Ordinal) || n.Contains("13x11", StringComparison.Ordinal)).ToArray();
        for (int round = 0; round < 3000; round++)
        {
            List<PngChunk> chunks = PngTestFiles.ReadChunks(PngTestFiles.ReadFixture(names[random.Next(names.Length)]));
            PngChunk target = chunks[random.Next(chunks.Count)];
            byte[] data = target.Data;
            if (target.Type == "IDAT" && random.Next(2) == 0)
            {
                // Damage the inflated rows (filter types, samples, palette indices) and compress them again.
                byte[] raw = PngTestFiles.Inflate(chunks.Where(c => c.Type == "IDAT").SelectMany(c => c.Data).ToArray());
                Damage(raw, random);
                if (random.Next(4) == 0)
                {
                    raw = raw[..random.Next(raw.Length + 1)];
                }

                chunks.RemoveAll(c => c.Type == "IDAT" && c != target);
                data = PngTestFiles.Deflate(raw);
            }
            else if (data.Length > 0)
            {
                data = (byte[])data.Clone();
                Damage(data, random);
            }

            chunks[chunks.IndexOf(target)] = target with { Data = data };
            DecodeOrReject(PngTestFiles.Build(chunks));
        }
    }

    [Fact]
    public void The_file_name_appears_in_errors_from_every_entry_point()
    {
        string path = Path.Combine(Folder, "bad-crc.png");
        byte[] png = PngTestFiles.ReadFixture("ct2_d8_n_37x29");
        png[PngTestFiles.ReadChunks(png).First(c => c.Type == "IDAT").Offset + 10] ^= 1;
        File.WriteAllBytes(path, png);

        Assert.StartsWith(path + ": CRC mismatch", Assert.Throws<ImageFormatException>(() => PngCodec.Decode(path)).Message, StringComparison.Ordinal);
        Assert.StartsWith(path + ": CRC mismatch", Assert.Throws<ImageFormatException>(() => PngCodec.DecodeFull(path)).Message, StringComparison.Ordinal);
        using (var stream = File.OpenRead(path))
        {
            Assert.Equal(path, Assert.Throws<ImageFormatException>(() => PngCodec.Decode(stream)).FileName);
        }

        using var memory = new MemoryStream(png);
        var unnamed = Assert.Throws<ImageFormatException>(() => PngCodec.Decode(memory));
        Assert.Null(unnamed.FileName);
        Assert.StartsWith("CRC mismatch in chunk", unnamed.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<IOException>(unnamed);
    }

    [Fact]
    public void A_missing_file_is_an_io_error_not_a_format_error()
    {
        Assert.Throws<FileNotFoundException>(() => PngCodec.Decode(Path.Combine(Folder, "missing.png")));
    }

    private static void Damage(byte[] data, Random random)
    {
        for (int n = random.Next(1, 4); n > 0; n--)
        {
            data[random.Next(data.Length)] = (byte)random.Next(256);
        }
    }

    /// <summary>Decodes both ways; an <see cref="ImageFormatException"/> is fine, any other exception fails the test.</summary>
    private static void DecodeOrReject(byte[] png)
    {
        try
        {
            Image8 image = PngCodec.Decode(png, Name);
            Assert.True(image.Width > 0 && image.Height > 0);
        }
        catch (ImageFormatException ex)
        {
            Assert.Equal(Name, ex.FileName);
        }

        try
        {
            PngCodec.DecodeFull(png, Name);
        }
        catch (ImageFormatException)
        {
        }
    }

    /// <summary>
    /// Asserts that the data is refused with a message holding <paramref name="problem"/>, from memory under a name
    /// and, unless <paramref name="viaFile"/> is false (for loops over thousands of variants), from a file too.
    /// </summary>
    private void AssertRejected(byte[] png, string problem, bool viaFile = true)
    {
        var ex = Assert.Throws<ImageFormatException>(() => PngCodec.Decode(png, Name));
        Assert.Equal(Name, ex.FileName);
        Assert.StartsWith(Name + ": ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(problem, ex.Message, StringComparison.Ordinal);
        Assert.Equal(ex.Message, Assert.Throws<ImageFormatException>(() => PngCodec.DecodeFull(png, Name)).Message);
        if (viaFile)
        {
            string path = Path.Combine(Folder, Name);
            File.WriteAllBytes(path, png);
            var fromFile = Assert.Throws<ImageFormatException>(() => PngCodec.Decode(path));
            Assert.Equal(path, fromFile.FileName);
            Assert.Equal(path + ex.Message[Name.Length..], fromFile.Message);
        }
    }
}
