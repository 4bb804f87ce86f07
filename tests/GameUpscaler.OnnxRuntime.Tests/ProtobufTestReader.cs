using System.Text;

namespace GameUpscaler.OnnxRuntime.Tests;

/// <summary>
/// Decodes protocol-buffer messages into (field, value) pairs, enough to inspect the exported ONNX graph
/// independently of ONNX Runtime: varints as <see cref="ulong"/>, length-delimited fields as byte arrays, fixed32 as
/// uint. Throws on malformed input.
/// </summary>
internal static class ProtobufTestReader
{
    public static List<(int Field, object Value)> Read(ReadOnlySpan<byte> data)
    {
        var fields = new List<(int, object)>();
        int p = 0;
        while (p < data.Length)
        {
            ulong key = ReadVarint(data, ref p);
            int field = (int)(key >> 3);
            switch ((int)(key & 7))
            {
                case 0: fields.Add((field, ReadVarint(data, ref p))); break;
                case 2:
                {
                    int length = checked((int)ReadVarint(data, ref p));
                    fields.Add((field, data.Slice(p, length).ToArray()));
                    p += length;
                    break;
                }

                case 5: fields.Add((field, BitConverter.ToUInt32(data.Slice(p, 4)))); p += 4; break;
                default: throw new InvalidDataException($"wire type {key & 7} at byte {p}");
            }
        }

        return fields;
    }

    public static IEnumerable<byte[]> Messages(this List<(int Field, object Value)> fields, int field) =>
        fields.Where(f => f.Field == field).Select(f => (byte[])f.Value);

    public static string String(this List<(int Field, object Value)> fields, int field) =>
        Encoding.UTF8.GetString(fields.Messages(field).Single());

    public static ulong Varint(this List<(int Field, object Value)> fields, int field) =>
        (ulong)fields.Single(f => f.Field == field).Value;

    private static ulong ReadVarint(ReadOnlySpan<byte> data, ref int p)
    {
        ulong value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            byte b = data[p++];
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        throw new InvalidDataException("varint longer than 10 bytes");
    }
}
