namespace GameUpscaler.Sample.Tests;

/// <summary>In the "Sample" collection: it changes DISPLAY for the process, which the window test's child must not see.</summary>
[Collection("Sample")]
public sealed class NoDisplayTests
{
    [Fact]
    public void Windowed_mode_without_a_display_says_so_and_suggests_headless()
    {
        string? display = Environment.GetEnvironmentVariable("DISPLAY");
        string? wayland = Environment.GetEnvironmentVariable("WAYLAND_DISPLAY");
        TextWriter error = Console.Error;
        var captured = new StringWriter();
        try
        {
            Environment.SetEnvironmentVariable("DISPLAY", null);
            Environment.SetEnvironmentVariable("WAYLAND_DISPLAY", null);
            Console.SetError(captured);
            Assert.Equal(1, Program.Main(["--frames", "1", "--spatial"]));
        }
        finally
        {
            Console.SetError(error);
            Environment.SetEnvironmentVariable("DISPLAY", display);
            Environment.SetEnvironmentVariable("WAYLAND_DISPLAY", wayland);
        }

        Assert.Contains("No display", captured.ToString(), StringComparison.Ordinal);
        Assert.Contains("--headless", captured.ToString(), StringComparison.Ordinal);
    }
}
