using System.Globalization;
using System.Text.Json;
using CsCheck;

namespace GameUpscaler.Tests;

/// <summary>
/// CsCheck generators of damaged files for the parsers' property tests: random bytes, and valid files with one to a
/// few <see cref="Mutation"/>s. CsCheck shrinks a failure to few, small mutations (and short random inputs).
/// </summary>
internal static class FileMutations
{
    /// <summary>32-bit values that sit on the edges of size and offset checks.</summary>
    private static readonly int[] Extremes =
        [0, 1, 2, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF, 0x10000, 0x40000000, int.MaxValue, int.MinValue, -1, -2];

    /// <summary>Random bytes, up to <paramref name="maxLength"/> of them.</summary>
    public static Gen<byte[]> RandomBytes(int maxLength) => Gen.Byte.Array[0, maxLength];

    /// <summary>One mutation of a file up to <paramref name="maxLength"/> bytes long.</summary>
    public static Gen<Mutation> Any(int maxLength)
    {
        Gen<int> position = Gen.Int[0, Math.Max(0, maxLength)];
        Gen<int> length = Gen.Int[1, Math.Clamp(maxLength / 4, 1, 256)];
        Gen<int> extreme = Gen.OneOf(Gen.Int[0, Extremes.Length - 1].Select(i => Extremes[i]), Gen.Int);
        return Gen.Frequency(
            (4, Gen.Select(position, Gen.Int[0, 7], (p, bit) => new Mutation(Mutation.Kind.FlipBit, p, 1, bit))),
            (2, Gen.Select(position, Gen.Int[0, 255], (p, b) => new Mutation(Mutation.Kind.SetByte, p, 1, b))),
            (2, Gen.Select(position, extreme, Gen.Bool, (p, v, little) => new Mutation(little ? Mutation.Kind.SetUInt32LittleEndian : Mutation.Kind.SetUInt32BigEndian, p, 4, v))),
            (2, position.Select(p => new Mutation(Mutation.Kind.Truncate, p, 0, 0))),
            (1, Gen.Select(position, length, (p, l) => new Mutation(Mutation.Kind.Cut, p, l, 0))),
            (1, Gen.Select(position, length, (p, l) => new Mutation(Mutation.Kind.Repeat, p, l, 0))),
            (1, Gen.Select(position, length, Gen.Int, (p, l, seed) => new Mutation(Mutation.Kind.InsertRandom, p, l, seed))),
            (1, Gen.Select(position, position, Gen.Int[0, 15], (p, from, s) => new Mutation(Mutation.Kind.SpliceTail, p, 0, from, s))),
            (1, Gen.Select(Gen.Select(position, length), position, Gen.Int[0, 15], (pl, from, s) => new Mutation(Mutation.Kind.InsertFromSource, pl.Item1, pl.Item2, from, s))));
    }

    /// <summary>
    /// One of <paramref name="files"/> with one to <paramref name="maxMutations"/> mutations, then
    /// <paramref name="fixUp"/> (e.g. recomputing checksums, so that the damage reaches past them).
    /// </summary>
    public static Gen<MutatedFile> Of(IReadOnlyList<byte[]> files, Func<byte[], byte[]>? fixUp = null, int maxMutations = 3)
    {
        ArgumentOutOfRangeException.ThrowIfZero(files.Count);
        int maxLength = files.Max(f => f.Length);
        return Gen.Select(Gen.Int[0, files.Count - 1], Any(maxLength).Array[1, maxMutations], (source, mutations) =>
        {
            byte[] bytes = files[source];
            foreach (Mutation mutation in mutations)
            {
                bytes = mutation.ApplyTo(bytes, files);
            }

            return new MutatedFile(source, mutations, fixUp is null ? bytes : fixUp(bytes));
        });
    }

    /// <summary>
    /// One structural change to a JSON document (<see cref="JsonMutation"/>): mostly the formats' own words and edge
    /// numbers, some random numbers and strings, and escaped lone surrogates (valid JSON, not valid UTF-16).
    /// </summary>
    public static Gen<JsonMutation> JsonChange { get; } = Gen.Select(
        Gen.Frequency((6, Gen.Const(JsonMutation.Kind.Replace)), (2, Gen.Const(JsonMutation.Kind.Remove)), (1, Gen.Const(JsonMutation.Kind.Repeat))),
        Gen.Int[0, 500],
        Gen.Frequency(
            (6, Gen.Int[0, JsonMutation.Texts.Length - 1].Select(i => JsonMutation.Texts[i])),
            (1, Gen.Long.Select(v => v.ToString(CultureInfo.InvariantCulture))),
            (1, Gen.Double.Where(double.IsFinite).Select(v => v.ToString("R", CultureInfo.InvariantCulture))),
            (1, Gen.String.Select(v => JsonSerializer.Serialize(v))),
            (1, Gen.OneOf(Gen.Const("\"\\ud800\""), Gen.Const("\"x\\udfff\""), Gen.Const("\"\\ud83d\\u0041\"")))),
        (kind, node, text) => new JsonMutation(kind, node, text));
}
