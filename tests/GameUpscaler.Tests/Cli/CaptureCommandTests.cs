namespace GameUpscaler.Tests.Cli;

using System.Text.Json;
using GameUpscaler.Tests.Capture;

/// <summary><c>gameupscaler capture eval</c> on a written synthetic capture: the JSON it promises, frames out, and nothing written on error.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class CaptureCommandTests
{
    private static readonly SyntheticCapture Capture = new(new Size2D(24, 16), new Size2D(48, 32), 10) { Pan = (0.5f, 0), ObjectVelocity = (1, 0), ObjectSize = 10 };

    [Fact]
    public void Eval_writes_the_summary_and_every_frame_and_taau_beats_bicubic_after_frame_8()
    {
        using var temp = new TemporaryDirectory();
        Capture.Write(temp.File("cap"));
        Assert.Equal(0, CliRunner.Run("capture", "eval", "--capture", temp.File("cap"), "--method", "taau", "--json", temp.File("taau.json"), "--frames-out", temp.File("frames")).Exit);
        Assert.Equal(0, CliRunner.Run("capture", "eval", "--capture", temp.File("cap"), "--method", "bicubic", "--json", temp.File("bicubic.json")).Exit);

        using JsonDocument taau = JsonDocument.Parse(File.ReadAllBytes(temp.File("taau.json")));
        using JsonDocument bicubic = JsonDocument.Parse(File.ReadAllBytes(temp.File("bicubic.json")));
        JsonElement summary = taau.RootElement.GetProperty("summary");
        foreach (string key in (string[])["psnr_y", "psnr_y_from_frame8", "ssim_y", "temporal_error"])
        {
            Assert.Equal(JsonValueKind.Number, summary.GetProperty(key).ValueKind);
        }

        Assert.Equal(10, taau.RootElement.GetProperty("frames").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, taau.RootElement.GetProperty("frames")[0].GetProperty("temporal_error").ValueKind);
        Assert.True(summary.GetProperty("psnr_y_from_frame8").GetDouble() > bicubic.RootElement.GetProperty("summary").GetProperty("psnr_y_from_frame8").GetDouble());
        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"{i:D4}.png"), Directory.GetFiles(temp.File("frames")).Select(Path.GetFileName).Order());
    }

    [Theory]
    [InlineData("taau")]
    [InlineData("temporal")]
    public void Settings_reach_the_accumulation_and_score_as_the_reference_with_them(string methodName)
    {
        using var temp = new TemporaryDirectory();
        Capture.Write(temp.File("cap"));
        var weights = GameUpscaler.Models.GeneratorWeights.CreateRandom(new GameUpscaler.Models.GeneratorArchitecture(2, 4, 1, temporal: true), seed: 5);
        weights.Save(temp.File("temporal.safetensors"));
        string[] method = methodName == "taau" ? ["--method", "taau"] : ["--method", "temporal", "--model", temp.File("temporal.safetensors")];
        Assert.Equal(0, CliRunner.Run(["capture", "eval", "--capture", temp.File("cap"), .. method, "--json", temp.File("default.json")]).Exit);
        Assert.Equal(0, CliRunner.Run(["capture", "eval", "--capture", temp.File("cap"), .. method, "--settings", "kernel-sigma=0.3, output-blend=1", "--json", temp.File("tuned.json")]).Exit);

        double Psnr(string file)
        {
            using JsonDocument json = JsonDocument.Parse(File.ReadAllBytes(temp.File(file)));
            return json.RootElement.GetProperty("summary").GetProperty("psnr_y").GetDouble();
        }

        var settings = GameUpscaler.Temporal.TemporalUpscalerSettings.Default with { KernelSigma = 0.3f, OutputBlend = 1f };
        GameUpscaler.Capture.ITemporalUpscaleMethod reference = methodName == "taau"
            ? new GameUpscaler.Capture.TaauMethod(settings)
            : new GameUpscaler.Capture.TemporalGeneratorMethod(weights, settings: settings);
        double expected = GameUpscaler.Capture.CaptureEvaluator.Evaluate(GameUpscaler.Capture.CaptureReader.Open(temp.File("cap")), reference).PsnrY;
        Assert.Equal(expected, Psnr("tuned.json"), 9);
        Assert.NotEqual(Psnr("default.json"), Psnr("tuned.json"), 3);
    }

    [Theory]
    [InlineData("taau", "cpu", "kernel-width=0.3", "unknown setting 'kernel-width'")]
    [InlineData("taau", "cpu", "output-blend=two", "output-blend=NUMBER")]
    [InlineData("taau", "cpu", "output-blend=1.5", "OutputBlend")]
    [InlineData("bicubic", "cpu", "output-blend=0.5", "--method taau or temporal")]
    [InlineData("taau", "vulkan", "output-blend=0.5", "--backend cpu")]
    public void Settings_that_cannot_apply_are_refused_before_anything_runs(string method, string backend, string settings, string message)
    {
        using var temp = new TemporaryDirectory();
        Capture.Write(temp.File("cap"));
        (int exit, string error) = CliRunner.Run("capture", "eval", "--capture", temp.File("cap"), "--method", method, "--backend", backend, "--settings", settings, "--json", temp.File("s.json"));
        Assert.NotEqual(0, exit);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.False(File.Exists(temp.File("s.json")));
    }

    [Fact]
    public void A_capture_broken_in_its_last_frame_writes_nothing_and_names_the_file()
    {
        using var temp = new TemporaryDirectory();
        Capture.Write(temp.File("cap"));
        string last = Path.Combine(temp.File("cap"), "reference", "0009.png");
        File.WriteAllBytes(last, File.ReadAllBytes(last)[..40]);

        (int exit, string error) = CliRunner.Run("capture", "eval", "--capture", temp.File("cap"), "--method", "taau", "--json", temp.File("s.json"), "--frames-out", temp.File("frames"));
        Assert.NotEqual(0, exit);
        Assert.Contains("0009.png", error, StringComparison.Ordinal);
        Assert.Equal(["cap"], Directory.EnumerateFileSystemEntries(temp.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void A_capture_from_another_writer_with_rgba_colour_and_no_depth_is_replayed()
    {
        using var temp = new TemporaryDirectory();
        string folder = temp.File("other");
        using (var writer = new GameUpscaler.Capture.CaptureWriter(folder, Capture.Render, Capture.Display, hasDepth: false))
        {
            for (int t = 0; t < 3; t++)
            {
                GameUpscaler.Capture.CaptureFrame f = Capture.Frame(t);
                var rgba = new GameUpscaler.Imaging.Image8(f.Color.Width, f.Color.Height, 4);
                for (int i = 0; i < f.Color.Width * f.Color.Height; i++)
                {
                    rgba.Pixels[4 * i] = f.Color.Pixels[3 * i];
                    rgba.Pixels[(4 * i) + 1] = f.Color.Pixels[(3 * i) + 1];
                    rgba.Pixels[(4 * i) + 2] = f.Color.Pixels[(3 * i) + 2];
                    rgba.Pixels[(4 * i) + 3] = 200;
                }

                writer.Add(rgba, f.Motion, null, f.Reference, f.Info);
            }

            writer.Complete();
        }

        Assert.Equal(0, CliRunner.Run("capture", "eval", "--capture", folder, "--method", "taau", "--json", temp.File("s.json")).Exit);
        using JsonDocument json = JsonDocument.Parse(File.ReadAllBytes(temp.File("s.json")));
        Assert.True(json.RootElement.GetProperty("summary").GetProperty("psnr_y").GetDouble() > 10);
    }

    [Fact]
    public void Frames_out_into_a_folder_with_files_is_refused_and_they_are_kept()
    {
        using var temp = new TemporaryDirectory();
        Capture.Write(temp.File("cap"));
        Directory.CreateDirectory(temp.File("frames"));
        File.WriteAllText(Path.Combine(temp.File("frames"), "mine.txt"), "keep");
        (int exit, string error) = CliRunner.Run("capture", "eval", "--capture", temp.File("cap"), "--method", "bicubic", "--frames-out", temp.File("frames"));
        Assert.NotEqual(0, exit);
        Assert.Contains("not empty", error, StringComparison.Ordinal);
        Assert.Equal(["mine.txt"], Directory.GetFiles(temp.File("frames")).Select(Path.GetFileName));
    }
}
