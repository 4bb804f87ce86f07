using GameUpscaler.Models;
using GameUpscaler.Models.Onnx;

namespace GameUpscaler.OnnxRuntime.Tests;

/// <summary>Bad ONNX bytes given to ONNX Runtime: a clear <see cref="UpscalerErrorCode.InvalidModel"/> error, never a native crash.</summary>
public sealed class MalformedOnnxTests
{
    private static readonly OnnxRuntimeOptions CpuOptions = new() { ExecutionProvider = OnnxExecutionProvider.Cpu, IntraOpThreads = 1 };

    private static byte[] ValidModel() => OnnxExporter.Export(GeneratorWeights.CreateRandom(new GeneratorArchitecture(2, 4, 1), 1));

    public static TheoryData<string> Cases => new() { "garbage", "truncated", "png", "zero graph", "wrong opset", "empty-ish" };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Malformed_model_is_an_invalid_model_error(string kind)
    {
        byte[] valid = ValidModel();
        byte[] bytes = kind switch
        {
            "garbage" => Enumerable.Range(0, 512).Select(i => (byte)((i * 7919) ^ 0xA5)).ToArray(),
            "truncated" => valid[..(valid.Length / 2)],
            "png" => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13],
            "zero graph" => ModelWithoutGraph(),
            "wrong opset" => ModelWithOpset(valid, 1),
            _ => [0x08],
        };
        var e = Assert.Throws<UpscalerException>(() => OnnxSession.Create(bytes, OnnxExporter.InputName, OnnxExporter.OutputName, CpuOptions));
        Assert.Equal(UpscalerErrorCode.InvalidModel, e.ErrorCode);
        Assert.Contains("loading the model", e.Message, StringComparison.Ordinal);
        Assert.NotNull(e.NativeResult); // ORT's error code, read back from the binding's message
        Assert.Null(e.InnerException); // no type of the binding leaves the backend
    }

    [Fact]
    public void Empty_model_is_an_argument_error()
    {
        Assert.Throws<ArgumentException>(() => OnnxSession.Create([], "input", "output", CpuOptions));
    }

    [Fact]
    public void Running_with_a_name_the_model_lacks_is_an_error_naming_it()
    {
        using OnnxSession session = OnnxSession.Create(ValidModel(), "image", OnnxExporter.OutputName, CpuOptions);
        var e = Assert.Throws<UpscalerException>(() => session.Run(new float[12], [1, 3, 2, 2], new float[48], [1, 3, 4, 4]));
        Assert.Contains("image", e.Message, StringComparison.Ordinal);
    }

    private static byte[] ModelWithoutGraph()
    {
        // ir_version 8 and an opset import, but no graph (field 7).
        return [0x08, 0x08, 0x42, 0x02, 0x10, 0x0D];
    }

    private static byte[] ModelWithOpset(byte[] valid, int opset)
    {
        // The opset import is the message after the graph: ... 0x42 len 0x0A 0x00 0x10 13 ...; patch the version.
        for (int i = valid.Length - 1; i > 4; i--)
        {
            if (valid[i - 4] == 0x42 && valid[i - 3] == 0x04 && valid[i - 2] == 0x0A && valid[i - 1] == 0x00 && valid[i] == 0x10)
            {
                byte[] copy = (byte[])valid.Clone();
                copy[i + 1] = (byte)opset;
                return copy;
            }
        }

        throw new InvalidOperationException("No opset import found in the exported model.");
    }
}
