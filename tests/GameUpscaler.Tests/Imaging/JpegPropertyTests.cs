using CsCheck;
using GameUpscaler.Imaging;

namespace GameUpscaler.Tests.Imaging;

/// <summary>
/// Property tests of the JPEG decoder (CsCheck, shrinking failures): whatever the bytes, decoding returns an image or
/// throws <see cref="ImageFormatException"/>. Damaged inputs start from every fixture (baseline, progressive,
/// restart intervals, every subsampling, the refused features), damaged byte by byte or marker segment by segment
/// (segments dropped, repeated, swapped, or taken from another fixture, so that tables and scans disagree).
/// </summary>
public sealed class JpegPropertyTests
{
    private static readonly string[] Names =
        [.. Directory.GetFiles(JpegTestFiles.FixtureDirectory, "*.jpg").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!];

    private static readonly byte[][] Valid = [.. Names.Select(JpegTestFiles.ReadFixture)];

    /// <summary>Per fixture, where each marker segment (with a scan's entropy-coded data) starts, and the file's end.</summary>
    private static readonly int[][] Boundaries = [.. Valid.Select(f => (int[])[.. JpegTestFiles.ReadSegments(f).Select(s => s.Offset), f.Length])];

    [Fact]
    public void Random_bytes_are_refused_with_ImageFormatException()
    {
        Gen<byte[]> inputs = Gen.OneOf(
            FileMutations.RandomBytes(256),
            FileMutations.RandomBytes(256).Select(tail => (byte[])[0xFF, 0xD8, 0xFF, .. tail]));
        ParserProperty.ReadsOrRefuses<ImageFormatException, byte[]>(inputs, Decode, iter: 2000);
    }

    [Fact]
    public void Damaged_files_are_decoded_or_refused_with_ImageFormatException() =>
        ParserProperty.ReadsOrRefuses<ImageFormatException, MutatedFile>(FileMutations.Of(Valid), m => Decode(m.Bytes), iter: 1500);

    [Fact]
    public void Files_with_segments_dropped_repeated_swapped_or_spliced_are_decoded_or_refused_with_ImageFormatException()
    {
        Gen<SegmentEdit> edit = Gen.Select(Gen.Int[0, 3], Gen.Int[1, 40], Gen.Int[0, Valid.Length - 1], Gen.Int[0, 40], (k, i, f, j) => new SegmentEdit(k, i, f, j));
        Gen<(int File, SegmentEdit[] Edits)> inputs = Gen.Select(Gen.Int[0, Valid.Length - 1], edit.Array[1, 3]);
        ParserProperty.ReadsOrRefuses<ImageFormatException, (int File, SegmentEdit[] Edits)>(
            inputs,
            c => Decode(Edit(c.File, c.Edits)),
            iter: 1000,
            print: c => $"{Names[c.File]}: {string.Join("; ", c.Edits.Select(e => e.ToString()))}");
    }

    private static void Decode(byte[] data) => _ = JpegCodec.Decode(data, "damaged.jpg");

    /// <summary>The fixture's segments (SOI stays first) with the edits applied in order.</summary>
    private static byte[] Edit(int file, SegmentEdit[] edits)
    {
        List<byte[]> Segments(int f) => [.. Boundaries[f].Zip(Boundaries[f].Skip(1), (start, end) => Valid[f][start..end])];
        List<byte[]> segments = Segments(file);
        foreach (SegmentEdit e in edits)
        {
            if (segments.Count < 2)
            {
                break;
            }

            int i = 1 + (e.Index % (segments.Count - 1));
            switch (e.Kind)
            {
                case 0:
                    segments.RemoveAt(i);
                    break;
                case 1:
                    segments.Insert(i, segments[i]);
                    break;
                case 2 when i + 1 < segments.Count:
                    (segments[i], segments[i + 1]) = (segments[i + 1], segments[i]);
                    break;
                default:
                    List<byte[]> other = Segments(e.OtherFile);
                    segments.Insert(i, other[1 + (e.OtherIndex % (other.Count - 1))]);
                    break;
            }
        }

        return [.. segments.SelectMany(s => s)];
    }

    /// <summary>Drop (0), repeat (1), swap with the next (2) segment <see cref="Index"/>, or insert one of another fixture's (3).</summary>
    private sealed record SegmentEdit(int Kind, int Index, int OtherFile, int OtherIndex)
    {
        /// <inheritdoc />
        public override string ToString() => Kind switch
        {
            0 => $"drop segment {Index}",
            1 => $"repeat segment {Index}",
            2 => $"swap segment {Index} with the next",
            _ => $"insert segment {OtherIndex} of {Names[OtherFile]} at {Index}",
        };
    }
}
