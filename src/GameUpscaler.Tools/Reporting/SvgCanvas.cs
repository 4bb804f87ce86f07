namespace GameUpscaler.Reporting;

using GameUpscaler.Reporting;
using System.Globalization;
using System.Security;
using System.Text;

/// <summary>
/// A minimal SVG writer (lines, polylines, circles, rectangles, text) for every frame-time chart (the bench's, the
/// sample's, the GPU bench's): no package, invariant number formatting so files are identical on every locale, text
/// escaped. <see cref="FrameTimePlot"/> draws the common per-frame line plot on it.
/// </summary>
public sealed class SvgCanvas(int width, int height)
{
    /// <summary>Colours for series, chosen to stay distinguishable next to each other.</summary>
    public static readonly string[] Palette =
        ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    private readonly StringBuilder _body = new();

    /// <summary>Width of the drawing in pixels.</summary>
    public int Width { get; } = width;

    /// <summary>Height of the drawing in pixels.</summary>
    public int Height { get; } = height;

    /// <summary>A straight line; dashed for budget and reference lines.</summary>
    public void Line(double x1, double y1, double x2, double y2, string stroke, double strokeWidth = 1, bool dashed = false) =>
        Append($"<line x1=\"{F(x1)}\" y1=\"{F(y1)}\" x2=\"{F(x2)}\" y2=\"{F(y2)}\" stroke=\"{stroke}\" stroke-width=\"{F(strokeWidth)}\"{(dashed ? " stroke-dasharray=\"6,4\"" : string.Empty)}/>");

    /// <summary>A series as a connected line.</summary>
    public void Polyline(IEnumerable<(double X, double Y)> points, string stroke, double strokeWidth = 1.5) =>
        Append($"<polyline fill=\"none\" stroke=\"{stroke}\" stroke-width=\"{F(strokeWidth)}\" points=\"{string.Join(' ', points.Select(p => $"{F(p.X)},{F(p.Y)}"))}\"/>");

    /// <summary>A filled dot (a sample point).</summary>
    public void Circle(double x, double y, double radius, string fill) =>
        Append($"<circle cx=\"{F(x)}\" cy=\"{F(y)}\" r=\"{F(radius)}\" fill=\"{fill}\"/>");

    /// <summary>Text rotated by <paramref name="degrees"/> about its anchor point (axis titles).</summary>
    public void RotatedText(double x, double y, string text, double degrees, double size = 12, string anchor = "middle") =>
        Append($"<text x=\"{F(x)}\" y=\"{F(y)}\" transform=\"rotate({F(degrees)} {F(x)} {F(y)})\" font-family=\"sans-serif\" font-size=\"{F(size)}\" text-anchor=\"{anchor}\" fill=\"#222\">{Escape(text)}</text>");

    /// <summary>A filled rectangle (a bar), with a hover title when given.</summary>
    public void Rect(double x, double y, double w, double h, string fill, string? title = null) =>
        Append($"<rect x=\"{F(x)}\" y=\"{F(y)}\" width=\"{F(Math.Max(0, w))}\" height=\"{F(Math.Max(0, h))}\" fill=\"{fill}\">" +
            (title is null ? string.Empty : $"<title>{Escape(title)}</title>") + "</rect>");

    /// <summary>Text at a point, anchored start, middle or end.</summary>
    public void Text(double x, double y, string text, double size = 12, string anchor = "start", string fill = "#222") =>
        Append($"<text x=\"{F(x)}\" y=\"{F(y)}\" font-family=\"sans-serif\" font-size=\"{F(size)}\" text-anchor=\"{anchor}\" fill=\"{fill}\">{Escape(text)}</text>");

    /// <summary>The SVG document: a white background, then everything drawn, in order.</summary>
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

    /// <summary>A coordinate or label number, invariant culture, at most two decimals.</summary>
    public static string F(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Escape(string text) => SecurityElement.Escape(text) ?? string.Empty;

    private void Append(string element) => _body.Append(element).Append('\n');
}
