using GameUpscaler.Evaluation;
using GameUpscaler.Imaging;
using GameUpscaler.Resampling;

namespace GameUpscaler.Tests.Evaluation;

public sealed class TemporalStabilityTests
{
    private static readonly Image8 Scene = TestScene.Render(200, 200);

    [Fact]
    public void The_reference_pan_itself_has_no_warping_error()
    {
        // The frames are exact crops: moved back by the pan they match pixel for pixel, so any error a method shows is its own.
        IReadOnlyList<Image8> frames = TemporalStability.PanFrames(Scene, 2, 5, 3, new Size2D(96, 96));
        Assert.Equal(5, frames.Count);
        Assert.Equal(0, TemporalStability.WarpingError(frames, 3, 0));
        Assert.NotEqual(frames[0].Pixels, frames[1].Pixels);
    }

    [Fact]
    public void Bicubic_is_steady_on_whole_pixel_moves_and_flickers_on_half_pixel_moves()
    {
        // A move of s HR pixels is a whole low-resolution pixel: bicubic down and up is shift-equivariant away from
        // the frame edges, which the border removes, so the error is exactly 0. A move of 1 HR pixel changes the
        // sampling phase of every low-resolution frame and bicubic's blur with it.
        var bicubic = new ResamplerMethod(ResampleKernel.Bicubic);
        var size = new Size2D(96, 96);
        TemporalStability.Score whole = TemporalStability.Measure(TemporalStability.PanFrames(Scene, 2, 4, 2, size), 2, 2, bicubic);
        TemporalStability.Score half = TemporalStability.Measure(TemporalStability.PanFrames(Scene, 2, 4, 1, size), 2, 1, bicubic);
        Assert.Equal(0, whole.WarpingError);
        Assert.True(half.WarpingError > 0.5, $"warping error {half.WarpingError}");
        Assert.InRange(whole.PsnrY, 15, 60);
    }

    [Fact]
    public void The_warping_error_is_the_rms_of_the_moved_difference()
    {
        // Two flat frames 3 Y-levels apart (grey 100 and a grey whose Y is 3 higher): the error is exactly that step.
        var a = new Image8(40, 40, 3);
        var b = new Image8(40, 40, 3);
        Array.Fill(a.Pixels, (byte)100);
        Array.Fill(b.Pixels, (byte)100);
        for (int i = 0; i < b.Pixels.Length; i += 3)
        {
            b.Pixels[i + 1] = 106; // Y changes by 128.553 * 6 / 255
        }

        Assert.Equal(128.553 * 6 / 255, TemporalStability.WarpingError([a, b], 1, 4), 1e-9);
    }

    [Fact]
    public void Bad_pans_are_refused_in_words()
    {
        Assert.Throws<ArgumentException>(() => TemporalStability.PanFrames(Scene, 2, 8, 20, new Size2D(96, 96)));
        Assert.Throws<ArgumentException>(() => TemporalStability.PanFrames(Scene, 3, 4, 1, new Size2D(95, 96)));
        Assert.Throws<ArgumentException>(() => TemporalStability.WarpingError([Scene], 1, 0));
        Assert.Throws<ArgumentException>(() => TemporalStability.WarpingError([Scene, TestScene.Render(100, 100)], 1, 0));
        Assert.Throws<ArgumentException>(() => TemporalStability.WarpingError([Scene, Scene], 1, 100));
    }
}
