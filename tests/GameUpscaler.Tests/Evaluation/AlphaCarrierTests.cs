namespace GameUpscaler.Tests.Evaluation;

using GameUpscaler.Evaluation;
using GameUpscaler.Imaging;
using GameUpscaler.Models;
using GameUpscaler.Resampling;

public sealed class AlphaCarrierTests
{
    [Fact]
    public void Rgb_sources_pass_through_and_rgba_sources_get_their_alpha_resampled()
    {
        var rgb = new Image8(6, 4, 3);
        var upscaled = new Image8(12, 8, 3);
        Assert.Same(upscaled, AlphaCarrier.Attach(rgb, upscaled));

        var rgba = new Image8(6, 4, 4);
        for (int i = 0; i < 24; i++)
        {
            rgba.Pixels[(i * 4) + 3] = (byte)(i * 10);
        }

        upscaled.Pixels[0] = 77;
        Image8 result = AlphaCarrier.Attach(rgba, upscaled);
        Assert.Equal((12, 8, 4), (result.Width, result.Height, result.Channels));
        Assert.Equal(77, result.Pixels[0]);
        var alphaOnly = new Image8(6, 4, 3);
        for (int i = 0; i < 24; i++)
        {
            alphaOnly.Pixels[i * 3] = rgba.Pixels[(i * 4) + 3];
        }

        Image8 expected = ImageResizer.Resize(alphaOnly, 12, 8, ResampleKernel.Bicubic);
        for (int i = 0; i < 96; i++)
        {
            Assert.Equal(expected.Pixels[i * 3], result.Pixels[(i * 4) + 3]);
        }
    }

    [Fact]
    public void Generator_method_keeps_alpha_and_the_rgb_of_an_opaque_copy()
    {
        var method = new GeneratorMethod(GeneratorWeights.CreateRandom(new GeneratorArchitecture(2, 4, 1), seed: 3));
        Image8 rgb = TestScene.Render(10, 8);
        var rgba = new Image8(10, 8, 4);
        for (int i = 0; i < 80; i++)
        {
            rgba.Pixels[i * 4] = rgb.Pixels[i * 3];
            rgba.Pixels[(i * 4) + 1] = rgb.Pixels[(i * 3) + 1];
            rgba.Pixels[(i * 4) + 2] = rgb.Pixels[(i * 3) + 2];
            rgba.Pixels[(i * 4) + 3] = 200;
        }

        Image8 fromRgb = method.Upscale(rgb, new Size2D(17, 14));
        Image8 fromRgba = method.Upscale(rgba, new Size2D(17, 14));
        Assert.Equal(4, fromRgba.Channels);
        Assert.Equal(fromRgb.Pixels, fromRgba.ToRgb().Pixels);
        Assert.All(Enumerable.Range(0, 17 * 14), i => Assert.Equal(200, fromRgba.Pixels[(i * 4) + 3]));
    }
}
