using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace GameUpscaler.Models.PyTorch;

/// <summary>
/// Writes pickle protocol 2 opcodes, the subset <see cref="PickleReader"/> reads and that PyTorch's
/// <c>weights_only</c> unpickler accepts: no memo (every value is written where it is used), so the bytes follow
/// from the calls alone.
/// </summary>
internal sealed class PickleWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new();

    public PickleWriter() => Op(PickleOpcodes.Proto).Byte(2);

    public PickleWriter Mark() => Op(PickleOpcodes.Mark);

    public PickleWriter EmptyDict() => Op(PickleOpcodes.EmptyDict);

    public PickleWriter EmptyTuple() => Op(PickleOpcodes.EmptyTuple);

    /// <summary>The values since the last <see cref="Mark"/> as one tuple.</summary>
    public PickleWriter Tuple() => Op(PickleOpcodes.Tuple);

    public PickleWriter False() => Op(PickleOpcodes.NewFalse);

    public PickleWriter Reduce() => Op(PickleOpcodes.Reduce);

    public PickleWriter BinPersId() => Op(PickleOpcodes.BinPersId);

    public PickleWriter SetItem() => Op(PickleOpcodes.SetItem);

    /// <summary>The key/value pairs since the last <see cref="Mark"/> into the dict below them.</summary>
    public PickleWriter SetItems() => Op(PickleOpcodes.SetItems);

    public PickleWriter Build() => Op(PickleOpcodes.Build);

    /// <summary><c>module\nname\n</c>: the global by name (ASCII).</summary>
    public PickleWriter Global(string module, string name)
    {
        Op(PickleOpcodes.Global);
        Bytes(Encoding.ASCII.GetBytes($"{module}\n{name}\n"));
        return this;
    }

    public PickleWriter String(string value)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(value);
        Op(PickleOpcodes.BinUnicode);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)utf8.Length);
        Bytes(length);
        Bytes(utf8);
        return this;
    }

    /// <summary>A non-negative integer in the shortest form (BININT1, BININT2 or BININT), as Python's pickler writes it.</summary>
    public PickleWriter Int(long value)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(value);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(value, int.MaxValue);
        if (value <= byte.MaxValue)
        {
            return Op(PickleOpcodes.BinInt1).Byte((byte)value);
        }

        Span<byte> bytes = stackalloc byte[4];
        if (value <= ushort.MaxValue)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes, (ushort)value);
            Op(PickleOpcodes.BinInt2);
            Bytes(bytes[..2]);
            return this;
        }

        BinaryPrimitives.WriteInt32LittleEndian(bytes, (int)value);
        Op(PickleOpcodes.BinInt);
        Bytes(bytes);
        return this;
    }

    /// <summary>A tuple of non-negative integers (TUPLE1–3 for short ones, as Python's pickler does).</summary>
    public PickleWriter IntTuple(IReadOnlyList<long> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return EmptyTuple();
        }

        bool marked = values.Count > 3;
        if (marked)
        {
            Mark();
        }

        foreach (long value in values)
        {
            Int(value);
        }

        return marked ? Tuple() : Op(values.Count switch { 1 => PickleOpcodes.Tuple1, 2 => PickleOpcodes.Tuple2, _ => PickleOpcodes.Tuple3 });
    }

    /// <summary>STOP, and the pickle's bytes.</summary>
    public byte[] Finish()
    {
        Op(PickleOpcodes.Stop);
        return _buffer.WrittenSpan.ToArray();
    }

    private PickleWriter Op(byte opcode) => Byte(opcode);

    private PickleWriter Byte(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
        return this;
    }

    private void Bytes(ReadOnlySpan<byte> bytes) => _buffer.Write(bytes);
}
