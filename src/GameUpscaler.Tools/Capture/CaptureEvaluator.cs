using System.Diagnostics;
using GameUpscaler.Evaluation;
using GameUpscaler.Imaging;

namespace GameUpscaler.Capture;

/// <summary>One frame's scores.</summary>
/// <param name="Index">The frame.</param>
/// <param name="PsnrY">Y-PSNR in dB against the reference.</param>
/// <param name="SsimY">Y-SSIM.</param>
/// <param name="TemporalError">Against the previous frame; null for frame 0 and reset frames.</param>
/// <param name="Milliseconds">Wall time of the method's call for this frame.</param>
/// <param name="Reset">Whether the frame was a reset.</param>
/// <param name="HighFrequencyRatio">Y high-frequency energy against the reference's (1: as sharp).</param>
public sealed record CaptureFrameScore(int Index, double PsnrY, double SsimY, double? TemporalError, double Milliseconds, bool Reset, double HighFrequencyRatio = double.NaN);

/// <summary>A method's scores on a capture, as CAPTURE.md defines them.</summary>
/// <param name="Method">The method's name.</param>
/// <param name="PsnrY">Mean Y-PSNR over all frames.</param>
/// <param name="PsnrYFromFrame8">Mean Y-PSNR over frames 8 and later; NaN for a shorter capture.</param>
/// <param name="SsimY">Mean Y-SSIM over all frames.</param>
/// <param name="TemporalError">Mean temporal error over frames 1 and later that are not resets; NaN when there are none.</param>
/// <param name="MillisecondsPerFrame">Mean wall time per frame of the method.</param>
/// <param name="Frames">Per frame.</param>
/// <param name="HighFrequencyRatio">Mean over all frames of the Y high-frequency energy ratio to the reference (1: as sharp; see <see cref="Metrics.ImageQuality.HighFrequencyEnergyRatio"/>).</param>
public sealed record CaptureScore(
    string Method, double PsnrY, double PsnrYFromFrame8, double SsimY, double TemporalError, double MillisecondsPerFrame, IReadOnlyList<CaptureFrameScore> Frames,
    double HighFrequencyRatio = double.NaN);

/// <summary>Replays a capture through a method, frame by frame in order, and scores it (<see cref="CaptureScoring"/>).</summary>
public static class CaptureEvaluator
{
    /// <summary>Replays and scores.</summary>
    /// <param name="capture">An opened capture with references.</param>
    /// <param name="method">The method; it sees only <see cref="TemporalInput"/>, never the reference.</param>
    /// <param name="onFrame">Receives each output frame (e.g. to keep it for writing once everything succeeded); may be null.</param>
    /// <param name="progress">Frames done; may be null.</param>
    /// <exception cref="CaptureFormatException">The capture has no references.</exception>
    /// <exception cref="IOException">A frame's file is missing or malformed (the message names it).</exception>
    /// <exception cref="InvalidOperationException">The method returned a frame of the wrong size.</exception>
    public static CaptureScore Evaluate(CaptureReader capture, ITemporalUpscaleMethod method, Action<int, Image8>? onFrame = null, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(capture);
        ArgumentNullException.ThrowIfNull(method);
        if (!capture.HasReferences)
        {
            throw new CaptureFormatException(Path.Combine(capture.Folder, "reference"), "is missing: scoring needs the display-size references");
        }

        Size2D display = capture.Manifest.DisplaySize;
        var frames = new List<CaptureFrameScore>(capture.FrameCount);
        Image8? previousOutput = null, previousReference = null;
        for (int t = 0; t < capture.FrameCount; t++)
        {
            CaptureFrame frame = capture.ReadFrame(t);
            long start = Stopwatch.GetTimestamp();
            Image8 output = method.Upscale(TemporalInput.Of(frame), display);
            double milliseconds = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (output.Width != display.Width || output.Height != display.Height)
            {
                throw new InvalidOperationException($"Method '{method.Name}' returned {output.Width}x{output.Height} for frame {t}; the display size is {display.Width}x{display.Height}.");
            }

            output = output.ToRgb();
            Image8 reference = frame.Reference!;
            double? temporal = frame.Info.Reset || previousOutput is null
                ? null
                : CaptureScoring.TemporalError(output, previousOutput, reference, previousReference!, frame.Motion);
            frames.Add(new CaptureFrameScore(t, CaptureScoring.PsnrY(reference, output), CaptureScoring.SsimY(reference, output), temporal, milliseconds, frame.Info.Reset,
                Metrics.ImageQuality.HighFrequencyEnergyRatio(reference, output, CaptureScoring.Border)));
            onFrame?.Invoke(t, output);
            progress?.Report(t + 1);
            previousOutput = output;
            previousReference = reference;
        }

        double[] temporalErrors = [.. frames.Where(f => f.TemporalError is not null).Select(f => f.TemporalError!.Value)];
        CaptureFrameScore[] settled = [.. frames.Where(f => f.Index >= CaptureScoring.SettledFrame)];
        return new CaptureScore(
            method.Name,
            frames.Average(f => f.PsnrY),
            settled.Length > 0 ? settled.Average(f => f.PsnrY) : double.NaN,
            frames.Average(f => f.SsimY),
            temporalErrors.Length > 0 ? temporalErrors.Average() : double.NaN,
            frames.Average(f => f.Milliseconds),
            frames,
            Metrics.ImageQuality.MeanHighFrequencyRatio(frames.Select(f => f.HighFrequencyRatio)));
    }
}

/// <summary>A per-frame method (resampler, spatial upscaler, generator) replayed over a capture: jitter, motion and history are ignored.</summary>
public sealed class PerFrameMethod(IUpscaleMethod method) : ITemporalUpscaleMethod
{
    private readonly IUpscaleMethod _method = method ?? throw new ArgumentNullException(nameof(method));

    /// <inheritdoc />
    public string Name => _method.Name;

    /// <inheritdoc />
    public Image8 Upscale(TemporalInput input, Size2D displaySize)
    {
        ArgumentNullException.ThrowIfNull(input);
        return _method.Upscale(input.Color, displaySize);
    }
}
