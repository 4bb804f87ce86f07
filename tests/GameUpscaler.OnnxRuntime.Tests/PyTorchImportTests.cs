using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using GameUpscaler.Models;
using GameUpscaler.Models.PyTorch;

namespace GameUpscaler.OnnxRuntime.Tests;

/// <summary>
/// PyTorch state dicts of SRVGGNetCompact in and out: export and import back, checkpoints written by another writer
/// (fp16, bf16, params_ema), plain safetensors state dicts, and malformed or hostile files, which are refused with a
/// <see cref="ModelFormatException"/> naming the problem.
/// </summary>
public sealed class PyTorchImportTests
{
    [Theory]
    [InlineData(2, 8, 2, false)]
    [InlineData(3, 5, 0, true)]
    [InlineData(1, 4, 1, false)]
    [InlineData(4, 16, 3, true)]
    public void Exported_checkpoints_import_back_bit_exactly(int scale, int channels, int bodyConvs, bool bare)
    {
        GeneratorWeights original = TestImages.RandomWeights(new GeneratorArchitecture(scale, channels, bodyConvs), seed: 5);
        byte[] checkpoint = PyTorchExporter.Export(original, bare ? null : PyTorchExporter.DefaultStateDictKey);
        GeneratorWeights imported = PyTorchImporter.Import(checkpoint, "exported.pth");

        Assert.Equal(original.Architecture, imported.Architecture);
        foreach ((string name, float[] values) in original.Tensors)
        {
            Assert.Equal(values.Select(BitConverter.SingleToInt32Bits), imported.GetTensor(name).Select(BitConverter.SingleToInt32Bits));
        }

        Assert.Equal(bare ? string.Empty : "params", imported.Metadata[PyTorchImporter.StateDictKeyMetadataKey]);
        Assert.Equal(checkpoint, PyTorchExporter.Export(original, bare ? null : PyTorchExporter.DefaultStateDictKey)); // deterministic
    }

    [Fact]
    public void Exported_archive_is_laid_out_as_torch_save_writes_it()
    {
        GeneratorWeights weights = TestImages.RandomWeights(new GeneratorArchitecture(2, 4, 1), seed: 3);
        byte[] checkpoint = PyTorchExporter.Export(weights);
        using var zip = new ZipArchive(new MemoryStream(checkpoint), ZipArchiveMode.Read);
        int tensors = weights.Architecture.GetTensorSpecs().Count;
        Assert.Equal(
            ["archive/data.pkl", "archive/byteorder", .. Enumerable.Range(0, tensors).Select(i => $"archive/data/{i}"), "archive/version"],
            zip.Entries.Select(e => e.FullName));
        foreach (ZipArchiveEntry entry in zip.Entries)
        {
            Assert.Equal(entry.Length, entry.CompressedLength); // stored, not deflated
        }

        Assert.Equal("3\n", Read(zip, "archive/version"));
        Assert.Equal("little", Read(zip, "archive/byteorder"));

        // Every record's data starts on a 64-byte boundary (PyTorch's kFieldAlignment), so storages can be mapped.
        int offset = 0;
        while (BinaryPrimitives.ReadUInt32LittleEndian(checkpoint.AsSpan(offset)) == 0x04034B50)
        {
            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(checkpoint.AsSpan(offset + 26));
            int extraLength = BinaryPrimitives.ReadUInt16LittleEndian(checkpoint.AsSpan(offset + 28));
            int size = BinaryPrimitives.ReadInt32LittleEndian(checkpoint.AsSpan(offset + 18));
            int data = offset + 30 + nameLength + extraLength;
            Assert.Equal(0, data % 64);
            offset = data + size;
        }

        // The storage of body.0.weight holds its fp32 values, little-endian.
        byte[] storage = ReadBytes(zip, "archive/data/0");
        Assert.Equal(weights.GetTensor("body.0.weight")[5], BinaryPrimitives.ReadSingleLittleEndian(storage.AsSpan(5 * 4)));
    }

    [Fact]
    public void Params_ema_is_preferred_over_params_and_the_source_says_so()
    {
        var architecture = new GeneratorArchitecture(2, 4, 1);
        GeneratorWeights plain = TestImages.RandomWeights(architecture, seed: 1), ema = TestImages.RandomWeights(architecture, seed: 2);
        byte[] checkpoint = TorchCheckpointFiles.Checkpoint([("params", TorchCheckpointFiles.Tensors(plain)), ("params_ema", TorchCheckpointFiles.Tensors(ema))]);

        GeneratorWeights imported = PyTorchImporter.Import(checkpoint, "net_g_latest.pth");

        Assert.Equal(ema.GetTensor("body.0.weight"), imported.GetTensor("body.0.weight"));
        Assert.Equal("params_ema", imported.Metadata[PyTorchImporter.StateDictKeyMetadataKey]);
        Assert.Contains("'params_ema' (the EMA weights, preferred over 'params')", imported.Metadata[PyTorchImporter.SourceMetadataKey], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("HalfStorage")]
    [InlineData("BFloat16Storage")]
    [InlineData("FloatStorage")]
    public void Half_and_bfloat16_storages_widen_exactly(string storageType)
    {
        GeneratorWeights weights = TestImages.RandomWeights(new GeneratorArchitecture(2, 4, 1), seed: 8);
        List<TestTensor> tensors = TorchCheckpointFiles.Tensors(weights);
        foreach (TestTensor tensor in tensors)
        {
            for (int i = 0; i < tensor.Values.Length; i++)
            {
                // Values the storage type holds exactly, so the widening can be compared bit for bit.
                float v = tensor.Values[i];
                tensor.Values[i] = storageType switch
                {
                    "HalfStorage" => (float)(Half)v,
                    "BFloat16Storage" => BitConverter.UInt32BitsToSingle(BitConverter.SingleToUInt32Bits(v) & 0xFFFF0000),
                    _ => v,
                };
            }
        }

        GeneratorWeights imported = PyTorchImporter.Import(TorchCheckpointFiles.Checkpoint([(null, tensors)], storageType), "half.pth");

        foreach (TestTensor tensor in tensors)
        {
            Assert.Equal(tensor.Values, imported.GetTensor(tensor.Name));
        }
    }

    [Fact]
    public void A_plain_safetensors_state_dict_imports_with_the_shapes_telling_the_architecture()
    {
        GeneratorWeights weights = TestImages.RandomWeights(new GeneratorArchitecture(3, 6, 2), seed: 4);

        // As safetensors.torch.save_file(model.state_dict(), f) writes it: no __metadata__, tensors by name.
        byte[] file = PlainSafetensors(TorchCheckpointFiles.Tensors(weights), sharedSlope: false);
        GeneratorWeights imported = PyTorchImporter.Import(file, "net.safetensors");

        Assert.Equal(weights.Architecture, imported.Architecture);
        foreach ((string name, float[] values) in weights.Tensors)
        {
            Assert.Equal(values, imported.GetTensor(name));
        }

        Assert.Equal("safetensors import of net.safetensors", imported.Metadata[PyTorchImporter.SourceMetadataKey]);
    }

    [Fact]
    public void One_shared_prelu_slope_is_stored_for_every_channel()
    {
        GeneratorWeights weights = TestImages.RandomWeights(new GeneratorArchitecture(2, 5, 1), seed: 6);
        byte[] file = PlainSafetensors(TorchCheckpointFiles.Tensors(weights), sharedSlope: true);
        GeneratorWeights imported = PyTorchImporter.Import(file, "shared.safetensors");
        float first = weights.GetTensor("body.1.weight")[0];
        Assert.Equal(Enumerable.Repeat(first, 5), imported.GetTensor("body.1.weight"));
    }

    [Fact]
    public void A_temporal_generator_is_not_exported()
    {
        GeneratorWeights temporal = GeneratorWeights.CreateRandom(new GeneratorArchitecture(2, 4, 1, temporal: true), seed: 1);
        var e = Assert.Throws<NotSupportedException>(() => PyTorchExporter.Export(temporal));
        Assert.Contains("temporal generator (srvgg-temporal x2 C4 N1) has no SRVGGNetCompact equivalent", e.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string[]> MalformedCases => new()
    {
        { "truncated zip", ["not a readable zip archive"] },
        { "random bytes", ["neither a PyTorch checkpoint", "nor a safetensors file"] },
        { "empty file", ["neither a PyTorch checkpoint"] },
        { "legacy pickle", ["legacy torch.save format"] },
        { "forbidden global", ["model/data.pkl byte", "GLOBAL 'os system' is refused"] },
        { "forbidden reduce", ["GLOBAL 'builtins eval' is refused"] },
        { "unknown opcode", ["opcode 0x07 (no pickle opcode)", "refused"] },
        { "unsupported opcode", ["opcode 0x69 INST"] },
        { "truncated pickle", ["truncated", "data.pkl"] },
        { "no data.pkl", ["no model/data.pkl"] },
        { "torchscript", ["TorchScript"] },
        { "path storage key", ["storage key '../../x' is not a plain name"] },
        { "5x5 kernel", ["'body.0.weight' has shape [4, 3, 5, 5]", "3x3"] },
        { "inconsistent channels", ["body.2 (body.2.weight [4, 3, 3, 3]) reads 3 channels, but its input has 4"] },
        { "last conv not 3s²", ["has 10 outputs", "3·s²"] },
        { "x5", ["upscales x5", "x1 to x4"] },
        { "relu model", ["act_type 'relu' or 'leakyrelu'"] },
        { "extra tensor", ["unexpected tensor 'head.weight'"] },
        { "dataparallel keys", ["'module.body.0.bias'", "nn.DataParallel"] },
        { "missing bias", ["missing tensor 'body.2.bias'"] },
        { "slope count", ["'body.1.weight' has shape [3]"] },
        { "ends with prelu", ["ends with body.3, a PReLU"] },
        { "non-contiguous", ["'body.0.weight' [4, 3, 3, 3] has strides [1, 4, 12, 36]: not contiguous"] },
        { "double storage", ["'body.0.weight' is stored as torch.DoubleStorage (float64)"] },
        { "storage size mismatch", ["model/data/0 holds", "the pickle declares 999 float32 elements"] },
        { "big endian", ["only little-endian"] },
        { "nan weight", ["NaN"] },
        { "not a dict", ["holds a tuple of 0, not a dict"] },
        { "training state", ["neither a state dict of tensors nor 'params_ema' / 'params'"] },
        { "duplicate key", ["key 'body.0.weight' is set twice"] },
        { "tensor hooks", ["backward hooks"] },
    };

    [Theory]
    [MemberData(nameof(MalformedCases))]
    public void Malformed_checkpoints_are_refused_with_a_model_format_error_naming_the_problem(string kind, string[] expected)
    {
        byte[] file = Malformed(kind);
        var e = Assert.Throws<ModelFormatException>(() => PyTorchImporter.Import(file, "bad.pth"));
        Assert.StartsWith("bad.pth: ", e.Message, StringComparison.Ordinal);
        foreach (string part in expected)
        {
            Assert.Contains(part, e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Missing_files_are_io_errors_naming_the_file()
    {
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        var e = Assert.ThrowsAny<IOException>(() => PyTorchImporter.Import(temp.File("missing.pth")));
        Assert.Contains("missing.pth", e.Message, StringComparison.Ordinal);
    }

    private static byte[] Malformed(string kind)
    {
        var architecture = new GeneratorArchitecture(2, 4, 1);
        GeneratorWeights weights = TestImages.RandomWeights(architecture, seed: 12);
        List<TestTensor> tensors = TorchCheckpointFiles.Tensors(weights);
        byte[] Bare(IReadOnlyList<TestTensor> t, string storageType = "FloatStorage") => TorchCheckpointFiles.Checkpoint([(null, t)], storageType);
        byte[] WithPickle(TestPickle pickle) => TorchCheckpointFiles.Zip(pickle.Stop(), new Dictionary<string, byte[]>());
        TestTensor Reshaped(string name, long[] shape) => new(name, shape, new float[shape.Aggregate(1L, (a, b) => a * b)]);
        List<TestTensor> Replace(string name, TestTensor? with) =>
            [.. tensors.Select(t => t.Name == name ? with : t).Where(t => t is not null).Cast<TestTensor>()];

        switch (kind)
        {
            case "truncated zip": return PyTorchExporter.Export(weights)[..^200];
            case "random bytes": return [.. Enumerable.Range(0, 256).Select(i => (byte)((i * 131) + 7))];
            case "empty file": return [];
            case "legacy pickle": return new TestPickle().Op('}').Stop();
            case "forbidden global": return WithPickle(new TestPickle().Global("os", "system").Str("echo pwned").Raw(0x85).Op('R'));
            case "forbidden reduce": return WithPickle(new TestPickle().Global("builtins", "eval").Str("1").Raw(0x85).Op('R'));
            case "unknown opcode": return WithPickle(new TestPickle().Op('}').Raw(0x07));
            case "unsupported opcode": return WithPickle(new TestPickle().Op('(').Op('i').Raw(Encoding.ASCII.GetBytes("os\nsystem\n")));
            case "truncated pickle": return WithPickle(new TestPickle().Op('}').Op('X').Raw(200, 0, 0, 0).Raw(Encoding.ASCII.GetBytes("abc")));
            case "no data.pkl": return Rezip(Bare(tensors), drop: "model/data.pkl");
            case "torchscript":
            {
                using var memory = new MemoryStream();
                using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
                {
                    zip.CreateEntry("model/constants.pkl").Open().Dispose();
                    zip.CreateEntry("model/code/").Open().Dispose();
                }

                return memory.ToArray();
            }

            case "path storage key":
            {
                var pickle = new TestPickle().Global("collections", "OrderedDict").Op(')').Op('R').Str("body.0.weight")
                    .Tensor("FloatStorage", "../../x", 108, 0, [4, 3, 3, 3], [27, 9, 3, 1]).Op('s');
                return WithPickle(pickle);
            }

            case "5x5 kernel": return Bare(Replace("body.0.weight", Reshaped("body.0.weight", [4, 3, 5, 5])));
            case "inconsistent channels": return Bare(Replace("body.2.weight", Reshaped("body.2.weight", [4, 3, 3, 3])));
            case "last conv not 3s²":
                return Bare(Replace("body.4.bias", Reshaped("body.4.bias", [10])).Select(t => t.Name == "body.4.weight" ? Reshaped(t.Name, [10, 4, 3, 3]) : t).ToList());
            case "x5":
                return Bare(Replace("body.4.bias", Reshaped("body.4.bias", [75])).Select(t => t.Name == "body.4.weight" ? Reshaped(t.Name, [75, 4, 3, 3]) : t).ToList());
            case "relu model": return Bare([.. tensors.Where(t => t.Name is not ("body.1.weight" or "body.3.weight"))]);
            case "extra tensor": return Bare([.. tensors, Reshaped("head.weight", [4])]);
            case "dataparallel keys": return Bare([.. tensors.Select(t => t with { Name = "module." + t.Name })]);
            case "missing bias": return Bare(Replace("body.2.bias", null));
            case "slope count": return Bare(Replace("body.1.weight", Reshaped("body.1.weight", [3])));
            case "ends with prelu": return Bare([.. tensors.Where(t => !t.Name.StartsWith("body.4.", StringComparison.Ordinal))]);
            case "non-contiguous":
                return TorchCheckpointFiles.Checkpoint([(null, tensors)], stride: t => t.Name == "body.0.weight" ? [1, 4, 12, 36] : TorchCheckpointFiles.Contiguous(t.Shape));
            case "double storage": return Bare(tensors, "DoubleStorage");
            case "storage size mismatch":
                return TorchCheckpointFiles.Checkpoint([(null, tensors)], declaredElements: t => t.Name == "body.0.weight" ? 999 : t.Values.Length);

            case "big endian":
            {
                byte[] pkl = new TestPickle().Op('}').Stop();
                return TorchCheckpointFiles.Zip(pkl, new Dictionary<string, byte[]>(), byteorder: "big");
            }

            case "nan weight":
                tensors[0].Values[7] = float.NaN;
                return Bare(tensors);
            case "not a dict": return WithPickle(new TestPickle().Op(')'));
            case "training state": return WithPickle(new TestPickle().Op('}').Str("iter").Int(1000).Op('s'));
            case "duplicate key":
            {
                var pickle = new TestPickle().Op('}').Op('(');
                for (int i = 0; i < 2; i++)
                {
                    pickle.Str("body.0.weight").Tensor("FloatStorage", "0", 108, 0, [4, 3, 3, 3], [27, 9, 3, 1]);
                }

                return WithPickle(pickle.Op('u'));
            }

            case "tensor hooks":
            {
                // backward_hooks = OrderedDict({'h': 1}) in place of the empty OrderedDict.
                var pickle = new TestPickle().Op('}').Str("body.0.weight").Global("torch._utils", "_rebuild_tensor_v2").Op('(')
                    .Op('(').Str("storage").Global("torch", "FloatStorage").Str("0").Str("cpu").Int(108).Op('t').Op('Q')
                    .Int(0).IntTuple([4, 3, 3, 3]).IntTuple([27, 9, 3, 1]).Raw(0x89)
                    .Global("collections", "OrderedDict").Op(')').Op('R').Str("h").Int(1).Op('s')
                    .Op('t').Op('R').Op('s');
                return WithPickle(pickle);
            }

            default: throw new ArgumentOutOfRangeException(nameof(kind));
        }
    }

    /// <summary>The archive without one entry.</summary>
    private static byte[] Rezip(byte[] checkpoint, string drop)
    {
        using var source = new ZipArchive(new MemoryStream(checkpoint), ZipArchiveMode.Read);
        using var memory = new MemoryStream();
        using (var target = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (ZipArchiveEntry entry in source.Entries.Where(e => e.FullName != drop))
            {
                using Stream from = entry.Open(), to = target.CreateEntry(entry.FullName).Open();
                from.CopyTo(to);
            }
        }

        return memory.ToArray();
    }

    /// <summary>A safetensors file with no <c>__metadata__</c>, as <c>safetensors.torch.save_file</c> writes a state dict.</summary>
    internal static byte[] PlainSafetensors(IReadOnlyList<TestTensor> tensors, bool sharedSlope)
    {
        var header = new StringBuilder("{");
        var data = new MemoryStream();
        foreach (TestTensor tensor in tensors)
        {
            bool slope = int.Parse(tensor.Name.Split('.')[1], System.Globalization.CultureInfo.InvariantCulture) % 2 == 1;
            float[] values = sharedSlope && slope ? tensor.Values[..1] : tensor.Values;
            long[] shape = sharedSlope && slope ? [1] : tensor.Shape;
            long begin = data.Length;
            data.Write(TorchCheckpointFiles.Encode(values, "FloatStorage"));
            header.Append(header.Length > 1 ? "," : string.Empty)
                .Append($"\"{tensor.Name}\":{{\"dtype\":\"F32\",\"shape\":[{string.Join(',', shape)}],\"data_offsets\":[{begin},{data.Length}]}}");
        }

        header.Append('}');
        while (header.Length % 8 != 0)
        {
            header.Append(' ');
        }

        byte[] json = Encoding.UTF8.GetBytes(header.ToString());
        var length = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)json.Length);
        return [.. length, .. json, .. data.ToArray()];
    }

    private static string Read(ZipArchive zip, string name) => Encoding.ASCII.GetString(ReadBytes(zip, name));

    private static byte[] ReadBytes(ZipArchive zip, string name)
    {
        using Stream stream = zip.GetEntry(name)!.Open();
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }
}
