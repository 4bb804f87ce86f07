using GameUpscaler.Imaging;
using GameUpscaler.Models;

namespace GameUpscaler.OnnxRuntime.Tests;

/// <summary>Inputs and comparisons shared by the backend tests.</summary>
internal static class TestImages
{
    /// <summary>The built-in test scene (edges, hairlines, glyphs) as a planar RGB image.</summary>
    public static PlanarImage Scene(int width, int height) => TestScene.Render(width, height).ToPlanar();

    /// <summary>PSNR in dB of two float images with peak 1 (infinity when identical).</summary>
    public static double Psnr(PlanarImage a, PlanarImage b)
    {
        Assert.Equal((a.Width, a.Height, a.Channels), (b.Width, b.Height, b.Channels));
        double sum = 0;
        for (int i = 0; i < a.Data.Length; i++)
        {
            double d = a.Data[i] - b.Data[i];
            sum += d * d;
        }

        return sum == 0 ? double.PositiveInfinity : 10 * Math.Log10(a.Data.Length / sum);
    }

    /// <summary>The largest absolute difference of two float images.</summary>
    public static double MaxAbsDifference(PlanarImage a, PlanarImage b)
    {
        double max = 0;
        for (int i = 0; i < a.Data.Length; i++)
        {
            max = Math.Max(max, Math.Abs(a.Data[i] - b.Data[i]));
        }

        return max;
    }

    /// <summary>
    /// Random weights with non-zero biases and varied PReLU slopes (CreateRandom leaves biases at 0 and slopes at
    /// 0.25, which would not show a bias or slope mix-up between backends).
    /// </summary>
    public static GeneratorWeights RandomWeights(GeneratorArchitecture architecture, int seed)
    {
        GeneratorWeights weights = GeneratorWeights.CreateRandom(architecture, seed);
        var random = new Random(seed);
        for (int conv = 0; conv < architecture.ConvCount; conv++)
        {
            foreach (ref float b in weights.GetTensor(GeneratorArchitecture.ConvBiasName(conv)).AsSpan())
            {
                b = (float)((random.NextDouble() - 0.5) * 0.2);
            }

            if (architecture.HasActivation(conv))
            {
                foreach (ref float a in weights.GetTensor(GeneratorArchitecture.PReluSlopeName(conv)).AsSpan())
                {
                    a = (float)((random.NextDouble() * 0.6) - 0.1);
                }
            }
        }

        return weights;
    }
}
