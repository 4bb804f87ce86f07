namespace GameUpscaler.Sample.Tests;

public sealed class CommandLineTests
{
    [Theory]
    [InlineData("--frames", "0")]
    [InlineData("--mode", "fastest")]
    [InlineData("--display", "10x10")]
    [InlineData("--sharpness", "3")]
    [InlineData("--bogus")]
    [InlineData("--budget", "0")]
    [InlineData("--budget", "fast")]
    [InlineData("--headless", "--budget", "2")]
    [InlineData("--headless", "--cycle-modes")]
    public void Bad_arguments_exit_with_2(params string[] args) => Assert.Equal(2, Program.Main(args));

    [Fact]
    public void Options_parse()
    {
        SampleOptions options = SampleCommandLine.Parse(["--headless", "--frames", "4", "--mode", "quality", "--display", "320x180", "--out", "x"]);
        Assert.Equal((true, 4, "quality", new Size2D(320, 180), "x"), (options.Headless, options.Frames, options.Mode, options.DisplaySize, options.OutputDirectory));

        Assert.False(options.Governor);
        Assert.Equal(1000.0 / 60 * 0.1, options.GovernorOptions.BudgetMilliseconds, 9);
        SampleOptions governed = SampleCommandLine.Parse(["--headless", "--governor", "--budget", "2.5"]);
        Assert.Equal((true, 2.5), (governed.Governor, governed.GovernorOptions.BudgetMilliseconds));
        SampleOptions resized = SampleCommandLine.Parse(["--resize-at", "30", "800x450", "--variant", "taau"]);
        Assert.Equal((30, new Size2D(800, 450)), resized.ResizeAt);
        Assert.Equal(Hooks.UpscalerVariant.Temporal, resized.Variant);
    }

    [Fact]
    public void The_help_is_generated_from_the_option_definitions()
    {
        var output = new StringWriter();
        Assert.Equal(0, SampleCommandLine.Build().Parse(["--help"]).Invoke(new System.CommandLine.InvocationConfiguration { Output = output }));
        string help = output.ToString();
        foreach (System.CommandLine.Option option in SampleCommandLine.Build().Options)
        {
            Assert.Contains(option.Name, help, StringComparison.Ordinal);
        }

        Assert.Contains("--export-capture", help, StringComparison.Ordinal);
        Assert.Contains("generator|spatial|temporal", help, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_option_names_itself()
    {
        var error = Assert.Throws<SampleUsageException>(() => SampleCommandLine.Parse(["--headless", "--frmaes", "3"]));
        Assert.Contains("--frmaes", error.Message, StringComparison.Ordinal);
    }
}
