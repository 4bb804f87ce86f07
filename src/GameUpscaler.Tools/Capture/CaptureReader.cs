using System.Globalization;
using GameUpscaler.IO;
using GameUpscaler.Imaging;

namespace GameUpscaler.Capture;

/// <summary>
/// Reads a frame capture folder (<c>../shared/docs/CAPTURE.md</c>). <see cref="Open"/> checks the manifest and that
/// every folder holds exactly one file per frame, numbered from 0000 without gaps; <see cref="ReadFrame"/> decodes a
/// frame and checks each file's size against the manifest. Every error names the file.
/// </summary>
public sealed class CaptureReader
{
    /// <summary>The manifest's file name.</summary>
    public const string ManifestName = "capture.json";

    private CaptureReader(string folder, CaptureManifest manifest, bool hasReferences)
    {
        Folder = folder;
        Manifest = manifest;
        HasReferences = hasReferences;
    }

    /// <summary>The capture folder.</summary>
    public string Folder { get; }

    /// <summary>The parsed <c>capture.json</c>.</summary>
    public CaptureManifest Manifest { get; }

    /// <summary>The number of frames.</summary>
    public int FrameCount => Manifest.Frames.Count;

    /// <summary>Whether <c>reference/</c> exists (required for scoring).</summary>
    public bool HasReferences { get; }

    /// <summary>Opens a capture: reads the manifest and checks the file lists of every folder.</summary>
    /// <exception cref="CaptureFormatException">The manifest is malformed, a folder is missing or its files disagree with the frame count.</exception>
    /// <exception cref="IOException">The folder or manifest cannot be read.</exception>
    public static CaptureReader Open(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"{folder}: no such capture folder");
        }

        string manifestPath = Path.Combine(folder, ManifestName);
        if (!File.Exists(manifestPath))
        {
            throw new CaptureFormatException(manifestPath, "is missing: not a frame capture folder?");
        }

        CaptureManifest manifest = CaptureManifest.Parse(InputFile.ReadAllBytes(manifestPath, 64L << 20, "capture manifest"), manifestPath);
        int frames = manifest.Frames.Count;
        CheckFolder(folder, "color", ".png", frames, required: true);
        CheckFolder(folder, "motion", ".pfm", frames, required: true);
        if (manifest.HasDepth)
        {
            CheckFolder(folder, "depth", ".pfm", frames, required: true);
        }

        bool references = CheckFolder(folder, "reference", ".png", frames, required: false);
        return new CaptureReader(folder, manifest, references);
    }

    /// <summary>The path of frame <paramref name="index"/>'s file of one kind (<c>color/0003.png</c> …).</summary>
    public static string FramePath(string folder, string kind, int index, string extension) =>
        Path.Combine(folder, kind, index.ToString("D4", CultureInfo.InvariantCulture) + extension);

    /// <summary>Reads and checks frame <paramref name="index"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No such frame.</exception>
    /// <exception cref="IOException">A file is missing, unreadable or malformed, or has the wrong size (the message names it).</exception>
    public CaptureFrame ReadFrame(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, FrameCount);
        Size2D render = Manifest.RenderSize;
        string colorPath = FramePath(Folder, "color", index, ".png");
        Image8 color = CheckSize(PngCodec.Decode(colorPath), render, colorPath, "render");
        if (color.Channels < 3)
        {
            throw new CaptureFormatException(colorPath, "is greyscale; colour frames are RGB or RGBA");
        }

        string motionPath = FramePath(Folder, "motion", index, ".pfm");
        FloatMap motion = ReadMap(motionPath, 3, render);
        FloatMap? depth = Manifest.HasDepth ? ReadMap(FramePath(Folder, "depth", index, ".pfm"), 1, render) : null;
        Image8? reference = null;
        if (HasReferences)
        {
            string referencePath = FramePath(Folder, "reference", index, ".png");
            reference = CheckSize(PngCodec.Decode(referencePath), Manifest.DisplaySize, referencePath, "display").ToRgb();
        }

        return new CaptureFrame(index, color.ToRgb(), motion, depth, reference, Manifest.Frames[index]);
    }

    private static FloatMap ReadMap(string path, int channels, Size2D size)
    {
        FloatMap map = PfmFile.Read(path);
        if (map.Channels != channels)
        {
            throw new CaptureFormatException(path, $"has {map.Channels} channel(s); expected {(channels == 3 ? "PF (3)" : "Pf (1)")}");
        }

        if (map.Size != size)
        {
            throw new CaptureFormatException(path, $"is {map.Width}x{map.Height}; the capture's render size is {size.Width}x{size.Height}");
        }

        return map;
    }

    private static Image8 CheckSize(Image8 image, Size2D size, string path, string which) =>
        image.Width == size.Width && image.Height == size.Height
            ? image
            : throw new CaptureFormatException(path, $"is {image.Width}x{image.Height}; the capture's {which} size is {size.Width}x{size.Height}");

    private static bool CheckFolder(string folder, string kind, string extension, int frames, bool required)
    {
        string path = Path.Combine(folder, kind);
        if (!Directory.Exists(path))
        {
            return required ? throw new CaptureFormatException(path, $"is missing ({frames} {extension} files expected)") : false;
        }

        var names = Directory.EnumerateFiles(path, "*" + extension).Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
        for (int i = 0; i < frames; i++)
        {
            string name = i.ToString("D4", CultureInfo.InvariantCulture) + extension;
            if (!names.Remove(name))
            {
                throw new CaptureFormatException(Path.Combine(path, name), $"is missing (capture.json lists {frames} frames)");
            }
        }

        if (names.Count > 0)
        {
            string extra = names.Order(StringComparer.Ordinal).First()!;
            throw new CaptureFormatException(Path.Combine(path, extra), $"is beyond the {frames} frames capture.json lists ({names.Count} extra file(s) in {kind}/)");
        }

        return true;
    }
}
