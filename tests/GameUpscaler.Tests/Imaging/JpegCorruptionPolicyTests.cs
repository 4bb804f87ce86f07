using GameUpscaler.Imaging;

namespace GameUpscaler.Tests.Imaging;

/// <summary>
/// The policy for corrupt JPEG data, checked against libjpeg-turbo itself: every damaged file the decoder accepts,
/// djpeg decodes without a warning and to the same samples; every file on which djpeg warns (extraneous bytes, a
/// premature end of a segment, a bad Huffman code, an inconsistent progression …) or fails, the decoder refuses. It
/// may refuse more (an AC run past the end of a block, which libjpeg clamps silently): refusing is always safe.
/// </summary>
public sealed class JpegCorruptionPolicyTests : IDisposable
{
    private readonly TemporaryDirectory _temp = TestPaths.CreateTemporaryDirectory();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(1, 400)]
    [InlineData(2, 400)]
    public void Accepted_damaged_files_decode_as_djpeg_decodes_them_and_djpeg_warns_on_none(int seed, int cases)
    {
        string djpeg = JpegTestFiles.Djpeg();
        var random = new Random(seed);
        string[] names = JpegTestFiles.FixtureNames().ToArray();
        int accepted = 0, refused = 0;
        var disagreements = new List<string>();
        for (int i = 0; i < cases; i++)
        {
            string fixture = names[random.Next(names.Length)];
            byte[] jpeg = JpegTestFiles.Damage(JpegTestFiles.ReadFixture(fixture), random);
            string path = _temp.File($"case{i}.jpg");
            File.WriteAllBytes(path, jpeg);
            (int exit, string warnings, Image8? reference) = JpegTestFiles.RunDjpeg(djpeg, path);

            Image8? ours;
            try
            {
                ours = JpegCodec.Decode(jpeg, path);
                accepted++;
            }
            catch (ImageFormatException)
            {
                ours = null;
                refused++;
            }

            if (ours is null)
            {
                continue;
            }

            if (exit is not (0 or 2) || !IsBenign(warnings) || reference is null)
            {
                disagreements.Add($"{fixture} case {i}: accepted, but djpeg exit {exit}: {warnings.Trim()}");
            }
            else if (!ours.Pixels.AsSpan().SequenceEqual(reference.Pixels) || ours.Width != reference.Width || ours.Height != reference.Height)
            {
                disagreements.Add($"{fixture} case {i}: accepted, djpeg decodes it silently, but to other samples");
            }
        }

        Assert.True(disagreements.Count == 0, string.Join('\n', disagreements.Take(20)));
        Assert.True(accepted > 0 && refused > 0, $"{accepted} accepted, {refused} refused: the damage should give both");
    }

    [Fact]
    public void Extraneous_bytes_before_a_marker_are_refused_as_djpeg_warns_on_them()
    {
        byte[] jpeg = JpegTestFiles.ReadFixture("17x13_420_progressive");
        int thirdScan = JpegTestFiles.ReadSegments(jpeg).Where(s => s.Marker == 0xDA).ElementAt(2).Offset;
        byte[] broken = JpegTestFiles.Insert(jpeg, thirdScan, [0x12, 0x34, 0x56]);
        string path = _temp.File("extraneous.jpg");
        File.WriteAllBytes(path, broken);
        (int exit, string warnings, _) = JpegTestFiles.RunDjpeg(JpegTestFiles.Djpeg(), path);
        Assert.Equal(2, exit);
        Assert.Contains("3 extraneous bytes before marker", warnings, StringComparison.Ordinal);

        var error = Assert.Throws<ImageFormatException>(() => JpegCodec.Decode(broken, path));
        Assert.Contains("3 extraneous bytes before the marker", error.Message, StringComparison.Ordinal);

        // Before EOI djpeg stops reading and says nothing; the decoder is stricter there and refuses too.
        byte[] beforeEnd = JpegTestFiles.Insert(jpeg, jpeg.Length - 2, [0x12, 0x34, 0x56]);
        Assert.Throws<ImageFormatException>(() => JpegCodec.Decode(beforeEnd));
    }

    [Fact]
    public void A_repeated_progressive_scan_is_refused_as_an_inconsistent_progression()
    {
        byte[] jpeg = JpegTestFiles.ReadFixture("17x13_420_progressive");
        JpegSegment last = JpegTestFiles.ReadSegments(jpeg).Last(s => s.Marker == 0xDA);
        byte[] scan = jpeg[last.Offset..^2];
        byte[] repeated = JpegTestFiles.Insert(jpeg, jpeg.Length - 2, scan);

        var error = Assert.Throws<ImageFormatException>(() => JpegCodec.Decode(repeated));
        Assert.Contains("corrupt progression", error.Message, StringComparison.Ordinal);
    }

    /// <summary>djpeg warnings about metadata, not image data: the samples are unaffected, so accepting the file is right.</summary>
    private static bool IsBenign(string warnings) =>
        warnings.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .All(line => line.StartsWith("Warning: unknown JFIF revision number", StringComparison.Ordinal));
}
