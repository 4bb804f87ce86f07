using System.Globalization;
using System.Text;

namespace GameUpscaler.Sample;

/// <summary>Writes frame timings as CSV (one row per frame) and as an SVG line plot of the per-frame times.</summary>
internal static class FrameTimeLog
{
    /// <summary>
    /// The CSV's columns. <c>variant</c> is what the hook ran; the <c>governor_*</c> columns are empty while the
    /// governor is off (or not consulted because the spatial upscaler was requested): its budget, the variant it
    /// chose, why, and the GPU time it predicted (empty before its first measurement). gpu_passes stays last: it is
    /// the one column whose content varies in shape.
    /// </summary>
    public const string CsvHeader =
        "frame,mode,variant,render_width,render_height,display_width,display_height," +
        "cpu_scene_record_ms,cpu_hud_ms,cpu_upscale_record_ms,cpu_frame_ms,gpu_scene_ms,gpu_upscale_ms," +
        "governor_budget_ms,governor_variant,governor_reason,governor_predicted_ms,gpu_passes";

    public static void WriteCsv(string path, IReadOnlyList<FrameTiming> frames)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder(CsvHeader).Append('\n');
        foreach (FrameTiming f in frames)
        {
            // Passes differ per variant (the resample pass only runs for non-integer ratios), so they share one
            // column as "label=ms" pairs separated by semicolons.
            string passes = string.Join(";", f.GpuUpscalePasses.Select(p => string.Create(c, $"{p.Label}={p.Milliseconds:0.###}")));
            text.Append(c, $"{f.Frame},{f.Mode},{f.Variant},{f.RenderSize.Width},{f.RenderSize.Height},{f.DisplaySize.Width},{f.DisplaySize.Height},")
                .Append(c, $"{f.CpuSceneRecordMs:0.###},{f.CpuHudMs:0.###},{f.CpuUpscaleRecordMs:0.###},{f.CpuFrameMs:0.###},")
                .Append(c, $"{f.GpuSceneMs:0.###},{f.GpuUpscaleMs:0.###},")
                .Append(c, $"{f.GovernorBudgetMs:0.###},{f.Governor?.VariantName},{f.Governor?.Reason},{Predicted(f)},{passes}\n");
        }

        File.WriteAllText(path, text.ToString());
    }

    /// <summary>An SVG plot of GPU scene, GPU upscale and CPU frame time per frame, with axes and a legend.</summary>
    public static void WriteSvg(string path, string title, IReadOnlyList<FrameTiming> frames)
    {
        var c = CultureInfo.InvariantCulture;
        const int width = 720;
        const int height = 360;
        const int left = 60;
        const int right = 170;
        const int top = 40;
        const int bottom = 50;
        int plotWidth = width - left - right;
        int plotHeight = height - top - bottom;
        (string Name, string Color, Func<FrameTiming, double> Value)[] series =
        [
            ("CPU frame", "#444444", f => f.CpuFrameMs),
            ("GPU upscale", "#d62728", f => f.GpuUpscaleMs),
            ("GPU scene", "#1f77b4", f => f.GpuSceneMs),
        ];
        double max = frames.Count == 0 ? 1 : NiceCeiling(frames.Max(f => series.Max(s => s.Value(f))));
        int firstFrame = frames.Count == 0 ? 0 : frames.Min(f => f.Frame);
        int lastFrame = frames.Count == 0 ? 1 : Math.Max(firstFrame + 1, frames.Max(f => f.Frame));
        double X(int frame) => left + (frame - firstFrame) * plotWidth / (double)(lastFrame - firstFrame);
        double Y(double ms) => top + plotHeight - ms / max * plotHeight;

        var svg = new StringBuilder();
        svg.Append(c, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.Append(c, $"<rect width=\"{width}\" height=\"{height}\" fill=\"white\"/>\n");
        svg.Append(c, $"<text x=\"{left}\" y=\"24\" font-size=\"15\">{Escape(title)}</text>\n");
        for (int i = 0; i <= 4; i++)
        {
            double ms = max * i / 4;
            svg.Append(c, $"<line x1=\"{left}\" y1=\"{Y(ms):0.#}\" x2=\"{left + plotWidth}\" y2=\"{Y(ms):0.#}\" stroke=\"#dddddd\"/>\n");
            svg.Append(c, $"<text x=\"{left - 6}\" y=\"{Y(ms) + 4:0.#}\" text-anchor=\"end\">{ms:0.##}</text>\n");
        }

        svg.Append(c, $"<line x1=\"{left}\" y1=\"{top + plotHeight}\" x2=\"{left + plotWidth}\" y2=\"{top + plotHeight}\" stroke=\"black\"/>\n");
        svg.Append(c, $"<line x1=\"{left}\" y1=\"{top}\" x2=\"{left}\" y2=\"{top + plotHeight}\" stroke=\"black\"/>\n");
        svg.Append(c, $"<text x=\"{left + plotWidth / 2}\" y=\"{height - 12}\" text-anchor=\"middle\">frame ({firstFrame}–{lastFrame})</text>\n");
        svg.Append(c, $"<text x=\"16\" y=\"{top + plotHeight / 2}\" transform=\"rotate(-90 16 {top + plotHeight / 2})\" text-anchor=\"middle\">ms</text>\n");
        for (int s = 0; s < series.Length; s++)
        {
            string points = string.Join(" ", frames.Select(f => string.Create(c, $"{X(f.Frame):0.#},{Y(series[s].Value(f)):0.#}")));
            svg.Append(c, $"<polyline fill=\"none\" stroke=\"{series[s].Color}\" stroke-width=\"1.5\" points=\"{points}\"/>\n");
            foreach (FrameTiming f in frames)
            {
                svg.Append(c, $"<circle cx=\"{X(f.Frame):0.#}\" cy=\"{Y(series[s].Value(f)):0.#}\" r=\"2\" fill=\"{series[s].Color}\"/>\n");
            }

            int ly = top + 10 + s * 18;
            svg.Append(c, $"<line x1=\"{left + plotWidth + 12}\" y1=\"{ly}\" x2=\"{left + plotWidth + 32}\" y2=\"{ly}\" stroke=\"{series[s].Color}\" stroke-width=\"2\"/>\n");
            svg.Append(c, $"<text x=\"{left + plotWidth + 38}\" y=\"{ly + 4}\">{series[s].Name}</text>\n");
        }

        svg.Append("</svg>\n");
        File.WriteAllText(path, svg.ToString());
    }

    private static string Predicted(FrameTiming f) =>
        f.Governor is { PredictedMilliseconds: var ms } && double.IsFinite(ms) ? ms.ToString("0.###", CultureInfo.InvariantCulture) : "";

    private static double NiceCeiling(double value)
    {
        if (!(value > 0))
        {
            return 1;
        }

        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(value)));
        foreach (double step in new[] { 1.0, 2.0, 2.5, 5.0, 10.0 })
        {
            if (step * magnitude >= value)
            {
                return step * magnitude;
            }
        }

        return 10 * magnitude;
    }

    private static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal);
}
