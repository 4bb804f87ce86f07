namespace GameUpscaler.Tests;

/// <summary>
/// The kinds of damage the malformed-input suites generate at test time from a valid file (issue 13): truncation,
/// bit flips, header corruption, huge declared sizes (the format's own size fields, through a callback) and invalid
/// UTF-8 (bytes 0x80–0xFF where text is). Seeded, so every run sees the same cases.
/// </summary>
internal static class Corruption
{
    public enum Kind
    {
        Truncation,
        BitFlips,
        HeaderCorruption,
        HugeDeclaredSize,
        InvalidUtf8,
    }

    public static readonly Kind[] Kinds = Enum.GetValues<Kind>();

    /// <summary>A damaged copy of <paramref name="file"/>.</summary>
    /// <param name="file">A valid file.</param>
    /// <param name="kind">What to do to it.</param>
    /// <param name="random">The case's random source.</param>
    /// <param name="headerLength">How many leading bytes are header (structure rather than payload).</param>
    /// <param name="hugeSize">Returns the file with an absurd value in one of the format's size fields.</param>
    /// <param name="textRange">Where text is (for invalid UTF-8), as [start, end).</param>
    public static byte[] Damage(byte[] file, Kind kind, Random random, int headerLength, Func<byte[], Random, byte[]> hugeSize, (int Start, int End) textRange)
    {
        byte[] copy = (byte[])file.Clone();
        switch (kind)
        {
            case Kind.Truncation:
                return copy[..random.Next(copy.Length)];
            case Kind.BitFlips:
                for (int flips = random.Next(1, 9); flips > 0; flips--)
                {
                    copy[random.Next(copy.Length)] ^= (byte)(1 << random.Next(8));
                }

                return copy;
            case Kind.HeaderCorruption:
                for (int bytes = random.Next(1, 4); bytes > 0; bytes--)
                {
                    copy[random.Next(Math.Min(headerLength, copy.Length))] = random.Next(3) switch { 0 => 0x00, 1 => 0xFF, _ => (byte)random.Next(256) };
                }

                return copy;
            case Kind.HugeDeclaredSize:
                return hugeSize(copy, random);
            default:
                for (int bytes = random.Next(1, 4); bytes > 0; bytes--)
                {
                    copy[random.Next(textRange.Start, textRange.End)] = (byte)random.Next(0x80, 0x100);
                }

                return copy;
        }
    }

    /// <summary>
    /// Runs <paramref name="cases"/> damaged files through <paramref name="read"/>: each must be read or refused with
    /// exactly <typeparamref name="TDocumented"/> (never another exception). Returns how many were refused per kind.
    /// </summary>
    public static Dictionary<Kind, (int Read, int Refused)> Run<TDocumented>(int cases, int seed, Func<Kind, Random, byte[]> damage, Action<byte[]> read)
        where TDocumented : Exception
    {
        var random = new Random(seed);
        var counts = Kinds.ToDictionary(k => k, _ => (Read: 0, Refused: 0));
        for (int i = 0; i < cases; i++)
        {
            Kind kind = Kinds[i % Kinds.Length];
            byte[] damaged = damage(kind, random);
            try
            {
                read(damaged);
                counts[kind] = (counts[kind].Read + 1, counts[kind].Refused);
            }
            catch (TDocumented)
            {
                counts[kind] = (counts[kind].Read, counts[kind].Refused + 1);
            }
            catch (Exception e)
            {
                Assert.Fail($"case {i} ({kind}) threw {e.GetType().Name}, not {typeof(TDocumented).Name}: {e}");
            }
        }

        return counts;
    }
}
