using GameUpscaler.Cli;
using GameUpscaler.Imaging;

namespace GameUpscaler.OnnxRuntime.Tests;

/// <summary><c>--backend onnx</c> without a usable native library: exit code 1 and a message that says what to run.</summary>
[Collection(nameof(SerialCollection))]
public sealed class CliMissingLibraryTests
{
    [Fact]
    public void Upscale_on_the_onnx_backend_without_the_library_explains_how_to_get_it()
    {
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        Assert.Equal(0, Program.Main(["model", "new", "--scale", "2", "--channels", "4", "--blocks", "0", temp.File("m.safetensors")]));
        PngCodec.Encode(TestScene.Render(8, 8), temp.File("in.png"));
        string? saved = Environment.GetEnvironmentVariable(OnnxRuntimeLibrary.EnvironmentVariable);
        TextWriter savedError = Console.Error;
        using var error = new StringWriter();
        try
        {
            Environment.SetEnvironmentVariable(OnnxRuntimeLibrary.EnvironmentVariable, temp.File("nowhere/libonnxruntime.so"));
            Console.SetError(error);
            int exit = Program.Main(["upscale", temp.File("in.png"), temp.File("out.png"), "--model", temp.File("m.safetensors"), "--backend", "onnx"]);
            Assert.Equal(1, exit);
        }
        finally
        {
            Console.SetError(savedError);
            Environment.SetEnvironmentVariable(OnnxRuntimeLibrary.EnvironmentVariable, saved);
        }

        string message = error.ToString();
        Assert.Contains("[BackendUnavailable]", message, StringComparison.Ordinal);
        Assert.Contains(temp.File("nowhere/libonnxruntime.so") + " (no such file)", message, StringComparison.Ordinal);
        Assert.Contains(OnnxRuntimeLibrary.PackageId + " NuGet package", message, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", message, StringComparison.Ordinal); // words, not a stack trace
        Assert.False(File.Exists(temp.File("out.png")));
    }
}
