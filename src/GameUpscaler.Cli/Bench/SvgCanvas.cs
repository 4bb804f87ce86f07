namespace GameUpscaler.Cli.Bench;

using System.Globalization;
using System.Security;
using System.Text;

/// <summary>
/// A minimal SVG writer (lines, polylines, rectangles, text) for the benchmark charts: no package, invariant number
/// formatting so files are identical on every locale, text escaped.
/// </summary>
internal sealed class SvgCanvas(int width, int height)
{
    /// <summary>Colours for series, chosen to stay distinguishable next to each other.</summary>
    public static readonly string[] Palette =
        ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    private readonly StringBuilder _body = new();

    public int Width { get; } = width;

    public int Height { get; } = height;

    public void Line(double x1, double y1, double x2, double y2, string stroke, double strokeWidth = 1, bool dashed = false) =>
        Append($"<line x1=\"{F(x1)}\" y1=\"{F(y1)}\" x2=\"{F(x2)}\" y2=\"{F(y2)}\" stroke=\"{stroke}\" stroke-width=\"{F(strokeWidth)}\"{(dashed ? " stroke-dasharray=\"6,4\"" : string.Empty)}/>");

    public void Polyline(IEnumerable<(double X, double Y)> points, string stroke, double strokeWidth = 1.5) =>
        Append($"<polyline fill=\"none\" stroke=\"{stroke}\" stroke-width=\"{F(strokeWidth)}\" points=\"{string.Join(' ', points.Select(p => $"{F(p.X)},{F(p.Y)}"))}\"/>");

    public void Rect(double x, double y, double w, double h, string fill, string? title = null) =>
        Append($"<rect x=\"{F(x)}\" y=\"{F(y)}\" width=\"{F(Math.Max(0, w))}\" height=\"{F(Math.Max(0, h))}\" fill=\"{fill}\">" +
            (title is null ? string.Empty : $"<title>{Escape(title)}</title>") + "</rect>");

    public void Text(double x, double y, string text, double size = 12, string anchor = "start", string fill = "#222") =>
        Append($"<text x=\"{F(x)}\" y=\"{F(y)}\" font-family=\"sans-serif\" font-size=\"{F(size)}\" text-anchor=\"{anchor}\" fill=\"{fill}\">{Escape(text)}</text>");

    public override string ToString() =>
        $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\">\n" +
        $"<rect width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>\n{_body}</svg>\n";

    /// <summary>A "nice" axis maximum (1, 2 or 5 times a power of ten) at or above <paramref name="value"/>.</summary>
    public static double NiceCeiling(double value)
    {
        if (!(value > 0) || !double.IsFinite(value))
        {
            return 1;
        }

        double power = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (double step in (double[])[1, 2, 5, 10])
        {
            if (step * power >= value)
            {
                return step * power;
            }
        }

        return 10 * power;
    }

    public static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Escape(string text) => SecurityElement.Escape(text) ?? string.Empty;

    private void Append(string element) => _body.Append(element).Append('\n');
}
