namespace GameUpscaler.Models;

/// <summary>
/// SplitMix64: a tiny generator whose sequence is fixed by its definition, so that seeded weights are the same on
/// every runtime and platform (<see cref="Random"/> does not promise that across .NET versions). Public because the
/// trainer and tools that promise reproducible streams from a seed use the same definition.
/// </summary>
public struct SplitMix64
{
    private ulong _state;

    /// <summary>A generator whose first output is determined by <paramref name="seed"/>.</summary>
    public SplitMix64(ulong seed) => _state = seed;

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        ulong z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A standard normal sample (Box–Muller; one of the pair is discarded to keep the code obvious).</summary>
    public double NextGaussian()
    {
        double u1 = 1.0 - NextDouble(); // (0, 1]: keeps the logarithm finite
        double u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
