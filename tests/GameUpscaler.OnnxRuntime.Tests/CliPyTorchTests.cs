using GameUpscaler.Cli;
using GameUpscaler.Models;

namespace GameUpscaler.OnnxRuntime.Tests;

/// <summary><c>import --pytorch</c> and <c>export --pytorch</c> end to end, through <c>Main</c> (as <see cref="CliOnnxTests"/>).</summary>
public sealed class CliPyTorchTests
{
    [Fact]
    public void Import_pytorch_reads_the_reference_checkpoint()
    {
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        Assert.Equal(0, Program.Main(["import", "--pytorch", TestPaths.AnimeVideoPth, temp.File("anime.safetensors")]));
        GeneratorWeights weights = GeneratorWeights.Load(temp.File("anime.safetensors"));
        Assert.Equal(new GeneratorArchitecture(4, 64, 16), weights.Architecture);
        Assert.Equal("PyTorch import of realesr-animevideov3.pth, 'params'", weights.Metadata["source"]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Model_new_export_pytorch_and_import_pytorch_give_the_same_weights(bool bare)
    {
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        Assert.Equal(0, Program.Main(["model", "new", "--scale", "2", "--channels", "8", "--blocks", "2", temp.File("m.safetensors")]));
        string[] export = ["export", "--model", temp.File("m.safetensors"), "--pytorch", temp.File("m.pth")];
        Assert.Equal(0, Program.Main(bare ? [.. export, "--bare"] : export));
        Assert.Equal(0, Program.Main(["import", "--pytorch", temp.File("m.pth"), temp.File("back.safetensors")]));

        GeneratorWeights original = GeneratorWeights.Load(temp.File("m.safetensors"));
        GeneratorWeights back = GeneratorWeights.Load(temp.File("back.safetensors"));
        Assert.Equal(original.Architecture, back.Architecture);
        foreach ((string name, float[] values) in original.Tensors)
        {
            Assert.Equal(values, back.GetTensor(name));
        }
    }

    [Fact]
    public void Import_pytorch_says_it_took_params_ema()
    {
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        GeneratorWeights weights = TestImages.RandomWeights(new GeneratorArchitecture(2, 4, 1), seed: 3);
        List<TestTensor> tensors = TorchCheckpointFiles.Tensors(weights);
        File.WriteAllBytes(temp.File("net_g.pth"), TorchCheckpointFiles.Checkpoint([("params", tensors), ("params_ema", tensors)]));

        ChildProcess.Result result = ChildProcess.RunDotnet("GameUpscaler.Cli.dll", ["import", "--pytorch", temp.File("net_g.pth"), temp.File("g.safetensors")]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("'params_ema' (the EMA weights, preferred over 'params')", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Refusals_name_the_problem()
    {
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        GeneratorWeights.CreateRandom(new GeneratorArchitecture(2, 4, 1, temporal: true), seed: 1).Save(temp.File("temporal.safetensors"));
        File.WriteAllBytes(temp.File("evil.pth"), TorchCheckpointFiles.Zip(
            new TestPickle().Global("os", "system").Str("touch pwned").Raw(0x85).Op('R').Stop(), new Dictionary<string, byte[]>()));

        ChildProcess.Result temporal = ChildProcess.RunDotnet("GameUpscaler.Cli.dll", ["export", "--model", temp.File("temporal.safetensors"), "--pytorch", temp.File("t.pth")]);
        ChildProcess.Result evil = ChildProcess.RunDotnet("GameUpscaler.Cli.dll", ["import", "--pytorch", temp.File("evil.pth"), temp.File("e.safetensors")]);

        Assert.Equal(1, temporal.ExitCode);
        Assert.Contains("temporal generator", temporal.StandardError, StringComparison.Ordinal);
        Assert.Equal(1, evil.ExitCode);
        Assert.Contains("GLOBAL 'os system' is refused", evil.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists(temp.File("t.pth")));
        Assert.False(File.Exists(temp.File("e.safetensors")));
        Assert.False(File.Exists("pwned"));
    }

    [Theory]
    [InlineData(2, "import", "--pytorch")]
    [InlineData(2, "import", "--ncnn", "--pytorch", "PTH", "OUT")]
    [InlineData(2, "import", "--pytorch", "PTH", "out.onnx")]
    [InlineData(2, "import", "--pytorch", "PTH", "OUT", "extra")]
    [InlineData(2, "export", "--model", "m", "--pytorch", "OUT_PTH", "--opset", "13")]
    [InlineData(2, "export", "--model", "m", "--onnx", "out.onnx", "--bare")]
    [InlineData(2, "export", "--model", "m", "--onnx", "out.onnx", "--pytorch", "OUT_PTH")]
    [InlineData(2, "export", "--model", "MODEL", "--pytorch", "OUT_ONNX")]
    [InlineData(1, "import", "--pytorch", "MISSING", "OUT")]
    [InlineData(1, "import", "--pytorch", "GARBAGE", "OUT")]
    [InlineData(1, "export", "--model", "MISSING", "--pytorch", "OUT_PTH")]
    public void Bad_arguments_and_files_give_the_documented_exit_codes(int exitCode, params string[] args)
    {
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        File.WriteAllBytes(temp.File("garbage.pth"), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
        GeneratorWeights.CreateRandom(new GeneratorArchitecture(2, 4, 1), seed: 1).Save(temp.File("m.safetensors"));
        string[] expanded = [.. args.Select(a => a switch
        {
            "PTH" => TestPaths.AnimeVideoPth,
            "OUT" => temp.File("out.safetensors"),
            "OUT_PTH" => temp.File("out.pth"),
            "MISSING" => temp.File("missing.pth"),
            "GARBAGE" => temp.File("garbage.pth"),
            "MODEL" => temp.File("m.safetensors"),
            "OUT_ONNX" => temp.File("out.onnx"),
            _ => a,
        })];
        Assert.Equal(exitCode, Program.Main(expanded));
        Assert.False(File.Exists(temp.File("out.safetensors")));
        Assert.False(File.Exists(temp.File("out.pth")));
        Assert.False(File.Exists(temp.File("out.onnx")));
    }

    [Fact]
    public void Import_refuses_to_write_over_its_input()
    {
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        byte[] state = PyTorchImportTests.PlainSafetensors(TorchCheckpointFiles.Tensors(TestImages.RandomWeights(new GeneratorArchitecture(2, 4, 1), seed: 2)), sharedSlope: false);
        File.WriteAllBytes(temp.File("sd.safetensors"), state);

        Assert.Equal(2, Program.Main(["import", "--pytorch", temp.File("sd.safetensors"), temp.File("sd.safetensors")]));
        Assert.Equal(state, File.ReadAllBytes(temp.File("sd.safetensors")));
        Assert.Equal(0, Program.Main(["import", "--pytorch", temp.File("sd.safetensors"), temp.File("sd.safetensors"), "--overwrite"]));
        Assert.Equal(new GeneratorArchitecture(2, 4, 1), GeneratorWeights.Load(temp.File("sd.safetensors")).Architecture);
    }
}
