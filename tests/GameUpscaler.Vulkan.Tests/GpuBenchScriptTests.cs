using System.Diagnostics;
using GameUpscaler.Tests;

namespace GameUpscaler.Vulkan.Tests;

/// <summary>
/// scripts/gpu-bench.sh --smoke on lavapipe: the one-command GPU benchmark publishes its self-contained bundle, runs
/// every shipped model, the spatial upscaler and the TAAU pass, and writes the markdown report and JSON.
/// </summary>
[Collection("Vulkan")]
public sealed class GpuBenchScriptTests
{
    [Fact]
    public async Task The_smoke_run_writes_a_report_with_every_model_the_spatial_upscaler_and_taau()
    {
        using var temp = new TemporaryDirectory();
        var start = new ProcessStartInfo("bash", [Path.Combine(TestPaths.RepositoryRoot, "scripts", "gpu-bench.sh"), "--smoke"])
        {
            WorkingDirectory = TestPaths.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["OUT"] = temp.Path;
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, await output + await error);

        string report = await File.ReadAllTextAsync(Path.Combine(temp.Path, "gpu-bench", "report.md"));
        Assert.Contains("| performance | taau |", report, StringComparison.Ordinal);
        Assert.Contains("| quality | spatial |", report, StringComparison.Ordinal);
        foreach (string model in Directory.GetFiles(Path.Combine(TestPaths.RepositoryRoot, "models"), "*.safetensors"))
        {
            Assert.Contains($"models/{Path.GetFileName(model)}", report, StringComparison.Ordinal);
        }

        Assert.True(File.Exists(Path.Combine(temp.Path, "gpu-bench", "96x64-fp32.json")));
    }
}
