using System.Diagnostics;

namespace GameUpscaler.Vulkan.Tests;

/// <summary>
/// Without a Vulkan driver the backend says what to install. The loader reads its driver list from the native
/// environment when an instance is created, so the test runs the CLI in a child process whose environment points
/// the loader at a driver manifest that does not exist.
/// </summary>
public sealed class MissingDriverTests
{
    [Fact]
    public void No_driver_gives_BackendUnavailable_with_the_install_command()
    {
        string cli = Path.Combine(AppContext.BaseDirectory, "GameUpscaler.Cli.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(cli);
        start.ArgumentList.Add("upscale");
        start.ArgumentList.Add("/nonexistent/in.png");
        start.ArgumentList.Add(Path.Combine(Path.GetTempPath(), "never-written.png"));
        start.ArgumentList.Add("--backend");
        start.ArgumentList.Add("vulkan");
        start.Environment["VK_ICD_FILENAMES"] = "/nonexistent/icd.json";
        start.Environment["VK_DRIVER_FILES"] = "/nonexistent/icd.json";
        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(60_000), "the CLI did not finish");
        Assert.Equal(1, process.ExitCode);
        Assert.Contains("[BackendUnavailable]", output, StringComparison.Ordinal);
        Assert.Contains("apt-get install libvulkan1 mesa-vulkan-drivers", output, StringComparison.Ordinal);
    }
}
