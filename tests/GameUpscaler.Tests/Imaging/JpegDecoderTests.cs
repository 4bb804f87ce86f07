using GameUpscaler.Imaging;

namespace GameUpscaler.Tests.Imaging;

/// <summary>
/// Every fixture (Fixtures/jpeg, made by make-fixtures.sh with cjpeg and ImageMagick) decodes to its committed
/// libjpeg-turbo reference, and reports what its name says it is.
/// </summary>
public sealed class JpegDecoderTests
{
    public static TheoryData<string> Fixtures() => [.. JpegTestFiles.FixtureNames()];

    /// <summary>
    /// Tolerance: none. The decoder reproduces libjpeg-turbo's islow IDCT, fancy upsampling and fixed-point color
    /// conversion operation for operation; measured against the references (djpeg 2.1.5, the Debian 12 package):
    /// maximum difference 0, 0 of 68,397 samples differing over the 29 fixtures.
    /// </summary>
    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Each_fixture_decodes_exactly_as_djpeg_does(string name)
    {
        Image8 expected = JpegTestFiles.ReadReference(name);

        Image8 actual = JpegCodec.Decode(JpegTestFiles.FixturePath(name));

        (int max, long differing) = JpegTestFiles.Compare(actual, expected);
        Assert.True(max == 0, $"{name}: {differing} of {expected.Pixels.Length} samples differ from djpeg, by up to {max}.");
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Each_fixture_reports_what_its_name_says(string name)
    {
        JpegFixtureInfo info = JpegTestFiles.ParseName(name);

        JpegImage image = JpegCodec.DecodeFull(JpegTestFiles.ReadFixture(name), name);

        Assert.Equal((info.Width, info.Height, 3), (image.Width, image.Height, image.Image.Channels));
        Assert.Equal(info.SamplingFactors, image.SamplingFactors);
        Assert.Equal(info.Process == "progressive", image.IsProgressive);
        Assert.Equal(info.IsGray, image.IsGrayscale);
        JpegColorSpace expected = info.IsGray ? JpegColorSpace.Grayscale : info.HasTag("rgb") ? JpegColorSpace.Rgb : JpegColorSpace.YCbCr;
        Assert.Equal(expected, image.ColorSpace);
    }

    [Fact]
    public void The_fixtures_cover_every_process_sampling_and_special_case()
    {
        JpegFixtureInfo[] all = JpegTestFiles.FixtureNames().Select(JpegTestFiles.ParseName).ToArray();
        foreach (string sampling in new[] { "444", "422", "420", "440", "411", "gray" })
        {
            Assert.Contains(all, f => f.Sampling == sampling);
        }

        foreach (string process in new[] { "baseline", "extended", "progressive" })
        {
            Assert.Contains(all, f => f.Process == process);
        }

        foreach (string tag in new[] { "restart", "optimized", "noninterleaved", "rgb", "imagemagick", "comment", "q100", "q5" })
        {
            Assert.Contains(all, f => f.HasTag(tag));
        }

        Assert.Contains(all, f => f.Process == "progressive" && f.HasTag("restart"));
        Assert.Contains(all, f => f.Width % 8 != 0 && f.Height % 8 != 0 && f.Width < 16);
        Assert.Contains(all, f => f.Width <= 4 && f.Sampling == "420"); // chroma 2 samples wide: plain replication
    }

    [Fact]
    public void Memory_and_file_entry_points_agree()
    {
        const string name = "37x29_420_progressive_restart";
        Image8 fromFile = JpegCodec.Decode(JpegTestFiles.FixturePath(name));
        Image8 fromMemory = JpegCodec.Decode(JpegTestFiles.ReadFixture(name));
        JpegImage full = JpegCodec.DecodeFull(JpegTestFiles.FixturePath(name));
        Assert.Equal(fromFile.Pixels, fromMemory.Pixels);
        Assert.Equal(fromFile.Pixels, full.Image.Pixels);
    }

    [Fact]
    public void Fill_bytes_before_markers_stray_parameterless_markers_and_data_after_eoi_change_nothing()
    {
        const string name = "37x29_420_baseline_restart";
        byte[] jpeg = JpegTestFiles.ReadFixture(name);
        byte[] expected = JpegCodec.Decode(jpeg).Pixels;
        List<JpegSegment> segments = JpegTestFiles.ReadSegments(jpeg);

        // FF fill bytes may precede any marker (T.81 B.1.1.2), in the header and between restart intervals alike.
        JpegSegment dqt = segments.First(s => s.Marker == 0xDB), rst = segments.First(s => s.Marker is >= 0xD0 and <= 0xD7);
        byte[] filled = JpegTestFiles.Insert(jpeg, rst.Offset, [0xFF, 0xFF, 0xFF]);
        filled = JpegTestFiles.Insert(filled, dqt.Offset, [0xFF, 0xFF]);
        Assert.Equal(expected, JpegCodec.Decode(filled).Pixels);

        // A TEM marker between segments is skipped, as libjpeg does; so is anything after EOI.
        Assert.Equal(expected, JpegCodec.Decode(JpegTestFiles.Insert(jpeg, dqt.Offset, [0xFF, 0x01])).Pixels);
        Assert.Equal(expected, JpegCodec.Decode([.. jpeg, .. "trailing garbage"u8]).Pixels);
    }

    [Fact]
    public void Application_segments_and_comments_are_skipped()
    {
        byte[] jpeg = JpegTestFiles.ReadFixture("17x13_420_baseline");
        byte[] expected = JpegCodec.Decode(jpeg).Pixels;
        byte[] extra =
        [
            .. JpegTestFiles.Segment(0xE1, "Exif\0\0MM\0*"u8),
            .. JpegTestFiles.Segment(0xE2, "ICC_PROFILE\0"u8),
            .. JpegTestFiles.Segment(0xED, []),
            .. JpegTestFiles.Segment(0xFE, "comment"u8),
        ];

        Assert.Equal(expected, JpegCodec.Decode(JpegTestFiles.Insert(jpeg, 2, extra)).Pixels);
        Assert.Equal(JpegTestFiles.ReadReference("17x13_420_baseline_comment").Pixels, JpegCodec.Decode(JpegTestFiles.ReadFixture("17x13_420_baseline_comment")).Pixels);
    }

    [Fact]
    public void Three_components_are_read_as_libjpeg_reads_them()
    {
        // The RGB fixture has an Adobe marker with transform 0 and component IDs 'R', 'G', 'B'.
        byte[] rgb = JpegTestFiles.ReadFixture("37x29_444_baseline_rgb");
        JpegSegment adobe = JpegTestFiles.First(rgb, 0xEE);
        Assert.Equal(JpegColorSpace.Rgb, JpegCodec.DecodeFull(rgb).ColorSpace);

        // Without the Adobe marker, the IDs still say RGB; with IDs 1, 2, 3 instead, it is YCbCr.
        byte[] noAdobe = JpegTestFiles.Remove(rgb, adobe.Offset, adobe.Length);
        Assert.Equal(JpegColorSpace.Rgb, JpegCodec.DecodeFull(noAdobe).ColorSpace);
        int frame = JpegTestFiles.FrameBodyOffset(noAdobe), scan = JpegTestFiles.First(noAdobe, 0xDA).Offset + 4;
        for (int i = 0; i < 3; i++)
        {
            noAdobe[frame + 6 + (3 * i)] = (byte)(i + 1);
            noAdobe[scan + 1 + (2 * i)] = (byte)(i + 1);
        }

        Assert.Equal(JpegColorSpace.YCbCr, JpegCodec.DecodeFull(noAdobe).ColorSpace);

        // An Adobe marker with transform 1 means YCbCr whatever the IDs; a JFIF marker wins over Adobe's.
        byte[] transformed = (byte[])rgb.Clone();
        transformed[adobe.Offset + 4 + 11] = 1;
        Assert.Equal(JpegColorSpace.YCbCr, JpegCodec.DecodeFull(transformed).ColorSpace);
        byte[] jfif = JpegTestFiles.Insert(rgb, 2, JpegTestFiles.Segment(0xE0, [.. "JFIF\0"u8, 1, 1, 0, 0, 1, 0, 1, 0, 0]));
        Assert.Equal(JpegColorSpace.YCbCr, JpegCodec.DecodeFull(jfif).ColorSpace);
    }

    [Fact]
    public void A_gray_file_expands_to_equal_channels()
    {
        Image8 image = JpegCodec.Decode(JpegTestFiles.FixturePath("37x29_gray_progressive"));
        for (int i = 0; i < image.Width * image.Height; i++)
        {
            Assert.Equal(image.Pixels[i * 3], image.Pixels[(i * 3) + 1]);
            Assert.Equal(image.Pixels[i * 3], image.Pixels[(i * 3) + 2]);
        }
    }
}
