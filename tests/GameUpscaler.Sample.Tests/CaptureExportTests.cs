using GameUpscaler.Capture;
using GameUpscaler.Hooks;
using GameUpscaler.Metrics;
using GameUpscaler.Scene;
using GameUpscaler.Tests;

namespace GameUpscaler.Sample.Tests;

/// <summary>
/// The sample renders like a game that supports temporal upscalers: Halton jitter, exact motion vectors and depth
/// from the ray caster, a ball that moves on its own, camera cuts; and writes it all as a capture that our reader takes.
/// </summary>
[Collection("Sample")]
public sealed class CaptureExportTests(SampleFixture fixture)
{
    private static readonly RenderPipelineHookSettings Performance = new(true, QualityMode.Performance);

    private SampleGame NewGame() => new(fixture.Device, SampleFixture.Display, null, "spatial") { DrawHud = false };

    private CaptureReader Export(int path, int frames, string folder)
    {
        using SampleGame game = NewGame();
        CaptureExporter.Export(game, Performance, frames, path, samplesPerAxis: 2, folder, TextWriter.Null);
        fixture.AssertValidationSilent();
        return CaptureReader.Open(folder);
    }

    [Fact]
    public void The_capture_has_halton_jitter_and_motion_vectors_that_explain_the_next_frame()
    {
        using var temp = new TemporaryDirectory();
        CaptureReader capture = Export(path: 0, frames: 4, temp.File("cap"));

        Size2D render = Performance.GetRenderResolution(SampleFixture.Display);
        Assert.Equal((render, SampleFixture.Display, 4), (capture.Manifest.RenderSize, capture.Manifest.DisplaySize, capture.FrameCount));
        int phases = TemporalJitter.GetPhaseCount(render, SampleFixture.Display);
        for (int t = 0; t < 4; t++)
        {
            (float x, float y) = TemporalJitter.GetOffset(t, phases);
            Assert.Equal((x, y, t == 0), (capture.Manifest.Frames[t].JitterX, capture.Manifest.Frames[t].JitterY, capture.Manifest.Frames[t].Reset));
        }

        // The camera drives forward. Warping the previous reference by the motion vectors explains the next frame
        // better than no motion, the opposite sign, or the vectors scaled by ½ or 1½: their direction and length are
        // right (thin poles and wires keep some error: references are 2×2 samples at 128×72).
        for (int t = 1; t < 4; t++)
        {
            CaptureFrame previous = capture.ReadFrame(t - 1), current = capture.ReadFrame(t);
            Assert.All(current.Depth!.Data, d => Assert.True(d > 0));
            float[] flow = CaptureScoring.DisplayMotion(current.Motion, SampleFixture.Display);
            LumaImage before = LumaImage.FromRgb(previous.Reference!), now = LumaImage.FromRgb(current.Reference!);
            double Error(float scale) => Rms(CaptureScoring.Warp(before, [.. flow.Select(v => v * scale)]), now);
            double exact = Error(1);
            foreach (float wrong in (float[])[0, 0.5f, 1.5f, -1])
            {
                Assert.True(exact < Error(wrong), $"frame {t}: motion x1 {exact:F2}, x{wrong} {Error(wrong):F2}");
            }
        }
    }

    [Theory]
    [InlineData(2, 0.0005f, 0.02f)]
    [InlineData(SceneRenderer.FirstStillTrainingPath + 5, 0f, 0.001f)]
    [InlineData(SceneRenderer.FirstIdleTrainingPath + 5, 0.0005f, 0.1f)]
    public void With_a_still_camera_only_the_ball_moves(int path, float medianLeast, float medianLimit)
    {
        using var temp = new TemporaryDirectory();
        CaptureReader capture = Export(path, frames: 3, temp.File("cap"));
        CaptureFrame frame = capture.ReadFrame(2);
        var speeds = Enumerable.Range(0, frame.Motion.Width * frame.Motion.Height)
            .Select(i => MathF.Sqrt((frame.Motion.Data[3 * i] * frame.Motion.Data[3 * i]) + (frame.Motion.Data[(3 * i) + 1] * frame.Motion.Data[(3 * i) + 1])))
            .Order()
            .ToArray();

        // The report's still camera drifts by millimetres, a still training path not at all, an idling one by
        // centimetres; the ball bounces and weaves: its pixels move by a good part of a pixel.
        float median = speeds[speeds.Length / 2];
        Assert.True(median >= medianLeast && median <= medianLimit, $"median {median}");
        Assert.True(speeds[^1] > 0.15, $"fastest {speeds[^1]}");
    }

    [Fact]
    public void A_camera_cut_is_a_reset_with_zero_motion()
    {
        double cut = SceneRenderer.CutTimes[1];
        int cutFrame = (int)Math.Ceiling(cut * SceneRenderer.PathFramesPerSecond);
        Assert.True(SceneRenderer.IsCut(cutFrame, 1));
        Assert.False(SceneRenderer.IsCut(cutFrame - 1, 1) || SceneRenderer.IsCut(cutFrame + 1, 1));

        using var temp = new TemporaryDirectory();
        CaptureReader capture = Export(path: 1, frames: cutFrame + 2, temp.File("cap"));
        Assert.Equal([0, cutFrame], Enumerable.Range(0, capture.FrameCount).Where(t => capture.Manifest.Frames[t].Reset));
        Assert.All(capture.ReadFrame(cutFrame).Motion.Data, v => Assert.Equal(0f, v));
        Assert.Contains(capture.ReadFrame(cutFrame + 1).Motion.Data, v => v != 0f);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void The_reset_flag_falls_on_the_frame_whose_picture_jumps(int path)
    {
        // Each evaluation path's cut lies exactly on a frame time, where the host's flag and the shader's shot must
        // agree to the last bit (path 2's reset once came a frame late: its frame 42 showed the new shot with history).
        int cutFrame = Enumerable.Range(1, 60).Single(k => SceneRenderer.IsCut(k, path));
        Assert.Equal((int)Math.Round(SceneRenderer.CutTimes[path] * SceneRenderer.PathFramesPerSecond), cutFrame);

        using SampleGame game = NewGame();
        LumaImage Frame(int k) => LumaImage.FromRgb(game.RenderSceneReference(k, path, SampleFixture.Display, samplesPerAxis: 2));
        LumaImage before = Frame(cutFrame - 2), last = Frame(cutFrame - 1), first = Frame(cutFrame), next = Frame(cutFrame + 1);
        fixture.AssertValidationSilent();
        double inShot = Math.Max(Rms(before.Samples, last), Rms(first.Samples, next));
        double acrossCut = Rms(last.Samples, first);
        Assert.True(acrossCut > 1.5 * inShot, $"path {path}: across the cut {acrossCut:F2}, within a shot {inShot:F2}");
    }

    private static double Rms(double[] a, LumaImage b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double d = a[i] - b.Samples[i];
            sum += d * d;
        }

        return Math.Sqrt(sum / a.Length);
    }
}
