using GameUpscaler.Models;

namespace GameUpscaler.Training.Diffusion;

/// <summary>
/// Standard normal samples from a seed, the same on every runtime and platform (SplitMix64 + Box–Muller, both values
/// of each pair used): the diffusion trainer's noise and the sampler's starting noise are functions of their seeds.
/// </summary>
public static class GaussianNoise
{
    /// <summary>Fills <paramref name="destination"/> with N(0, 1) samples determined by <paramref name="seed"/>.</summary>
    public static void Fill(Span<float> destination, ulong seed)
    {
        var random = new SplitMix64(seed ^ 0x2545F4914F6CDD1DUL);
        int i = 0;
        for (; i + 1 < destination.Length; i += 2)
        {
            (double a, double b) = NextPair(ref random);
            destination[i] = (float)a;
            destination[i + 1] = (float)b;
        }

        if (i < destination.Length)
        {
            destination[i] = (float)NextPair(ref random).A;
        }
    }

    /// <summary>A tensor of N(0, 1) samples determined by <paramref name="seed"/>.</summary>
    public static Tensor Create(int batch, int channels, int height, int width, ulong seed)
    {
        var tensor = new Tensor(batch, channels, height, width);
        Fill(tensor.Data, seed);
        return tensor;
    }

    private static (double A, double B) NextPair(ref SplitMix64 random)
    {
        double radius = Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())); // 1 − u in (0, 1]: the log stays finite
        double angle = 2.0 * Math.PI * random.NextDouble();
        (double sin, double cos) = Math.SinCos(angle);
        return (radius * cos, radius * sin);
    }
}
