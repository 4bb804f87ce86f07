namespace GameUpscaler.Sample.Tests;

using GameUpscaler.Tests;

/// <summary>
/// The sample creates its own Vulkan instance and device, as a game does; with no driver to find (the loader pointed
/// at a driver manifest that does not exist) it exits 1 with an error in words, never a native stack.
/// </summary>
public sealed class MissingDriverTests
{
    [Fact]
    public void Without_a_vulkan_driver_the_sample_says_what_to_install()
    {
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        string missing = temp.File("no-such-driver.json");
        ChildProcess.Result result = ChildProcess.RunDotnet(
            "GameUpscaler.Sample.dll",
            ["--headless", "--frames", "1", "--mode", "performance", "--display", "96x54", "--out", temp.File("out")],
            new Dictionary<string, string> { ["VK_ICD_FILENAMES"] = missing, ["VK_DRIVER_FILES"] = missing });

        Assert.True(result.ExitCode == 1, $"exit {result.ExitCode}: {result.Output}");
        Assert.Contains("Vulkan is not available", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("apt-get install libvulkan1 mesa-vulkan-drivers", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Output, StringComparison.Ordinal);
    }
}
