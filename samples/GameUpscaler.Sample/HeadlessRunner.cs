using System.Globalization;
using GameUpscaler.Imaging;
using GameUpscaler.Hooks;

namespace GameUpscaler.Sample;

/// <summary>Headless mode: N frames of the camera path per mode, PNGs + frametimes.csv + frametimes.svg per mode.</summary>
internal static class HeadlessRunner
{
    public static IReadOnlyList<FrameTiming> Run(SampleGame game, IReadOnlyList<RenderPipelineHookSettings> modes, int frames, float sharpness, string outputDirectory, TextWriter log, bool splitScreen = false,
        UpscalerVariant variant = UpscalerVariant.Generator)
    {
        var all = new List<FrameTiming>();
        var c = CultureInfo.InvariantCulture;
        log.WriteLine(string.Create(c, $"{"mode",-18} {"render",-10} {"variant",-18} {"gpu scene",10} {"gpu upscale",12} {"cpu frame",10}  (median ms over {frames} frames)"));
        foreach (RenderPipelineHookSettings mode in modes)
        {
            string name = SampleModes.NameOf(mode);
            string directory = Path.Combine(outputDirectory, name);
            Directory.CreateDirectory(directory);
            var timings = new List<FrameTiming>();
            for (int k = 0; k < frames; k++)
            {
                (Image8 frame, FrameTiming timing) = game.RenderFrame(k, mode with { Sharpness = sharpness, SplitScreen = splitScreen, Variant = variant });
                PngCodec.Encode(frame, Path.Combine(directory, string.Create(c, $"frame_{k:D4}.png")));
                timings.Add(timing);
            }

            FrameTimeLog.WriteCsv(Path.Combine(directory, "frametimes.csv"), timings);
            FrameTimeLog.WriteSvg(
                Path.Combine(directory, "frametimes.svg"),
                string.Create(c, $"{name}: {timings[0].RenderSize.Width}x{timings[0].RenderSize.Height} -> {game.DisplaySize.Width}x{game.DisplaySize.Height}, {Variants(timings)}"),
                timings);
            all.AddRange(timings);
            log.WriteLine(string.Create(
                c,
                $"{name,-18} {timings[0].RenderSize.Width + "x" + timings[0].RenderSize.Height,-10} {Variants(timings),-18} {Median(timings, t => t.GpuSceneMs),10:0.00} {Median(timings, t => t.GpuUpscaleMs),12:0.00} {Median(timings, t => t.CpuFrameMs),10:0.00}"));
        }

        FrameTimeLog.WriteCsv(Path.Combine(outputDirectory, "frametimes.csv"), all);
        return all;
    }

    /// <summary>The variant the mode ran, or "first>last" when the budget governor switched during the mode.</summary>
    private static string Variants(List<FrameTiming> timings) =>
        timings[0].Variant == timings[^1].Variant ? timings[0].Variant.ToString() : $"{timings[0].Variant}>{timings[^1].Variant}";

    /// <summary>The median as the bench and the governor define percentiles (nearest rank), so the figures agree.</summary>
    private static double Median(List<FrameTiming> timings, Func<FrameTiming, double> value) =>
        GameUpscaler.Governor.Percentiles.NearestRank([.. timings.Select(value)], 0.5);
}
