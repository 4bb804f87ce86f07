namespace GameUpscaler.Tests.Cli;

using GameUpscaler.Cli;
using GameUpscaler.Training.Training;
using Spectre.Console.Testing;

/// <summary>
/// The CLI's one progress reporter: the line-per-step fallback that logs and CI read (its exact text, its interval
/// for long runs, no escape sequences) and the live Spectre.Console display on a test console.
/// </summary>
public sealed class ProgressReporterTests
{
    private const char Escape = '\u001b';

    [Fact]
    public void Fallback_writes_one_numbered_line_per_step_and_returns_the_work_result()
    {
        using var output = new StringWriter();
        var reporter = new ProgressReporter(output);

        int result = reporter.Run("eval bicubic x2", 3, scope =>
        {
            scope.Step("baby.png 33.91 dB");
            scope.Step("bird.png 35.02 dB");
            scope.Step("butterfly.png 27.40 dB");
            Assert.Equal(3, scope.Done);
            return 42;
        });

        Assert.Equal(42, result);
        Assert.False(reporter.IsInteractive);
        Assert.Equal(["  [1/3] baby.png 33.91 dB", "  [2/3] bird.png 35.02 dB", "  [3/3] butterfly.png 27.40 dB"], Lines(output));
    }

    [Fact]
    public void Fallback_writes_reported_positions_at_most_once_per_interval_and_always_the_last()
    {
        using var output = new StringWriter();
        var clock = new ManualClock();
        var reporter = new ProgressReporter(output, clock, TimeSpan.FromSeconds(30));

        reporter.Run("train", 100, scope =>
        {
            foreach ((int seconds, long step) in new[] { (0, 10L), (10, 20L), (29, 30L), (31, 40L), (45, 50L), (62, 60L), (63, 100L) })
            {
                clock.Seconds = seconds;
                scope.Report(step, 1.5, "L1 0.1", $"step {step}");
            }

            return 0;
        });

        // First report, then 31 s (30 s after it), 62 s (31 s after that), and the last step whatever the time.
        Assert.Equal(["step 10", "step 40", "step 60", "step 100"], Lines(output));
    }

    [Fact]
    public void Fallback_never_writes_escape_sequences()
    {
        using var output = new StringWriter();
        var reporter = new ProgressReporter(output);

        reporter.Run("[bold]markup-looking[/] title", 2, scope =>
        {
            scope.Step("[red]not colour[/]");
            scope.Report(2, 3, "[blue]x[/]", TrainCommand.ProgressLine(Progress(2, 2)));
            return 0;
        });

        string text = output.ToString();
        Assert.DoesNotContain(Escape, text);
        Assert.Contains("  [1/2] [red]not colour[/]", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_console_reporter_writes_lines_when_output_is_redirected()
    {
        // Test runners redirect standard output; a CI log must never get the live display.
        if (Console.IsOutputRedirected)
        {
            Assert.False(ProgressReporter.ForConsole().IsInteractive);
        }
    }

    [Fact]
    public void Training_log_line_keeps_its_format()
    {
        Assert.Equal("[############............] 50/100 L1 0.01000 2.00 it/s lr 0.0002 elapsed 00:00:25 left 00:00:25",
            TrainCommand.ProgressLine(Progress(50, 100)));
        Assert.Equal("[........................] 0/100 L1 0.01000 0.00 it/s lr 0.0002 elapsed 00:00:25 left ?",
            TrainCommand.ProgressLine(Progress(0, 100) with { IterationsPerSecond = 0 }));
        Assert.Equal("[########################] 10/10 GAN 0.50000 G 1.250 D 0.750 2.00 it/s lr 0.0002 elapsed 00:00:25 left 00:00:00",
            TrainCommand.ProgressLine(Progress(10, 10) with { LossName = "GAN", Loss = 0.5, GeneratorAdversarialLoss = 1.25, DiscriminatorLoss = 0.75 }));
    }

    [Fact]
    public void Terminal_display_renders_steps_and_positions_on_a_test_console()
    {
        using var console = new TestConsole();
        console.Interactive();
        console.EmitAnsiSequences = true;
        console.Width(120);
        var reporter = new ProgressReporter(console);

        string result = reporter.Run("compare x2", 3, scope =>
        {
            scope.Step("Set5 · bicubic · image 1/3 [brackets]");
            scope.Step("Set5 · bicubic · image 2/3");
            scope.Report(3, 4.5, "L1 0.01 lr 0.0002", "unused on a terminal");
            return "done";
        });

        Assert.Equal("done", result);
        Assert.True(reporter.IsInteractive);
        Assert.Contains("compare x2", console.Output, StringComparison.Ordinal);
        Assert.Contains("100%", console.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("unused on a terminal", console.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Terminal_display_finishes_a_run_with_no_steps()
    {
        using var console = new TestConsole();
        console.Interactive();
        var reporter = new ProgressReporter(console);

        Assert.Equal(1, reporter.Run("nothing to do", 0, _ => 1));
        Assert.Contains("nothing to do", console.Output, StringComparison.Ordinal);
    }

    private static string[] Lines(StringWriter output) =>
        output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);

    private static TrainingProgress Progress(long step, long iterations) =>
        new(step, iterations, 0.01, double.NaN, double.NaN, 2.0, 0.0002, TimeSpan.FromSeconds(25));

    /// <summary>A clock the test moves by hand, in whole seconds.</summary>
    private sealed class ManualClock : TimeProvider
    {
        public int Seconds { get; set; }

        public override long TimestampFrequency => 1;

        public override long GetTimestamp() => Seconds;
    }
}
