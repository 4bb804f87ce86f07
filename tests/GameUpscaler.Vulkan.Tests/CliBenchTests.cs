using System.Text.Json;
using GameUpscaler.Cli;

namespace GameUpscaler.Vulkan.Tests;

/// <summary><c>gameupscaler bench</c> on lavapipe with tiny frames: every file is written and bench.json has the shape.</summary>
[Collection("Vulkan")]
public sealed class CliBenchTests
{
    [Fact]
    public void Bench_measures_the_taau_passes_with_their_work_estimates()
    {
        string directory = Path.Combine(Path.GetTempPath(), "gameupscaler-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            Assert.Equal(0, Program.Main(["bench", "--display", "48x32", "--modes", "performance", "--models", "taau", "--frames", "3", "--warmup", "1", "--out", directory]));
            using JsonDocument json = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "bench.json")));
            JsonElement run = json.RootElement.GetProperty("runs")[0];
            Assert.Equal("taau", run.GetProperty("model").GetString());
            // The TAAU through the context a game's hook runs: its four passes, each with its work estimate.
            JsonElement[] passes = [.. run.GetProperty("passes").EnumerateArray()];
            Assert.Equal(["input", "temporal inputs", "taau", "finish"], passes.Select(p => p.GetProperty("pass").GetString()));
            Assert.Equal(620.0 * 48 * 32, passes[2].GetProperty("flops").GetDouble());
            Assert.All(passes, p => Assert.True(p.GetProperty("flops").GetDouble() > 0));
            Assert.True(run.GetProperty("upscale_ms").GetProperty("p50").GetDouble() > 0);
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    [Fact]
    public void Bench_writes_json_csv_and_svg_with_percentiles_adherence_and_passes()
    {
        string directory = Path.Combine(Path.GetTempPath(), "gameupscaler-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            int exit = Program.Main(
                ["bench", "--display", "48x32", "--modes", "performance,quality", "--models", "spatial,c4n1", "--frames", "3", "--warmup", "1",
                    "--budget", "100000", "--out", directory]);
            Assert.Equal(0, exit);
            foreach (string file in (string[])["bench.json", "summary.csv", "frames.csv", "passes.csv", "frame-times.svg", "passes.svg"])
            {
                Assert.True(File.Exists(Path.Combine(directory, file)), file);
            }

            using JsonDocument json = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "bench.json")));
            JsonElement root = json.RootElement;
            Assert.False(string.IsNullOrEmpty(root.GetProperty("device").GetString()));
            JsonElement[] runs = [.. root.GetProperty("runs").EnumerateArray()];
            Assert.Equal(6, runs.Length); // two modes x (spatial, c4n1, governor)
            Assert.Equal(["spatial", "c4n1", "governor"], runs.Take(3).Select(r => r.GetProperty("model").GetString()!));
            foreach (JsonElement run in runs)
            {
                Assert.False(string.IsNullOrEmpty(run.GetProperty("mode").GetString()));
                foreach (string series in (string[])["upscale_ms", "frame_ms"])
                {
                    JsonElement s = run.GetProperty(series);
                    double p50 = s.GetProperty("p50").GetDouble();
                    double p95 = s.GetProperty("p95").GetDouble();
                    double p99 = s.GetProperty("p99").GetDouble();
                    double max = s.GetProperty("max").GetDouble();
                    Assert.True(p50 > 0 && p50 <= p95 && p95 <= p99 && p99 <= max, $"{series}: {p50} {p95} {p99} {max}");
                }

                Assert.Equal(1.0, run.GetProperty("within_budget").GetDouble()); // a budget of 100 s holds on any device
                Assert.Contains(run.GetProperty("passes").EnumerateArray(), p => p.GetProperty("pass").GetString() == "finish");

                // RGBA8 colour sampled and the output stored directly: each read or written once, no copies.
                Size2D render = Size2D.TryParse(run.GetProperty("render").GetString()!, out Size2D r) ? r : default;
                Assert.Equal((render.Area * 4) + (48 * 32 * 4), run.GetProperty("bytes_moved_per_frame").GetDouble());
                Assert.Equal(0, run.GetProperty("copies_per_frame").GetDouble());
            }

            Assert.Equal("direct", root.GetProperty("host_images").GetString());

            JsonElement conv = runs[1].GetProperty("passes").EnumerateArray().First(p => p.GetProperty("pass").GetString() == "conv 1");
            Assert.Equal(2.0 * 9 * 4 * 4 * 24 * 16, conv.GetProperty("flops").GetDouble()); // 24x16 render pixels in Performance
            Assert.True(conv.GetProperty("gflop_per_s").GetDouble() > 0);

            string frames = File.ReadAllText(Path.Combine(directory, "frames.csv"));
            Assert.StartsWith("mode,model,frame,variant,reason,", frames, StringComparison.Ordinal);
            Assert.Contains("governor", frames, StringComparison.Ordinal);
            Assert.StartsWith("<svg", File.ReadAllText(Path.Combine(directory, "passes.svg")), StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    [Fact]
    public void The_copy_path_moves_three_times_the_bytes_with_two_copies_per_frame()
    {
        string directory = Path.Combine(Path.GetTempPath(), "gameupscaler-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            double Moved(string hostImages, out double copies)
            {
                string output = Path.Combine(directory, hostImages);
                Assert.Equal(0, Program.Main(
                    ["bench", "--display", "48x32", "--modes", "performance", "--models", "spatial", "--frames", "2", "--warmup", "0",
                        "--host-images", hostImages, "--out", output]));
                using JsonDocument json = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "bench.json")));
                Assert.Equal(hostImages, json.RootElement.GetProperty("host_images").GetString());
                JsonElement run = json.RootElement.GetProperty("runs")[0];
                copies = run.GetProperty("copies_per_frame").GetDouble();
                return run.GetProperty("bytes_moved_per_frame").GetDouble();
            }

            double direct = Moved("direct", out double directCopies);
            double copied = Moved("copy", out double copyCopies);
            Assert.Equal((24 * 16 * 4) + (48 * 32 * 4), direct);
            Assert.Equal(3 * direct, copied);
            Assert.Equal((0.0, 2.0), (directCopies, copyCopies));
            Assert.Equal(2, Program.Main(["bench", "--host-images", "sideways", "--out", directory]));
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    [Fact]
    public void With_an_impossible_budget_and_dynamic_resolution_the_governor_run_renders_smaller()
    {
        string directory = Path.Combine(Path.GetTempPath(), "gameupscaler-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            // 1 ps: nothing fits, so the governor stays on spatial and halves the render size (its lower bound).
            int exit = Program.Main(
                ["bench", "--display", "48x32", "--modes", "performance", "--models", "spatial,c4n1", "--frames", "4", "--warmup", "0",
                    "--budget", "0.000000001", "--dynamic-resolution", "--out", directory]);
            Assert.Equal(0, exit);
            string[] governor = [.. File.ReadAllLines(Path.Combine(directory, "frames.csv")).Where(l => l.StartsWith("performance,governor,", StringComparison.Ordinal))];
            Assert.Equal(4, governor.Length);
            Assert.Contains(",spatial,Initial,24x16,", governor[0], StringComparison.Ordinal);
            Assert.Contains(",spatial,ResolutionDown,12x8,", governor[1], StringComparison.Ordinal);
            Assert.All(governor.Skip(1), line => Assert.Contains(",12x8,", line, StringComparison.Ordinal));
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    [Fact]
    public void Bench_runs_on_the_sample_game_scene_with_source_sample()
    {
        string directory = Path.Combine(Path.GetTempPath(), "gameupscaler-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            int exit = Program.Main(
                ["bench", "--source", "sample", "--display", "48x32", "--modes", "performance", "--models", "spatial,c4n1", "--frames", "2",
                    "--warmup", "0", "--budget", "100000", "--out", directory]);
            Assert.Equal(0, exit);
            using JsonDocument json = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "bench.json")));
            Assert.StartsWith("sample:", json.RootElement.GetProperty("source").GetString(), StringComparison.Ordinal);
            Assert.Equal(3, json.RootElement.GetProperty("runs").GetArrayLength()); // spatial, c4n1, governor
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    [Theory]
    [InlineData("--source", "game")]
    [InlineData("--dynamic-resolution", null)]
    [InlineData("--modes", "fastest")]
    [InlineData("--frames", "0")]
    [InlineData("--permutation", "fp8")]
    [InlineData("--models", "c0n1")]
    public void Bad_bench_arguments_are_usage_errors(string option, string? value)
    {
        string[] given = value is null ? [option] : [option, value];
        Assert.Equal(2, Program.Main(["bench", .. given, "--display", "48x32", "--frames", "1", "--out", Path.GetTempPath()]));
    }
}
