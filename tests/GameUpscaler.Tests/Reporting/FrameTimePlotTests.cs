namespace GameUpscaler.Tests.Reporting;

using System.Globalization;
using System.Xml.Linq;
using GameUpscaler.Reporting;

/// <summary>The shared frame-time plot: well-formed SVG, one line and one legend entry per series, points where the data says.</summary>
public sealed class FrameTimePlotTests
{
    [Fact]
    public void The_plot_is_svg_with_a_line_and_a_legend_entry_per_series()
    {
        FrameTimePlot.Series[] series =
        [
            new("CPU frame", "#444444", [(0, 4.0), (1, 5.0), (2, 6.0)]),
            new("GPU <upscale>", "#d62728", [(0, 1.0), (1, 2.0), (2, 1.5)]),
        ];

        XDocument svg = XDocument.Parse(FrameTimePlot.Render("a & b", series, budgetMilliseconds: 8));

        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal(2, svg.Descendants(ns + "polyline").Count());
        Assert.Equal(6, svg.Descendants(ns + "circle").Count());
        string[] texts = [.. svg.Descendants(ns + "text").Select(t => t.Value)];
        Assert.Contains("a & b", texts);
        Assert.Contains("GPU <upscale>", texts); // escaped in the file, intact when read
        Assert.Contains(svg.Descendants(ns + "line"), l => (string?)l.Attribute("stroke-dasharray") is not null); // the budget

        // The highest point (6 ms) sits below the top of a plot whose axis reaches the budget (8 → 10 ms).
        string[] first = ((string)svg.Descendants(ns + "polyline").First().Attribute("points")!).Split(' ');
        double topY = first.Select(p => double.Parse(p.Split(',')[1], CultureInfo.InvariantCulture)).Min();
        Assert.True(topY > 40, $"top point at y = {topY}");
    }

    [Fact]
    public void An_empty_plot_is_still_a_valid_document()
    {
        XDocument svg = XDocument.Parse(FrameTimePlot.Render("nothing yet", []));
        Assert.Equal("svg", svg.Root!.Name.LocalName);
    }
}
