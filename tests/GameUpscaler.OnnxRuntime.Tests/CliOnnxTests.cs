using GameUpscaler.Cli;
using GameUpscaler.Imaging;
using GameUpscaler.Models;

namespace GameUpscaler.OnnxRuntime.Tests;

/// <summary>The <c>export</c>, <c>import</c> and <c>--backend onnx</c> commands end to end, through <c>Main</c>.</summary>
public sealed class CliOnnxTests
{
    [Fact]
    public void Model_new_export_and_upscale_on_the_onnx_backend_match_the_cpu_backend()
    {
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        Assert.Equal(0, Program.Main(["model", "new", "--scale", "2", "--channels", "8", "--blocks", "2", temp.File("m.safetensors")]));
        Assert.Equal(0, Program.Main(["export", "--model", temp.File("m.safetensors"), "--onnx", temp.File("m.onnx")]));
        Assert.True(new FileInfo(temp.File("m.onnx")).Length > 1000);
        Assert.Equal(0, Program.Main(["export", "--model", temp.File("m.safetensors"), "--onnx", temp.File("f.onnx"), "--opset", "17", "--width", "24", "--height", "16"]));

        PngCodec.Encode(TestScene.Render(24, 16), temp.File("in.png"));
        Assert.Equal(0, Program.Main(["upscale", temp.File("in.png"), temp.File("cpu.png"), "--model", temp.File("m.safetensors"), "--backend", "cpu"]));
        Assert.Equal(0, Program.Main(["upscale", temp.File("in.png"), temp.File("ort.png"), "--model", temp.File("m.safetensors"), "--backend", "onnx"]));
        Image8 cpu = PngCodec.Decode(temp.File("cpu.png"));
        Image8 ort = PngCodec.Decode(temp.File("ort.png"));
        Assert.Equal((48, 32), (ort.Width, ort.Height));
        int maxDifference = cpu.Pixels.Zip(ort.Pixels, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(maxDifference <= 1, $"8-bit outputs differ by {maxDifference}");
    }

    [Fact]
    public void Import_ncnn_writes_a_model_that_loads()
    {
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        Assert.Equal(0, Program.Main(["import", "--ncnn", TestPaths.AnimeVideoParam, TestPaths.AnimeVideoBin, temp.File("anime.safetensors")]));
        Assert.Equal(new GeneratorArchitecture(4, 64, 16), GeneratorWeights.Load(temp.File("anime.safetensors")).Architecture);
    }

    [Theory]
    [InlineData(1, "import", "--ncnn", "PARAM_WITH_WRONG_BIN")]
    [InlineData(1, "export", "--model", "MISSING", "--onnx", "OUT")]
    [InlineData(2, "import", "a.param", "a.bin", "out.safetensors")]
    [InlineData(2, "export", "--onnx", "OUT")]
    [InlineData(2, "export", "--model", "m", "--onnx", "OUT", "--opset", "12")]
    [InlineData(2, "export", "--model", "m", "--onnx", "OUT", "--width", "8")]
    [InlineData(2, "upscale", "a.png", "b.png", "--backend", "directx")]
    public void Bad_arguments_and_files_give_the_documented_exit_codes(int exitCode, params string[] args)
    {
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        string[] expanded = args.SelectMany(a => a switch
        {
            "PARAM_WITH_WRONG_BIN" => new[] { TestPaths.AnimeVideoParam, TestPaths.GeneralBin, temp.File("x.safetensors") },
            "MISSING" => [temp.File("missing.safetensors")],
            "OUT" => [temp.File("out.onnx")],
            _ => [a],
        }).ToArray();
        Assert.Equal(exitCode, Program.Main(expanded));
        Assert.False(File.Exists(temp.File("x.safetensors")));
        Assert.False(File.Exists(temp.File("out.onnx")));
    }
}
