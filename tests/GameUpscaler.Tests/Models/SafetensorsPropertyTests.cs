using System.Buffers.Binary;
using CsCheck;
using GameUpscaler.Models;

namespace GameUpscaler.Tests.Models;

/// <summary>
/// Property tests of the safetensors reader and writer (CsCheck, shrinking failures): whatever the bytes, loading
/// returns weights or throws <see cref="ModelFormatException"/>; generator weights of any architecture, with any
/// valid weights and free-form metadata, survive save → load exactly (F32 bit for bit, F16 for values F16 holds), and
/// metadata that UTF-8 cannot hold (a lone surrogate) is refused on save, not stored changed.
/// </summary>
public sealed class SafetensorsPropertyTests
{
    private static readonly byte[][] Valid =
    [
        WithMetadata(GeneratorWeights.CreateRandom(new GeneratorArchitecture(2, 4, 1), seed: 1)).ToSafetensors(),
        GeneratorWeights.CreateRandom(new GeneratorArchitecture(3, 2, 0), seed: 2).ToSafetensors(TensorDataType.F16),
        GeneratorWeights.CreateRandom(new GeneratorArchitecture(2, 2, 1, temporal: true), seed: 3).ToSafetensors(),
    ];

    private static readonly Gen<GeneratorArchitecture> Architectures =
        Gen.Select(Gen.Int[1, GeneratorArchitecture.MaxScale], Gen.Int[1, 6], Gen.Int[0, 2], Gen.Bool, (s, c, n, t) => new GeneratorArchitecture(s, c, n, t));

    /// <summary>Any text: ASCII, control characters, any UTF-16 code unit (lone surrogates too), pairs outside the BMP.</summary>
    private static readonly Gen<string> Text = Gen.Frequency(
        (6, Gen.String),
        (2, Gen.Char.Array[0, 8].Select(c => new string(c))),
        (2, Gen.Int[0x10000, 0x10FFFF].Array[0, 3].Select(c => string.Concat(c.Select(char.ConvertFromUtf32)))),
        (1, Gen.Char['\uD800', '\uDFFF'].Array[1, 3].Select(c => new string(c))));

    /// <summary>Metadata keys and values: any text, the architecture's keys excepted.</summary>
    private static readonly Gen<Dictionary<string, string>> Metadata =
        Gen.Dictionary(Text.Where(k => !SafetensorsCodec.ReservedMetadataKeys.Contains(k)), Text)[0, 4];

    [Fact]
    public void Random_bytes_are_refused_with_ModelFormatException()
    {
        // Bare random bytes mostly fail on the header length; a correct length makes the random header the JSON parser's.
        Gen<byte[]> inputs = Gen.OneOf(
            FileMutations.RandomBytes(256),
            FileMutations.RandomBytes(256).Select(header => (byte[])[.. LittleEndian((ulong)header.Length), .. header]));
        ParserProperty.ReadsOrRefuses<ModelFormatException, byte[]>(inputs, Load, iter: 2000);
    }

    [Fact]
    public void Damaged_files_are_loaded_or_refused_with_ModelFormatException() =>
        ParserProperty.ReadsOrRefuses<ModelFormatException, MutatedFile>(FileMutations.Of(Valid), m => Load(m.Bytes), iter: 800);

    [Fact]
    public void Files_with_a_damaged_but_well_formed_header_are_loaded_or_refused_with_ModelFormatException()
    {
        // Keys removed or repeated, values of the wrong type or out of range (shapes, offsets, dtypes, metadata),
        // the header length kept right: the damage reaches the checks behind the JSON parser.
        Gen<(int File, JsonMutation[] Changes)> inputs = Gen.Select(Gen.Int[0, Valid.Length - 1], FileMutations.JsonChange.Array[1, 3]);
        ParserProperty.ReadsOrRefuses<ModelFormatException, (int File, JsonMutation[] Changes)>(
            inputs,
            c => Load(WithHeaderChanged(Valid[c.File], c.Changes)),
            iter: 1000,
            print: c => $"file {c.File}: {string.Join("; ", c.Changes.Select(m => m.ToString()))}");
    }

    [Fact]
    public void Save_then_load_is_exact_in_F32()
    {
        // Any valid weight: ordinary values, the ±10^6 bound, subnormals, negative zero.
        Gen<float> weights = Gen.Frequency(
            (6, Gen.Float[-4f, 4f]),
            (2, Gen.Float[-GeneratorWeights.MaxWeightMagnitude, GeneratorWeights.MaxWeightMagnitude]),
            (1, Gen.OneOf(Gen.Const(-0f), Gen.Const(float.Epsilon), Gen.Const(-float.Epsilon), Gen.Const(1e-40f), Gen.Const(GeneratorWeights.MaxWeightMagnitude), Gen.Const(-GeneratorWeights.MaxWeightMagnitude), Gen.Const(65520f))));
        RoundTrip(weights, TensorDataType.F32);
    }

    [Fact]
    public void Save_then_load_is_exact_in_F16_for_values_F16_holds()
    {
        // Every finite half: subnormals, negative zero, ±65,504.
        RoundTrip(Gen.UShort.Select(BitConverter.UInt16BitsToHalf).Where(Half.IsFinite).Select(h => (float)h), TensorDataType.F16);
    }

    [Fact]
    public void Found_an_escaped_lone_surrogate_in_the_header_is_a_ModelFormatException()
    {
        // Valid UTF-8 and valid JSON, but "\ud800" is no UTF-16 string: the JSON reader threw InvalidOperationException.
        byte[] file = Valid[0];
        int length = (int)BinaryPrimitives.ReadUInt64LittleEndian(file);
        string header = System.Text.Encoding.UTF8.GetString(file, 8, length);
        Assert.Contains("\"1200\"", header, StringComparison.Ordinal);
        byte[] damaged = System.Text.Encoding.UTF8.GetBytes(header.Replace("\"1200\"", "\"\\ud800\"", StringComparison.Ordinal));
        var e = Assert.Throws<ModelFormatException>(() => Load([.. LittleEndian((ulong)damaged.Length), .. damaged, .. file.AsSpan(8 + length)]));
        Assert.Contains("lone surrogate", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Found_metadata_with_a_lone_surrogate_is_refused_on_save_not_stored_changed()
    {
        // The JSON writer stored both keys as U+FFFD: a file the reader refuses (a key twice), and not what was saved.
        GeneratorWeights weights = GeneratorWeights.CreateRandom(new GeneratorArchitecture(2, 2, 0), seed: 4);
        weights.Metadata["\ud800"] = "a";
        weights.Metadata["\udc00"] = "b";
        Assert.Throws<InvalidOperationException>(() => weights.ToSafetensors());
    }

    private static void RoundTrip(Gen<float> values, TensorDataType dataType)
    {
        Gen<GeneratorWeights> models =
            from architecture in Architectures
            from all in values.Array[(int)architecture.ParameterCount]
            from metadata in Metadata
            select Split(architecture, all, metadata);
        models.Sample(
            weights =>
            {
                using var stream = new MemoryStream();
                if (!weights.Metadata.All(kv => IsUnicode(kv.Key) && IsUnicode(kv.Value)))
                {
                    // UTF-8 has no lone surrogates: refused as documented, rather than saved changed.
                    Assert.Throws<InvalidOperationException>(() => weights.Save(stream, dataType));
                    return;
                }

                weights.Save(stream, dataType);
                byte[] file = stream.ToArray();
                GeneratorWeights back = GeneratorWeights.Load(new MemoryStream(file), "model.safetensors");

                Assert.Equal(weights.Architecture, back.Architecture);
                foreach ((string name, float[] tensor) in weights.Tensors)
                {
                    Assert.Equal(tensor.Select(BitConverter.SingleToInt32Bits), back.GetTensor(name).Select(BitConverter.SingleToInt32Bits));
                }

                Assert.Equal(weights.Metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal), back.Metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal));
                Assert.Equal(weights.Sha256, back.Sha256);
                Assert.Equal(file, back.ToSafetensors(dataType)); // the same weights give the same bytes
            },
            iter: 100,
            print: w => $"{w.Architecture}, metadata {{{string.Join(", ", w.Metadata.Select(kv => $"{Escape(kv.Key)}: {Escape(kv.Value)}"))}}}");
    }

    private static GeneratorWeights Split(GeneratorArchitecture architecture, float[] all, Dictionary<string, string> metadata)
    {
        var tensors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        int at = 0;
        foreach (TensorSpec spec in architecture.GetTensorSpecs())
        {
            tensors.Add(spec.Name, all[at..(at + (int)spec.ElementCount)]);
            at += (int)spec.ElementCount;
        }

        return new GeneratorWeights(architecture, tensors, metadata);
    }

    private static void Load(byte[] file) => _ = GeneratorWeights.Load(new MemoryStream(file), "damaged.safetensors");

    private static GeneratorWeights WithMetadata(GeneratorWeights weights)
    {
        weights.Metadata["notes"] = "trained on the eval set, ×2";
        weights.Metadata["steps"] = "1200";
        return weights;
    }

    private static byte[] WithHeaderChanged(byte[] file, JsonMutation[] changes)
    {
        int length = (int)BinaryPrimitives.ReadUInt64LittleEndian(file);
        byte[] header = JsonMutation.Apply(file.AsSpan(8, length), changes);
        return [.. LittleEndian((ulong)header.Length), .. header, .. file.AsSpan(8 + length)];
    }

    private static byte[] LittleEndian(ulong value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        return bytes;
    }

    private static bool IsUnicode(string text)
    {
        try
        {
            _ = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetByteCount(text);
            return true;
        }
        catch (System.Text.EncoderFallbackException)
        {
            return false;
        }
    }

    private static string Escape(string text) => string.Concat(text.Select(c => c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:x4}"));
}
