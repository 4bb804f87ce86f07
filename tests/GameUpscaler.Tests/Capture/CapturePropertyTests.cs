using CsCheck;
using GameUpscaler.Capture;
using GameUpscaler.Imaging;

namespace GameUpscaler.Tests.Capture;

/// <summary>
/// Property tests of the capture format (CsCheck, shrinking failures; format in <c>../shared/docs/CAPTURE.md</c>):
/// <c>capture.json</c> is parsed or refused with <see cref="CaptureFormatException"/>, a PFM decoded or refused with
/// <see cref="ImageFormatException"/>, and a damaged capture folder read frame by frame or refused with one of the
/// two (the reader's <see cref="IOException"/>s for malformed content), nothing else. Captures of any size, frame
/// count, depth and reference setting, jitter and reset flags survive <see cref="CaptureWriter"/> →
/// <see cref="CaptureReader"/> exactly.
/// </summary>
public sealed class CapturePropertyTests
{
    private static readonly SyntheticCapture Small = new(new Size2D(6, 4), new Size2D(12, 8), 2) { Pan = (1, 0), ObjectVelocity = (1, 1), ObjectSize = 3 };

    private static readonly byte[] Manifest = new CaptureManifest(
        Small.Render, Small.Display, HasDepth: true, [new(0.25f, -0.5f, true), new(-0.125f, 0.375f, false)]).ToJson();

    private static readonly byte[][] Pfms =
    [
        PfmFile.Encode(Small.Frame(1).Motion),
        PfmFile.Encode(Small.Frame(1).Depth!),
        [.. "Pf\n3 1\n1.0\n"u8, 0x3F, 0x80, 0, 0, 0xC1, 0x20, 0, 0, 0, 0, 0, 0], // big-endian
    ];

    [Fact]
    public void Random_bytes_as_a_manifest_are_refused_with_CaptureFormatException() =>
        ParserProperty.ReadsOrRefuses<CaptureFormatException, byte[]>(FileMutations.RandomBytes(128), ParseManifest, iter: 1000);

    [Fact]
    public void Damaged_manifests_are_parsed_or_refused_with_CaptureFormatException() =>
        ParserProperty.ReadsOrRefuses<CaptureFormatException, MutatedFile>(FileMutations.Of([Manifest]), m => ParseManifest(m.Bytes), iter: 1000);

    [Fact]
    public void Manifests_with_wrong_keys_types_or_values_are_parsed_or_refused_with_CaptureFormatException() =>
        ParserProperty.ReadsOrRefuses<CaptureFormatException, JsonMutation[]>(
            FileMutations.JsonChange.Array[1, 3],
            changes => ParseManifest(JsonMutation.Apply(Manifest, changes)),
            iter: 1500,
            print: changes => string.Join("; ", changes.Select(c => c.ToString())));

    [Fact]
    public void Random_and_damaged_pfm_files_are_decoded_or_refused_with_ImageFormatException()
    {
        Gen<byte[]> random = Gen.OneOf(
            FileMutations.RandomBytes(128),
            FileMutations.RandomBytes(128).Select(tail => (byte[])[.. "PF\n"u8, .. tail]));
        ParserProperty.ReadsOrRefuses<ImageFormatException, byte[]>(random, DecodePfm, iter: 1000);
        ParserProperty.ReadsOrRefuses<ImageFormatException, MutatedFile>(FileMutations.Of(Pfms), m => DecodePfm(m.Bytes), iter: 1000);
    }

    [Fact]
    public void Damaged_capture_folders_are_read_or_refused_with_a_format_exception()
    {
        using var temp = new TemporaryDirectory();
        string template = temp.File("template");
        Small.Write(template);
        string[] files = [.. Directory.GetFiles(template, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(template, f)).Order(StringComparer.Ordinal)];
        byte[][] contents = [.. files.Select(f => File.ReadAllBytes(Path.Combine(template, f)))];

        // One file damaged (any mutation, the manifest's JSON structure too), removed, or copied to a frame number
        // or kind it does not belong to.
        Gen<FolderDamage> damage = Gen.Frequency(
            (6, Gen.Int[0, files.Length - 1].SelectMany(f => FileMutations.Of([contents[f]]).Select(m => new FolderDamage(f, m, null, null, -1)))),
            (2, FileMutations.JsonChange.Array[1, 2].Select(j => new FolderDamage(Array.IndexOf(files, CaptureReader.ManifestName), null, j, null, -1))),
            (1, Gen.Int[0, files.Length - 1].Select(f => new FolderDamage(f, null, null, null, -1))),
            (1, Gen.Select(Gen.Int[0, files.Length - 1], Gen.Int[0, files.Length - 1], Gen.Int[0, 3], (f, to, frame) => new FolderDamage(f, null, null, files[to], frame))));
        ParserProperty.ReadsOrRefuses(
            damage,
            d =>
            {
                string folder = temp.File(Guid.NewGuid().ToString("N"));
                try
                {
                    d.Apply(template, folder, files, contents);
                    CaptureReader reader = CaptureReader.Open(folder);
                    for (int t = 0; t < reader.FrameCount; t++)
                    {
                        _ = reader.ReadFrame(t);
                    }
                }
                finally
                {
                    Directory.Delete(folder, recursive: true);
                }
            },
            e => e is CaptureFormatException or ImageFormatException,
            iter: 200,
            print: d => d.Describe(files));
    }

    [Fact]
    public void Write_then_read_is_exact()
    {
        using var temp = new TemporaryDirectory();
        Gen<float> value = Gen.Float.Where(float.IsFinite);
        Gen<float> jitter = Gen.Float[-0.5f, 0.5f].Select(j => j >= 0.5f ? 0.25f : j);
        Gen<CaptureCase> captures =
            from shape in Gen.Select(Gen.Int[1, 9], Gen.Int[1, 7], Gen.Int[1, 3], Gen.Int[0, 3])
            from more in Gen.Select(Gen.Int[1, 3], Gen.Bool, Gen.Bool, Gen.Bool)
            let render = new Size2D(shape.Item1, shape.Item2)
            let display = new Size2D(shape.Item1 * shape.Item3, shape.Item2 * shape.Item3 + shape.Item4)
            let channels = more.Item4 ? 4 : 3
            from frames in Gen.Select(
                Gen.Byte.Array[render.Width * render.Height * channels],
                value.Array[render.Width * render.Height * 3],
                value.Array[render.Width * render.Height],
                Gen.Byte.Array[display.Width * display.Height * 3],
                Gen.Select(jitter, jitter, Gen.Bool, (x, y, reset) => new CaptureFrameInfo(x, y, reset)),
                (color, motion, depth, reference, info) => new CaptureFrame(
                    0,
                    new Image8(render.Width, render.Height, channels, color),
                    new FloatMap(render.Width, render.Height, 3, motion),
                    more.Item2 ? new FloatMap(render.Width, render.Height, 1, depth) : null,
                    more.Item3 ? new Image8(display.Width, display.Height, 3, reference) : null,
                    info)).Array[more.Item1]
            select new CaptureCase(render, display, more.Item2, frames);
        captures.Sample(
            c =>
            {
                string folder = temp.File(Guid.NewGuid().ToString("N"));
                using (var writer = new CaptureWriter(folder, c.Render, c.Display, c.HasDepth))
                {
                    foreach (CaptureFrame f in c.Frames)
                    {
                        writer.Add(f.Color, f.Motion, f.Depth, f.Reference, f.Info);
                    }

                    writer.Complete();
                }

                CaptureReader reader = CaptureReader.Open(folder);
                Assert.Equal((c.Render, c.Display, c.HasDepth, c.Frames.Length, c.Frames[0].Reference is not null), (reader.Manifest.RenderSize, reader.Manifest.DisplaySize, reader.Manifest.HasDepth, reader.FrameCount, reader.HasReferences));
                for (int t = 0; t < c.Frames.Length; t++)
                {
                    CaptureFrame expected = c.Frames[t], actual = reader.ReadFrame(t);
                    Assert.Equal(expected.Color.ToRgb().Pixels, actual.Color.Pixels); // colour is read as RGB
                    Assert.Equal(Bits(expected.Motion), Bits(actual.Motion));
                    Assert.Equal(expected.Depth is null ? null : Bits(expected.Depth), actual.Depth is null ? null : Bits(actual.Depth));
                    Assert.Equal(expected.Reference?.Pixels, actual.Reference?.Pixels);
                    Assert.Equal(t == 0 ? expected.Info with { Reset = true } : expected.Info, actual.Info); // frame 0 is a reset by definition
                    Assert.Equal(t, actual.Index);
                }

                Directory.Delete(folder, recursive: true);
            },
            iter: 100,
            print: c => c.ToString());
    }

    [Fact]
    public void Found_a_manifest_with_invalid_UTF8_or_an_escaped_lone_surrogate_is_a_CaptureFormatException()
    {
        // The JSON reader checks a string's UTF-8 and escapes only when it is read, and threw InvalidOperationException.
        string json = System.Text.Encoding.UTF8.GetString(Manifest);
        byte[] invalidUtf8 = (byte[])Manifest.Clone();
        invalidUtf8[json.IndexOf("gameupscaler-capture", StringComparison.Ordinal) + 3] = 0xFA;
        byte[] loneSurrogate = System.Text.Encoding.UTF8.GetBytes(json.Replace("\"linear_view_z\"", "\"\\ud800\"", StringComparison.Ordinal));
        Assert.Contains("UTF-8", Assert.Throws<CaptureFormatException>(() => ParseManifest(invalidUtf8)).Message, StringComparison.Ordinal);
        Assert.Contains("lone surrogate", Assert.Throws<CaptureFormatException>(() => ParseManifest(loneSurrogate)).Message, StringComparison.Ordinal);
    }

    private static void ParseManifest(byte[] json) => _ = CaptureManifest.Parse(json, "capture.json");

    private static void DecodePfm(byte[] pfm) => _ = PfmFile.Decode(pfm, "damaged.pfm");

    private static int[] Bits(FloatMap map) => [.. map.Data.Select(BitConverter.SingleToInt32Bits)];

    /// <summary>A capture to write: sizes, depth on or off, and its frames (references on all or none).</summary>
    private sealed record CaptureCase(Size2D Render, Size2D Display, bool HasDepth, CaptureFrame[] Frames)
    {
        /// <inheritdoc />
        public override string ToString() =>
            $"render {Render}, display {Display}, depth {HasDepth}, {Frames.Length} frame(s), colour {Frames[0].Color.Channels} channels, " +
            $"references {Frames[0].Reference is not null}, infos {string.Join(" ", Frames.Select(f => f.Info))}";
    }

    /// <summary>
    /// One change to a valid capture folder: file <see cref="File"/> mutated (bytes or, for the manifest, JSON), or
    /// removed (neither given), or copied to <see cref="CopyTo"/> renumbered as frame <see cref="Frame"/>.
    /// </summary>
    private sealed record FolderDamage(int File, MutatedFile? Bytes, JsonMutation[]? Json, string? CopyTo, int Frame)
    {
        public void Apply(string template, string folder, string[] files, byte[][] contents)
        {
            for (int i = 0; i < files.Length; i++)
            {
                string target = Path.Combine(folder, files[i]);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                byte[]? bytes = i != File ? contents[i] : Bytes?.Bytes ?? (Json is not null ? JsonMutation.Apply(contents[i], Json) : CopyTo is not null ? contents[i] : null);
                if (bytes is not null)
                {
                    System.IO.File.WriteAllBytes(target, bytes);
                }
            }

            if (CopyTo is not null)
            {
                string kind = Path.GetDirectoryName(CopyTo) is { Length: > 0 } k ? k : "color";
                System.IO.File.Copy(Path.Combine(template, files[File]), CaptureReader.FramePath(folder, kind, Frame, Path.GetExtension(CopyTo)), overwrite: true);
            }
        }

        public string Describe(string[] files) =>
            Bytes is not null ? $"{files[File]}: {Bytes}"
            : Json is not null ? $"{files[File]}: {string.Join("; ", Json.Select(j => j.ToString()))}"
            : CopyTo is not null ? $"{files[File]} copied over {Path.GetDirectoryName(CopyTo)} frame {Frame}"
            : $"{files[File]} removed";
    }
}
