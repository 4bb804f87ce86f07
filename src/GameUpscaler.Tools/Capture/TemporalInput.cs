using GameUpscaler.Imaging;

namespace GameUpscaler.Capture;

/// <summary>
/// What a temporal upscaler gets for one frame: exactly what an engine hands it (never the reference). The same
/// shape as the plugin's dispatch inputs: jittered colour, motion vectors (previous minus current, render pixels, no
/// jitter), optional linear depth, the jitter and the reset flag.
/// </summary>
/// <param name="Color">Render-size colour, RGB.</param>
/// <param name="Motion">Render-size motion vectors (mx, my, 0).</param>
/// <param name="Depth">Render-size linear view depth (larger is farther), or null.</param>
/// <param name="JitterX">Sample offset in render pixels, x right.</param>
/// <param name="JitterY">Sample offset in render pixels, y down.</param>
/// <param name="Reset">History must be discarded.</param>
public sealed record TemporalInput(Image8 Color, FloatMap Motion, FloatMap? Depth, float JitterX, float JitterY, bool Reset)
{
    /// <summary>The engine's view of a capture frame.</summary>
    public static TemporalInput Of(CaptureFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        return new TemporalInput(frame.Color, frame.Motion, frame.Depth, frame.Info.JitterX, frame.Info.JitterY, frame.Info.Reset);
    }
}

/// <summary>An upscaler replayed over a sequence: it may keep state (history) between calls.</summary>
public interface ITemporalUpscaleMethod
{
    /// <summary>A short name for tables ("bicubic", "taau", "model:x2-c16-n4-l1").</summary>
    string Name { get; }

    /// <summary>Upscales one frame to <paramref name="displaySize"/>; frames come in order.</summary>
    Image8 Upscale(TemporalInput input, Size2D displaySize);
}
