using System.Buffers.Binary;
using System.Text;
using GameUpscaler.Capture;
using GameUpscaler.Imaging;

namespace GameUpscaler.Tests.Capture;

/// <summary>PFM and capture folders: round trips with the format's orientation and sign conventions, and malformed input.</summary>
public sealed class CaptureFormatTests
{
    private static readonly SyntheticCapture Small = new(new Size2D(16, 12), new Size2D(32, 24), 3) { Pan = (1, 0), ObjectVelocity = (2, 1), ObjectSize = 8 };

    [Fact]
    public void Pfm_stores_the_bottom_row_first_little_endian_and_reads_back_top_row_first()
    {
        var map = new FloatMap(2, 3, 3);
        map[0, 0, 0] = 1.5f;    // top-left, x
        map[1, 2, 1] = -2.25f;  // bottom-right, y
        byte[] bytes = PfmFile.Encode(map);

        string header = "PF\n2 3\n-1.0\n";
        Assert.Equal(header, Encoding.ASCII.GetString(bytes, 0, header.Length));
        // The file's first row is the image's bottom row: bottom-right's y is value 1·3 + 1 of the first row.
        Assert.Equal(-2.25f, BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(header.Length + (((1 * 3) + 1) * 4))));
        // The top row is the file's last: top-left's x starts it.
        Assert.Equal(1.5f, BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(header.Length + (2 * 6 * 4))));

        FloatMap back = PfmFile.Decode(bytes, "m.pfm");
        Assert.Equal(map.Data, back.Data);
    }

    [Fact]
    public void Pfm_in_big_endian_with_a_positive_scale_and_odd_header_whitespace_is_read()
    {
        var bytes = new List<byte>(Encoding.ASCII.GetBytes("Pf\n2  1\r\n1.0\n"));
        foreach (float v in (float[])[0.25f, 7f])
        {
            var b = new byte[4];
            BinaryPrimitives.WriteSingleBigEndian(b, v);
            bytes.AddRange(b);
        }

        FloatMap map = PfmFile.Decode(bytes.ToArray());
        Assert.Equal((1, 0.25f, 7f), (map.Channels, map[0, 0, 0], map[1, 0, 0]));
    }

    [Theory]
    [InlineData("P6\n2 1\n-1\n", "magic")]
    [InlineData("PF\n2 1\n-1\n\0\0\0\0", "truncated")]
    [InlineData("PF\n0 1\n-1\n", "width")]
    [InlineData("PF\n2 1\n0\n", "scale")]
    [InlineData("PF\n2", "header")]
    public void Malformed_pfm_is_refused_naming_the_file_and_the_problem(string text, string problem)
    {
        var e = Assert.Throws<ImageFormatException>(() => PfmFile.Decode(Encoding.ASCII.GetBytes(text), "bad.pfm"));
        Assert.StartsWith("bad.pfm: ", e.Message, StringComparison.Ordinal);
        Assert.Contains(problem, e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_nan_in_a_pfm_is_refused()
    {
        byte[] bytes = PfmFile.Encode(new FloatMap(1, 1, 1));
        BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(bytes.Length - 4), float.NaN);
        Assert.Contains("not finite", Assert.Throws<ImageFormatException>(() => PfmFile.Decode(bytes, "n.pfm")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_written_capture_reads_back_frame_for_frame()
    {
        using var temp = new TemporaryDirectory();
        string folder = temp.File("cap");
        Small.Write(folder);

        CaptureReader reader = CaptureReader.Open(folder);
        Assert.Equal((Small.Render, Small.Display, true, 3, true), (reader.Manifest.RenderSize, reader.Manifest.DisplaySize, reader.Manifest.HasDepth, reader.FrameCount, reader.HasReferences));
        for (int t = 0; t < Small.Frames; t++)
        {
            CaptureFrame expected = Small.Frame(t), actual = reader.ReadFrame(t);
            Assert.Equal(expected.Color.Pixels, actual.Color.Pixels);
            Assert.Equal(expected.Motion.Data, actual.Motion.Data);
            Assert.Equal(expected.Depth!.Data, actual.Depth!.Data);
            Assert.Equal(expected.Reference!.Pixels, actual.Reference!.Pixels);
            Assert.Equal(expected.Info, actual.Info);
        }

        // Motion is previous minus current: the background moves with the camera (+pan), the object against its velocity.
        CaptureFrame second = reader.ReadFrame(1);
        Assert.Equal(1f / 2, second.Motion[0, second.Motion.Height - 1, 0]);
    }

    [Fact]
    public void The_writer_never_overwrites_a_folder_and_leaves_nothing_when_not_completed()
    {
        using var temp = new TemporaryDirectory();
        string existing = temp.File("existing");
        Directory.CreateDirectory(existing);
        File.WriteAllText(Path.Combine(existing, "keep.txt"), "user data");
        Assert.Throws<IOException>(() => new CaptureWriter(existing, Small.Render, Small.Display, hasDepth: true));
        Assert.Equal("user data", File.ReadAllText(Path.Combine(existing, "keep.txt")));

        string abandoned = temp.File("abandoned");
        using (var writer = new CaptureWriter(abandoned, Small.Render, Small.Display, hasDepth: true))
        {
            CaptureFrame f = Small.Frame(0);
            writer.Add(f.Color, f.Motion, f.Depth, f.Reference, f.Info);
        }

        Assert.False(Directory.Exists(abandoned));
        Assert.Equal(["existing"], Directory.EnumerateFileSystemEntries(temp.Path).Select(Path.GetFileName));

        // Missing parent folders are made (mkdir -p), the capture lands inside them.
        string nested = Path.Combine(temp.File("new"), "caps", "path0");
        using (var writer = new CaptureWriter(nested, Small.Render, Small.Display, hasDepth: true))
        {
            for (int t = 0; t < 3; t++)
            {
                CaptureFrame f = Small.Frame(t);
                writer.Add(f.Color, f.Motion, f.Depth, f.Reference, f.Info);
            }

            writer.Complete();
        }

        Assert.Equal(3, CaptureReader.Open(nested).FrameCount);
    }

    public static TheoryData<string, string> Breakages => new()
    {
        { "missing-motion", "motion/0001.pfm: is missing" },
        { "extra-color", "color/0003.png: is beyond the 3 frames" },
        { "truncated-png", "color/0002.png" },
        { "small-depth", "depth/0000.pfm: is 8x6; the capture's render size is 16x12" },
        { "bad-json", "capture.json: the required key \"frames[1].jitter\" is missing" },
        { "wrong-version", "capture.json: \"version\" is 2" },
        { "big-jitter", "capture.json: frames[0].jitter[1] is 0.75" },
    };

    [Theory]
    [MemberData(nameof(Breakages))]
    public void A_malformed_capture_is_an_error_naming_the_file(string breakage, string message)
    {
        using var temp = new TemporaryDirectory();
        string folder = temp.File("cap");
        Small.Write(folder);
        string json = Path.Combine(folder, "capture.json");
        switch (breakage)
        {
            case "missing-motion":
                File.Delete(Path.Combine(folder, "motion", "0001.pfm"));
                break;
            case "extra-color":
                File.Copy(Path.Combine(folder, "color", "0000.png"), Path.Combine(folder, "color", "0003.png"));
                break;
            case "truncated-png":
                string png = Path.Combine(folder, "color", "0002.png");
                File.WriteAllBytes(png, File.ReadAllBytes(png)[..60]);
                break;
            case "small-depth":
                PfmFile.Write(new FloatMap(8, 6, 1), Path.Combine(folder, "depth", "0000.pfm"));
                break;
            case "bad-json":
                File.WriteAllText(json, File.ReadAllText(json).Replace("\"jitter\": [-0.25", "\"jit\": [-0.25", StringComparison.Ordinal));
                break;
            case "wrong-version":
                File.WriteAllText(json, File.ReadAllText(json).Replace("\"version\": 1", "\"version\": 2", StringComparison.Ordinal));
                break;
            case "big-jitter":
                File.WriteAllText(json, System.Text.RegularExpressions.Regex.Replace(File.ReadAllText(json), "\"jitter\": \\[([^,]+), [^\\]]+\\]", "\"jitter\": [$1, 0.75]"));
                break;
        }

        IOException e = Assert.ThrowsAny<IOException>(() =>
        {
            CaptureReader reader = CaptureReader.Open(folder);
            for (int t = 0; t < reader.FrameCount; t++)
            {
                _ = reader.ReadFrame(t);
            }
        });
        Assert.Contains(message.Replace('/', Path.DirectorySeparatorChar), e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_keys_are_ignored_and_a_capture_without_depth_or_references_is_read()
    {
        string json = """
            { "format": "gameupscaler-capture", "version": 1, "writer": "another engine", "render_size": [4, 2], "display_size": [8, 4],
              "motion_vectors": "render_pixels_previous_minus_current", "depth": "none",
              "frames": [ { "jitter": [0.0, -0.1667], "reset": true, "note": 1 } ] }
            """;
        CaptureManifest manifest = CaptureManifest.Parse(Encoding.UTF8.GetBytes(json), "capture.json");
        Assert.Equal((new Size2D(4, 2), false, -0.1667f), (manifest.RenderSize, manifest.HasDepth, manifest.Frames[0].JitterY));
    }
}
