namespace GameUpscaler.Tests.Resampling;

using GameUpscaler.Imaging;
using GameUpscaler.Resampling;

/// <summary>
/// The edge-adaptive spatial upscaler: output geometry for the quality-mode ratios, exactness on constant and
/// identity inputs, ramp reproduction, the 2 × 2 deringing bound, edge quality against bilinear, alpha handling and
/// argument errors.
/// </summary>
public sealed class SpatialUpscalerTests
{
    [Theory]
    [InlineData(16, 12, 24, 18)] // 1.5 (Quality)
    [InlineData(20, 10, 34, 17)] // 1.7 (Balanced)
    [InlineData(16, 12, 32, 24)] // 2 (Performance)
    [InlineData(10, 8, 30, 24)] // 3 (Ultra Performance)
    [InlineData(16, 12, 17, 30)] // different ratios per axis
    [InlineData(1, 1, 3, 2)]
    public void Output_has_the_requested_size_and_channels(int width, int height, int outWidth, int outHeight)
    {
        PlanarImage input = SpatialTestImages.Noise(width, height, 3, seed: 1);

        PlanarImage output = SpatialUpscaler.Upscale(input, outWidth, outHeight, 0f);

        Assert.Equal(outWidth, output.Width);
        Assert.Equal(outHeight, output.Height);
        Assert.Equal(3, output.Channels);
        Assert.All(output.Data, v => Assert.True(v is >= 0f and <= 1f));
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(0.5f)]
    public void Same_size_is_a_copy_before_sharpening(float sharpness)
    {
        PlanarImage input = SpatialTestImages.Noise(13, 9, 4, seed: 2);

        PlanarImage output = SpatialUpscaler.Upscale(input, 13, 9, sharpness);

        Assert.NotSame(input, output);
        PlanarImage expected = sharpness == 0f ? input : ContrastAdaptiveSharpener.Sharpen(input, sharpness);
        Assert.Equal(expected.Data, output.Data);
    }

    [Theory]
    [InlineData(24, 18)]
    [InlineData(27, 20)]
    [InlineData(32, 24)]
    [InlineData(48, 36)]
    public void A_constant_image_stays_exactly_constant(int outWidth, int outHeight)
    {
        PlanarImage input = SpatialTestImages.Constant(16, 12, 0.3f, 0.6f, 0.9f, 0.5f);

        PlanarImage output = SpatialUpscaler.Upscale(input, outWidth, outHeight, 1f);

        for (int c = 0; c < 4; c++)
        {
            float expected = input[0, 0, c];
            Assert.All(output.GetPlane(c).ToArray(), v => Assert.Equal(expected, v));
        }
    }

    [Theory]
    [InlineData(true, 2.0)]
    [InlineData(true, 1.5)]
    [InlineData(false, 2.0)]
    [InlineData(false, 1.7)]
    public void A_linear_ramp_is_reproduced_in_the_interior(bool horizontal, double ratio)
    {
        const int Size = 24;
        const float Slope = 0.02f; // 0.46 across the image: smooth, but coherent enough to engage the edge kernel
        var input = new PlanarImage(Size, Size, 3);
        for (int y = 0; y < Size; y++)
        {
            for (int x = 0; x < Size; x++)
            {
                float t = horizontal ? x : y;
                input[x, y, 0] = 0.2f + (Slope * t);
                input[x, y, 1] = 0.7f - (Slope * t);
                input[x, y, 2] = 0.3f + (0.5f * Slope * t);
            }
        }

        int outSize = (int)Math.Round(Size * ratio);
        PlanarImage output = SpatialUpscaler.Upscale(input, outSize, outSize, 0f);

        // Away from the clamp-to-edge border (3 source pixels), each value is the ramp at the source position, up to
        // the kernel's first-moment offset: measured at most 0.036 px × slope for axis-aligned ramps at these ratios.
        double worst = 0;
        int margin = (int)Math.Ceiling(3 * ratio);
        for (int y = margin; y < outSize - margin; y++)
        {
            for (int x = margin; x < outSize - margin; x++)
            {
                float s = horizontal
                    ? SpatialTestImages.SourcePosition(x, Size, outSize)
                    : SpatialTestImages.SourcePosition(y, Size, outSize);
                worst = Math.Max(worst, Math.Abs(output[x, y, 0] - (0.2f + (Slope * s))));
                worst = Math.Max(worst, Math.Abs(output[x, y, 1] - (0.7f - (Slope * s))));
                worst = Math.Max(worst, Math.Abs(output[x, y, 2] - (0.3f + (0.5f * Slope * s))));
            }
        }

        Assert.True(worst < 0.05 * Slope, $"Largest ramp error {worst:G4} (slope {Slope} per pixel).");
    }

    [Theory]
    [InlineData(24, 18)]
    [InlineData(27, 20)]
    [InlineData(32, 24)]
    [InlineData(48, 36)]
    public void No_output_leaves_the_range_of_its_2x2_source_quad(int outWidth, int outHeight)
    {
        // Noise plus hard black/white stripes: the worst case for ringing of a kernel with negative lobes.
        PlanarImage input = SpatialTestImages.Noise(16, 12, 4, seed: 3);
        for (int y = 0; y < 12; y++)
        {
            for (int x = 8; x < 16; x++)
            {
                for (int c = 0; c < 4; c++)
                {
                    input[x, y, c] = (x + y) % 3 == 0 ? 1f : 0f;
                }
            }
        }

        PlanarImage output = SpatialUpscaler.Upscale(input, outWidth, outHeight, 0f);

        for (int y = 0; y < outHeight; y++)
        {
            int y0 = (int)MathF.Floor(SpatialTestImages.SourcePosition(y, 12, outHeight));
            int ya = Math.Clamp(y0, 0, 11), yb = Math.Clamp(y0 + 1, 0, 11);
            for (int x = 0; x < outWidth; x++)
            {
                int x0 = (int)MathF.Floor(SpatialTestImages.SourcePosition(x, 16, outWidth));
                int xa = Math.Clamp(x0, 0, 15), xb = Math.Clamp(x0 + 1, 0, 15);
                for (int c = 0; c < 4; c++)
                {
                    float a = input[xa, ya, c], b = input[xb, ya, c], d = input[xa, yb, c], e = input[xb, yb, c];
                    float low = Math.Min(Math.Min(a, b), Math.Min(d, e));
                    float high = Math.Max(Math.Max(a, b), Math.Max(d, e));
                    float v = output[x, y, c];
                    Assert.True(v >= low && v <= high, $"Output ({x},{y}) channel {c} = {v} is outside [{low}, {high}].");
                }
            }
        }
    }

    [Theory]
    [InlineData(1.5, 5.0)] // measured: bilinear 30.82 dB, spatial 38.86 dB (+8.0); Lanczos-2 32.43 dB
    [InlineData(1.7, 3.0)] // measured: bilinear 29.95 dB, spatial 34.44 dB (+4.5); Lanczos-2 31.05 dB
    [InlineData(2.0, 5.0)] // measured: bilinear 29.87 dB, spatial 37.16 dB (+7.3); Lanczos-2 31.33 dB
    [InlineData(3.0, 3.0)] // measured: bilinear 29.25 dB, spatial 33.84 dB (+4.6); Lanczos-2 30.14 dB
    public void Anti_aliased_edges_are_reconstructed_much_better_than_bilinear(double ratio, double marginDb)
    {
        // The same scene (a disc and a 30° edge) rendered anti-aliased at the input and at the output resolution;
        // upscaling the small render should approach the large one. Bilinear leaves soft, stair-stepped edges.
        PlanarImage small = SpatialTestImages.Shapes(48, 36, 1.0);
        int outWidth = (int)Math.Round(48 * ratio), outHeight = (int)Math.Round(36 * ratio);
        PlanarImage reference = SpatialTestImages.Shapes(outWidth, outHeight, ratio);

        double bilinear = SpatialTestImages.LumaPsnr(SpatialTestImages.Bilinear(small, outWidth, outHeight), reference, 4);
        double spatial = SpatialTestImages.LumaPsnr(SpatialUpscaler.Upscale(small, outWidth, outHeight, 0f), reference, 4);

        Assert.True(
            spatial - bilinear >= marginDb,
            $"Spatial {spatial:F2} dB vs bilinear {bilinear:F2} dB at ×{ratio}: the margin should be at least {marginDb} dB.");
    }

    [Fact]
    public void Alpha_uses_the_colour_weights_stays_in_range_and_does_not_affect_colour()
    {
        PlanarImage rgba = SpatialTestImages.Noise(12, 10, 4, seed: 4);
        var rgb = new PlanarImage(12, 10, 3);
        rgba.Data.AsSpan(0, rgb.Data.Length).CopyTo(rgb.Data);

        PlanarImage upRgba = SpatialUpscaler.Upscale(rgba, 21, 17, 0f);
        PlanarImage upRgb = SpatialUpscaler.Upscale(rgb, 21, 17, 0f);

        Assert.Equal(upRgb.Data, upRgba.Data.AsSpan(0, upRgb.Data.Length).ToArray());
        Assert.All(upRgba.GetPlane(3).ToArray(), a => Assert.True(a is >= 0f and <= 1f));
    }

    [Fact]
    public void Opaque_alpha_stays_exactly_opaque_and_sharpening_leaves_alpha_alone()
    {
        PlanarImage input = SpatialTestImages.Noise(12, 10, 4, seed: 5);
        input.GetPlane(3).Fill(1f);
        for (int x = 0; x < 6; x++)
        {
            input[x, 4, 3] = 0.25f; // a translucent row to be carried through unsharpened
        }

        PlanarImage plain = SpatialUpscaler.Upscale(input, 24, 20, 0f);
        PlanarImage sharpened = SpatialUpscaler.Upscale(input, 24, 20, 1f);

        Assert.Equal(plain.GetPlane(3).ToArray(), sharpened.GetPlane(3).ToArray());
        for (int y = 0; y < 20; y++)
        {
            // Output rows whose quads avoid source row 4 are fully opaque.
            int y0 = (int)MathF.Floor(SpatialTestImages.SourcePosition(y, 10, 20));
            if (y0 + 1 < 4 || y0 > 4)
            {
                for (int x = 0; x < 24; x++)
                {
                    Assert.Equal(1f, plain[x, y, 3]);
                }
            }
        }
    }

    [Fact]
    public void Upscale_with_sharpness_is_upscale_then_sharpen()
    {
        PlanarImage input = SpatialTestImages.Shapes(24, 18, 0.5);

        PlanarImage combined = SpatialUpscaler.Upscale(input, 41, 31, 0.6f);
        PlanarImage upscaled = SpatialUpscaler.Upscale(input, 41, 31, 0f);
        PlanarImage separate = ContrastAdaptiveSharpener.Sharpen(upscaled, 0.6f);

        Assert.Equal(separate.Data, combined.Data);
    }

    [Fact]
    public void UpscaleInto_matches_Upscale()
    {
        PlanarImage input = SpatialTestImages.Noise(10, 7, 3, seed: 6);
        var output = new PlanarImage(17, 12, 3);

        SpatialUpscaler.UpscaleInto(input, output);

        Assert.Equal(SpatialUpscaler.Upscale(input, 17, 12, 0f).Data, output.Data);
    }

    [Fact]
    public void Invalid_arguments_throw_with_clear_messages()
    {
        PlanarImage input = SpatialTestImages.Noise(8, 6, 3, seed: 7);

        Assert.Throws<ArgumentNullException>("input", () => SpatialUpscaler.Upscale(null!, 16, 12, 0f));

        var smaller = Assert.Throws<ArgumentOutOfRangeException>("outputWidth", () => SpatialUpscaler.Upscale(input, 7, 12, 0f));
        Assert.Contains("smaller than the input size 8x6", smaller.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>("outputHeight", () => SpatialUpscaler.Upscale(input, 16, 5, 0f));

        var zero = Assert.Throws<ArgumentOutOfRangeException>("outputWidth", () => SpatialUpscaler.Upscale(input, 0, 12, 0f));
        Assert.Contains("not positive", zero.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>("outputHeight", () => SpatialUpscaler.Upscale(input, 16, -1, 0f));

        foreach (float sharpness in new[] { -0.01f, 1.01f, float.NaN, float.PositiveInfinity })
        {
            var bad = Assert.Throws<ArgumentOutOfRangeException>(
                "sharpness", () => SpatialUpscaler.Upscale(input, 16, 12, sharpness));
            Assert.Contains("[0, 1]", bad.Message, StringComparison.Ordinal);
        }

        var gray = new PlanarImage(8, 6, 1);
        var channels = Assert.Throws<ArgumentException>("input", () => SpatialUpscaler.Upscale(gray, 16, 12, 0f));
        Assert.Contains("RGB (3) or RGBA (4)", channels.Message, StringComparison.Ordinal);

        Assert.Throws<ArgumentNullException>("output", () => SpatialUpscaler.UpscaleInto(input, null!));
        Assert.Throws<ArgumentException>("output", () => SpatialUpscaler.UpscaleInto(input, new PlanarImage(16, 12, 4)));
        Assert.Throws<ArgumentException>("output", () => SpatialUpscaler.UpscaleInto(input, input));
        Assert.Throws<ArgumentOutOfRangeException>(
            "outputHeight", () => SpatialUpscaler.UpscaleInto(input, new PlanarImage(16, 4, 3)));
    }
}
