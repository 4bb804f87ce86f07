using GameUpscaler.Imaging;

namespace GameUpscaler.Vulkan.Tests;

/// <summary>Deterministic random data and comparisons that print where they fail.</summary>
internal static class TestData
{
    public const double Fp32Tolerance = 1e-4;
    public const double Fp16Tolerance = 1e-2;

    public static double Tolerance(VulkanPermutation permutation) =>
        permutation == VulkanPermutation.Float32 ? Fp32Tolerance : Fp16Tolerance;

    public static float[] Uniform(int count, int seed, float low = 0f, float high = 1f)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = low + ((high - low) * random.NextSingle());
        }

        return values;
    }

    public static PlanarImage Image(int width, int height, int channels, int seed, float low = 0f, float high = 1f)
    {
        var image = new PlanarImage(width, height, channels);
        Uniform(image.Data.Length, seed, low, high).CopyTo(image.Data, 0);
        return image;
    }

    /// <summary>A smooth image with an edge and a ramp, so edge-adaptive code sees structure, not only noise.</summary>
    public static PlanarImage Structured(int width, int height, int seed)
    {
        var image = Image(width, height, 3, seed, 0f, 0.15f);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                for (int c = 0; c < 3; c++)
                {
                    image[x, y, c] += (x + (2 * y) > width ? 0.6f : 0.1f) + (0.2f * x / width);
                }
            }
        }

        return image;
    }

    public static void AssertClose(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, double tolerance, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double worst = 0;
        int worstIndex = -1;
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs(expected[i] - actual[i]);
            if (!(error <= worst))
            {
                worst = error;
                worstIndex = i;
            }
        }

        Assert.True(
            worst <= tolerance,
            $"{what}: max abs error {worst:G4} at element {worstIndex} (expected {(worstIndex >= 0 ? expected[worstIndex] : 0)}, " +
            $"got {(worstIndex >= 0 ? actual[worstIndex] : 0)}), tolerance {tolerance}.");
    }
}
