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
        SampleOptions options = SampleOptions.Parse(["--headless", "--frames", "4", "--mode", "quality", "--display", "320x180", "--out", "x"]);
        Assert.Equal((true, 4, "quality", new Size2D(320, 180), "x"), (options.Headless, options.Frames, options.Mode, options.DisplaySize, options.OutputDirectory));

        Assert.False(options.Governor);
        Assert.Equal(1000.0 / 60 * 0.1, options.GovernorOptions.BudgetMilliseconds, 9);
        SampleOptions governed = SampleOptions.Parse(["--headless", "--governor", "--budget", "2.5"]);
        Assert.Equal((true, 2.5), (governed.Governor, governed.GovernorOptions.BudgetMilliseconds));
    }
}
