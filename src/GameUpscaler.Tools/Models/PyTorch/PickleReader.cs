using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace GameUpscaler.Models.PyTorch;

/// <summary>
/// Reads the <c>data.pkl</c> of a PyTorch checkpoint without executing anything: a pickle interpreter for exactly the
/// opcodes and globals a state dict uses, with every other opcode and every other global refused by name.
/// </summary>
/// <remarks>
/// <para>A pickle is a program: <c>GLOBAL</c> imports any callable and <c>REDUCE</c> calls it, which is how a
/// hostile <c>.pth</c> runs <c>os.system</c> under <c>torch.load</c>. Here the only callables are data constructors
/// that build inert C# values: <c>collections.OrderedDict()</c> (a <see cref="PickleDict"/>),
/// <c>torch._utils._rebuild_tensor_v2</c> (a <see cref="TensorReference"/>) and the <c>torch.*Storage</c> classes,
/// which only appear inside persistent ids (<c>BINPERSID</c>, a <see cref="StorageReference"/>).</para>
/// <para>Opcodes: PROTO, FRAME, STOP, MARK, EMPTY_DICT, EMPTY_TUPLE, TUPLE, TUPLE1–3, NONE, NEWTRUE, NEWFALSE, BININT,
/// BININT1, BININT2, LONG1, BINUNICODE, SHORT_BINUNICODE, BINPUT, LONG_BINPUT, MEMOIZE, BINGET, LONG_BINGET, GLOBAL,
/// STACK_GLOBAL, BINPERSID, REDUCE, SETITEM, SETITEMS and BUILD (the state of an OrderedDict: its
/// <c>_metadata</c>, ignored). That is what <c>torch.save</c> writes for a state dict at its default protocol 2, and at
/// protocol 4 or 5. Every read is bounds-checked; a damaged or hostile pickle ends in
/// <see cref="ModelFormatException"/>, never in another exception.</para>
/// </remarks>
internal sealed class PickleReader
{
    /// <summary>Most characters of a GLOBAL's module or name line (real ones are under 40).</summary>
    private const int MaxGlobalLine = 256;

    /// <summary>Most characters of a storage key (torch writes a decimal number).</summary>
    private const int MaxStorageKey = 64;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly byte[] _data;
    private readonly string _fileName;
    private readonly string _entryName;
    private readonly List<object?> _stack = [];
    private readonly List<int> _marks = [];
    private readonly Dictionary<uint, object?> _memo = [];
    private readonly Dictionary<string, StorageReference> _storages = new(StringComparer.Ordinal);
    private int _position;
    private int _opcodeAt;

    private PickleReader(byte[] data, string fileName, string entryName)
    {
        _data = data;
        _fileName = fileName;
        _entryName = entryName;
    }

    /// <summary>The object the pickle builds: a <see cref="PickleDict"/>, tuple (object?[]), string, long, bool, null or reference.</summary>
    /// <param name="data">The pickle bytes.</param>
    /// <param name="fileName">The checkpoint file, for messages.</param>
    /// <param name="entryName">The pickle's entry in the archive, for messages (<c>archive/data.pkl</c>).</param>
    /// <exception cref="ModelFormatException">The pickle is damaged, or uses an opcode or global a state dict does not.</exception>
    public static object? Read(byte[] data, string fileName, string entryName)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new PickleReader(data, fileName, entryName).Run();
    }

    private object? Run()
    {
        while (true)
        {
            _opcodeAt = _position;
            byte op = ReadByte("an opcode (the pickle ends without STOP)");
            switch (op)
            {
                case PickleOpcodes.Proto:
                {
                    int protocol = ReadByte("the protocol number");
                    if (protocol > PickleOpcodes.HighestProtocol)
                    {
                        throw Fail($"pickle protocol {protocol}; the highest there is is {PickleOpcodes.HighestProtocol}");
                    }

                    break;
                }

                case PickleOpcodes.Frame:
                {
                    ulong length = BinaryPrimitives.ReadUInt64LittleEndian(Take(8, "the frame length"));
                    if (length > (ulong)(_data.Length - _position))
                    {
                        throw Fail($"a frame of {length} bytes, but only {_data.Length - _position} follow (truncated?)");
                    }

                    break;
                }

                case PickleOpcodes.Stop:
                    if (_marks.Count != 0 || _stack.Count != 1)
                    {
                        throw Fail($"STOP with {_stack.Count} values on the stack and {_marks.Count} open MARKs; a complete pickle leaves exactly one value");
                    }

                    if (_position != _data.Length)
                    {
                        throw Fail($"{_data.Length - _position} bytes follow STOP");
                    }

                    return _stack[0];
                case PickleOpcodes.Mark:
                    _marks.Add(_stack.Count);
                    break;
                case PickleOpcodes.EmptyDict:
                    _stack.Add(new PickleDict(ordered: false));
                    break;
                case PickleOpcodes.EmptyTuple:
                    _stack.Add(Array.Empty<object?>());
                    break;
                case PickleOpcodes.Tuple:
                    _stack.Add(PopToMark());
                    break;
                case PickleOpcodes.Tuple1:
                    _stack.Add(new[] { Pop() });
                    break;
                case PickleOpcodes.Tuple2:
                {
                    object? b = Pop(), a = Pop();
                    _stack.Add(new[] { a, b });
                    break;
                }

                case PickleOpcodes.Tuple3:
                {
                    object? c = Pop(), b = Pop(), a = Pop();
                    _stack.Add(new[] { a, b, c });
                    break;
                }

                case PickleOpcodes.None:
                    _stack.Add(null);
                    break;
                case PickleOpcodes.NewTrue:
                    _stack.Add(true);
                    break;
                case PickleOpcodes.NewFalse:
                    _stack.Add(false);
                    break;
                case PickleOpcodes.BinInt:
                    _stack.Add((long)BinaryPrimitives.ReadInt32LittleEndian(Take(4, "a 4-byte integer")));
                    break;
                case PickleOpcodes.BinInt1:
                    _stack.Add((long)ReadByte("a 1-byte integer"));
                    break;
                case PickleOpcodes.BinInt2:
                    _stack.Add((long)BinaryPrimitives.ReadUInt16LittleEndian(Take(2, "a 2-byte integer")));
                    break;
                case PickleOpcodes.Long1:
                    _stack.Add(ReadLong1());
                    break;
                case PickleOpcodes.BinUnicode:
                {
                    uint length = BinaryPrimitives.ReadUInt32LittleEndian(Take(4, "a string length"));
                    _stack.Add(ReadString(length));
                    break;
                }

                case PickleOpcodes.ShortBinUnicode:
                    _stack.Add(ReadString(ReadByte("a string length")));
                    break;
                case PickleOpcodes.BinPut:
                    Memoize(ReadByte("a memo index"));
                    break;
                case PickleOpcodes.LongBinPut:
                    Memoize(BinaryPrimitives.ReadUInt32LittleEndian(Take(4, "a memo index")));
                    break;
                case PickleOpcodes.Memoize:
                    Memoize((uint)_memo.Count);
                    break;
                case PickleOpcodes.BinGet:
                    _stack.Add(Recall(ReadByte("a memo index")));
                    break;
                case PickleOpcodes.LongBinGet:
                    _stack.Add(Recall(BinaryPrimitives.ReadUInt32LittleEndian(Take(4, "a memo index"))));
                    break;
                case PickleOpcodes.Global:
                {
                    string module = ReadLine("GLOBAL's module");
                    string name = ReadLine("GLOBAL's name");
                    _stack.Add(ResolveGlobal(module, name));
                    break;
                }

                case PickleOpcodes.StackGlobal:
                {
                    object? name = Pop(), module = Pop();
                    if (module is not string m || name is not string n)
                    {
                        throw Fail($"STACK_GLOBAL needs two strings, not {Describe(module)} and {Describe(name)}");
                    }

                    _stack.Add(ResolveGlobal(m, n));
                    break;
                }

                case PickleOpcodes.BinPersId:
                    _stack.Add(PersistentLoad(Pop()));
                    break;
                case PickleOpcodes.Reduce:
                {
                    object? args = Pop(), callable = Pop();
                    _stack.Add(Call(callable, args));
                    break;
                }

                case PickleOpcodes.SetItem:
                {
                    object? value = Pop(), key = Pop();
                    SetItem(Peek("SETITEM"), key, value);
                    break;
                }

                case PickleOpcodes.SetItems:
                {
                    object?[] items = PopToMark();
                    if (items.Length % 2 != 0)
                    {
                        throw Fail($"SETITEMS with {items.Length} values; keys and values come in pairs");
                    }

                    object? target = Peek("SETITEMS");
                    for (int i = 0; i < items.Length; i += 2)
                    {
                        SetItem(target, items[i], items[i + 1]);
                    }

                    break;
                }

                case PickleOpcodes.Build:
                {
                    object? state = Pop();
                    object? target = Peek("BUILD");

                    // An OrderedDict state dict carries its _metadata (module versions) as instance state; the weights
                    // do not depend on it, so it is checked for shape only and dropped.
                    if (target is not PickleDict { Ordered: true } || state is not (PickleDict or null))
                    {
                        throw Fail($"BUILD of {Describe(target)} with {Describe(state)}; a state dict only sets an OrderedDict's _metadata");
                    }

                    break;
                }

                default:
                    throw Fail($"opcode {PickleOpcodes.Describe(op)} is not one a state dict uses; refused (nothing in the file is executed)");
            }
        }
    }

    private object ResolveGlobal(string module, string name)
    {
        string full = $"{module}.{name}";
        if (full is PickleGlobal.OrderedDict or PickleGlobal.RebuildTensorV2)
        {
            return new PickleGlobal(module, name);
        }

        if (module == "torch" && TorchStorageType.Find(name) is { } storage)
        {
            return storage;
        }

        throw Fail(
            $"GLOBAL '{Shorten(module)} {Shorten(name)}' is refused: a state dict only names {PickleGlobal.OrderedDict}, " +
            $"{PickleGlobal.RebuildTensorV2} and torch.*Storage (nothing in the file is imported or executed)");
    }

    private object Call(object? callable, object? args)
    {
        if (args is not object?[] a)
        {
            throw Fail($"REDUCE with arguments {Describe(args)}, not a tuple");
        }

        switch (callable)
        {
            case PickleGlobal { FullName: PickleGlobal.OrderedDict }:
                return a.Length == 0
                    ? new PickleDict(ordered: true)
                    : throw Fail($"{PickleGlobal.OrderedDict} called with {a.Length} arguments; a state dict makes it empty, then sets its items");
            case PickleGlobal { FullName: PickleGlobal.RebuildTensorV2 }:
                return RebuildTensor(a);
            default:
                throw Fail($"REDUCE calls {Describe(callable)}; a state dict only calls {PickleGlobal.OrderedDict} and {PickleGlobal.RebuildTensorV2}");
        }
    }

    /// <summary><c>_rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks[, metadata])</c>.</summary>
    private TensorReference RebuildTensor(object?[] a)
    {
        const string Signature = "(storage, offset, size, stride, requires_grad, backward_hooks[, metadata])";
        if (a.Length is not (6 or 7))
        {
            throw Fail($"{PickleGlobal.RebuildTensorV2} with {a.Length} arguments; it takes {Signature}");
        }

        if (a[0] is not StorageReference storage || a[1] is not long offset || a[2] is not object?[] size || a[3] is not object?[] stride || a[4] is not bool)
        {
            throw Fail($"{PickleGlobal.RebuildTensorV2}{Signature} with arguments ({string.Join(", ", a.Select(Describe))})");
        }

        if (a[5] is not PickleDict { Count: 0 } || (a.Length == 7 && a[6] is not (null or PickleDict { Count: 0 })))
        {
            throw Fail($"a tensor with backward hooks or tensor metadata ({Describe(a[5])}{(a.Length == 7 ? ", " + Describe(a[6]) : string.Empty)}); a state dict's tensors have neither");
        }

        long[] dims = Integers(size, "size"), strides = Integers(stride, "stride");
        if (dims.Length != strides.Length)
        {
            throw Fail($"a tensor of {dims.Length} dimensions with {strides.Length} strides");
        }

        if (offset < 0 || dims.Any(d => d < 0) || strides.Any(s => s < 0))
        {
            throw Fail($"a tensor with a negative offset, size or stride (offset {offset}, size {Format(dims)}, stride {Format(strides)})");
        }

        return new TensorReference(storage, offset, dims, strides);
    }

    private long[] Integers(object?[] tuple, string what)
    {
        const int MaxDimensions = 8;
        if (tuple.Length > MaxDimensions || tuple.Any(o => o is not long))
        {
            throw Fail($"a tensor {what} ({string.Join(", ", tuple.Take(MaxDimensions + 1).Select(Describe))}) that is not a tuple of up to {MaxDimensions} integers");
        }

        return [.. tuple.Cast<long>()];
    }

    /// <summary><c>BINPERSID</c> of <c>('storage', torch.FloatStorage, key, location, elements)</c>.</summary>
    private StorageReference PersistentLoad(object? id)
    {
        if (id is not object?[] { Length: 5 } t || t[0] is not "storage")
        {
            throw Fail($"persistent id {Describe(id)}; a checkpoint's are ('storage', type, key, location, size)");
        }

        if (t[1] is not TorchStorageType type || t[2] is not string key || t[3] is not string location || t[4] is not long elements || elements < 0)
        {
            throw Fail($"persistent id ({string.Join(", ", t.Select(Describe))}); expected ('storage', torch.*Storage, key, location, size)");
        }

        if (key.Length is 0 or > MaxStorageKey || !key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
        {
            // The key becomes part of an archive entry name (data/KEY): only plain names, never a path.
            throw Fail($"storage key '{Shorten(key)}' is not a plain name (letters, digits, '_' or '-', at most {MaxStorageKey})");
        }

        var storage = new StorageReference(key, type, location, elements);
        if (_storages.TryGetValue(key, out StorageReference? seen))
        {
            // Tensors that share a storage name it again; it must be the same storage.
            return seen.Type == type && seen.Elements == elements
                ? seen
                : throw Fail($"storage '{key}' is named as {seen.Type} of {seen.Elements} elements and as {type} of {elements}");
        }

        _storages.Add(key, storage);
        return storage;
    }

    private void SetItem(object? target, object? key, object? value)
    {
        if (target is not PickleDict dict)
        {
            throw Fail($"setting an item of {Describe(target)}; only dicts have items here");
        }

        if (key is not string name)
        {
            throw Fail($"a dict key {Describe(key)}; a state dict's keys are strings");
        }

        if (!dict.TryAdd(name, value))
        {
            throw Fail($"key '{Shorten(name)}' is set twice in one dict");
        }
    }

    private long ReadLong1()
    {
        int length = ReadByte("a LONG1 length");
        if (length > 8)
        {
            throw Fail($"a {length}-byte integer; no size or offset of a state dict needs more than 8 bytes");
        }

        ReadOnlySpan<byte> bytes = Take(length, "a LONG1 integer");
        long value = 0;
        for (int i = length - 1; i >= 0; i--)
        {
            value = (value << 8) | bytes[i];
        }

        // Two's complement of `length` bytes: sign-extend from the top byte.
        if (length is > 0 and < 8 && (bytes[length - 1] & 0x80) != 0)
        {
            value -= 1L << (8 * length);
        }

        return value;
    }

    private string ReadString(uint length)
    {
        if (length > _data.Length - _position)
        {
            throw Fail($"a string of {length} bytes, but only {_data.Length - _position} follow (truncated?)");
        }

        try
        {
            return StrictUtf8.GetString(Take((int)length, "a string"));
        }
        catch (DecoderFallbackException)
        {
            throw Fail("a string that is not valid UTF-8");
        }
    }

    private string ReadLine(string what)
    {
        int end = Array.IndexOf(_data, (byte)'\n', _position, Math.Min(MaxGlobalLine + 1, _data.Length - _position));
        if (end < 0)
        {
            throw Fail($"{what} has no end of line within {MaxGlobalLine} bytes");
        }

        ReadOnlySpan<byte> line = _data.AsSpan(_position, end - _position);
        _position = end + 1;
        foreach (byte b in line)
        {
            if (b is < 0x20 or > 0x7E)
            {
                throw Fail($"{what} holds byte 0x{b:X2}; module and class names are printable ASCII");
            }
        }

        return Encoding.ASCII.GetString(line);
    }

    private void Memoize(uint index)
    {
        if (_stack.Count == 0 || (_marks.Count > 0 && _stack.Count == _marks[^1]))
        {
            throw Fail("memoizing with nothing on the stack");
        }

        _memo[index] = _stack[^1];
    }

    private object? Recall(uint index) =>
        _memo.TryGetValue(index, out object? value) ? value : throw Fail($"memo entry {index} is read before it is written");

    private object? Pop()
    {
        int floor = _marks.Count > 0 ? _marks[^1] : 0;
        if (_stack.Count <= floor)
        {
            throw Fail(_stack.Count == 0 ? "the stack is empty" : "a value is taken from below the last MARK");
        }

        object? top = _stack[^1];
        _stack.RemoveAt(_stack.Count - 1);
        return top;
    }

    private object? Peek(string what)
    {
        int floor = _marks.Count > 0 ? _marks[^1] : 0;
        return _stack.Count > floor ? _stack[^1] : throw Fail($"{what} with no dict on the stack");
    }

    private object?[] PopToMark()
    {
        if (_marks.Count == 0)
        {
            throw Fail("no MARK to collect the values to");
        }

        int mark = _marks[^1];
        _marks.RemoveAt(_marks.Count - 1);
        object?[] items = [.. _stack.Skip(mark)];
        _stack.RemoveRange(mark, _stack.Count - mark);
        return items;
    }

    private byte ReadByte(string what) => Take(1, what)[0];

    private ReadOnlySpan<byte> Take(int length, string what)
    {
        if (length > _data.Length - _position)
        {
            throw Fail($"truncated: {what} needs {length} bytes, {_data.Length - _position} remain");
        }

        var span = new ReadOnlySpan<byte>(_data, _position, length);
        _position += length;
        return span;
    }

    private ModelFormatException Fail(string problem) =>
        new(_fileName, string.Create(CultureInfo.InvariantCulture, $"{_entryName} byte {_opcodeAt}: {problem}"));

    /// <summary>A value as messages show it, without walking into it.</summary>
    internal static string Describe(object? value) => value switch
    {
        null => "None",
        bool b => b ? "True" : "False",
        long l => l.ToString(CultureInfo.InvariantCulture),
        string s => $"'{Shorten(s)}'",
        object?[] t => $"a tuple of {t.Length}",
        PickleDict d => $"{(d.Ordered ? "an OrderedDict" : "a dict")} of {d.Count}",
        PickleGlobal g => g.FullName,
        TorchStorageType t => $"torch.{t.Name}",
        StorageReference s => $"storage '{s.Key}'",
        TensorReference t => $"a tensor {Format(t.Size)}",
        _ => value.GetType().Name,
    };

    private static string Format(long[] values) => TensorSpec.FormatShape(values);

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
