using System.Buffers.Binary;
using System.Diagnostics;
using GameUpscaler.Imaging;

namespace GameUpscaler.Tests.Imaging;

/// <summary>
/// Broken or unsupported files must fail with an <see cref="ImageFormatException"/> that names the file and the
/// problem — never with another exception, never by hanging, and never by returning a partly invented image.
/// </summary>
public sealed class JpegMalformedInputTests : IDisposable
{
    private const string Name = "broken.jpg";

    private readonly TemporaryDirectory _temp = TestPaths.CreateTemporaryDirectory();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("17x13_420_progressive")]
    [InlineData("17x13_gray_baseline_restart")]
    [InlineData("37x29_420_progressive_restart")]
    [InlineData("37x29_420_baseline_noninterleaved")]
    public void Truncation_at_every_byte_is_reported(string fixture)
    {
        byte[] jpeg = JpegTestFiles.ReadFixture(fixture);
        for (int length = 0; length < jpeg.Length; length++)
        {
            ImageFormatException e = AssertRejectedMatching(jpeg[..length], "truncated|ends|SOI");
            Assert.StartsWith(Name + ": ", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Truncation_is_reported_with_the_file_name()
    {
        byte[] jpeg = JpegTestFiles.ReadFixture("17x13_420_baseline");
        JpegSegment scan = JpegTestFiles.First(jpeg, 0xDA);
        string path = _temp.File("truncated.jpg");
        File.WriteAllBytes(path, jpeg[..(scan.Offset + scan.Length + 5)]);

        var e = Assert.Throws<ImageFormatException>(() => JpegCodec.Decode(path));

        Assert.Equal(path, e.FileName);
        Assert.StartsWith(path + ": the data of scan 1", e.Message, StringComparison.Ordinal);
        Assert.Contains("ends early", e.Message, StringComparison.Ordinal);
        Assert.Equal(path, Assert.Throws<ImageFormatException>(() => ImageFile.Load(path)).FileName);
    }

    [Theory]
    [InlineData("17x13_420_progressive")]
    [InlineData("17x13_gray_baseline_restart")]
    [InlineData("3x2_422_progressive")]
    public void Any_single_byte_change_anywhere_is_rejected_or_harmless(string fixture)
    {
        // JPEG has no checksums: a changed coefficient bit may well decode to another valid image. What must never
        // happen is any other exception or a hang.
        byte[] jpeg = JpegTestFiles.ReadFixture(fixture);
        for (int i = 0; i < jpeg.Length; i++)
        {
            foreach (byte mask in new byte[] { 0x01, 0x10, 0x80, 0xFF })
            {
                byte[] broken = (byte[])jpeg.Clone();
                broken[i] ^= mask;
                DecodeOrReject(broken);
            }
        }
    }

    [Fact]
    public void Random_damage_never_escapes_as_another_exception()
    {
        var random = new Random(20260315);
        IReadOnlyList<string> names = JpegTestFiles.FixtureNames().Where(n => n.StartsWith("17x13", StringComparison.Ordinal) || n.StartsWith("3x2", StringComparison.Ordinal) || n.Contains("progressive", StringComparison.Ordinal)).ToArray();
        for (int round = 0; round < 4000; round++)
        {
            byte[] jpeg = JpegTestFiles.Damage(JpegTestFiles.ReadFixture(names[random.Next(names.Count)]), random);
            DecodeOrReject(jpeg);
        }
    }

    [Fact]
    public void Files_that_are_not_jpeg_are_refused_at_the_start()
    {
        AssertRejected([], "not a JPEG file");
        AssertRejected([0xFF, 0xD8], "not a JPEG file");
        AssertRejected("GIF89a not a jpeg"u8.ToArray(), "not a JPEG file");
        AssertRejected(PngTestFiles.ReadFixture("ct2_d8_n_37x29"), "not a JPEG file");
    }

    [Fact]
    public void Misplaced_missing_and_unknown_markers_are_rejected()
    {
        byte[] jpeg = JpegTestFiles.ReadFixture("17x13_420_baseline");
        List<JpegSegment> segments = JpegTestFiles.ReadSegments(jpeg);
        JpegSegment frame = segments.First(s => s.Marker == 0xC0), scan = segments.First(s => s.Marker == 0xDA);

        AssertRejected(JpegTestFiles.Remove(jpeg, frame.Offset, frame.Length), "comes before the frame header");
        AssertRejected([0xFF, 0xD8, 0xFF, 0xD9], "EOI marker before any frame header");
        AssertRejected(JpegTestFiles.Insert(jpeg, frame.Offset, [0xFF, 0x02]), "unknown marker FF 02 at byte");
        AssertRejected(JpegTestFiles.Insert(jpeg, frame.Offset, [0xFF, 0xD8]), "second SOI marker");
        AssertRejected(JpegTestFiles.Insert(jpeg, scan.Offset, JpegTestFiles.Segment(0xC0, frame.Body)), "second frame header (SOF0)");
        AssertRejected(JpegTestFiles.Insert(jpeg, frame.Offset, [0x12, 0x34]), $"expected a marker at byte {frame.Offset}, found 0x12");
        AssertRejected(JpegTestFiles.Insert(jpeg, scan.Offset, JpegTestFiles.Segment(0xDC, [0, 13])), "DNL marker");

        byte[] noTables = JpegTestFiles.Remove(jpeg, segments.First(s => s.Marker == 0xC4).Offset, segments.Where(s => s.Marker == 0xC4).Sum(s => s.Length));
        AssertRejected(noTables, "Huffman table 0 for component 1, which is not defined");
        JpegSegment dqt = segments.First(s => s.Marker == 0xDB);
        AssertRejected(JpegTestFiles.Remove(jpeg, dqt.Offset, segments.Where(s => s.Marker == 0xDB).Sum(s => s.Length)), "quantization table 0, which is not defined");

        // A component that no scan codes: the last scan of a file with one scan per component, dropped.
        byte[] separate = JpegTestFiles.ReadFixture("37x29_420_baseline_noninterleaved");
        JpegSegment last = JpegTestFiles.ReadSegments(separate).Last(s => s.Marker == 0xDA);
        AssertRejected(JpegTestFiles.Remove(separate, last.Offset, separate.Length - 2 - last.Offset), "component 3 has no scan data");
    }

    [Fact]
    public void A_wrong_or_missing_restart_marker_is_rejected()
    {
        byte[] jpeg = JpegTestFiles.ReadFixture("37x29_420_baseline_restart");
        JpegSegment rst = JpegTestFiles.ReadSegments(jpeg).First(s => s.Marker == 0xD0);

        byte[] wrong = (byte[])jpeg.Clone();
        wrong[rst.Offset + 1] = 0xD5;
        AssertRejected(wrong, $"expected the restart marker RST0 at byte {rst.Offset}, found FF D5");
        AssertRejectedMatching(JpegTestFiles.Remove(jpeg, rst.Offset, 2), "RST0|corrupt|ends early");
        byte[] noInterval = JpegTestFiles.Remove(jpeg, JpegTestFiles.First(jpeg, 0xDD).Offset, 6);
        AssertRejectedMatching(noInterval, "ends early|corrupt data");
    }

    [Theory]
    [InlineData(0, 13, "image size 0x13 is empty")]
    [InlineData(17, 0, "an image height of 0 (the height would come in a DNL marker) is not supported")]
    [InlineData(65535, 65535, "image size 65535x65535 (4,294,836,225 pixels) is over the limit of 268,435,456 pixels")]
    [InlineData(16385, 16384, "over the limit")]
    public void Zero_and_oversized_frames_are_rejected(int width, int height, string problem)
    {
        byte[] jpeg = JpegTestFiles.ReadFixture("17x13_420_baseline");
        int frame = JpegTestFiles.FrameBodyOffset(jpeg);
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(frame + 1), (ushort)height);
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(frame + 3), (ushort)width);
        AssertRejected(jpeg, problem);
    }

    [Theory]
    [InlineData("37x29_420_baseline")]
    [InlineData("37x29_444_progressive")]
    [InlineData("37x29_gray_baseline")]
    public void A_huge_image_with_little_data_is_refused_without_allocating_it(string fixture)
    {
        // 16384 x 16384 is within the pixel limit, but a few kilobytes of scan data cannot cover it: the decoder must
        // notice the data running out long before it has allocated coefficients (or pixels) for the whole image.
        byte[] jpeg = JpegTestFiles.ReadFixture(fixture);
        int frame = JpegTestFiles.FrameBodyOffset(jpeg);
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(frame + 1), 16384);
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(frame + 3), 16384);
        long before = GC.GetAllocatedBytesForCurrentThread();

        AssertRejectedMatching(jpeg, "ends early|corrupt data");

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 20_000_000, $"The decoder allocated {allocated:N0} bytes for a file it had to refuse.");
    }

    [Fact]
    public void Invalid_frame_headers_are_rejected()
    {
        byte[] jpeg = JpegTestFiles.ReadFixture("17x13_420_baseline");
        int frame = JpegTestFiles.FrameBodyOffset(jpeg);

        AssertRejected(With(jpeg, frame + 7, 0x52), "component 1 has invalid sampling factors 5x2");
        AssertRejected(With(jpeg, frame + 7, 0x20), "invalid sampling factors 2x0");
        AssertRejected(With(jpeg, frame + 8, 4), "quantization table 4; there are only 0 to 3");
        AssertRejected(With(jpeg, frame + 9, 1), "component identifier 1 appears twice");
        AssertRejected(With(jpeg, frame + 10, 0x31), "(not integer ratios) is not supported"); // chroma 3x1 against luma 2x2
        AssertRejected(With(jpeg, frame + 5, 2), "a frame of 2 components");
        AssertRejectedMatching(With(jpeg, frame - 1, 1), "SOF0 segment at byte [0-9]+ has an invalid length of 1$");
        AssertRejectedMatching(With(jpeg, frame - 1, 0x12), "SOF0 segment at byte [0-9]+ is 18 bytes long; 3 components need 17$");
    }

    [Fact]
    public void Invalid_tables_are_rejected()
    {
        byte[] jpeg = JpegTestFiles.ReadFixture("17x13_420_baseline");
        List<JpegSegment> segments = JpegTestFiles.ReadSegments(jpeg);
        int dht = segments.First(s => s.Marker == 0xC4).Offset, dqt = segments.First(s => s.Marker == 0xDB).Offset;

        AssertRejected(With(jpeg, dht + 4, 0x24), "table class 2 number 4");
        AssertRejected(With(jpeg, dqt + 4, 0x24), "table 4 with precision 2");

        // A DC table with a symbol over 15, and one declaring more symbols than the segment holds.
        byte[] counts = new byte[16];
        counts[1] = 1;
        AssertRejected(JpegTestFiles.Insert(jpeg, dht, JpegTestFiles.Segment(0xC4, [0x00, .. counts, 16])), "DC Huffman table has the symbol 16");
        AssertRejected(JpegTestFiles.Insert(jpeg, dht, JpegTestFiles.Segment(0xC4, [0x10, .. counts])), "shorter than its 1 symbols");
        AssertRejected(JpegTestFiles.Insert(jpeg, dht, JpegTestFiles.Segment(0xC4, [0x10, 3, .. new byte[15], 1, 2, 3])), "more codes of length 1 than fit in 1 bits");
        counts[15] = 255;
        counts[14] = 255;
        AssertRejected(JpegTestFiles.Insert(jpeg, dht, JpegTestFiles.Segment(0xC4, [0x10, .. counts])), "declares 511 codes");
        AssertRejectedMatching(JpegTestFiles.Insert(jpeg, dht, JpegTestFiles.Segment(0xDD, [0, 1, 2])), "DRI segment at byte [0-9]+ is 5 bytes long instead of 4");
        AssertRejected(JpegTestFiles.Insert(jpeg, dht, JpegTestFiles.Segment(0xDB, [0x01, 1, 2, 3])), "ends inside table 1");
    }

    [Fact]
    public void Invalid_scan_headers_are_rejected()
    {
        byte[] baseline = JpegTestFiles.ReadFixture("17x13_420_baseline");
        int sos = JpegTestFiles.First(baseline, 0xDA).Offset + 4; // Ns, (Cs, Td/Ta) x 3, Ss, Se, Ah/Al
        AssertRejected(With(baseline, sos + 1, 9), "refers to component 9, which the frame does not have");
        AssertRejected(With(baseline, sos + 3, 1), "lists component 1 twice");
        AssertRejected(With(baseline, sos + 2, 0x44), "selects DC Huffman table 4 for component 1; there are only 0 to 3");
        AssertRejected(With(baseline, sos + 2, 0x22), "uses DC Huffman table 2 for component 1, which is not defined");
        AssertRejectedMatching(With(baseline, sos + 8, 1), "sequential scan at byte [0-9]+ has progressive parameters Ss=0 Se=1 Ah=0 Al=0");
        AssertRejectedMatching(With(baseline, sos, 4), "SOS segment at byte [0-9]+ is malformed: 4 components");

        byte[] progressive = JpegTestFiles.ReadFixture("17x13_420_progressive");
        int first = JpegTestFiles.First(progressive, 0xDA).Offset + 4;
        AssertRejectedMatching(With(progressive, first + 8, 5), "progressive scan at byte [0-9]+ has invalid parameters Ss=0 Se=5");
        AssertRejected(With(progressive, first + 9, 0x31), "invalid parameters Ss=0 Se=0 Ah=3 Al=1");
        AssertRejected(With(progressive, first + 9, 0x0E), "Al=14");

        // Interleaving components whose MCU would hold more than 10 blocks: luma 4x4.
        int frame = JpegTestFiles.FrameBodyOffset(baseline);
        AssertRejected(With(baseline, frame + 7, 0x44), "18 blocks per MCU; at most 10");
    }

    [Fact]
    public void Corrupt_entropy_coded_data_is_reported_as_such()
    {
        byte[] jpeg = JpegTestFiles.ReadFixture("37x29_444_baseline");
        JpegSegment scan = JpegTestFiles.First(jpeg, 0xDA);
        int data = scan.Offset + scan.Length;
        for (int i = data; i < data + 40; i++)
        {
            jpeg[i] = 0xFE; // runs of ones: no valid Huffman code, or AC runs past the block
        }

        AssertRejected(jpeg, "corrupt data in scan 1, near byte");
    }

    [Theory]
    [InlineData("refuse_arithmetic", "arithmetic coding (marker FF C9) is not supported")]
    [InlineData("refuse_cmyk", "a 4-component (CMYK or YCCK) image is not supported")]
    public void Valid_files_of_unsupported_kinds_are_refused_by_name(string fixture, string problem)
    {
        ImageFormatException e = AssertRejected(JpegTestFiles.ReadFixture(fixture), problem);
        Assert.Contains("baseline and progressive Huffman-coded 8-bit JPEG", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0xC3, "lossless JPEG (SOF3) is not supported")]
    [InlineData(0xC5, "hierarchical JPEG (marker FF C5) is not supported")]
    [InlineData(0xC9, "arithmetic coding (marker FF C9) is not supported")]
    [InlineData(0xCA, "arithmetic coding (marker FF CA) is not supported")]
    public void Unsupported_processes_are_refused_by_name(int marker, string problem)
    {
        byte[] jpeg = JpegTestFiles.ReadFixture("17x13_420_baseline");
        AssertRejected(With(jpeg, JpegTestFiles.FrameBodyOffset(jpeg) - 3, (byte)marker), problem);
    }

    [Fact]
    public void Twelve_bit_samples_are_refused_by_name()
    {
        byte[] jpeg = JpegTestFiles.ReadFixture("37x29_420_extended_q5");
        AssertRejected(With(jpeg, JpegTestFiles.FrameBodyOffset(jpeg), 12), "12-bit sample precision is not supported");
    }

    [Fact]
    public void A_missing_file_is_an_io_error_not_a_format_error()
    {
        var e = Assert.ThrowsAny<IOException>(() => JpegCodec.Decode(_temp.File("absent.jpg")));
        Assert.IsNotType<ImageFormatException>(e);
    }

    private static byte[] With(byte[] jpeg, int offset, byte value)
    {
        byte[] copy = (byte[])jpeg.Clone();
        copy[offset] = value;
        return copy;
    }

    /// <summary>The data must be refused with a format error whose message contains <paramref name="problem"/>.</summary>
    private static ImageFormatException AssertRejected(byte[] jpeg, string problem)
    {
        ImageFormatException e = Reject(jpeg);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        return e;
    }

    /// <summary>The data must be refused with a format error whose message matches the regular expression <paramref name="pattern"/>.</summary>
    private static ImageFormatException AssertRejectedMatching(byte[] jpeg, string pattern)
    {
        ImageFormatException e = Reject(jpeg);
        Assert.Matches(pattern, e.Message);
        return e;
    }

    private static ImageFormatException Reject(byte[] jpeg)
    {
        var e = Assert.Throws<ImageFormatException>(() => JpegCodec.Decode(jpeg, Name));
        Assert.Equal(Name, e.FileName);
        AssertNotAnEscapedBug(e);
        return e;
    }

    /// <summary>Decodes, or accepts only a format error that comes from the decoder's own checks.</summary>
    private static void DecodeOrReject(byte[] jpeg)
    {
        try
        {
            JpegImage image = JpegCodec.DecodeFull(jpeg, Name);
            Assert.Equal(image.Width * image.Height * 3, image.Image.Pixels.Length);
        }
        catch (ImageFormatException e)
        {
            Assert.StartsWith(Name + ": ", e.Message, StringComparison.Ordinal);
            AssertNotAnEscapedBug(e);
        }
    }

    /// <summary>
    /// The decoder turns any runtime exception into a format error as a last resort; the tests hold it to catching
    /// every malformation with a check of its own first.
    /// </summary>
    private static void AssertNotAnEscapedBug(ImageFormatException e) =>
        Assert.True(e.InnerException is null, $"A malformation was caught only by the safety net: {e.InnerException}");
}
