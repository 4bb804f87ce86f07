using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using GameUpscaler.Imaging;
using GameUpscaler.Inference;
using GameUpscaler.Models;
using GameUpscaler.Models.Ncnn;

namespace GameUpscaler.OnnxRuntime.Tests;

/// <summary>Importing ncnn models: the Real-ESRGAN reference files, a written round trip, and malformed files.</summary>
public sealed class NcnnImportTests
{
    private static readonly Lazy<GeneratorWeights> AnimeVideo = new(() => NcnnImporter.Import(TestPaths.AnimeVideoParam, TestPaths.AnimeVideoBin));

    [Fact]
    public void Animevideov3_imports_as_x4_C64_N16_with_the_file_weights()
    {
        GeneratorWeights weights = AnimeVideo.Value;
        Assert.Equal(new GeneratorArchitecture(4, 64, 16), weights.Architecture);
        Assert.Equal(621_424, weights.Architecture.ParameterCount);

        // The first weight is the fp16 value right after the 4-byte tag; the first bias is fp32 after the weights.
        byte[] bin = File.ReadAllBytes(TestPaths.AnimeVideoBin);
        Assert.Equal(NcnnImporter.Float16WeightTag, BinaryPrimitives.ReadUInt32LittleEndian(bin));
        Assert.Equal((float)BinaryPrimitives.ReadHalfLittleEndian(bin.AsSpan(4)), weights.GetTensor("body.0.weight")[0]);
        Assert.Equal(BinaryPrimitives.ReadSingleLittleEndian(bin.AsSpan(4 + (1728 * 2))), weights.GetTensor("body.0.bias")[0]);
        Assert.Contains("realesr-animevideov3-x4.param", weights.Metadata[NcnnImporter.SourceMetadataKey], StringComparison.Ordinal);
    }

    [Fact]
    public void General_x4v3_imports_as_x4_C64_N32()
    {
        GeneratorWeights weights = NcnnImporter.Import(TestPaths.GeneralParam, TestPaths.GeneralBin);
        Assert.Equal(new GeneratorArchitecture(4, 64, 32), weights.Architecture);
    }

    [Fact]
    public void Imported_animevideov3_agrees_on_cpu_and_onnx_runtime()
    {
        GeneratorWeights weights = AnimeVideo.Value;
        PlanarImage input = TestImages.Scene(40, 32);
        PlanarImage cpu = new CpuGenerator(weights).Run(input);
        using var onnx = new OnnxGenerator(weights, new OnnxRuntimeOptions { ExecutionProvider = OnnxExecutionProvider.Cpu, IntraOpThreads = 1 });
        PlanarImage ort = onnx.Run(input);
        double psnr = TestImages.Psnr(cpu, ort);
        Assert.True(psnr >= 45, $"CPU vs ORT PSNR {psnr:F1} dB");
        Assert.True(TestImages.MaxAbsDifference(cpu, ort) < 1e-3, $"max |diff| {TestImages.MaxAbsDifference(cpu, ort):E2}");

        // A real upscaler: the output stays near the nearest-upsampled input (the skip) rather than drifting.
        Assert.InRange(cpu.Data.Average(), input.Data.Average() - 0.05, input.Data.Average() + 0.05);
    }

    [Theory]
    [InlineData(2, 8, 2, false)]
    [InlineData(3, 5, 0, true)]
    [InlineData(1, 4, 1, false)]
    public void Written_ncnn_files_round_trip(int scale, int channels, int bodyConvs, bool sharedSlope)
    {
        GeneratorWeights original = TestImages.RandomWeights(new GeneratorArchitecture(scale, channels, bodyConvs), seed: 11);
        (string param, byte[] bin) = NcnnTestFiles.Write(original, sharedSlope);
        GeneratorWeights imported = NcnnImporter.Import(Encoding.UTF8.GetBytes(param), bin);
        Assert.Equal(original.Architecture, imported.Architecture);
        foreach ((string name, float[] values) in original.Tensors)
        {
            bool isConvWeight = Enumerable.Range(0, original.Architecture.ConvCount).Any(c => GeneratorArchitecture.ConvWeightName(c) == name);
            float[] expected = isConvWeight ? values.Select(v => (float)(Half)v).ToArray() : values; // convolution weights travel as fp16
            bool isSlope = Enumerable.Range(0, original.Architecture.ConvCount - 1).Any(c => GeneratorArchitecture.PReluSlopeName(c) == name);
            if (sharedSlope && isSlope)
            {
                expected = Enumerable.Repeat(values[0], values.Length).ToArray();
            }

            Assert.Equal(expected, imported.GetTensor(name));
        }
    }

    public static TheoryData<string, string[]> MalformedCases => new()
    {
        { "empty param", ["is empty", "7767517"] },
        { "bad magic", ["first line", "not the ncnn magic number"] },
        { "binary param", ["binary data", "text .param"] },
        { "too few layers", ["declares 41 layers", "holds 40"] },
        { "wrong blob count", ["declares 99 blobs", "name 41"] },
        { "unknown layer", ["ReLU 'PRelu_3'", "not part of an SRVGG generator"] },
        { "bad parameter", ["Convolution 'Conv_2'", "kernel 5x5"] },
        { "non-numeric parameter", ["Conv_0", "not an integer"] },
        { "layer after the add", ["Interp 'Resize_extra'", "follows the skip addition"] },
        { "truncated bin", ["truncated", "Convolution 'Conv_34'", "realesr-animevideov3-x4.bin"] },
        { "extra bytes in bin", ["16 bytes follow the last weights", ".bin"] },
        { "wrong weight tag", ["weight tag 0x12345678", "Conv_0"] },
        { "int8 weights", ["int8-quantized", "Conv_0"] },
        { "nan weight", ["NaN", "Conv_0"] },
    };

    [Theory]
    [MemberData(nameof(MalformedCases))]
    public void Malformed_files_give_a_model_format_error_naming_file_and_problem(string kind, string[] expected)
    {
        string param = File.ReadAllText(TestPaths.AnimeVideoParam);
        byte[] bin = File.ReadAllBytes(TestPaths.AnimeVideoBin);
        byte[] paramBytes = Encoding.UTF8.GetBytes(param);
        switch (kind)
        {
            case "empty param": paramBytes = []; break;
            case "bad magic": paramBytes = Encoding.UTF8.GetBytes(param.Replace("7767517", "7767518", StringComparison.Ordinal)); break;
            case "binary param": paramBytes = [0xDD, 0x85, 0x76, 0x00, 0x28, 0x00, 0x00, 0x00]; break;
            case "too few layers": paramBytes = Encoding.UTF8.GetBytes(param.Replace("40 41", "41 41", StringComparison.Ordinal)); break;
            case "wrong blob count": paramBytes = Encoding.UTF8.GetBytes(param.Replace("40 41", "40 99", StringComparison.Ordinal)); break;
            case "unknown layer": paramBytes = Encoding.UTF8.GetBytes(ReplaceFirst(param, "PReLU                    PRelu_3", "ReLU                     PRelu_3")); break;
            case "bad parameter": paramBytes = Encoding.UTF8.GetBytes(ReplaceFirst(param, "56 57 0=64 1=3", "56 57 0=64 1=5")); break;
            case "non-numeric parameter": paramBytes = Encoding.UTF8.GetBytes(ReplaceFirst(param, "0=64 1=3 4=1 5=1 6=1728", "0=64 1=three 4=1 5=1 6=1728")); break;
            case "layer after the add":
                paramBytes = Encoding.UTF8.GetBytes(param.Replace("40 41", "41 42", StringComparison.Ordinal).TrimEnd() +
                    "\nInterp                   Resize_extra             1 1 output output2 0=2 1=5.000000e-01 2=5.000000e-01\n");
                break;
            case "truncated bin": bin = bin[..^100]; break;
            case "extra bytes in bin": bin = [.. bin, .. new byte[16]]; break;
            case "wrong weight tag": BinaryPrimitives.WriteUInt32LittleEndian(bin, 0x12345678); break;
            case "int8 weights": BinaryPrimitives.WriteUInt32LittleEndian(bin, NcnnImporter.Int8WeightTag); break;
            case "nan weight": BinaryPrimitives.WriteUInt16LittleEndian(bin.AsSpan(4), 0x7E00); break;
            default: throw new ArgumentOutOfRangeException(nameof(kind));
        }

        var e = Assert.Throws<ModelFormatException>(() => NcnnImporter.Import(paramBytes, bin, "realesr-animevideov3-x4.param", "realesr-animevideov3-x4.bin"));
        Assert.Contains("realesr-animevideov3-x4.", e.Message, StringComparison.Ordinal);
        foreach (string part in expected)
        {
            Assert.Contains(part, e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Missing_files_are_io_errors_naming_the_file()
    {
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        var e = Assert.ThrowsAny<IOException>(() => NcnnImporter.Import(temp.File("missing.param"), TestPaths.AnimeVideoBin));
        Assert.Contains("missing.param", e.Message, StringComparison.Ordinal);
    }

    private static string ReplaceFirst(string text, string find, string replacement)
    {
        int index = text.IndexOf(find, StringComparison.Ordinal);
        Assert.True(index >= 0, $"'{find}' not in the reference .param");
        return string.Concat(text.AsSpan(0, index), replacement, text.AsSpan(index + find.Length));
    }
}

/// <summary>Writes a generator the way ncnn's converter lays out SRVGGNetCompact, for round-trip tests.</summary>
internal static class NcnnTestFiles
{
    public static (string Param, byte[] Bin) Write(GeneratorWeights weights, bool sharedSlope)
    {
        GeneratorArchitecture a = weights.Architecture;
        var lines = new List<string>
        {
            "Input            input.1          0 1 data",
            "Split            splitncnn_input0 1 2 data in_0 in_1",
        };
        var bin = new MemoryStream();
        string current = "in_1";
        for (int conv = 0; conv < a.ConvCount; conv++)
        {
            int cin = a.GetConvInputChannels(conv);
            int cout = a.GetConvOutputChannels(conv);
            string output = $"c{conv}";
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"Convolution Conv_{conv} 1 1 {current} {output} 0={cout} 1=3 4=1 5=1 6={cout * cin * 9}"));
            var tag = new byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(tag, NcnnImporter.Float16WeightTag);
            bin.Write(tag);
            float[] w = weights.GetTensor(GeneratorArchitecture.ConvWeightName(conv));
            foreach (float v in w)
            {
                var half = new byte[2];
                BinaryPrimitives.WriteHalfLittleEndian(half, (Half)v);
                bin.Write(half);
            }

            if (w.Length % 2 == 1)
            {
                bin.Write(new byte[2]); // ncnn pads fp16 data to 4 bytes
            }

            WriteFloats(bin, weights.GetTensor(GeneratorArchitecture.ConvBiasName(conv)));
            current = output;
            if (a.HasActivation(conv))
            {
                float[] slopes = weights.GetTensor(GeneratorArchitecture.PReluSlopeName(conv));
                int count = sharedSlope ? 1 : slopes.Length;
                lines.Add(string.Create(CultureInfo.InvariantCulture, $"PReLU PRelu_{conv} 1 1 {current} p{conv} 0={count}"));
                WriteFloats(bin, slopes.AsSpan(0, count));
                current = $"p{conv}";
            }
        }

        string skip = "in_0";
        if (a.Scale > 1)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"PixelShuffle DepthToSpace 1 1 {current} shuffled 0={a.Scale}"));
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"Interp Resize 1 1 in_0 up 0=1 1={a.Scale}.000000e+00 2={a.Scale}.000000e+00"));
            current = "shuffled";
            skip = "up";
        }

        lines.Add($"BinaryOp Add 2 1 {current} {skip} output");
        int blobs = lines.SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(4).TakeWhile(f => !f.Contains('=', StringComparison.Ordinal))).Distinct().Count();
        string param = $"7767517\n{lines.Count} {blobs}\n{string.Join('\n', lines)}\n";
        return (param, bin.ToArray());
    }

    private static void WriteFloats(Stream stream, ReadOnlySpan<float> values)
    {
        var bytes = new byte[4];
        foreach (float v in values)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes, v);
            stream.Write(bytes);
        }
    }
}
