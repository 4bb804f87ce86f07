using GameUpscaler.Reporting;
using GameUpscaler.Hooks;
using GameUpscaler.Cli.Bench;
using GameUpscaler.Vulkan;

namespace GameUpscaler.Tests.Cli;

/// <summary>The bench command's statistics and SVG writer on hand-made frames (no device needed).</summary>
public sealed class BenchOutputTests
{
    private static readonly Size2D Render = new(320, 180);
    private static readonly Size2D Display = new(640, 360);

    private static BenchRun Run(params double[] upscaleMs) => new(
        "performance", "c8n2", Render, Display, "Float32",
        [.. upscaleMs.Select((ms, i) => new BenchFrame(
            i, "c8n2", "fixed", Render, ms, ms + 1,
            [(new UpscalerPassTiming("conv 1", ms * 0.75), new VulkanPassWork(3e6, 1e6)), (new UpscalerPassTiming("finish", ms * 0.25), new VulkanPassWork(1e6, 2e6))],
            new VulkanFrameTraffic(1000 + i, 2000, i % 2)))]);

    [Fact]
    public void Percentiles_and_adherence_follow_the_frames()
    {
        BenchRun run = Run([.. Enumerable.Range(1, 100).Select(i => (double)i)]);
        var summary = BenchRun.Summary(run.Frames.Select(f => f.UpscaleMilliseconds));

        Assert.Equal((50.0, 95.0, 99.0, 100.0), summary);
        Assert.Equal(0.9, run.WithinBudget(90)!.Value, 12);
        Assert.Null(run.WithinBudget(null));
        Assert.Equal(0, run.Switches);
    }

    [Fact]
    public void Traffic_is_the_median_bytes_and_copies_per_frame()
    {
        // Frames i = 0..4 moved 3000 + i bytes with i % 2 copies: medians 3002 and 0 (three of five frames copy none).
        BenchRun run = Run(1, 2, 3, 4, 5);
        Assert.Equal((3002.0, 0.0), run.Traffic);
    }

    [Fact]
    public void Pass_summary_reports_median_work_and_achieved_rates()
    {
        BenchRun run = Run(2, 4, 6);
        var conv = run.PassSummary().Single(p => p.Label == "conv 1");

        Assert.Equal(3.0, conv.MedianMilliseconds, 12);            // 0.75 x the median frame (4 ms)
        Assert.Equal(3e6, conv.Flops);
        Assert.Equal(9e6 / 9.0 / 1e6, conv.GflopsPerSecond, 12);   // 9 MFLOP over 9 ms = 1 GFLOP/s
        Assert.Equal(3e6 / 9.0 / 1e6, conv.GigabytesPerSecond, 12);
    }

    [Fact]
    public void Charts_draw_one_line_per_run_the_budget_and_one_bar_per_run()
    {
        BenchRun[] runs = [Run(1, 2, 3), Run(2, 3, 4) with { Model = "governor" }];
        string lines = BenchCharts.FrameTimes(runs, budget: 2.5, "frame <times> & more");
        string bars = BenchCharts.PassBreakdown(runs, "passes");

        Assert.Equal(2, CountOf(lines, "<polyline"));
        Assert.Contains("budget 2.5 ms", lines, StringComparison.Ordinal);
        Assert.Contains("frame &lt;times&gt; &amp; more", lines, StringComparison.Ordinal);
        Assert.Equal(2 * 2, CountOf(bars, "<title>")); // two passes stacked in each of two bars
        Assert.StartsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"", bars, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.7, 1)]
    [InlineData(1.0, 1)]
    [InlineData(1.3, 2)]
    [InlineData(42, 50)]
    [InlineData(0.0031, 0.005)]
    public void Axis_maxima_are_nice_numbers(double value, double expected) =>
        Assert.Equal(expected, SvgCanvas.NiceCeiling(value), 12);

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, string.Empty, StringComparison.Ordinal).Length) / part.Length;
}
