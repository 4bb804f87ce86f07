namespace GameUpscaler.Tests.Cli;

using System.Text.Json;
using GameUpscaler.Cli;
using GameUpscaler.Imaging;
using GameUpscaler.Models;

[Collection(nameof(ConsoleCollection))]
public sealed class TrainCommandTests
{
    [Theory]
    [InlineData("models/checkpoints/x2-c32-n6-temporal-l1.loss.csv", "models/checkpoints/x2-c32-n6-temporal-l1.eval.csv")]
    [InlineData("runs/retrain.loss.csv", "runs/retrain.eval.csv")]
    [InlineData("runs/retrain.csv", "runs/retrain.eval.csv")]
    public void The_validation_curve_is_named_after_the_runs_own_loss_log(string log, string expected) =>
        Assert.Equal(Path.GetFullPath(expected), TrainCommand.EvalLogPath(log));

    [Fact]
    public void Train_then_resume_then_report_through_the_cli()
    {
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        string checkpoint = temp.File("ck");
        string[] common = ["--out", temp.File("m.safetensors"), "--log", temp.File("loss.csv")];
        Assert.Equal(0, Program.Main(["train", "--scale", "2", "--channels", "4", "--blocks", "1", "--iterations", "4",
            "--batch", "2", "--patch", "16", "--checkpoint", checkpoint, .. common]));
        Assert.Equal("4", GeneratorWeights.Load(temp.File("m.safetensors")).Metadata["training_iterations"]);

        // A second fresh run into the same checkpoint is refused; --resume extends it.
        Assert.Equal(2, Program.Main(["train", "--scale", "2", "--channels", "4", "--blocks", "1", "--checkpoint", checkpoint]));
        Assert.Equal(0, Program.Main(["train", "--resume", checkpoint, "--iterations", "6", .. common]));
        Assert.Equal("6", GeneratorWeights.Load(temp.File("m.safetensors")).Metadata["training_iterations"]);
        Assert.StartsWith("step,elapsed_s,l1,", File.ReadAllLines(temp.File("loss.csv"))[0], StringComparison.Ordinal);

        // A fine-tune on a game's terrain textures continues the run and is recorded in options.json.
        Directory.CreateDirectory(temp.File("terrain"));
        PngCodec.Encode(TestScene.Render(32, 32), Path.Combine(temp.File("terrain"), "grass.png"));
        Assert.Equal(1, Program.Main(["train", "--resume", checkpoint, "--iterations", "8", "--textures", TestPaths.EvalSet("Set5"), .. common]));
        Assert.Equal(0, Program.Main(["train", "--resume", checkpoint, "--iterations", "8", "--textures", temp.File("terrain"), .. common]));
        using (JsonDocument options = JsonDocument.Parse(File.ReadAllText(Path.Combine(checkpoint, "options.json"))))
        {
            Assert.Equal(Path.GetFullPath(temp.File("terrain")), options.RootElement.GetProperty("TextureDirectories")[0].GetString());
            Assert.Equal(0.2, options.RootElement.GetProperty("TextureShare").GetDouble());
        }

        Assert.Equal("8", GeneratorWeights.Load(temp.File("m.safetensors")).Metadata["training_iterations"]);

        Assert.Equal(0, Program.Main(["report", "--scale", "2", "--model", temp.File("m.safetensors"), "--datasets", TestPaths.EvalSet("Set5"),
            "--markdown", temp.File("t.md"), "--crop", temp.File("c.png"), "--crop-from", Path.Combine(TestPaths.EvalSet("Set5"), "baby.png"), "--crop-size", "32"]));
        Assert.Contains("| Set5 | 5 | m |", File.ReadAllText(temp.File("t.md")), StringComparison.Ordinal);
        Assert.True(File.Exists(temp.File("c.png")));
    }

    [Fact]
    public void A_resumed_run_goes_on_writing_its_eval_snapshots()
    {
        // --snapshot-every is part of the run (options.json): a resume without it must not silently end the eval curve.
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        string checkpoint = temp.File("ck");
        string[] common = ["--out", temp.File("m.safetensors"), "--log", temp.File("loss.csv")];
        Assert.Equal(0, Program.Main(["train", "--scale", "2", "--channels", "4", "--blocks", "1", "--iterations", "4",
            "--batch", "2", "--patch", "16", "--snapshot-every", "2", "--checkpoint", checkpoint, .. common]));
        Assert.Equal(0, Program.Main(["train", "--resume", checkpoint, "--iterations", "6", .. common]));
        string[] snapshots = Directory.GetFiles(temp.File("m.snapshots")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;
        Assert.Equal(["step-0000002.safetensors", "step-0000004.safetensors", "step-0000006.safetensors"], snapshots);
    }

    [Fact]
    public void Train_refuses_evaluation_data_and_a_gan_stage_without_a_model()
    {
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        Assert.Equal(1, Program.Main(["train", "--scale", "2", "--channels", "4", "--blocks", "1", "--iterations", "1",
            "--data", TestPaths.EvalSet("Set14"), "--checkpoint", temp.File("a")]));
        Assert.Equal(1, Program.Main(["train", "--scale", "2", "--channels", "4", "--blocks", "1", "--stage", "gan", "--checkpoint", temp.File("b")]));
        Assert.Equal(2, Program.Main(["train", "--scale", "2", "--channels", "4"]));
    }

    [Fact]
    public void A_unet_generator_trains_and_upscales_on_the_cpu_and_the_exporters_refuse_it_in_words()
    {
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        string model = temp.File("unet.safetensors");
        Assert.Equal(0, Program.Main(["train", "--backbone", "unet", "--scale", "2", "--channels", "4", "--blocks", "1", "--iterations", "4",
            "--batch", "2", "--patch", "16", "--checkpoint", temp.File("ck"), "--out", model]));
        Assert.Equal(NetworkBackbone.UNet, GeneratorWeights.Load(model).Architecture.Backbone);

        PngCodec.Encode(TestScene.Render(21, 17), temp.File("in.png"));
        Assert.Equal(0, Program.Main(["upscale", temp.File("in.png"), temp.File("out.png"), "--model", model, "--backend", "cpu"]));
        Image8 upscaled = PngCodec.Decode(temp.File("out.png"));
        Assert.Equal((42, 34), (upscaled.Width, upscaled.Height));

        Assert.Equal(1, Program.Main(["export", "--model", model, "--onnx", temp.File("unet.onnx")]));
        Assert.False(File.Exists(temp.File("unet.onnx")));
        // The temporal generator has the plain body only.
        Assert.Equal(2, Program.Main(["train", "--backbone", "unet", "--temporal", "--procedural", "1", "--scale", "2", "--channels", "4", "--blocks", "1",
            "--checkpoint", temp.File("t")]));
    }
}
