namespace GameUpscaler.Tests.Resampling;

using GameUpscaler.Imaging;
using GameUpscaler.Inference;
using GameUpscaler.Resampling;

/// <summary>The CPU rules the GPU output side follows: resample, HDR tonemap, HUD compositing, the frame chain.</summary>
public sealed class OutputResamplerTests
{
    [Fact]
    public void Same_size_is_an_exact_copy()
    {
        var image = Ramp(7, 5);
        Assert.Equal(image.Data, OutputResampler.Resample(image, 7, 5).Data);
    }

    [Theory]
    [InlineData(20, 10, 30, 15)]
    [InlineData(32, 24, 27, 20)]
    public void Constant_and_linear_images_are_reproduced_inside(int sw, int sh, int tw, int th)
    {
        var constant = new PlanarImage(sw, sh, 1);
        Array.Fill(constant.Data, 0.375f);
        Assert.All(OutputResampler.Resample(constant, tw, th).Data, v => Assert.Equal(0.375f, v, 5));

        // Catmull-Rom reproduces linear functions away from the clamped border.
        PlanarImage ramp = Ramp(sw, sh);
        PlanarImage result = OutputResampler.Resample(ramp, tw, th);
        float scale = (float)sw / tw;
        for (int x = 3; x < tw - 3; x++)
        {
            float sx = ((x + 0.5f) * scale) - 0.5f;
            Assert.Equal(sx / sw, result[x, th / 2, 0], 4);
        }
    }

    [Fact]
    public void Weights_sum_to_one_and_interpolate()
    {
        for (float t = 0; t < 1; t += 0.125f)
        {
            (float w0, float w1, float w2, float w3) = OutputResampler.Weights(t);
            Assert.Equal(1f, w0 + w1 + w2 + w3, 5);
        }

        Assert.Equal((0f, 1f, 0f, 0f), OutputResampler.Weights(0f));
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(0.5f)]
    [InlineData(3f)]
    [InlineData(100f)]
    public void Hdr_tonemap_round_trips(float linear)
    {
        float encoded = HdrTonemap.Forward(linear);
        Assert.InRange(encoded, 0f, 1f);
        Assert.Equal(linear, HdrTonemap.Inverse(encoded), linear * 1e-4f + 1e-6f);
        Assert.Equal(0f, HdrTonemap.Forward(-2f));
        Assert.True(float.IsFinite(HdrTonemap.Inverse(5f)));
    }

    [Fact]
    public void Hud_over_is_premultiplied_and_opaque()
    {
        Assert.Equal((0.2f, 0.4f, 0.6f, 1f), HudCompositor.Over(0.2f, 0.4f, 0.6f, 0f, 0f, 0f, 0f));
        Assert.Equal((0.9f, 0.1f, 0f, 1f), HudCompositor.Over(0.2f, 0.4f, 0.6f, 0.9f, 0.1f, 0f, 1f));
        (float r, _, _, float a) = HudCompositor.Over(1f, 0f, 0f, 0.25f, 0f, 0f, 0.5f);
        Assert.Equal(0.75f, r, 6);
        Assert.Equal(1f, a);
    }

    [Fact]
    public void Frame_compose_without_sharpening_or_hud_is_the_resample_with_opaque_alpha()
    {
        PlanarImage network = Ramp(12, 8, channels: 3);
        PlanarImage frame = FrameReference.Compose(network, new Size2D(18, 12), 0f, hdr: false, hud: null);
        PlanarImage resampled = OutputResampler.Resample(network, 18, 12);
        Assert.Equal(resampled.Data, frame.Data.AsSpan(0, resampled.Data.Length).ToArray());
        Assert.All(frame.GetPlane(3).ToArray(), a => Assert.Equal(1f, a));
    }

    private static PlanarImage Ramp(int width, int height, int channels = 1)
    {
        var image = new PlanarImage(width, height, channels);
        for (int c = 0; c < channels; c++)
        {
            for (int y = 0; y < height; y++)
            {
                for (int x = 0; x < width; x++)
                {
                    image[x, y, c] = (float)x / width;
                }
            }
        }

        return image;
    }
}
