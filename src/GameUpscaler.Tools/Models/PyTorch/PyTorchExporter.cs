using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;

namespace GameUpscaler.Models.PyTorch;

/// <summary>
/// Writes a per-frame generator as a PyTorch checkpoint of Real-ESRGAN's <c>SRVGGNetCompact(num_in_ch=3,
/// num_out_ch=3, num_feat=C, num_conv=N, upscale=s, act_type='prelu')</c>: the zip format of <c>torch.save</c>
/// (PyTorch 1.6 and later; <c>ARCHIVE/data.pkl</c>, <c>ARCHIVE/byteorder</c>, <c>ARCHIVE/data/0…</c>,
/// <c>ARCHIVE/version</c>) holding an OrderedDict of fp32 tensors, under <c>'params'</c> as BasicSR and
/// Real-ESRGAN save and read it, or bare for <c>model.load_state_dict(torch.load(f))</c>.
/// </summary>
/// <remarks>
/// The pickle uses only protocol 2 opcodes that <c>torch.load(..., weights_only=True)</c> accepts, and only the
/// globals <c>collections.OrderedDict</c>, <c>torch._utils._rebuild_tensor_v2</c> and <c>torch.FloatStorage</c>.
/// The state dict carries the module versions (<c>_metadata</c>) that <c>nn.Module.state_dict()</c> records, so
/// it is the object PyTorch itself would have saved. <see cref="PyTorchImporter"/> reads it back bit-exactly.
/// </remarks>
public static class PyTorchExporter
{
    /// <summary>The key the state dict is saved under by default, as BasicSR and Real-ESRGAN save it.</summary>
    public const string DefaultStateDictKey = PyTorchImporter.StateDictKey;

    /// <summary>The folder of the archive's records (what PyTorch's writer uses for a stream).</summary>
    public const string ArchiveFolder = "archive";

    /// <summary>The serialization format version written (<c>ARCHIVE/version</c>), as torch.save writes it.</summary>
    public const string FormatVersion = "3\n";

    /// <summary>Serialises the generator to checkpoint bytes.</summary>
    /// <param name="weights">A per-frame generator.</param>
    /// <param name="stateDictKey">The key of the top-level dict the state dict goes under, or null for a bare state dict.</param>
    /// <exception cref="ArgumentNullException"><paramref name="weights"/> is null.</exception>
    /// <exception cref="ArgumentException">The key is empty.</exception>
    /// <exception cref="NotSupportedException">The generator is temporal: SRVGGNetCompact has no history input.</exception>
    public static byte[] Export(GeneratorWeights weights, string? stateDictKey = DefaultStateDictKey)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (stateDictKey is { Length: 0 })
        {
            throw new ArgumentException("The state dict key is empty; pass null for a bare state dict.", nameof(stateDictKey));
        }

        GeneratorArchitecture architecture = weights.Architecture;
        architecture.ThrowIfNotPlain("The PyTorch (SRVGGNetCompact) exporter");
        if (architecture.Temporal)
        {
            throw new NotSupportedException(
                $"A temporal generator ({architecture}) has no SRVGGNetCompact equivalent: its first convolution reads " +
                $"{architecture.InputChannels} planes (frame, history, confidence), not RGB, and its skip is the history; only per-frame generators are exported to PyTorch.");
        }

        // The generator's tensors are SRVGGNetCompact's, by name, shape and order (GeneratorArchitecture's remarks).
        IReadOnlyList<TensorSpec> specs = architecture.GetTensorSpecs();
        var pickle = new PickleWriter();
        if (stateDictKey is not null)
        {
            pickle.EmptyDict().String(stateDictKey);
        }

        pickle.Global("collections", "OrderedDict").EmptyTuple().Reduce().Mark();
        for (int i = 0; i < specs.Count; i++)
        {
            TensorSpec spec = specs[i];
            long[] shape = [.. spec.Shape.Select(d => (long)d)];
            var strides = new long[shape.Length];
            long stride = 1;
            for (int d = shape.Length - 1; d >= 0; d--)
            {
                strides[d] = stride;
                stride *= shape[d];
            }

            // _rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks)
            pickle.String(spec.Name).Global("torch._utils", "_rebuild_tensor_v2").Mark();
            pickle.Mark().String("storage").Global("torch", "FloatStorage").String(StorageKey(i)).String("cpu").Int(spec.ElementCount).Tuple().BinPersId();
            pickle.Int(0).IntTuple(shape).IntTuple(strides).False();
            pickle.Global("collections", "OrderedDict").EmptyTuple().Reduce();
            pickle.Tuple().Reduce();
        }

        pickle.SetItems();

        // The state: {'_metadata': OrderedDict('' → {'version': 1}, 'body' → …, 'body.K' → …, 'upsampler' → …)}, the
        // nn.Module._version of every module of the network (all 1), as state_dict() records it.
        pickle.EmptyDict().String("_metadata").Global("collections", "OrderedDict").EmptyTuple().Reduce().Mark();
        string[] modules = ["", "body", .. Enumerable.Range(0, (2 * architecture.ConvCount) - 1).Select(k => string.Create(CultureInfo.InvariantCulture, $"body.{k}")), "upsampler"];
        foreach (string module in modules)
        {
            pickle.String(module).EmptyDict().String("version").Int(1).SetItem();
        }

        pickle.SetItems().SetItem().Build();
        if (stateDictKey is not null)
        {
            pickle.SetItem();
        }

        var archive = new TorchArchiveWriter(ArchiveFolder);
        archive.Add("data.pkl", pickle.Finish());
        archive.Add("byteorder", "little"u8);
        for (int i = 0; i < specs.Count; i++)
        {
            float[] values = weights.GetTensor(specs[i].Name);
            byte[] data = new byte[values.Length * sizeof(float)];
            if (BitConverter.IsLittleEndian)
            {
                MemoryMarshal.AsBytes(values.AsSpan()).CopyTo(data);
            }
            else
            {
                for (int j = 0; j < values.Length; j++)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(j * sizeof(float)), values[j]);
                }
            }

            archive.Add($"data/{StorageKey(i)}", data);
        }

        archive.Add("version", System.Text.Encoding.ASCII.GetBytes(FormatVersion));
        return archive.Finish();
    }

    private static string StorageKey(int index) => index.ToString(CultureInfo.InvariantCulture);
}
