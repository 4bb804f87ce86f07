namespace GameUpscaler.Tests.Cli;

using System.Text.Json;
using GameUpscaler.Cli;
using GameUpscaler.Evaluation;
using GameUpscaler.Imaging;
using GameUpscaler.Models;
using GameUpscaler.Resampling;

/// <summary>The <c>gameupscaler</c> commands end to end, through <c>Main</c>: exit codes, files written, errors in words.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class CliTests
{
    [Fact]
    public void Eval_writes_the_documented_json_and_csv()
    {
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        int exit = Program.Main(["eval", "--dataset", TestPaths.EvalSet("Set5"), "--scale", "4", "--method", "bicubic",
            "--json", temp.File("r.json"), "--csv", temp.File("r.csv")]);
        Assert.Equal(0, exit);
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(temp.File("r.json")));
        double mean = json.RootElement.GetProperty("mean").GetProperty("psnr_y").GetDouble();
        Assert.InRange(mean, 28.32, 28.52);
        Assert.True(json.RootElement.GetProperty("mean").GetProperty("ssim_y").GetDouble() is > 0.7 and < 0.9);
        Assert.True(json.RootElement.GetProperty("mean").GetProperty("ms").GetDouble() >= 0);
        JsonElement[] images = json.RootElement.GetProperty("images").EnumerateArray().ToArray();
        Assert.Equal(["baby.png", "bird.png", "butterfly.png", "head.png", "woman.png"], images.Select(i => i.GetProperty("name").GetString()));
        Assert.All(images, i => Assert.True(i.GetProperty("psnr_y").GetDouble() > 20));
        string[] csv = File.ReadAllLines(temp.File("r.csv"));
        Assert.Equal("name,psnr_y,ssim_y,ms", csv[0]);
        Assert.Equal(7, csv.Length);
        Assert.StartsWith("mean,", csv[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Upscale_by_mode_and_by_scale_writes_the_right_size()
    {
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        PngCodec.Encode(TestScene.Render(40, 30), temp.File("in.png"));
        Assert.Equal(0, Program.Main(["upscale", temp.File("in.png"), temp.File("q.png"), "--mode", "balanced", "--method", "lanczos"]));
        Image8 balanced = PngCodec.Decode(temp.File("q.png"));
        Assert.Equal((68, 51), (balanced.Width, balanced.Height)); // round(40·1.7), round(30·1.7)
        Assert.Equal(0, Program.Main(["upscale", temp.File("in.png"), temp.File("s.png"), "--scale", "3", "--method", "spatial"]));
        Assert.Equal((120, 90), (PngCodec.Decode(temp.File("s.png")).Width, PngCodec.Decode(temp.File("s.png")).Height));
    }

    [Fact]
    public void Upscale_reads_a_jpeg_and_writes_a_png()
    {
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        string input = Path.Combine(AppContext.BaseDirectory, "Fixtures", "jpeg", "37x29_420_progressive.jpg");
        Assert.Equal(0, Program.Main(["upscale", input, temp.File("out.png"), "--scale", "2", "--method", "nearest"]));
        Image8 expected = new ResamplerMethod(ResampleKernel.Nearest).Upscale(JpegCodec.Decode(input), new Size2D(74, 58));
        Assert.Equal(expected.Pixels, PngCodec.Decode(temp.File("out.png")).Pixels);
    }

    [Fact]
    public void Model_new_then_upscale_with_the_model_on_the_cpu_backend()
    {
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        Assert.Equal(0, Program.Main(["model", "new", "--scale", "2", "--channels", "8", "--blocks", "2", "--seed", "7", temp.File("m.safetensors")]));
        GeneratorWeights weights = GeneratorWeights.Load(temp.File("m.safetensors"));
        Assert.Equal(new GeneratorArchitecture(2, 8, 2), weights.Architecture);
        PngCodec.Encode(TestScene.Render(24, 16), temp.File("in.png"));
        Assert.Equal(0, Program.Main(["upscale", temp.File("in.png"), temp.File("out.png"), "--model", temp.File("m.safetensors"), "--backend", "cpu"]));
        Assert.Equal((48, 32), (PngCodec.Decode(temp.File("out.png")).Width, PngCodec.Decode(temp.File("out.png")).Height));
    }

    [Fact]
    public void Model_blend_writes_the_interpolated_generator()
    {
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        Assert.Equal(0, Program.Main(["model", "new", "--scale", "2", "--channels", "8", "--blocks", "2", "--seed", "1", temp.File("a.safetensors")]));
        Assert.Equal(0, Program.Main(["model", "new", "--scale", "2", "--channels", "8", "--blocks", "2", "--seed", "2", temp.File("b.safetensors")]));
        Assert.Equal(0, Program.Main(["model", "blend", "--alpha", "0.8", temp.File("a.safetensors"), temp.File("b.safetensors"), temp.File("c.safetensors")]));
        GeneratorWeights a = GeneratorWeights.Load(temp.File("a.safetensors"));
        GeneratorWeights b = GeneratorWeights.Load(temp.File("b.safetensors"));
        GeneratorWeights c = GeneratorWeights.Load(temp.File("c.safetensors"));
        Assert.Equal((0.2 * a.GetTensor("body.0.weight")[5]) + (0.8 * b.GetTensor("body.0.weight")[5]), c.GetTensor("body.0.weight")[5], 1e-6);
        Assert.Equal(a.Sha256, c.Metadata["interpolation_from_sha256"]);
        Assert.Equal(b.Sha256, c.Metadata["interpolation_to_sha256"]);

        Assert.Equal(0, Program.Main(["model", "new", "--scale", "2", "--channels", "8", "--blocks", "3", temp.File("d.safetensors")]));
        Assert.Equal(2, Program.Main(["model", "blend", "--alpha", "0.5", temp.File("a.safetensors"), temp.File("d.safetensors"), temp.File("e.safetensors")]));
        Assert.Equal(2, Program.Main(["model", "blend", temp.File("a.safetensors"), temp.File("b.safetensors"), temp.File("e.safetensors")]));
        Assert.Equal(2, Program.Main(["model", "blend", "--alpha", "2", temp.File("a.safetensors"), temp.File("b.safetensors"), temp.File("e.safetensors")]));
        Assert.False(File.Exists(temp.File("e.safetensors")));
    }

    [Fact]
    public void Temporal_reports_each_method_on_a_pan()
    {
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        Assert.Equal(0, Program.Main(["model", "new", "--scale", "2", "--channels", "8", "--blocks", "2", temp.File("m.safetensors")]));
        Assert.Equal(0, Program.Main(["temporal", "--scale", "2", "--model", "random=" + temp.File("m.safetensors"), "--datasets", TestPaths.EvalSet("Set5"),
            "--frames", "3", "--size", "64x64", "--markdown", temp.File("t.md")]));
        string table = File.ReadAllText(temp.File("t.md"));
        Assert.Contains("| Set5 | 5 | bicubic |", table, StringComparison.Ordinal);
        Assert.Contains("| Set5 | 5 | spatial |", table, StringComparison.Ordinal);
        Assert.Contains("| Set5 | 5 | random |", table, StringComparison.Ordinal);
        Assert.Equal(2, Program.Main(["temporal", "--scale", "2", "--size", "65x64", "--datasets", TestPaths.EvalSet("Set5")]));
        Assert.Equal(2, Program.Main(["temporal", "--scale", "2", "--size", "1024x1024", "--datasets", TestPaths.EvalSet("Set5")]));
    }

    [Fact]
    public void Bad_input_gives_exit_code_1_and_never_leaves_a_partial_output()
    {
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        File.WriteAllBytes(temp.File("corrupt.png"), [0x89, (byte)'P', (byte)'N', (byte)'G', 1, 2, 3]);
        Assert.Equal(1, Program.Main(["upscale", temp.File("corrupt.png"), temp.File("out.png")]));
        Assert.Equal(1, Program.Main(["upscale", temp.File("missing.png"), temp.File("out.png")]));
        File.WriteAllBytes(temp.File("bad.safetensors"), [1, 2, 3]);
        PngCodec.Encode(TestScene.Render(24, 16), temp.File("in.png"));
        Assert.Equal(1, Program.Main(["upscale", temp.File("in.png"), temp.File("out.png"), "--model", temp.File("bad.safetensors")]));
        Assert.False(File.Exists(temp.File("out.png")));
    }

    [Theory]
    [InlineData("upscale", "a.png")] // missing output
    [InlineData("upscale", "a.png", "b.png", "--scale", "9")]
    [InlineData("upscale", "a.png", "b.png", "--mode", "ludicrous")]
    [InlineData("upscale", "a.png", "b.png", "--scale", "2", "--mode", "quality")]
    [InlineData("upscale", "a.png", "b.png", "--method", "magic")]
    [InlineData("upscale", "a.png", "b.png", "--backend", "vulkan", "--method", "bicubic")]
    [InlineData("upscale", "a.png", "b.png", "--bogus", "1")]
    [InlineData("eval", "--scale", "2")]
    [InlineData("eval", "--dataset", "x", "--scale", "5")]
    [InlineData("model", "new", "--scale", "2", "out.safetensors")]
    [InlineData("nonsense")]
    public void Usage_errors_give_exit_code_2(params string[] args) => Assert.Equal(2, Program.Main(args));

    [Fact]
    public void Info_and_help_succeed()
    {
        Assert.Equal(0, Program.Main(["info"]));
        Assert.Equal(0, Program.Main(["--help"]));
        Assert.Equal(0, Program.Main(["eval", "--help"]));
    }

    [Fact]
    public void Demo_writes_the_best_frame_and_the_comparison_sheet()
    {
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        Assert.Equal(0, Program.Main(["demo", "--display", "160x96", "--mode", "performance", "--out", temp.Path]));
        Image8 upscaled = PngCodec.Decode(temp.File("upscaled.png"));
        Assert.Equal((160, 96), (upscaled.Width, upscaled.Height));
        Assert.Equal((80, 48), (PngCodec.Decode(temp.File("render.png")).Width, PngCodec.Decode(temp.File("render.png")).Height));
        Assert.True(File.Exists(temp.File("comparison.png")));
        Assert.True(File.Exists(temp.File("spatial.png")));
    }
}

/// <summary>CLI tests share the process console; running them one at a time keeps their output readable.</summary>
[CollectionDefinition(nameof(ConsoleCollection), DisableParallelization = true)]
public sealed class ConsoleCollection;
