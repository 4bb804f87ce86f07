using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace GameUpscaler.OnnxRuntime.Tests;

/// <summary>
/// Reads the float tensors of a PyTorch zip checkpoint (<c>torch.save</c> since 1.6: <c>data.pkl</c> plus one file
/// per storage under <c>data/</c>) without Python: a small pickle interpreter that knows exactly the opcodes and
/// the three globals such a state dict uses (<c>collections.OrderedDict</c>, <c>torch._utils._rebuild_tensor_v2</c>,
/// <c>torch.FloatStorage</c>) and refuses anything else, so it never executes arbitrary pickled code.
/// For tests only: it compares imported models with the original fp32 weights.
/// </summary>
internal static class PyTorchCheckpoint
{
    private static readonly object Mark = new();

    /// <summary>The tensors of the state dict (top level, or under <paramref name="key"/> when the top level is a dict holding it).</summary>
    public static Dictionary<string, float[]> ReadStateDict(string path, string? key = "params")
    {
        using ZipArchive zip = ZipFile.OpenRead(path);
        ZipArchiveEntry pickle = zip.Entries.Single(e => e.FullName.EndsWith("/data.pkl", StringComparison.Ordinal));
        string prefix = pickle.FullName[..^"data.pkl".Length];
        object root = Unpickle(ReadEntry(pickle));
        var dict = (Dictionary<object, object?>)root;
        if (key is not null && dict.TryGetValue(key, out object? inner) && inner is Dictionary<object, object?> nested)
        {
            dict = nested;
        }

        var tensors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach ((object name, object? value) in dict)
        {
            var tensor = (TensorReference)value!;
            byte[] storage = ReadEntry(zip.GetEntry(prefix + "data/" + tensor.StorageKey)
                ?? throw new InvalidDataException($"{path}: storage {tensor.StorageKey} is missing"));
            long count = tensor.Size.Aggregate(1L, (a, b) => a * b);
            long expectedStride = 1;
            for (int d = tensor.Size.Length - 1; d >= 0; d--)
            {
                if (tensor.Size[d] != 1 && tensor.Stride[d] != expectedStride)
                {
                    throw new InvalidDataException($"{path}: tensor {name} is not contiguous");
                }

                expectedStride *= tensor.Size[d];
            }

            var values = new float[count];
            for (int i = 0; i < count; i++)
            {
                values[i] = BinaryPrimitives.ReadSingleLittleEndian(storage.AsSpan((int)((tensor.Offset + i) * 4), 4));
            }

            tensors.Add((string)name, values);
        }

        return tensors;
    }

    private static byte[] ReadEntry(ZipArchiveEntry entry)
    {
        using Stream stream = entry.Open();
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    private static object Unpickle(byte[] data)
    {
        var stack = new List<object?>();
        var memo = new Dictionary<long, object?>();
        int p = 0;
        int PopMark()
        {
            int index = stack.FindLastIndex(o => ReferenceEquals(o, Mark));
            return index >= 0 ? index : throw new InvalidDataException("pickle: MARK expected");
        }

        object?[] PopToMark()
        {
            int mark = PopMark();
            object?[] items = stack.Skip(mark + 1).ToArray();
            stack.RemoveRange(mark, stack.Count - mark);
            return items;
        }

        object? Pop()
        {
            object? top = stack[^1];
            stack.RemoveAt(stack.Count - 1);
            return top;
        }

        string ReadLine()
        {
            int end = Array.IndexOf(data, (byte)'\n', p);
            string line = Encoding.ASCII.GetString(data, p, end - p);
            p = end + 1;
            return line;
        }

        while (true)
        {
            byte op = data[p++];
            switch (op)
            {
                case 0x80: p++; break; // PROTO n
                case 0x95: p += 8; break; // FRAME length
                case (byte)'}': stack.Add(new Dictionary<object, object?>()); break;
                case (byte)']': stack.Add(new List<object?>()); break;
                case (byte)')': stack.Add(Array.Empty<object?>()); break;
                case (byte)'(': stack.Add(Mark); break;
                case (byte)'N': stack.Add(null); break;
                case 0x88: stack.Add(true); break;
                case 0x89: stack.Add(false); break;
                case (byte)'q': memo[data[p++]] = stack[^1]; break;
                case (byte)'r': memo[BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(p))] = stack[^1]; p += 4; break;
                case 0x94: memo[memo.Count] = stack[^1]; break;
                case (byte)'h': stack.Add(memo[data[p++]]); break;
                case (byte)'j': stack.Add(memo[BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(p))]); p += 4; break;
                case (byte)'K': stack.Add((long)data[p++]); break;
                case (byte)'M': stack.Add((long)BinaryPrimitives.ReadUInt16LittleEndian(data.AsSpan(p))); p += 2; break;
                case (byte)'J': stack.Add((long)BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(p))); p += 4; break;
                case (byte)'X':
                {
                    int length = BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(p));
                    stack.Add(Encoding.UTF8.GetString(data, p + 4, length));
                    p += 4 + length;
                    break;
                }

                case 0x8C:
                {
                    int length = data[p];
                    stack.Add(Encoding.UTF8.GetString(data, p + 1, length));
                    p += 1 + length;
                    break;
                }

                case (byte)'c': stack.Add(new Global(ReadLine() + " " + ReadLine())); break;
                case (byte)'t': stack.Add(PopToMark()); break;
                case 0x85: stack.Add(new[] { Pop() }); break;
                case 0x86: { object? b = Pop(); object? a = Pop(); stack.Add(new[] { a, b }); break; }
                case 0x87: { object? c = Pop(); object? b = Pop(); object? a = Pop(); stack.Add(new[] { a, b, c }); break; }
                case (byte)'Q':
                {
                    var id = (object?[])Pop()!;
                    stack.Add(id[0] is "storage" ? new StorageReference((string)id[2]!) : throw new InvalidDataException("pickle: unknown persistent id"));
                    break;
                }

                case (byte)'R':
                {
                    var args = (object?[])Pop()!;
                    var callable = (Global)Pop()!;
                    stack.Add(callable.Name switch
                    {
                        "collections OrderedDict" => new Dictionary<object, object?>(),
                        "torch._utils _rebuild_tensor_v2" => new TensorReference(
                            ((StorageReference)args[0]!).Key,
                            (long)args[1]!,
                            ((object?[])args[2]!).Select(o => (long)o!).ToArray(),
                            ((object?[])args[3]!).Select(o => (long)o!).ToArray()),
                        _ => throw new InvalidDataException($"pickle: refusing to call {callable.Name}"),
                    });
                    break;
                }

                case (byte)'s': { object? value = Pop(); object key = Pop()!; ((Dictionary<object, object?>)stack[^1]!)[key] = value; break; }
                case (byte)'u':
                {
                    object?[] items = PopToMark();
                    var dict = (Dictionary<object, object?>)stack[^1]!;
                    for (int i = 0; i < items.Length; i += 2)
                    {
                        dict[items[i]!] = items[i + 1];
                    }

                    break;
                }

                case (byte)'b': Pop(); break; // BUILD: the state of an OrderedDict (its _metadata) is not needed
                case (byte)'.': return stack[^1]!;
                default: throw new InvalidDataException($"pickle: opcode 0x{op:X2} at byte {p - 1} is not supported");
            }
        }
    }

    private sealed record Global(string Name);

    private sealed record StorageReference(string Key);

    private sealed record TensorReference(string StorageKey, long Offset, long[] Size, long[] Stride);
}
