using System.Buffers.Binary;
using System.Globalization;

namespace GameUpscaler.Models.Ncnn;

/// <summary>
/// Reads an ncnn <c>.bin</c> file in layer order, as ncnn's <c>ModelBinFromDataReader</c> does: convolution weights
/// start with a 4-byte tag (0x01306B47 for fp16, 0 for fp32) and are padded to 4 bytes; biases and PReLU slopes are
/// untagged fp32.
/// </summary>
internal sealed class NcnnWeightReader
{
    public const uint Float16Tag = NcnnImporter.Float16WeightTag;
    public const uint Int8Tag = NcnnImporter.Int8WeightTag;

    private readonly byte[] _bytes;
    private readonly string _fileName;
    private int _position;

    public NcnnWeightReader(byte[] bytes, string fileName)
    {
        _bytes = bytes;
        _fileName = fileName;
    }

    /// <summary>Bytes not read yet.</summary>
    public int Remaining => _bytes.Length - _position;

    /// <summary>Reads tagged weights (fp16 or fp32) of <paramref name="count"/> elements for a layer.</summary>
    /// <exception cref="ModelFormatException">The data is truncated, quantized or of an unknown tag.</exception>
    public float[] ReadTagged(int count, NcnnLayer layer)
    {
        uint tag = BinaryPrimitives.ReadUInt32LittleEndian(Take(4, layer, "the weight type tag"));
        float[] values;

        // Every size a .param declares is checked against what the .bin holds before anything is allocated for it: a
        // .param claiming two billion weights must fail on the .bin's length, not after allocating gigabytes.
        switch (tag)
        {
            case Float16Tag:
            {
                ReadOnlySpan<byte> data = Take(AlignTo4((long)count * 2), layer, $"{count} fp16 weights");
                values = new float[count];
                for (int i = 0; i < count; i++)
                {
                    values[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(data.Slice(i * 2, 2));
                }

                break;
            }

            case 0:
                values = ReadFloats(count, layer, "fp32 weights");
                break;
            case Int8Tag:
                throw new ModelFormatException(_fileName, $"{layer.Describe()} holds int8-quantized weights; only fp16 and fp32 models can be imported");
            default:
                throw new ModelFormatException(_fileName, string.Create(
                    CultureInfo.InvariantCulture,
                    $"{layer.Describe()}: weight tag 0x{tag:X8} at byte {_position - 4} is neither fp16 (0x{Float16Tag:X8}) nor fp32 (0); a quantization table, or a .bin that does not belong to this .param"));
        }

        CheckFinite(values, layer);
        return values;
    }

    /// <summary>Reads <paramref name="count"/> untagged fp32 values (biases, PReLU slopes).</summary>
    /// <exception cref="ModelFormatException">The data is truncated or holds a non-finite value.</exception>
    public float[] ReadFloat32(int count, NcnnLayer layer, string what)
    {
        float[] values = ReadFloats(count, layer, what);
        CheckFinite(values, layer);
        return values;
    }

    private float[] ReadFloats(int count, NcnnLayer layer, string what)
    {
        ReadOnlySpan<byte> data = Take((long)count * 4, layer, $"{count} {what}");
        var values = new float[count];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(data.Slice(i * 4, 4));
        }

        return values;
    }

    private ReadOnlySpan<byte> Take(long length, NcnnLayer layer, string what)
    {
        if (length > Remaining)
        {
            throw new ModelFormatException(_fileName, string.Create(
                CultureInfo.InvariantCulture,
                $"truncated: {layer.Describe()} needs {length} bytes for {what} at byte {_position}, but only {Remaining} remain ({_bytes.Length} in all)"));
        }

        var span = new ReadOnlySpan<byte>(_bytes, _position, (int)length);
        _position += (int)length;
        return span;
    }

    private void CheckFinite(float[] values, NcnnLayer layer)
    {
        int bad = Array.FindIndex(values, v => !GeneratorWeights.IsValidWeight(v));
        if (bad >= 0)
        {
            throw new ModelFormatException(
                _fileName,
                $"{layer.Describe()} holds {values[bad]} at element {bad} (weights must be finite and within ±{GeneratorWeights.MaxWeightMagnitude:0e0}); a .bin that does not belong to this .param?");
        }
    }

    private static long AlignTo4(long length) => (length + 3) & ~3L;
}
