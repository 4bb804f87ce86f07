namespace GameUpscaler.Cli.Bench;

using GameUpscaler.Reporting;
using System.Globalization;

/// <summary>The two benchmark plots: upscale GPU time per frame (lines, budget dashed) and the per-pass breakdown (stacked bars).</summary>
internal static class BenchCharts
{
    private const int Left = 70;
    private const int Right = 230;
    private const int Top = 40;
    private const int Bottom = 50;

    /// <summary>Upscale GPU ms per frame, one line per run; the budget as a dashed line.</summary>
    public static string FrameTimes(IReadOnlyList<BenchRun> runs, double? budget, string title)
    {
        var svg = new SvgCanvas(960, 480);
        double plotW = svg.Width - Left - Right;
        double plotH = svg.Height - Top - Bottom;
        int frames = Math.Max(2, runs.Count == 0 ? 2 : runs.Max(r => r.Frames.Count));
        double yMax = SvgCanvas.NiceCeiling(Math.Max(budget ?? 0, runs.SelectMany(r => r.Frames).Select(f => f.UpscaleMilliseconds).DefaultIfEmpty(1).Max()) * 1.05);
        double X(double frame) => Left + (plotW * frame / (frames - 1));
        double Y(double ms) => Top + plotH - (plotH * ms / yMax);

        Axes(svg, plotW, plotH, yMax, "upscale GPU time (ms)", title);
        svg.Text(Left + (plotW / 2), svg.Height - 12, "measured frame", 12, "middle");
        for (int i = 0; i <= 4; i++)
        {
            double frame = (frames - 1) * i / 4.0;
            svg.Text(X(frame), Top + plotH + 16, Math.Round(frame).ToString(CultureInfo.InvariantCulture), 11, "middle");
        }

        for (int r = 0; r < runs.Count; r++)
        {
            string colour = SvgCanvas.Palette[r % SvgCanvas.Palette.Length];
            svg.Polyline(runs[r].Frames.Select(f => ((double)X(f.Index), Y(f.UpscaleMilliseconds))), colour);
            svg.Line(svg.Width - Right + 12, Top + 8 + (r * 18), svg.Width - Right + 32, Top + 8 + (r * 18), colour, 3);
            svg.Text(svg.Width - Right + 38, Top + 12 + (r * 18), runs[r].Label, 11);
        }

        if (budget is { } b)
        {
            svg.Line(Left, Y(b), Left + plotW, Y(b), "#000", 1, dashed: true);
            svg.Text(Left + plotW - 4, Y(b) - 4, $"budget {b.ToString("0.###", CultureInfo.InvariantCulture)} ms", 11, "end");
        }

        return svg.ToString();
    }

    /// <summary>Median GPU ms per pass, stacked, one bar per run; the body convs are one segment.</summary>
    public static string PassBreakdown(IReadOnlyList<BenchRun> runs, string title)
    {
        var svg = new SvgCanvas(Math.Max(640, Left + Right + (runs.Count * 70)), 480);
        double plotW = svg.Width - Left - Right;
        double plotH = svg.Height - Top - Bottom;
        var stacks = runs.Select(r => Grouped(r)).ToList();
        string[] groups = [.. stacks.SelectMany(s => s.Select(p => p.Group)).Distinct()];
        double yMax = SvgCanvas.NiceCeiling(stacks.Select(s => s.Sum(p => p.Milliseconds)).DefaultIfEmpty(1).Max() * 1.05);
        double Y(double ms) => Top + plotH - (plotH * ms / yMax);

        Axes(svg, plotW, plotH, yMax, "median GPU time per pass (ms)", title);
        double slot = plotW / Math.Max(1, runs.Count);
        for (int r = 0; r < runs.Count; r++)
        {
            double x = Left + (slot * r) + (slot * 0.2);
            double sum = 0;
            foreach ((string group, double ms) in stacks[r])
            {
                string colour = SvgCanvas.Palette[Array.IndexOf(groups, group) % SvgCanvas.Palette.Length];
                svg.Rect(x, Y(sum + ms), slot * 0.6, Y(sum) - Y(sum + ms), colour, string.Create(CultureInfo.InvariantCulture, $"{runs[r].Label}: {group} {ms:0.###} ms"));
                sum += ms;
            }

            svg.Text(x + (slot * 0.3), Top + plotH + 16, runs[r].Mode, 10, "middle");
            svg.Text(x + (slot * 0.3), Top + plotH + 30, runs[r].Model, 10, "middle");
        }

        for (int g = 0; g < groups.Length; g++)
        {
            svg.Rect(svg.Width - Right + 12, Top + (g * 18), 14, 12, SvgCanvas.Palette[g % SvgCanvas.Palette.Length]);
            svg.Text(svg.Width - Right + 32, Top + 10 + (g * 18), groups[g], 11);
        }

        return svg.ToString();
    }

    private static List<(string Group, double Milliseconds)> Grouped(BenchRun run)
    {
        // conv 1..N are one segment ("body convs"): a C32/N6 model would otherwise need seven nearly equal colours.
        var result = new List<(string Group, double Milliseconds)>();
        foreach (var pass in run.PassSummary())
        {
            string group = pass.Label.StartsWith("conv ", StringComparison.Ordinal) && pass.Label != "conv 0" ? "body convs" : pass.Label;
            int at = result.FindIndex(p => p.Group == group);
            if (at >= 0)
            {
                result[at] = (group, result[at].Milliseconds + pass.MedianMilliseconds);
            }
            else
            {
                result.Add((group, pass.MedianMilliseconds));
            }
        }

        return result;
    }

    private static void Axes(SvgCanvas svg, double plotW, double plotH, double yMax, string yLabel, string title)
    {
        svg.Text(Left, 22, title, 14);
        svg.Line(Left, Top, Left, Top + plotH, "#444");
        svg.Line(Left, Top + plotH, Left + plotW, Top + plotH, "#444");
        for (int i = 0; i <= 5; i++)
        {
            double ms = yMax * i / 5;
            double y = Top + plotH - (plotH * i / 5);
            svg.Line(Left, y, Left + plotW, y, "#ddd");
            svg.Text(Left - 6, y + 4, ms.ToString("0.###", CultureInfo.InvariantCulture), 11, "end");
        }

        svg.Text(Left, Top - 6, yLabel, 11);
    }
}
