using GameUpscaler.Cli;

namespace GameUpscaler.OnnxRuntime.Tests;

/// <summary><c>gameupscaler info</c> lists the ONNX Runtime library the backend loads and what it offers.</summary>
[Collection(nameof(SerialCollection))]
public sealed class CliInfoTests
{
    [Fact]
    public void Info_names_the_onnx_runtime_version_file_and_execution_providers()
    {
        TextWriter saved = Console.Out;
        using var output = new StringWriter();
        try
        {
            Console.SetOut(output);
            Assert.Equal(0, Program.Main(["info"]));
        }
        finally
        {
            Console.SetOut(saved);
        }

        string line = output.ToString().Split('\n').Single(l => l.StartsWith("  onnxruntime", StringComparison.Ordinal));
        OnnxRuntimeLibrary library = OnnxRuntimeLibrary.Load();
        Assert.Contains($"available: ONNX Runtime {library.Version} ({library.Path})", line, StringComparison.Ordinal);
        Assert.Contains("execution providers: CPUExecutionProvider", line, StringComparison.Ordinal);
    }
}
