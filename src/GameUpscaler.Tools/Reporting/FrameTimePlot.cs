namespace GameUpscaler.Reporting;

/// <summary>
/// The per-frame line plot of frame-time series (ms against frame number) with a grid, axes, a legend and an
/// optional budget line, on <see cref="SvgCanvas"/>: the sample's <c>frametimes.svg</c> draws with it.
/// </summary>
public static class FrameTimePlot
{
    private const int Left = 60;
    private const int Right = 170;
    private const int Top = 40;
    private const int Bottom = 50;

    /// <summary>One series: its legend name, colour and (frame, ms) points.</summary>
    public sealed record Series(string Name, string Color, IReadOnlyList<(int Frame, double Milliseconds)> Points);

    /// <summary>The SVG text of the plot.</summary>
    public static string Render(string title, IReadOnlyList<Series> series, double? budgetMilliseconds = null, int width = 720, int height = 360)
    {
        ArgumentNullException.ThrowIfNull(series);
        var svg = new SvgCanvas(width, height);
        double plotWidth = width - Left - Right, plotHeight = height - Top - Bottom;
        var points = series.SelectMany(s => s.Points).ToArray();
        double max = SvgCanvas.NiceCeiling(Math.Max(budgetMilliseconds ?? 0, points.Length == 0 ? 1 : points.Max(p => p.Milliseconds)));
        int first = points.Length == 0 ? 0 : points.Min(p => p.Frame);
        int last = points.Length == 0 ? 1 : Math.Max(first + 1, points.Max(p => p.Frame));
        double X(int frame) => Left + ((frame - first) * plotWidth / (last - first));
        double Y(double ms) => Top + plotHeight - (ms / max * plotHeight);

        svg.Text(Left, 24, title, 15);
        for (int i = 0; i <= 4; i++)
        {
            double ms = max * i / 4;
            svg.Line(Left, Y(ms), Left + plotWidth, Y(ms), "#dddddd");
            svg.Text(Left - 6, Y(ms) + 4, SvgCanvas.F(ms), 12, "end");
        }

        svg.Line(Left, Top + plotHeight, Left + plotWidth, Top + plotHeight, "black");
        svg.Line(Left, Top, Left, Top + plotHeight, "black");
        svg.Text(Left + (plotWidth / 2), height - 12, $"frame ({first}–{last})", 12, "middle");
        svg.RotatedText(16, Top + (plotHeight / 2), "ms", -90);
        if (budgetMilliseconds is double budget)
        {
            svg.Line(Left, Y(budget), Left + plotWidth, Y(budget), "#000", 1, dashed: true);
        }

        for (int s = 0; s < series.Count; s++)
        {
            Series line = series[s];
            svg.Polyline(line.Points.Select(p => (X(p.Frame), Y(p.Milliseconds))), line.Color);
            foreach ((int frame, double ms) in line.Points)
            {
                svg.Circle(X(frame), Y(ms), 2, line.Color);
            }

            double legendY = Top + 10 + (s * 18);
            svg.Line(Left + plotWidth + 12, legendY, Left + plotWidth + 32, legendY, line.Color, 2);
            svg.Text(Left + plotWidth + 38, legendY + 4, line.Name);
        }

        return svg.ToString();
    }
}
