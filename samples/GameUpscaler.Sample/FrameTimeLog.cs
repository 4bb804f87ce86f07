using System.Globalization;
using System.Text;
using GameUpscaler.Reporting;

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
        FrameTimePlot.Series Line(string name, string color, Func<FrameTiming, double> value) =>
            new(name, color, [.. frames.Select(f => (f.Frame, value(f)))]);
        File.WriteAllText(path, FrameTimePlot.Render(title,
        [
            Line("CPU frame", "#444444", f => f.CpuFrameMs),
            Line("GPU upscale", "#d62728", f => f.GpuUpscaleMs),
            Line("GPU scene", "#1f77b4", f => f.GpuSceneMs),
        ]));
    }

    private static string Predicted(FrameTiming f) =>
        f.Governor is { PredictedMilliseconds: var ms } && double.IsFinite(ms) ? ms.ToString("0.###", CultureInfo.InvariantCulture) : "";
}
