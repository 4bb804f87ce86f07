using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using GameUpscaler.Imaging;

namespace GameUpscaler.Tests.Imaging;

/// <summary>What a fixture's name says it is: {w}x{h}_{sampling}_{process}[_tag...] (see make-fixtures.sh).</summary>
internal sealed record JpegFixtureInfo(string Name, int Width, int Height, string Sampling, string Process, IReadOnlyList<string> Tags)
{
    public bool HasTag(string tag) => Tags.Contains(tag);

    public bool IsGray => Sampling == "gray";

    /// <summary>The sampling factors <see cref="JpegImage.SamplingFactors"/> should report.</summary>
    public string SamplingFactors => Sampling switch
    {
        "444" => "1x1,1x1,1x1",
        "422" => "2x1,1x1,1x1",
        "420" => "2x2,1x1,1x1",
        "440" => "1x2,1x1,1x1",
        "411" => "4x1,1x1,1x1",
        "gray" => "1x1",
        _ => throw new InvalidOperationException($"Unknown sampling '{Sampling}' in fixture name {Name}."),
    };
}

/// <summary>One marker of a JPEG file: its code, where its FF is, and its segment body (empty for SOI/EOI/RSTn).</summary>
internal sealed record JpegSegment(int Marker, int Offset, byte[] Body)
{
    /// <summary>Bytes the marker and its segment take in the file (not counting a scan's entropy-coded data).</summary>
    public int Length => Body.Length == 0 && !HasLength(Marker) ? 2 : Body.Length + 4;

    public static bool HasLength(int marker) => marker is not (0xD8 or 0xD9 or (>= 0xD0 and <= 0xD7) or 0x01);
}

/// <summary>Fixture access, the djpeg references, and small tools for taking JPEG files apart.</summary>
internal static class JpegTestFiles
{
    public static string FixtureDirectory => Path.Combine(AppContext.BaseDirectory, "Fixtures", "jpeg");

    /// <summary>The names (without .jpg) of the fixtures that have a djpeg reference, sorted.</summary>
    public static IReadOnlyList<string> FixtureNames()
    {
        string[] names = Directory.GetFiles(FixtureDirectory, "*.jpg")
            .Select(path => Path.GetFileNameWithoutExtension(path))
            .Where(name => !name.StartsWith("refuse_", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.True(names.Length > 0, $"No JPEG fixtures in {FixtureDirectory}.");
        return names;
    }

    public static string FixturePath(string name) => Path.Combine(FixtureDirectory, name + ".jpg");

    public static byte[] ReadFixture(string name) => File.ReadAllBytes(FixturePath(name));

    public static JpegFixtureInfo ParseName(string name)
    {
        string[] parts = name.Split('_');
        string[] size = parts[0].Split('x');
        Assert.True(parts.Length >= 3 && size.Length == 2, $"Fixture name '{name}' does not follow <w>x<h>_<sampling>_<process>[_tag...].");
        return new JpegFixtureInfo(
            name,
            int.Parse(size[0], CultureInfo.InvariantCulture),
            int.Parse(size[1], CultureInfo.InvariantCulture),
            parts[1],
            parts[2],
            parts[3..]);
    }

    /// <summary>The committed djpeg decode of a fixture, as RGB (a gray PGM is expanded).</summary>
    public static Image8 ReadReference(string name)
    {
        string ppm = Path.Combine(FixtureDirectory, name + ".ppm"), pgm = Path.Combine(FixtureDirectory, name + ".pgm");
        return ParsePnm(File.ReadAllBytes(File.Exists(ppm) ? ppm : pgm));
    }

    /// <summary>Reads a binary PPM (P6) or PGM (P5) with 8-bit samples as RGB.</summary>
    public static Image8 ParsePnm(byte[] data)
    {
        int pos = 0;
        string magic = Token(), width = Token(), height = Token(), maxValue = Token();
        pos++; // the single whitespace byte before the samples
        Assert.True(magic is "P5" or "P6", $"Not a binary PGM/PPM: {magic}");
        Assert.Equal("255", maxValue);
        int w = int.Parse(width, CultureInfo.InvariantCulture), h = int.Parse(height, CultureInfo.InvariantCulture);
        int channels = magic == "P6" ? 3 : 1;
        Assert.Equal(pos + (w * h * channels), data.Length);
        var image = new Image8(w, h, 3);
        for (int i = 0; i < w * h; i++)
        {
            for (int c = 0; c < 3; c++)
            {
                image.Pixels[(i * 3) + c] = data[pos + (i * channels) + (channels == 3 ? c : 0)];
            }
        }

        return image;

        string Token()
        {
            while (char.IsWhiteSpace((char)data[pos]))
            {
                pos++;
            }

            int start = pos;
            while (!char.IsWhiteSpace((char)data[pos]))
            {
                pos++;
            }

            return Encoding.ASCII.GetString(data, start, pos - start);
        }
    }

    /// <summary>
    /// The markers of a well-formed file in order (the test's own simple reader: it trusts lengths and, after an SOS
    /// segment, skips entropy-coded data up to the next marker other than RSTn, which it lists too).
    /// </summary>
    public static List<JpegSegment> ReadSegments(byte[] jpeg)
    {
        var segments = new List<JpegSegment>();
        int pos = 0;
        while (pos + 1 < jpeg.Length)
        {
            Assert.Equal(0xFF, jpeg[pos]);
            int marker = jpeg[pos + 1];
            if (!JpegSegment.HasLength(marker))
            {
                segments.Add(new JpegSegment(marker, pos, []));
                pos += 2;
                if (marker == 0xD9)
                {
                    break;
                }

                if (marker is >= 0xD0 and <= 0xD7)
                {
                    pos = SkipEntropyData(jpeg, pos);
                }

                continue;
            }

            int length = BinaryPrimitives.ReadUInt16BigEndian(jpeg.AsSpan(pos + 2));
            segments.Add(new JpegSegment(marker, pos, jpeg.AsSpan(pos + 4, length - 2).ToArray()));
            pos += 2 + length;
            if (marker == 0xDA)
            {
                pos = SkipEntropyData(jpeg, pos);
            }
        }

        return segments;
    }

    /// <summary>The offset of the next marker other than a stuffed zero at or after <paramref name="pos"/>.</summary>
    public static int SkipEntropyData(byte[] jpeg, int pos)
    {
        while (pos + 1 < jpeg.Length && !(jpeg[pos] == 0xFF && jpeg[pos + 1] != 0))
        {
            pos++;
        }

        return pos;
    }

    /// <summary>A marker segment: FF, the code, the length and the body.</summary>
    public static byte[] Segment(int marker, ReadOnlySpan<byte> body)
    {
        var segment = new byte[body.Length + 4];
        segment[0] = 0xFF;
        segment[1] = (byte)marker;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(body.Length + 2));
        body.CopyTo(segment.AsSpan(4));
        return segment;
    }

    /// <summary>The file with <paramref name="insert"/> placed at <paramref name="offset"/>.</summary>
    public static byte[] Insert(byte[] jpeg, int offset, ReadOnlySpan<byte> insert) => [.. jpeg.AsSpan(0, offset), .. insert, .. jpeg.AsSpan(offset)];

    /// <summary>The file without the <paramref name="count"/> bytes at <paramref name="offset"/>.</summary>
    public static byte[] Remove(byte[] jpeg, int offset, int count) => [.. jpeg.AsSpan(0, offset), .. jpeg.AsSpan(offset + count)];

    /// <summary>The first segment with the given marker.</summary>
    public static JpegSegment First(byte[] jpeg, int marker) => ReadSegments(jpeg).First(s => s.Marker == marker);

    /// <summary>The offset of the frame header's body (precision byte) of a fixture.</summary>
    public static int FrameBodyOffset(byte[] jpeg) => ReadSegments(jpeg).First(s => s.Marker is >= 0xC0 and <= 0xC2).Offset + 4;

    /// <summary>
    /// One random kind of damage: a few random bytes anywhere, a run of random bytes in some scan's entropy-coded data,
    /// bytes cut out or repeated, or a header byte of a segment set to an extreme.
    /// </summary>
    public static byte[] Damage(byte[] jpeg, Random random)
    {
        switch (random.Next(4))
        {
            case 0: // a few random bytes anywhere
                for (int k = random.Next(1, 6); k > 0; k--)
                {
                    jpeg[random.Next(jpeg.Length)] = (byte)random.Next(256);
                }

                break;
            case 1: // a run of random bytes in the entropy-coded data of some scan
                int scan = ReadSegments(jpeg).Where(s => s.Marker == 0xDA).Select(s => s.Offset + s.Length).OrderBy(_ => random.Next()).First();
                int end = Math.Min(jpeg.Length - 2, scan + random.Next(1, 40));
                for (int i = scan; i < end; i++)
                {
                    jpeg[i] = (byte)random.Next(256);
                }

                break;
            case 2: // bytes cut out or repeated
                int at = random.Next(jpeg.Length), count = random.Next(1, 30);
                jpeg = random.Next(2) == 0
                    ? Remove(jpeg, at, Math.Min(count, jpeg.Length - at))
                    : Insert(jpeg, at, jpeg.AsSpan(random.Next(jpeg.Length - count), count));
                break;
            default: // a header byte of a table, frame or scan segment set to an extreme
                JpegSegment segment = ReadSegments(jpeg).Where(s => s.Body.Length > 0).OrderBy(_ => random.Next()).First();
                jpeg[segment.Offset + 4 + random.Next(segment.Body.Length)] = random.Next(3) switch { 0 => 0, 1 => 0xFF, _ => (byte)random.Next(256) };
                break;
        }

        return jpeg;
    }

    /// <summary>The djpeg program, or a failure telling how to install it: the comparison is never skipped silently.</summary>
    public static string Djpeg()
    {
        foreach (string folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(folder, "djpeg");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        Assert.Fail("djpeg (libjpeg-turbo's decoder, the reference for the JPEG tests) is not installed: run scripts/setup.sh, "
            + "which installs the Debian package libjpeg-turbo-progs.");
        return "";
    }

    /// <summary>djpeg's default decode of a file (accurate integer IDCT, fancy upsampling), as RGB.</summary>
    public static Image8 DecodeWithDjpeg(string djpeg, string path)
    {
        (int exit, string warnings, Image8? image) = RunDjpeg(djpeg, path);
        Assert.True(exit == 0 && image is not null, $"djpeg failed on {path}: {warnings}");
        return image;
    }

    /// <summary>djpeg's exit code (0 clean, 2 warnings, 1 error), what it wrote to stderr, and its image unless it failed.</summary>
    public static (int Exit, string Warnings, Image8? Image) RunDjpeg(string djpeg, string path)
    {
        var start = new ProcessStartInfo(djpeg) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-ppm");
        start.ArgumentList.Add(path);
        using Process process = Process.Start(start)!;
        using var output = new MemoryStream();
        Task<string> errors = process.StandardError.ReadToEndAsync();
        process.StandardOutput.BaseStream.CopyTo(output);
        process.WaitForExit();
        Image8? image = process.ExitCode is 0 or 2 && output.Length > 0 ? ParsePnm(output.ToArray()) : null;
        return (process.ExitCode, errors.Result, image);
    }

    /// <summary>The largest per-sample difference and how many samples differ.</summary>
    public static (int MaxDifference, long Differing) Compare(Image8 actual, Image8 expected)
    {
        Assert.Equal((expected.Width, expected.Height, expected.Channels), (actual.Width, actual.Height, actual.Channels));
        int max = 0;
        long differing = 0;
        for (int i = 0; i < expected.Pixels.Length; i++)
        {
            int difference = Math.Abs(actual.Pixels[i] - expected.Pixels[i]);
            max = Math.Max(max, difference);
            differing += difference != 0 ? 1 : 0;
        }

        return (max, differing);
    }
}
