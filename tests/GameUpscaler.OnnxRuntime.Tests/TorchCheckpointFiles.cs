using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using GameUpscaler.Models;

namespace GameUpscaler.OnnxRuntime.Tests;

/// <summary>One tensor of a test state dict: name, shape and values.</summary>
internal sealed record TestTensor(string Name, long[] Shape, float[] Values);

/// <summary>
/// Writes torch.save-style checkpoints for the import tests, independently of <c>PyTorchExporter</c>: pickle opcodes
/// written byte by byte (so a test can put any opcode or global in) and the zip written by System.IO.Compression,
/// deflated as Real-ESRGAN's release file is, so the importer is also tested on a writer that is not ours.
/// </summary>
internal static class TorchCheckpointFiles
{
    /// <summary>The state-dict tensors of a generator, in file order.</summary>
    public static List<TestTensor> Tensors(GeneratorWeights weights) =>
        [.. weights.Architecture.GetTensorSpecs().Select(s => new TestTensor(s.Name, [.. s.Shape.Select(d => (long)d)], (float[])weights.GetTensor(s.Name).Clone()))];

    /// <summary>
    /// A checkpoint: the state dicts under their keys in one top-level dict (a null key: that state dict is the top
    /// level), every tensor in its own storage of <paramref name="storageType"/>.
    /// </summary>
    public static byte[] Checkpoint(
        IReadOnlyList<(string? Key, IReadOnlyList<TestTensor> Tensors)> dicts,
        string storageType = "FloatStorage",
        Func<TestTensor, long[]>? stride = null,
        Func<TestTensor, long>? declaredElements = null,
        string folder = "model")
    {
        var pickle = new TestPickle();
        var storages = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        bool bare = dicts.Count == 1 && dicts[0].Key is null;
        if (!bare)
        {
            pickle.Op('}').Op('(');
        }

        foreach ((string? key, IReadOnlyList<TestTensor> tensors) in dicts)
        {
            if (!bare)
            {
                pickle.Str(key!);
            }

            pickle.Global("collections", "OrderedDict").Op(')').Op('R').Op('(');
            foreach (TestTensor tensor in tensors)
            {
                string storage = storages.Count.ToString(CultureInfo.InvariantCulture);
                storages.Add(storage, Encode(tensor.Values, storageType));
                pickle.Str(tensor.Name).Tensor(storageType, storage, declaredElements?.Invoke(tensor) ?? tensor.Values.Length, 0, tensor.Shape, stride?.Invoke(tensor) ?? Contiguous(tensor.Shape));
            }

            pickle.Op('u');
        }

        if (!bare)
        {
            pickle.Op('u');
        }

        return Zip(pickle.Stop(), storages, folder);
    }

    /// <summary>A zip of <c>FOLDER/data.pkl</c>, <c>FOLDER/data/KEY</c> per storage, <c>FOLDER/version</c>.</summary>
    public static byte[] Zip(byte[] pickle, IReadOnlyDictionary<string, byte[]> storages, string folder = "model", string? byteorder = "little")
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string name, byte[] data)
            {
                ZipArchiveEntry entry = zip.CreateEntry($"{folder}/{name}", CompressionLevel.Optimal);
                using Stream stream = entry.Open();
                stream.Write(data);
            }

            Add("data.pkl", pickle);
            if (byteorder is not null)
            {
                Add("byteorder", Encoding.ASCII.GetBytes(byteorder));
            }

            foreach ((string key, byte[] data) in storages)
            {
                Add($"data/{key}", data);
            }

            Add("version", "3\n"u8.ToArray());
        }

        return memory.ToArray();
    }

    public static long[] Contiguous(long[] shape)
    {
        var stride = new long[shape.Length];
        long s = 1;
        for (int d = shape.Length - 1; d >= 0; d--)
        {
            stride[d] = s;
            s *= shape[d];
        }

        return stride;
    }

    /// <summary>The bytes of a storage; bfloat16 keeps the top half of each fp32 (exact for values that are bfloat16 already).</summary>
    public static byte[] Encode(float[] values, string storageType)
    {
        int size = storageType switch { "FloatStorage" => 4, "HalfStorage" or "BFloat16Storage" => 2, "DoubleStorage" => 8, _ => throw new ArgumentOutOfRangeException(nameof(storageType)) };
        var bytes = new byte[values.Length * size];
        for (int i = 0; i < values.Length; i++)
        {
            Span<byte> at = bytes.AsSpan(i * size, size);
            switch (storageType)
            {
                case "FloatStorage": BinaryPrimitives.WriteSingleLittleEndian(at, values[i]); break;
                case "HalfStorage": BinaryPrimitives.WriteHalfLittleEndian(at, (Half)values[i]); break;
                case "BFloat16Storage": BinaryPrimitives.WriteUInt16LittleEndian(at, (ushort)(BitConverter.SingleToUInt32Bits(values[i]) >> 16)); break;
                default: BinaryPrimitives.WriteDoubleLittleEndian(at, values[i]); break;
            }
        }

        return bytes;
    }
}

/// <summary>Pickle protocol 2 written opcode by opcode (no memo), for test checkpoints.</summary>
internal sealed class TestPickle
{
    private readonly List<byte> _bytes = [0x80, 2];

    public TestPickle Op(char opcode) => Raw((byte)opcode);

    public TestPickle Raw(params byte[] bytes)
    {
        _bytes.AddRange(bytes);
        return this;
    }

    public TestPickle Str(string value)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(value);
        var length = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, utf8.Length);
        return Op('X').Raw(length).Raw(utf8);
    }

    public TestPickle Int(long value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, checked((int)value));
        return Op('J').Raw(bytes);
    }

    public TestPickle Global(string module, string name) => Op('c').Raw(Encoding.ASCII.GetBytes($"{module}\n{name}\n"));

    public TestPickle IntTuple(long[] values)
    {
        Op('(');
        foreach (long v in values)
        {
            Int(v);
        }

        return Op('t');
    }

    /// <summary><c>_rebuild_tensor_v2(('storage', torch.TYPE, key, 'cpu', numel), offset, size, stride, False, OrderedDict())</c>.</summary>
    public TestPickle Tensor(string storageType, string key, long numel, long offset, long[] size, long[] stride)
    {
        Global("torch._utils", "_rebuild_tensor_v2").Op('(');
        Op('(').Str("storage").Global("torch", storageType).Str(key).Str("cpu").Int(numel).Op('t').Op('Q');
        Int(offset).IntTuple(size).IntTuple(stride).Raw(0x89);
        Global("collections", "OrderedDict").Op(')').Op('R');
        return Op('t').Op('R');
    }

    public byte[] Stop() => [.. _bytes, (byte)'.'];
}
