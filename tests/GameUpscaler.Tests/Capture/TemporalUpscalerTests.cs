using GameUpscaler.Capture;
using GameUpscaler.Evaluation;
using GameUpscaler.Imaging;
using GameUpscaler.Resampling;
using GameUpscaler.Temporal;

namespace GameUpscaler.Tests.Capture;

/// <summary>
/// The CPU TAAU against analytic captures (<see cref="SyntheticCapture"/>): scoring conventions, convergence on a
/// static jittered view, reset, and no trail behind a moving object. Margins are stated in each test.
/// </summary>
public sealed class TemporalUpscalerTests
{
    private static readonly Size2D Render = new(48, 32);
    private static readonly Size2D Display = new(96, 64);

    /// <summary>Replays in memory (no files): what <see cref="CaptureEvaluator"/> does, for sequences the tests build.</summary>
    private static (List<Image8> Outputs, List<double> Psnr, double Temporal) Replay(SyntheticCapture capture, ITemporalUpscaleMethod method)
    {
        var outputs = new List<Image8>();
        var psnr = new List<double>();
        double temporal = 0;
        int pairs = 0;
        CaptureFrame? previous = null;
        for (int t = 0; t < capture.Frames; t++)
        {
            CaptureFrame frame = capture.Frame(t);
            Image8 output = method.Upscale(TemporalInput.Of(frame), capture.Display);
            psnr.Add(CaptureScoring.PsnrY(frame.Reference!, output));
            if (previous is not null && !frame.Info.Reset)
            {
                temporal += CaptureScoring.TemporalError(output, outputs[^1], frame.Reference!, previous.Reference!, frame.Motion);
                pairs++;
            }

            outputs.Add(output);
            previous = frame;
        }

        return (outputs, psnr, pairs > 0 ? temporal / pairs : double.NaN);
    }

    private sealed class ReferenceMethod(SyntheticCapture capture) : ITemporalUpscaleMethod
    {
        private int _frame;

        public string Name => "reference";

        public Image8 Upscale(TemporalInput input, Size2D displaySize) => capture.Frame(_frame++).Reference!;
    }

    [Fact]
    public void The_reference_scores_a_temporal_error_of_exactly_zero_under_motion()
    {
        var capture = new SyntheticCapture(Render, Display, 4) { Pan = (1, 0.5f), ObjectVelocity = (2, 0) };
        Assert.Equal(0.0, Replay(capture, new ReferenceMethod(capture)).Temporal);
        Assert.True(Replay(capture, new PerFrameMethod(new ResamplerMethod(ResampleKernel.Bicubic))).Temporal > 1);
    }

    [Fact]
    public void On_a_static_jittered_view_taau_converges_well_above_bicubic()
    {
        var capture = new SyntheticCapture(Render, Display, 24);
        (_, List<double> taau, double taauTemporal) = Replay(capture, new TaauMethod());
        (_, List<double> bicubic, double bicubicTemporal) = Replay(capture, new PerFrameMethod(new ResamplerMethod(ResampleKernel.Bicubic)));

        // Rising over the first 16 frames as jittered samples accumulate …
        Assert.True(taau[15] > taau[0] + 3, $"frame 0 {taau[0]:F2} dB, frame 15 {taau[15]:F2} dB");
        Assert.True(taau.Skip(8).Take(8).Average() > taau.Take(4).Average() + 2);
        // … and ending clearly above the aliased single frame's bicubic upscale (stated margin: 3 dB).
        Assert.True(taau[^1] > bicubic[^1] + 3, $"taau {taau[^1]:F2} dB, bicubic {bicubic[^1]:F2} dB");
        // Bicubic of a jittered static view shifts every frame (flicker); the accumulated view is steadier.
        Assert.True(taauTemporal < bicubicTemporal * 0.5, $"taau {taauTemporal:F2}, bicubic {bicubicTemporal:F2}");
    }

    /// <summary>TAAU fed a deliberately wrong convention (jitter or motion sign flipped).</summary>
    private sealed class Flipped(bool jitter, bool motion) : ITemporalUpscaleMethod
    {
        private readonly TaauMethod _inner = new();

        public string Name => "flipped";

        public Image8 Upscale(TemporalInput input, Size2D displaySize)
        {
            var m = new FloatMap(input.Motion.Width, input.Motion.Height, 3, [.. input.Motion.Data.Select(v => motion ? -v : v)]);
            return _inner.Upscale(input with { Motion = m, JitterX = jitter ? -input.JitterX : input.JitterX, JitterY = jitter ? -input.JitterY : input.JitterY }, displaySize);
        }
    }

    [Fact]
    public void The_jitter_and_motion_conventions_are_the_formats_a_flipped_sign_scores_clearly_worse()
    {
        var still = new SyntheticCapture(Render, Display, 16);
        var panning = new SyntheticCapture(Render, Display, 16) { Pan = (1.5f, 0.5f) };
        double Settled(SyntheticCapture c, ITemporalUpscaleMethod m) => Replay(c, m).Psnr.Skip(8).Average();

        Assert.True(Settled(still, new TaauMethod()) > Settled(still, new Flipped(jitter: true, motion: false)) + 1);
        Assert.True(Settled(panning, new TaauMethod()) > Settled(panning, new Flipped(jitter: false, motion: true)) + 1);
    }

    [Fact]
    public void A_reset_frame_equals_the_result_without_history()
    {
        var capture = new SyntheticCapture(Render, Display, 10) { Pan = (0.5f, 0), CutAt = 6 };
        List<Image8> outputs = Replay(capture, new TaauMethod()).Outputs;

        var fresh = new TaauMethod();
        Image8 alone = fresh.Upscale(TemporalInput.Of(capture.Frame(6)), Display);
        Assert.Equal(alone.Pixels, outputs[6].Pixels);
        Assert.NotEqual(outputs[5].Pixels, outputs[6].Pixels);
    }

    [Fact]
    public void A_moving_object_leaves_no_trail_on_the_background_it_uncovers()
    {
        // A 20-pixel square moving 2 display pixels per frame to the right over the detailed background.
        var capture = new SyntheticCapture(Render, Display, 20) { ObjectVelocity = (2, 0) };
        List<Image8> taau = Replay(capture, new TaauMethod()).Outputs;
        List<Image8> noDisocclusion = Replay(capture, new TaauMethod(new TemporalUpscalerSettings { DisocclusionDepthTolerance = 1e6f })).Outputs;

        // The band the square uncovered over the last 4 frames (behind its left edge), scored against the reference.
        int t = capture.Frames - 1;
        (float ox, float oy) = capture.ObjectAt(t);
        Image8 reference = capture.Frame(t).Reference!;
        double trail = BandError(taau[t], reference, (int)ox - 8, (int)ox - 1, (int)oy + 2, (int)oy + capture.ObjectSize - 2);
        double bicubicTrail = BandError(new ResamplerMethod(ResampleKernel.Bicubic).Upscale(capture.Frame(t).Color, Display), reference, (int)ox - 8, (int)ox - 1, (int)oy + 2, (int)oy + capture.ObjectSize - 2);
        double ghost = BandError(noDisocclusion[t], reference, (int)ox - 8, (int)ox - 1, (int)oy + 2, (int)oy + capture.ObjectSize - 2);

        // Stated bound: no worse than a single frame's bicubic upscale there, and the depth test is what keeps it so.
        Assert.True(trail <= bicubicTrail * 1.1, $"trail {trail:F1}, bicubic {bicubicTrail:F1}, without the depth test {ghost:F1}");
        Assert.True(trail < ghost, $"with disocclusion {trail:F1}, without {ghost:F1}");
    }

    [Fact]
    public void Invalid_inputs_are_refused_clearly()
    {
        var upscaler = new TemporalUpscalerReference(Render, Display);
        var color = new Image8(Render.Width, Render.Height, 3);
        float[] motion = new float[Render.Width * Render.Height * 2];
        Assert.Contains("jitter", Assert.Throws<ArgumentException>(() => upscaler.Upscale(color, motion, [], float.NaN, 0, false)).Message, StringComparison.Ordinal);
        Assert.Contains("Motion", Assert.Throws<ArgumentException>(() => upscaler.Upscale(color, motion[..10], [], 0, 0, false)).Message, StringComparison.Ordinal);
        Assert.Contains("render size", Assert.Throws<ArgumentException>(() => upscaler.Upscale(new Image8(8, 8, 3), motion, [], 0, 0, false)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new TemporalUpscalerReference(Display, Render));
    }

    /// <summary>RMS of Y over a rectangle of display pixels [x0, x1] × [y0, y1].</summary>
    private static double BandError(Image8 output, Image8 reference, int x0, int x1, int y0, int y1)
    {
        GameUpscaler.Metrics.LumaImage a = GameUpscaler.Metrics.LumaImage.FromRgb(output), b = GameUpscaler.Metrics.LumaImage.FromRgb(reference);
        double sum = 0;
        int n = 0;
        for (int y = Math.Max(0, y0); y <= Math.Min(output.Height - 1, y1); y++)
        {
            for (int x = Math.Max(0, x0); x <= Math.Min(output.Width - 1, x1); x++)
            {
                double d = a.Samples[(y * output.Width) + x] - b.Samples[(y * output.Width) + x];
                sum += d * d;
                n++;
            }
        }

        return Math.Sqrt(sum / n);
    }
}
