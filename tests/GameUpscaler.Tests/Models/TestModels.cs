using GameUpscaler.Imaging;
using GameUpscaler.Models;

namespace GameUpscaler.Tests.Models;

/// <summary>Random weights and images for tests.</summary>
internal static class TestModels
{
    /// <summary>
    /// Weights that exercise every part of a layer: He-scaled weights in every convolution (the last one too, so its
    /// errors are not hidden by a small init), random biases and random per-channel PReLU slopes, some negative.
    /// </summary>
    public static GeneratorWeights RandomWeights(GeneratorArchitecture architecture, int seed)
    {
        var random = new Random(seed);
        var tensors = new Dictionary<string, float[]>();
        for (int conv = 0; conv < architecture.ConvCount; conv++)
        {
            int cin = architecture.GetConvInputChannels(conv);
            int cout = architecture.GetConvOutputChannels(conv);
            double std = Math.Sqrt(2.0 / (cin * 9.0));
            var weight = new float[cout * cin * 9];
            for (int i = 0; i < weight.Length; i++)
            {
                weight[i] = (float)(Gaussian(random) * std);
            }

            tensors[GeneratorArchitecture.ConvWeightName(conv)] = weight;
            tensors[GeneratorArchitecture.ConvBiasName(conv)] = Uniform(random, cout, -0.2, 0.2);
            if (architecture.HasActivation(conv))
            {
                tensors[GeneratorArchitecture.PReluSlopeName(conv)] = Uniform(random, cout, -0.3, 0.6);
            }
        }

        return new GeneratorWeights(architecture, tensors);
    }

    /// <summary>An RGB image with samples uniform in [0, 1).</summary>
    public static PlanarImage RandomImage(int width, int height, int seed)
    {
        var random = new Random(seed);
        var image = new PlanarImage(width, height, 3);
        for (int i = 0; i < image.Data.Length; i++)
        {
            image.Data[i] = (float)random.NextDouble();
        }

        return image;
    }

    private static float[] Uniform(Random random, int count, double low, double high)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (float)(low + ((high - low) * random.NextDouble()));
        }

        return values;
    }

    private static double Gaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
