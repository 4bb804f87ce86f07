namespace GameUpscaler.Tests.Cli;

using System.Text.Json;
using GameUpscaler.Cli;
using GameUpscaler.Imaging;
using GameUpscaler.Models;
using GameUpscaler.Training.Diffusion;
using GameUpscaler.Training.Evaluation;

/// <summary><c>gameupscaler compare</c> through <c>Main</c>: the shipped generators on tiny images, and every refusal in words.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class CompareCommandTests
{
    [Fact]
    public void Compare_scores_the_shipped_generators_and_writes_json_markdown_and_crops()
    {
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        string tiny = Images(temp, "tiny", 2);
        string output = temp.File("out");
        (int exit, string error) = CliRunner.Run("compare", "--dataset", tiny, "--scale", "2", "--out", output);
        Assert.True(exit == 0, error);

        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, MethodComparison.JsonFileName)));
        JsonElement root = json.RootElement;
        Assert.Equal($"gameupscaler compare --dataset {tiny} --scale 2 --out {output}", root.GetProperty("command_line").GetString());
        Assert.True(root.GetProperty("machine").GetProperty("logical_cores").GetInt32() >= 1);
        Assert.False(string.IsNullOrWhiteSpace(root.GetProperty("machine").GetProperty("cpu").GetString()));
        JsonElement[] methods = [.. root.GetProperty("methods").EnumerateArray()];
        Assert.Equal(["bicubic", "spatial", "x2-c8-n2-l1", "x2-c8-n2-gan"], methods.Select(m => m.GetProperty("name").GetString()));
        foreach (JsonElement generator in methods[2..])
        {
            JsonElement file = generator.GetProperty("files")[0];
            Assert.Equal(GeneratorWeights.ComputeFileSha256(file.GetProperty("path").GetString()!), file.GetProperty("sha256").GetString());
        }

        JsonElement dataset = Assert.Single(root.GetProperty("datasets").EnumerateArray().ToArray());
        Assert.Equal(("tiny", 2), (dataset.GetProperty("name").GetString(), dataset.GetProperty("images").GetInt32()));
        Assert.All(dataset.GetProperty("methods").EnumerateArray(), m => Assert.Equal(2, m.GetProperty("images").GetArrayLength()));
        Assert.Empty(root.GetProperty("time_ratios").EnumerateArray());

        string markdown = File.ReadAllText(Path.Combine(output, MethodComparison.MarkdownFileName));
        Assert.Contains("No diffusion model was given", markdown, StringComparison.Ordinal);
        Assert.Contains("](crop-tiny.png)", markdown, StringComparison.Ordinal);
        Assert.Contains("| x2-c8-n2-gan | ", markdown, StringComparison.Ordinal);
        Image8 crop = PngCodec.Decode(Path.Combine(output, "crop-tiny.png"));
        Assert.Equal(((5 * 2 * 40) + (4 * 4), 2 * 40), (crop.Width, crop.Height)); // 5 tiles of the 40-px window (the image's height)
    }

    [Fact]
    public void Compare_also_scores_every_method_per_frame_on_captures_with_their_temporal_error()
    {
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        string tiny = Images(temp, "tiny", 1);
        new Capture.SyntheticCapture(new Size2D(24, 16), new Size2D(48, 32), 10) { Pan = (0.7f, 0.3f) }.Write(temp.File("pan"));
        string output = temp.File("out");
        TextWriter console = Console.Out;
        using var progress = new StringWriter();
        Console.SetOut(progress);
        int exit;
        string error;
        try
        {
            (exit, error) = CliRunner.Run("compare", "--dataset", tiny, "--scale", "2", "--models", "x2-c8-n2-l1", "--captures", temp.File("pan"), "--out", output);
        }
        finally
        {
            Console.SetOut(console);
        }

        Assert.True(exit == 0, error);
        // The progress counts the capture's runs too: 1 image and 1 capture for each of 3 methods.
        Assert.Contains("[6/6] capture pan · x2-c8-n2-l1", progress.ToString(), StringComparison.Ordinal);

        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, MethodComparison.JsonFileName)));
        JsonElement capture = Assert.Single(json.RootElement.GetProperty("captures").EnumerateArray().ToArray());
        Assert.Equal(("pan", 10), (capture.GetProperty("name").GetString(), capture.GetProperty("frames").GetInt32()));
        JsonElement[] methods = [.. capture.GetProperty("methods").EnumerateArray()];
        Assert.Equal(["bicubic", "spatial", "x2-c8-n2-l1"], methods.Select(m => m.GetProperty("method").GetString()));
        Assert.All(methods, m => Assert.True(m.GetProperty("psnr_y").GetDouble() > 10 && m.GetProperty("temporal_error").GetDouble() > 0));
        Assert.Contains("## Frame captures, per frame", File.ReadAllText(Path.Combine(output, MethodComparison.MarkdownFileName)), StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_reports_bad_input_with_exit_code_1_and_says_what_is_wrong()
    {
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        string tiny = Images(temp, "tiny", 1);
        Directory.CreateDirectory(temp.File("empty"));
        File.WriteAllText(Path.Combine(temp.File("empty"), "notes.txt"), "no images here");
        GeneratorWeights.CreateRandom(new GeneratorArchitecture(3, 4, 1), seed: 1).Save(temp.File("x3.safetensors"));

        string output = temp.File("out");
        AssertFails(1, "does not exist", "compare", "--dataset", temp.File("missing"), "--scale", "2", "--out", output);
        AssertFails(1, "holds no", "compare", "--dataset", $"{tiny},{temp.File("empty")}", "--scale", "2", "--out", output);
        AssertFails(1, "is x3; this comparison is x2", "compare", "--dataset", tiny, "--scale", "2", "--models", temp.File("x3.safetensors"), "--out", output);
        AssertFails(1, "is x2; this comparison is x3", "compare", "--dataset", tiny, "--scale", "3", "--out", output);
        // A missing diffusion file (or a folder in its place) is refused by the option's check, before any model loads.
        AssertFails(1, "--diffusion no such file", "compare", "--dataset", tiny, "--scale", "2", "--diffusion", temp.File("missing.safetensors"), "--out", output);
        AssertFails(1, "--diffusion no such file", "compare", "--dataset", tiny, "--scale", "2", "--diffusion", temp.Path, "--out", output);
        Assert.False(Directory.Exists(output)); // every check comes before any work
    }

    [Fact]
    public void Compare_with_a_diffusion_model_times_each_step_count_against_each_generator()
    {
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        string tiny = Images(temp, "tiny", 1);
        string model = temp.File("d.safetensors");
        DiffusionModelFile.Save(DiffusionModel.CreateRandom(new DiffusionArchitecture(2, 4, 1, 8), new NoiseSchedule(), 10, seed: 3), model);
        string output = temp.File("out");

        (int exit, string error) = CliRunner.Run("compare", "--dataset", tiny, "--scale", "2", "--diffusion", model, "--steps", "1,3", "--out", output);
        Assert.True(exit == 0, error);

        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, MethodComparison.JsonFileName)));
        JsonElement root = json.RootElement;
        Assert.Equal(["bicubic", "spatial", "x2-c8-n2-l1", "x2-c8-n2-gan", "diffusion-k1", "diffusion-k3"],
            root.GetProperty("methods").EnumerateArray().Select(m => m.GetProperty("name").GetString()));
        JsonElement[] ratios = [.. root.GetProperty("time_ratios").EnumerateArray()];
        Assert.Equal(
            [("diffusion-k1", "x2-c8-n2-gan"), ("diffusion-k1", "x2-c8-n2-l1"), ("diffusion-k3", "x2-c8-n2-gan"), ("diffusion-k3", "x2-c8-n2-l1")],
            ratios.Select(r => (r.GetProperty("diffusion").GetString(), r.GetProperty("generator").GetString())).Order());
        Assert.All(ratios, r => Assert.True(r.GetProperty("overall").GetDouble() > 0));
        Assert.Contains("| diffusion-k3 | ", File.ReadAllText(Path.Combine(output, MethodComparison.MarkdownFileName)), StringComparison.Ordinal);

        // A file that is not a diffusion model, and a diffusion model of another scale, are bad input.
        GeneratorWeights.CreateRandom(new GeneratorArchitecture(2, 4, 1), seed: 1).Save(temp.File("generator.safetensors"));
        DiffusionModelFile.Save(DiffusionModel.CreateRandom(new DiffusionArchitecture(3, 4, 1, 8), new NoiseSchedule(), 10, seed: 3), temp.File("x3.safetensors"));
        AssertFails(1, "error", "compare", "--dataset", tiny, "--scale", "2", "--diffusion", temp.File("generator.safetensors"), "--out", temp.File("out2"));
        AssertFails(1, "is x3; this comparison is x2", "compare", "--dataset", tiny, "--scale", "2", "--diffusion", temp.File("x3.safetensors"), "--out", temp.File("out3"));
    }

    [Fact]
    public void Compare_with_several_diffusion_models_names_each_method_after_its_file()
    {
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        string tiny = Images(temp, "tiny", 1);
        string plain = temp.File("plain.safetensors"), unet = temp.File("unet.safetensors");
        DiffusionModelFile.Save(DiffusionModel.CreateRandom(new DiffusionArchitecture(2, 4, 1, 8), new NoiseSchedule(), 10, seed: 3), plain);
        DiffusionModelFile.Save(DiffusionModel.CreateRandom(new DiffusionArchitecture(2, 4, 1, 8), new NoiseSchedule(), 10, seed: 4), unet);
        string output = temp.File("out");

        (int exit, string error) = CliRunner.Run("compare", "--dataset", tiny, "--scale", "2", "--models", "x2-c8-n2-gan", "--diffusion", $"{plain},{unet}", "--steps", "1,2", "--out", output);
        Assert.True(exit == 0, error);
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, MethodComparison.JsonFileName)));
        Assert.Equal(["bicubic", "spatial", "x2-c8-n2-gan", "plain-k1", "plain-k2", "unet-k1", "unet-k2"],
            json.RootElement.GetProperty("methods").EnumerateArray().Select(m => m.GetProperty("name").GetString()));
        Assert.Equal(4, json.RootElement.GetProperty("time_ratios").GetArrayLength());

        // Two files of one name would give two methods one name; a missing file anywhere in the list is refused first.
        Directory.CreateDirectory(temp.File("other"));
        File.Copy(plain, temp.File(Path.Combine("other", "plain.safetensors")));
        AssertFails(2, "same name", "compare", "--dataset", tiny, "--scale", "2", "--diffusion", $"{plain},{temp.File(Path.Combine("other", "plain.safetensors"))}", "--out", temp.File("out2"));
        AssertFails(1, "no such file", "compare", "--dataset", tiny, "--scale", "2", "--diffusion", $"{plain},{temp.File("missing.safetensors")}", "--out", temp.File("out3"));
        Assert.False(Directory.Exists(temp.File("out2")) || Directory.Exists(temp.File("out3")));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1001")]
    [InlineData("4,x")]
    [InlineData("1.5")]
    [InlineData("-4")]
    [InlineData("4,,20")]
    [InlineData("4,4")]
    public void Compare_rejects_bad_steps_with_a_usage_error(string steps)
    {
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        File.WriteAllBytes(temp.File("d.bin"), [1, 2, 3]);
        AssertFails(2, "error: --steps", "compare", "--dataset", Images(temp, "tiny", 1), "--scale", "2", "--diffusion", temp.File("d.bin"), "--steps", steps);
    }

    [Fact]
    public void Compare_needs_a_dataset_and_a_scale_and_steps_only_with_a_diffusion_model()
    {
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        string tiny = Images(temp, "tiny", 1);
        AssertFails(2, "error: Option '--dataset' is required", "compare", "--scale", "2");
        AssertFails(2, "error: Option '--scale' is required", "compare", "--dataset", tiny);
        AssertFails(2, "give --diffusion FILE too", "compare", "--dataset", tiny, "--scale", "2", "--steps", "4");
        Assert.Equal([1, 4, 20], CompareCommand.ParseSteps("1, 4,20"));
    }

    private static void AssertFails(int expectedExit, string expectedMessage, params string[] args)
    {
        (int exit, string error) = CliRunner.Run(args);
        Assert.True(exit == expectedExit, $"exit {exit} (expected {expectedExit}) for {string.Join(' ', args)}: {error}");
        Assert.Contains(expectedMessage, error, StringComparison.Ordinal);
    }

    private static string Images(TemporaryDirectory temp, string name, int count)
    {
        string folder = temp.File(name);
        Directory.CreateDirectory(folder);
        for (int i = 0; i < count; i++)
        {
            PngCodec.Encode(TestScene.Render(48 + (8 * i), 40, 2), Path.Combine(folder, $"{i}.png"));
        }

        return folder;
    }
}
