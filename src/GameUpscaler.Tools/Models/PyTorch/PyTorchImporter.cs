using System.Buffers.Binary;
using System.Globalization;
using GameUpscaler.IO;

namespace GameUpscaler.Models.PyTorch;

/// <summary>
/// Imports a Real-ESRGAN / BasicSR <c>SRVGGNetCompact</c> trained in PyTorch (<c>act_type='prelu'</c>, any
/// <c>num_feat</c>, <c>num_conv</c> and <c>upscale</c> up to 4) into <see cref="GeneratorWeights"/>, without Python:
/// a <c>torch.save</c> checkpoint (<c>.pth</c>, the zip format of PyTorch 1.6 and later) or a safetensors file of the
/// same state dict (<c>safetensors.torch.save_file</c>).
/// </summary>
/// <remarks>
/// <para>The checkpoint's pickle is read by <see cref="PickleReader"/>, which executes nothing: only the opcodes and
/// globals of a state dict are accepted, anything else is refused by name. The state dict is the top-level dict, or
/// under <see cref="EmaStateDictKey"/> (preferred) or <see cref="StateDictKey"/> as BasicSR and Real-ESRGAN save
/// it (<c>{'params': …, 'params_ema': …}</c>); the one used is recorded under <see cref="StateDictKeyMetadataKey"/>
/// and in <see cref="SourceMetadataKey"/>.</para>
/// <para>Tensors may be float32, float16 or bfloat16 (widened exactly to fp32) and must be contiguous. Scale, C and N
/// follow from the shapes, which are checked, with the chain, before any storage is read.</para>
/// </remarks>
public static class PyTorchImporter
{
    /// <summary>The key BasicSR saves the EMA weights under (the ones Real-ESRGAN's inference uses when present).</summary>
    public const string EmaStateDictKey = "params_ema";

    /// <summary>The key BasicSR and Real-ESRGAN save the network's weights under.</summary>
    public const string StateDictKey = "params";

    /// <summary>Metadata key recording where an imported model came from.</summary>
    public const string SourceMetadataKey = SrvggNetCompact.SourceMetadataKey;

    /// <summary>Metadata key recording which entry of the checkpoint was imported: <c>params_ema</c>, <c>params</c> or empty (the top level).</summary>
    public const string StateDictKeyMetadataKey = "pytorch_state_dict";

    /// <summary>The largest <c>data.pkl</c> read: 1 MiB (an SRVGGNetCompact state dict's is a few tens of KB).</summary>
    public const long MaxPickleBytes = 1L << 20;

    /// <summary>The largest storage record read: 256 MiB (the largest supported network has about 38 M fp32 weights).</summary>
    public const long MaxStorageBytes = 256L << 20;

    /// <summary>Reads a checkpoint or safetensors file.</summary>
    /// <param name="path">The <c>.pth</c> (torch.save zip) or <c>.safetensors</c> file; the format is told by its content.</param>
    /// <exception cref="ArgumentException">The path is empty.</exception>
    /// <exception cref="ModelFormatException">The file is malformed, is not an SRVGGNetCompact state dict, or uses what a state dict does not; the message names the file, the tensor or pickle position and the problem.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static GeneratorWeights Import(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Import(InputFile.ReadAllBytes(path, GeneratorWeights.MaxFileBytes, "PyTorch checkpoint"), path);
    }

    /// <summary>Reads a checkpoint or safetensors file from memory.</summary>
    /// <param name="bytes">The file's bytes.</param>
    /// <param name="name">The file's name for messages and the source metadata.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ModelFormatException">The bytes are malformed or not an SRVGGNetCompact state dict.</exception>
    public static GeneratorWeights Import(byte[] bytes, string name = "model.pth")
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(name);
        if (bytes.Length >= 4 && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] is 3 or 5)
        {
            return ImportCheckpoint(bytes, name);
        }

        if (bytes.Length >= 9 && bytes[8] == '{' && BinaryPrimitives.ReadUInt64LittleEndian(bytes) <= (ulong)(bytes.Length - 8))
        {
            return ImportSafetensors(bytes, name);
        }

        if (bytes.Length >= 2 && bytes[0] == PickleOpcodes.Proto)
        {
            throw new ModelFormatException(name, "a bare pickle: the legacy torch.save format of PyTorch before 1.6 (or _use_new_zipfile_serialization=False); load it in PyTorch and save it again with torch.save");
        }

        throw new ModelFormatException(name, "neither a PyTorch checkpoint (torch.save's zip archive, starting 'PK') nor a safetensors file (an 8-byte header length, then '{')");
    }

    private static GeneratorWeights ImportCheckpoint(byte[] bytes, string name)
    {
        using TorchArchive archive = TorchArchive.Open(bytes, name);
        string pickleName = $"{archive.Folder}/data.pkl";
        if (!archive.Has("data.pkl"))
        {
            string what = archive.Has("constants.pkl") || archive.Has("code/")
                ? "a TorchScript module (torch.jit.save), not a state dict: save model.state_dict() with torch.save"
                : "not a torch.save checkpoint";
            throw new ModelFormatException(name, $"the archive has no {pickleName}; {what}");
        }

        if (archive.Has("byteorder"))
        {
            byte[] order = archive.Read("byteorder", 16, "the byte order record");
            if (!order.AsSpan().SequenceEqual("little"u8))
            {
                throw new ModelFormatException(name, $"{archive.Folder}/byteorder says '{System.Text.Encoding.ASCII.GetString(order)}'; only little-endian checkpoints are read");
            }
        }

        object? root = PickleReader.Read(archive.Read("data.pkl", MaxPickleBytes, "the pickled state dict"), name, pickleName);
        (PickleDict stateDict, string key, string note) = SelectStateDict(root, name, pickleName);

        var tensors = new Dictionary<string, TensorReference>(StringComparer.Ordinal);
        foreach ((string tensorName, object? value) in stateDict.Items)
        {
            if (value is not TensorReference tensor)
            {
                throw new ModelFormatException(name, $"state dict entry '{tensorName}' is {PickleReader.Describe(value)}, not a tensor");
            }

            tensors.Add(tensorName, tensor);
        }

        (GeneratorArchitecture architecture, IReadOnlyList<SrvggLayer> layers) =
            SrvggStateDict.Infer(tensors.ToDictionary(kv => kv.Key, kv => kv.Value.Size, StringComparer.Ordinal), name);

        // Only now, with every shape within the architecture's limits, are storages read.
        var storages = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        return SrvggStateDict.ToWeights(
            architecture,
            layers,
            tensorName => Decode(archive, storages, tensorName, tensors[tensorName], name),
            name,
            $"PyTorch import of {Path.GetFileName(name)}{note}",
            new Dictionary<string, string>(StringComparer.Ordinal) { [StateDictKeyMetadataKey] = key });
    }

    /// <summary>The state dict, the key it is under ("" for the top level) and a note for the source metadata.</summary>
    private static (PickleDict StateDict, string Key, string Note) SelectStateDict(object? root, string name, string pickleName)
    {
        if (root is not PickleDict top)
        {
            throw new ModelFormatException(name, $"{pickleName} holds {PickleReader.Describe(root)}, not a dict; a checkpoint of a state dict holds one");
        }

        foreach (string key in (string[])[EmaStateDictKey, StateDictKey])
        {
            if (top.TryGetValue(key, out object? inner))
            {
                if (inner is not PickleDict dict)
                {
                    throw new ModelFormatException(name, $"'{key}' is {PickleReader.Describe(inner)}, not a state dict");
                }

                string note = key == EmaStateDictKey && top.TryGetValue(StateDictKey, out _)
                    ? $", '{EmaStateDictKey}' (the EMA weights, preferred over '{StateDictKey}')"
                    : $", '{key}'";
                return (dict, key, note);
            }
        }

        if (top.Count > 0 && top.Items.All(kv => kv.Value is TensorReference))
        {
            return (top, string.Empty, string.Empty);
        }

        string keys = string.Join(", ", top.Items.Take(6).Select(kv => $"'{kv.Key}'")) + (top.Count > 6 ? ", …" : string.Empty);
        throw new ModelFormatException(
            name,
            $"the checkpoint's top level holds {(top.Count == 0 ? "nothing" : keys)}: neither a state dict of tensors nor " +
            $"'{EmaStateDictKey}' / '{StateDictKey}' as BasicSR and Real-ESRGAN save one");
    }

    private static float[] Decode(TorchArchive archive, Dictionary<string, byte[]> storages, string tensorName, TensorReference tensor, string name)
    {
        StorageReference storage = tensor.Storage;
        TorchStorageType type = storage.Type;
        if (!type.Readable)
        {
            throw new ModelFormatException(name, $"tensor '{tensorName}' is stored as {type}; only float32, float16 and bfloat16 tensors are read");
        }

        // Contiguous (row-major) strides; a dimension of size 1 may have any stride, as in torch's own check.
        long count = 1, expectedStride = 1;
        for (int d = tensor.Size.Length - 1; d >= 0; d--)
        {
            if (tensor.Size[d] != 1 && tensor.Stride[d] != expectedStride)
            {
                throw new ModelFormatException(
                    name,
                    $"tensor '{tensorName}' {TensorSpec.FormatShape(tensor.Size)} has strides {TensorSpec.FormatShape(tensor.Stride)}: not contiguous (a transposed or sliced view); save .contiguous() copies");
            }

            expectedStride *= tensor.Size[d];
            count *= tensor.Size[d];
        }

        if (tensor.Offset > storage.Elements || count > storage.Elements - tensor.Offset)
        {
            throw new ModelFormatException(name, $"tensor '{tensorName}' reads elements [{tensor.Offset}, {tensor.Offset + count}) of storage '{storage.Key}', which has {storage.Elements}");
        }

        if (storage.Elements > MaxStorageBytes / type.ElementSize)
        {
            throw new ModelFormatException(name, string.Create(CultureInfo.InvariantCulture, $"storage '{storage.Key}' of '{tensorName}' declares {storage.Elements:N0} elements, over the limit of {MaxStorageBytes:N0} bytes"));
        }

        string record = $"data/{storage.Key}";
        if (!storages.TryGetValue(storage.Key, out byte[]? data))
        {
            long expected = storage.Elements * type.ElementSize;
            if (archive.Has(record) && archive.DeclaredLength(record) != expected)
            {
                throw new ModelFormatException(
                    name,
                    string.Create(CultureInfo.InvariantCulture, $"{archive.Folder}/{record} holds {archive.DeclaredLength(record):N0} bytes; the pickle declares {storage.Elements:N0} {type.DType} elements ({expected:N0} bytes)"));
            }

            data = archive.Read(record, MaxStorageBytes, $"the storage of '{tensorName}'");
            storages.Add(storage.Key, data);
        }

        var values = new float[count];
        int size = type.ElementSize;
        ReadOnlySpan<byte> bytes = data.AsSpan((int)(tensor.Offset * size), (int)(count * size));
        for (int i = 0; i < values.Length; i++)
        {
            ReadOnlySpan<byte> element = bytes.Slice(i * size, size);
            values[i] = type == TorchStorageType.Float ? BinaryPrimitives.ReadSingleLittleEndian(element)
                : type == TorchStorageType.Half ? (float)BinaryPrimitives.ReadHalfLittleEndian(element)
                : BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(element) << 16); // bfloat16: the top half of an fp32
        }

        return values;
    }

    private static GeneratorWeights ImportSafetensors(byte[] bytes, string name)
    {
        GeneratorArchitecture? architecture = null;
        IReadOnlyList<SrvggLayer>? layers = null;
        (_, Dictionary<string, float[]> tensors) = SafetensorsFile.ReadTensors(
            bytes,
            name,
            missingMetadataHint: null,
            (_, shapes) =>
            {
                (architecture, layers) = SrvggStateDict.Infer(shapes, name);
                var specs = SrvggStateDict.TensorNames(architecture)
                    .Select(tensor => new TensorSpec(tensor, [.. shapes[tensor].Select(d => (int)d)]))
                    .ToList();
                return (specs, $"SRVGGNetCompact state dict ({architecture})");
            });
        return SrvggStateDict.ToWeights(
            architecture!,
            layers!,
            tensor => tensors[tensor],
            name,
            $"safetensors import of {Path.GetFileName(name)}");
    }
}
