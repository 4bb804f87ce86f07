using GameUpscaler.IO;
using GameUpscaler.Imaging;

namespace GameUpscaler.Capture;

/// <summary>
/// Writes a frame capture. Frames go to a hidden staging folder beside the target; <see cref="Complete"/> writes
/// <c>capture.json</c> and moves the folder into place, so a failure or a kill leaves no half capture under the
/// target's name, and an existing folder is never overwritten (it must not exist, or be empty).
/// </summary>
public sealed class CaptureWriter : IDisposable
{
    private readonly OutputFolder _output;
    private readonly Size2D _render;
    private readonly Size2D _display;
    private readonly bool _depth;
    private readonly List<CaptureFrameInfo> _frames = [];
    private bool? _references;
    private bool _completed;

    /// <param name="folder">The capture folder to create (absent, or an empty folder).</param>
    /// <param name="renderSize">Colour, motion and depth size.</param>
    /// <param name="displaySize">Reference size.</param>
    /// <param name="hasDepth">Whether frames carry depth.</param>
    /// <exception cref="IOException">The folder exists and is not empty, or its parent does not exist.</exception>
    public CaptureWriter(string folder, Size2D renderSize, Size2D displaySize, bool hasDepth)
    {
        _output = OutputFolder.Begin(folder, "a capture is written to a new folder");
        _render = renderSize;
        _display = displaySize;
        _depth = hasDepth;
        foreach (string kind in (string[])["color", "motion", .. hasDepth ? ["depth"] : Array.Empty<string>()])
        {
            Directory.CreateDirectory(Path.Combine(_output.Staging, kind));
        }
    }

    /// <summary>Frames written so far.</summary>
    public int FrameCount => _frames.Count;

    /// <summary>Adds the next frame; its number is <see cref="FrameCount"/> before the call.</summary>
    /// <exception cref="ArgumentException">A size disagrees with the capture's, depth is missing or unexpected, or references are given for some frames only.</exception>
    public void Add(Image8 color, FloatMap motion, FloatMap? depth, Image8? reference, CaptureFrameInfo info)
    {
        ArgumentNullException.ThrowIfNull(color);
        ArgumentNullException.ThrowIfNull(motion);
        ObjectDisposedException.ThrowIf(_completed, this);
        if (color.Width != _render.Width || color.Height != _render.Height || motion.Size != _render || motion.Channels != 3)
        {
            throw new ArgumentException($"Colour and motion must be {_render.Width}x{_render.Height} (motion with 3 channels).");
        }

        if ((depth is not null) != _depth || (depth is not null && (depth.Size != _render || depth.Channels != 1)))
        {
            throw new ArgumentException(_depth ? $"Depth ({_render.Width}x{_render.Height}, 1 channel) is required for every frame." : "This capture was created without depth.");
        }

        if (_references is { } has && has != (reference is not null))
        {
            throw new ArgumentException("References are given for every frame or for none.");
        }

        if (reference is not null && (reference.Width != _display.Width || reference.Height != _display.Height))
        {
            throw new ArgumentException($"The reference must be {_display.Width}x{_display.Height}.");
        }

        int index = _frames.Count;
        PngCodec.Encode(color, CaptureReader.FramePath(_output.Staging, "color", index, ".png"));
        PfmFile.Write(motion, CaptureReader.FramePath(_output.Staging, "motion", index, ".pfm"));
        if (depth is not null)
        {
            PfmFile.Write(depth, CaptureReader.FramePath(_output.Staging, "depth", index, ".pfm"));
        }

        if (reference is not null)
        {
            if (_references is null)
            {
                Directory.CreateDirectory(Path.Combine(_output.Staging, "reference"));
            }

            PngCodec.Encode(reference, CaptureReader.FramePath(_output.Staging, "reference", index, ".png"));
        }

        _references = reference is not null;
        _frames.Add(index == 0 ? info with { Reset = true } : info);
    }

    /// <summary>Writes <c>capture.json</c> and moves the capture into place.</summary>
    /// <exception cref="InvalidOperationException">No frame was added.</exception>
    /// <exception cref="IOException">The move failed (the staging folder is removed).</exception>
    public CaptureManifest Complete()
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        if (_frames.Count == 0)
        {
            throw new InvalidOperationException("A capture needs at least one frame.");
        }

        var manifest = new CaptureManifest(_render, _display, _depth, [.. _frames]);
        File.WriteAllBytes(Path.Combine(_output.Staging, CaptureReader.ManifestName), manifest.ToJson());
        _output.Commit();
        _completed = true;
        return manifest;
    }

    /// <summary>Removes the staging folder unless the capture was completed.</summary>
    public void Dispose()
    {
        _output.Dispose();
        _completed = true;
    }
}
