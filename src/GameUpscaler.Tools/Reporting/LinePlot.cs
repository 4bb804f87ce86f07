namespace GameUpscaler.Reporting;

/// <summary>
/// A line plot of (x, y) series on <see cref="SvgCanvas"/> with axes fitted to the data (not from zero: a curve that
/// climbs 1 dB must be visible), a grid, a legend and optional horizontal reference lines (a baseline method's score).
/// The trainer's convergence curves (Y-PSNR against iterations) draw with it.
/// </summary>
public static class LinePlot
{
    private const int Left = 64;
    private const int Right = 200;
    private const int Top = 40;
    private const int Bottom = 50;

    /// <summary>One series: its legend name, colour and points.</summary>
    public sealed record Series(string Name, string Color, IReadOnlyList<(double X, double Y)> Points);

    /// <summary>A dashed horizontal line with a label (e.g. "taau 32.85 dB").</summary>
    public sealed record Reference(string Name, double Y);

    /// <summary>The SVG text of the plot.</summary>
    public static string Render(string title, string xLabel, string yLabel, IReadOnlyList<Series> series, IReadOnlyList<Reference>? references = null, int width = 760, int height = 380)
    {
        ArgumentNullException.ThrowIfNull(series);
        references ??= [];
        var svg = new SvgCanvas(width, height);
        double plotWidth = width - Left - Right, plotHeight = height - Top - Bottom;
        (double X, double Y)[] points = [.. series.SelectMany(s => s.Points)];
        double[] ys = [.. points.Select(p => p.Y).Concat(references.Select(r => r.Y)).Where(double.IsFinite)];
        double yMin = ys.Length == 0 ? 0 : ys.Min(), yMax = ys.Length == 0 ? 1 : ys.Max();
        double pad = Math.Max((yMax - yMin) * 0.08, 1e-3);
        yMin -= pad;
        yMax += pad;
        double xMin = points.Length == 0 ? 0 : points.Min(p => p.X), xMax = points.Length == 0 ? 1 : Math.Max(xMin + 1, points.Max(p => p.X));
        double X(double x) => Left + ((x - xMin) * plotWidth / (xMax - xMin));
        double Y(double y) => Top + plotHeight - ((y - yMin) / (yMax - yMin) * plotHeight);

        svg.Text(Left, 24, title, 15);
        for (int i = 0; i <= 4; i++)
        {
            double y = yMin + ((yMax - yMin) * i / 4);
            svg.Line(Left, Y(y), Left + plotWidth, Y(y), "#dddddd");
            svg.Text(Left - 6, Y(y) + 4, y.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), 12, "end");
            double x = xMin + ((xMax - xMin) * i / 4);
            svg.Text(X(x), Top + plotHeight + 16, SvgCanvas.F(Math.Round(x)), 12, "middle");
        }

        svg.Line(Left, Top + plotHeight, Left + plotWidth, Top + plotHeight, "black");
        svg.Line(Left, Top, Left, Top + plotHeight, "black");
        svg.Text(Left + (plotWidth / 2), height - 10, xLabel, 12, "middle");
        svg.RotatedText(16, Top + (plotHeight / 2), yLabel, -90);
        int legend = 0;
        foreach (Reference reference in references)
        {
            svg.Line(Left, Y(reference.Y), Left + plotWidth, Y(reference.Y), "#777777", 1, dashed: true);
            double legendY = Top + 10 + (legend++ * 18);
            svg.Line(Left + plotWidth + 12, legendY, Left + plotWidth + 32, legendY, "#777777", 1, dashed: true);
            svg.Text(Left + plotWidth + 38, legendY + 4, reference.Name);
        }

        foreach (Series line in series)
        {
            svg.Polyline(line.Points.Select(p => (X(p.X), Y(p.Y))), line.Color);
            foreach ((double x, double y) in line.Points)
            {
                svg.Circle(X(x), Y(y), 2.5, line.Color);
            }

            double legendY = Top + 10 + (legend++ * 18);
            svg.Line(Left + plotWidth + 12, legendY, Left + plotWidth + 32, legendY, line.Color, 2);
            svg.Text(Left + plotWidth + 38, legendY + 4, line.Name);
        }

        return svg.ToString();
    }
}
