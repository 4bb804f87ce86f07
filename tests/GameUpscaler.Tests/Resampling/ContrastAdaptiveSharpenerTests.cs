namespace GameUpscaler.Tests.Resampling;

using GameUpscaler.Imaging;
using GameUpscaler.Resampling;

/// <summary>
/// Contrast-adaptive sharpening: off at 0, bounded by the local 5-tap range, monotonic in the slider, neutral on
/// flat areas, ramps and isolated peaks, alpha untouched, and argument errors.
/// </summary>
public sealed class ContrastAdaptiveSharpenerTests
{
    /// <summary>A soft image with edges and texture, as the upscaler produces.</summary>
    private static PlanarImage SoftImage(int channels = 3)
    {
        PlanarImage shapes = SpatialUpscaler.Upscale(SpatialTestImages.Shapes(24, 18, 0.5), 41, 31, 0f);
        PlanarImage noise = SpatialUpscaler.Upscale(SpatialTestImages.Noise(14, 11, channels, seed: 11), 41, 31, 0f);
        var image = new PlanarImage(41, 31, channels);
        for (int i = 0; i < shapes.Data.Length; i++)
        {
            image.Data[i] = (0.8f * shapes.Data[i]) + (0.2f * noise.Data[i]);
        }

        if (channels == 4)
        {
            noise.GetPlane(3).CopyTo(image.GetPlane(3));
        }

        return image;
    }

    [Fact]
    public void Sharpness_zero_returns_an_exact_copy()
    {
        PlanarImage input = SoftImage(4);

        PlanarImage output = ContrastAdaptiveSharpener.Sharpen(input, 0f);

        Assert.NotSame(input, output);
        Assert.Equal(input.Data, output.Data);
    }

    [Theory]
    [InlineData(0.25f, false)]
    [InlineData(0.5f, false)]
    [InlineData(1f, false)]
    [InlineData(1f, true)]
    public void Sharpening_never_leaves_the_local_min_max(float sharpness, bool attenuateNoise)
    {
        PlanarImage input = SpatialTestImages.Noise(23, 17, 3, seed: 12);
        PlanarImage soft = SoftImage();

        foreach (PlanarImage image in new[] { input, soft })
        {
            PlanarImage output = ContrastAdaptiveSharpener.Sharpen(image, sharpness, attenuateNoise);
            for (int c = 0; c < 3; c++)
            {
                for (int y = 0; y < image.Height; y++)
                {
                    for (int x = 0; x < image.Width; x++)
                    {
                        float centre = image[x, y, c];
                        float north = image[x, Math.Max(y - 1, 0), c];
                        float south = image[x, Math.Min(y + 1, image.Height - 1), c];
                        float west = image[Math.Max(x - 1, 0), y, c];
                        float east = image[Math.Min(x + 1, image.Width - 1), y, c];
                        float low = Math.Min(centre, Math.Min(Math.Min(north, south), Math.Min(west, east)));
                        float high = Math.Max(centre, Math.Max(Math.Max(north, south), Math.Max(west, east)));
                        float v = output[x, y, c];
                        Assert.True(v >= low && v <= high, $"({x},{y}) channel {c} = {v} is outside [{low}, {high}].");
                    }
                }
            }
        }
    }

    [Fact]
    public void Higher_sharpness_increases_high_frequency_energy_monotonically()
    {
        PlanarImage input = SoftImage();
        double previous = SpatialTestImages.HighFrequencyEnergy(input);

        foreach (float sharpness in new[] { 0.1f, 0.25f, 0.5f, 0.75f, 1f })
        {
            double energy = SpatialTestImages.HighFrequencyEnergy(ContrastAdaptiveSharpener.Sharpen(input, sharpness));
            Assert.True(energy > previous * 1.01, $"Sharpness {sharpness}: energy {energy:G5} is not above {previous:G5}.");
            previous = energy;
        }
    }

    [Fact]
    public void Flat_areas_ramps_and_isolated_peaks_are_left_alone()
    {
        var input = new PlanarImage(16, 12, 3);
        for (int y = 0; y < 12; y++)
        {
            for (int x = 0; x < 16; x++)
            {
                input[x, y, 0] = 0.5f; // flat
                input[x, y, 1] = 0.125f + (0.03125f * x) + (0.015625f * y); // a ramp with exactly representable steps
                input[x, y, 2] = 0.25f;
            }
        }

        input[7, 5, 0] = 0.9f; // an isolated highlight: a local maximum, and its neighbours local minima
        input[7, 5, 2] = 0.9f;

        PlanarImage output = ContrastAdaptiveSharpener.Sharpen(input, 1f);

        for (int y = 1; y < 11; y++)
        {
            for (int x = 1; x < 15; x++)
            {
                Assert.Equal(input[x, y, 0], output[x, y, 0]);
                Assert.Equal(input[x, y, 1], output[x, y, 1], 6);
                Assert.Equal(input[x, y, 2], output[x, y, 2]);
            }
        }
    }

    [Fact]
    public void Alpha_is_copied_unchanged()
    {
        PlanarImage input = SoftImage(4);

        PlanarImage output = ContrastAdaptiveSharpener.Sharpen(input, 1f);

        Assert.Equal(input.GetPlane(3).ToArray(), output.GetPlane(3).ToArray());
        Assert.NotEqual(input.GetPlane(0).ToArray(), output.GetPlane(0).ToArray());
    }

    [Fact]
    public void Noise_attenuation_only_weakens_the_change()
    {
        PlanarImage input = SpatialTestImages.Noise(23, 17, 3, seed: 13);

        PlanarImage full = ContrastAdaptiveSharpener.Sharpen(input, 1f);
        PlanarImage attenuated = ContrastAdaptiveSharpener.Sharpen(input, 1f, attenuateNoise: true);

        double fullChange = 0, attenuatedChange = 0;
        for (int i = 0; i < input.Data.Length; i++)
        {
            float a = Math.Abs(attenuated.Data[i] - input.Data[i]), f = Math.Abs(full.Data[i] - input.Data[i]);
            Assert.True(a <= f + 1e-6f, $"Sample {i}: attenuated change {a} exceeds the full change {f}.");
            fullChange += f;
            attenuatedChange += a;
        }

        Assert.True(attenuatedChange < 0.9 * fullChange);
    }

    [Fact]
    public void SharpenInto_matches_Sharpen()
    {
        PlanarImage input = SoftImage(4);
        var output = new PlanarImage(input.Width, input.Height, 4);

        ContrastAdaptiveSharpener.SharpenInto(input, output, 0.7f, attenuateNoise: true);

        Assert.Equal(ContrastAdaptiveSharpener.Sharpen(input, 0.7f, attenuateNoise: true).Data, output.Data);
    }

    [Theory]
    [InlineData(0f, 1f)]
    [InlineData(1f, 0.5f)]
    [InlineData(2f, 0.25f)]
    public void FromStops_converts_FSR_stops_to_the_linear_slider(float stops, float expected)
    {
        Assert.Equal(expected, ContrastAdaptiveSharpener.FromStops(stops), 6);
    }

    [Fact]
    public void Invalid_arguments_throw_with_clear_messages()
    {
        PlanarImage input = SpatialTestImages.Noise(8, 6, 3, seed: 14);

        Assert.Throws<ArgumentNullException>("input", () => ContrastAdaptiveSharpener.Sharpen(null!, 0.5f));
        foreach (float sharpness in new[] { -0.5f, 1.5f, float.NaN })
        {
            var bad = Assert.Throws<ArgumentOutOfRangeException>(
                "sharpness", () => ContrastAdaptiveSharpener.Sharpen(input, sharpness));
            Assert.Contains("[0, 1]", bad.Message, StringComparison.Ordinal);
        }

        Assert.Throws<ArgumentException>("input", () => ContrastAdaptiveSharpener.Sharpen(new PlanarImage(8, 6, 2), 0.5f));
        Assert.Throws<ArgumentNullException>("output", () => ContrastAdaptiveSharpener.SharpenInto(input, null!, 0.5f));
        var shape = Assert.Throws<ArgumentException>(
            "output", () => ContrastAdaptiveSharpener.SharpenInto(input, new PlanarImage(8, 7, 3), 0.5f));
        Assert.Contains("must match the input's 8x6x3", shape.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>("output", () => ContrastAdaptiveSharpener.SharpenInto(input, input, 0.5f));
        Assert.Throws<ArgumentOutOfRangeException>("stops", () => ContrastAdaptiveSharpener.FromStops(-1f));
    }
}
