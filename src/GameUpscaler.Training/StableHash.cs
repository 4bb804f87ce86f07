namespace GameUpscaler.Training;

/// <summary>
/// Seeds derived from (seed, indices) that are the same in every process (<see cref="HashCode"/> is randomised per
/// process, which would make a resumed run see different data).
/// </summary>
internal static class StableHash
{
    /// <summary>A 31-bit seed mixing the values with SplitMix64's finaliser.</summary>
    public static int Seed(long a, long b, long c = 0)
    {
        ulong z = Mix((ulong)a ^ Mix((ulong)b + 0x9E3779B97F4A7C15UL) ^ Mix(((ulong)c * 0xD1B54A32D192ED03UL) + 1));
        return (int)(z & 0x7FFFFFFF);
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
