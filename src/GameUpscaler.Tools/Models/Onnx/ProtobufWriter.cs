using System.Buffers.Binary;
using System.Text;

namespace GameUpscaler.Models.Onnx;

/// <summary>
/// The few protocol-buffer encodings an ONNX file needs (varints, length-delimited fields, packed floats), written
/// by hand so the core needs no generated code. Nested messages are built in their own writer and embedded with
/// <see cref="WriteMessage"/>, which is simple and fast enough for models of a few megabytes.
/// </summary>
internal sealed class ProtobufWriter
{
    private const int WireVarint = 0;
    private const int WireFixed32 = 5;
    private const int WireLengthDelimited = 2;

    private readonly MemoryStream _buffer = new();

    /// <summary>The bytes written so far.</summary>
    public byte[] ToArray() => _buffer.ToArray();

    /// <summary>An int64/int32/enum field (negative values take ten bytes, as protobuf specifies).</summary>
    public void WriteInt64(int field, long value)
    {
        WriteTag(field, WireVarint);
        WriteVarint((ulong)value);
    }

    /// <summary>A float field (fixed 32 bits, little-endian).</summary>
    public void WriteFloat(int field, float value)
    {
        WriteTag(field, WireFixed32);
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteSingleLittleEndian(bytes, value);
        _buffer.Write(bytes);
    }

    /// <summary>A string field (UTF-8).</summary>
    public void WriteString(int field, string value) => WriteBytes(field, Encoding.UTF8.GetBytes(value));

    /// <summary>A bytes field.</summary>
    public void WriteBytes(int field, ReadOnlySpan<byte> value)
    {
        WriteTag(field, WireLengthDelimited);
        WriteVarint((ulong)value.Length);
        _buffer.Write(value);
    }

    /// <summary>An embedded message field.</summary>
    public void WriteMessage(int field, ProtobufWriter message) => WriteBytes(field, message._buffer.GetBuffer().AsSpan(0, (int)message._buffer.Length));

    /// <summary>A packed repeated int64 field.</summary>
    public void WritePackedInt64(int field, ReadOnlySpan<long> values)
    {
        var packed = new ProtobufWriter();
        foreach (long value in values)
        {
            packed.WriteVarint((ulong)value);
        }

        WriteBytes(field, packed._buffer.GetBuffer().AsSpan(0, (int)packed._buffer.Length));
    }

    /// <summary>Floats as little-endian bytes (a TensorProto's <c>raw_data</c>).</summary>
    public void WriteFloatsAsRawBytes(int field, ReadOnlySpan<float> values)
    {
        var bytes = new byte[values.Length * sizeof(float)];
        for (int i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), values[i]);
        }

        WriteBytes(field, bytes);
    }

    private void WriteTag(int field, int wireType) => WriteVarint(((ulong)(uint)field << 3) | (uint)wireType);

    private void WriteVarint(ulong value)
    {
        while (value >= 0x80)
        {
            _buffer.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        _buffer.WriteByte((byte)value);
    }
}
