using GameUpscaler.Imaging;
using GameUpscaler.Models;

namespace GameUpscaler.Tests.Inference;

/// <summary>
/// The generator written the obvious way, in double precision, on whole planar images: the oracle for
/// <c>CpuGenerator</c>. PyTorch semantics: cross-correlation with padding=1 (zeros), PReLU
/// <c>max(0, x) + a·min(0, x)</c> per channel, <c>pixel_shuffle</c>, plus nearest upsampling of the input.
/// </summary>
internal static class ReferenceGenerator
{
    public static double[] Run(GeneratorWeights weights, PlanarImage input)
    {
        GeneratorArchitecture arch = weights.Architecture;
        int width = input.Width;
        int height = input.Height;
        double[] features = input.Data.Select(v => (double)v).ToArray();
        int channels = 3;
        for (int conv = 0; conv < arch.ConvCount; conv++)
        {
            int cout = arch.GetConvOutputChannels(conv);
            features = Conv3x3(
                features,
                channels,
                cout,
                width,
                height,
                weights.GetTensor(GeneratorArchitecture.ConvWeightName(conv)),
                weights.GetTensor(GeneratorArchitecture.ConvBiasName(conv)));
            if (arch.HasActivation(conv))
            {
                PRelu(features, cout, width * height, weights.GetTensor(GeneratorArchitecture.PReluSlopeName(conv)));
            }

            channels = cout;
        }

        int s = arch.Scale;
        int outWidth = width * s;
        int outHeight = height * s;
        var output = new double[3 * outWidth * outHeight];
        for (int c = 0; c < 3; c++)
        {
            for (int y = 0; y < height; y++)
            {
                for (int x = 0; x < width; x++)
                {
                    for (int dy = 0; dy < s; dy++)
                    {
                        for (int dx = 0; dx < s; dx++)
                        {
                            int convChannel = (c * s * s) + (dy * s) + dx;
                            double value = features[(((convChannel * height) + y) * width) + x];
                            double skip = input[x, y, c];
                            output[(((c * outHeight) + (y * s) + dy) * outWidth) + (x * s) + dx] = value + skip;
                        }
                    }
                }
            }
        }

        return output;
    }

    /// <summary>Planar <c>[c][y][x]</c> in and out; weights OIHW.</summary>
    public static double[] Conv3x3(double[] input, int cin, int cout, int width, int height, float[] weight, float[] bias)
    {
        var output = new double[cout * width * height];
        for (int co = 0; co < cout; co++)
        {
            for (int y = 0; y < height; y++)
            {
                for (int x = 0; x < width; x++)
                {
                    double sum = bias[co];
                    for (int ci = 0; ci < cin; ci++)
                    {
                        for (int ky = 0; ky < 3; ky++)
                        {
                            int iy = y + ky - 1;
                            if (iy < 0 || iy >= height)
                            {
                                continue; // zero padding
                            }

                            for (int kx = 0; kx < 3; kx++)
                            {
                                int ix = x + kx - 1;
                                if (ix < 0 || ix >= width)
                                {
                                    continue;
                                }

                                sum += input[(((ci * height) + iy) * width) + ix] * weight[(((((co * cin) + ci) * 3) + ky) * 3) + kx];
                            }
                        }
                    }

                    output[(((co * height) + y) * width) + x] = sum;
                }
            }
        }

        return output;
    }

    private static void PRelu(double[] features, int channels, int planeLength, float[] slopes)
    {
        for (int c = 0; c < channels; c++)
        {
            for (int i = 0; i < planeLength; i++)
            {
                double v = features[(c * planeLength) + i];
                features[(c * planeLength) + i] = Math.Max(0, v) + (slopes[c] * Math.Min(0, v));
            }
        }
    }
}
