using GameUpscaler.Hooks;

namespace GameUpscaler.Sample;

/// <summary>The sample's modes in key order: 0 Off, 1 NativeAA, 2 Quality, 3 Balanced, 4 Performance, 5 UltraPerformance.</summary>
internal static class SampleModes
{
    public static IReadOnlyList<RenderPipelineHookSettings> All { get; } =
    [
        RenderPipelineHookSettings.Off,
        new(true, QualityMode.NativeAA),
        new(true, QualityMode.Quality),
        new(true, QualityMode.Balanced),
        new(true, QualityMode.Performance),
        new(true, QualityMode.UltraPerformance),
    ];

    /// <summary>The name used on the command line and for output folders.</summary>
    public static string NameOf(RenderPipelineHookSettings settings) => !settings.Enabled ? "off" : QualityModes.GetName(settings.Mode);

    /// <summary>Parses "all", "off" or a quality mode name (as the CLI accepts them).</summary>
    public static IReadOnlyList<RenderPipelineHookSettings> Parse(string text)
    {
        if (text.Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            return All;
        }

        if (text.Equals("off", StringComparison.OrdinalIgnoreCase))
        {
            return [RenderPipelineHookSettings.Off];
        }

        if (QualityModes.TryParse(text, out QualityMode mode) && mode != QualityMode.Custom)
        {
            return [new RenderPipelineHookSettings(true, mode)];
        }

        throw new SampleUsageException($"Unknown mode '{text}'. Use all, off, native, quality, balanced, performance or ultra-performance.");
    }
}
