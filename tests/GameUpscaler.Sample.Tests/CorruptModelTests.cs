namespace GameUpscaler.Sample.Tests;

using GameUpscaler.Models;
using GameUpscaler.Tests;

/// <summary>
/// One bad byte in a model file of the models folder (issue 13): the sample exits 1 with a message naming the file,
/// never an unhandled exception (exit 134). Run as a child process: the models folder comes from an environment
/// variable, which the other tests of this process must not see.
/// </summary>
public sealed class CorruptModelTests
{
    [Fact]
    public void A_corrupt_default_model_is_an_error_in_words()
    {
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        byte[] model = File.ReadAllBytes(Path.Combine(TestPaths.RepositoryRoot, "models", "x2-c8-n2-l1.safetensors"));
        model[392] ^= 0xfd; // a byte inside the header's JSON strings: invalid UTF-8
        string corrupt = temp.File("x2-c8-n2-l1.safetensors");
        File.WriteAllBytes(corrupt, model);

        ChildProcess.Result result = ChildProcess.RunDotnet(
            "GameUpscaler.Sample.dll",
            ["--headless", "--frames", "1", "--mode", "performance", "--display", "96x54", "--out", temp.File("out")],
            new Dictionary<string, string> { [KnownModels.EnvironmentVariable] = temp.Path });

        Assert.True(result.ExitCode == 1, $"exit {result.ExitCode}: {result.Output}");
        Assert.Contains(corrupt, result.StandardError, StringComparison.Ordinal);
        Assert.Contains("not valid UTF-8", result.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Output, StringComparison.Ordinal);
    }
}
