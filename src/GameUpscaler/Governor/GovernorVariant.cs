using GameUpscaler.Models;

namespace GameUpscaler.Governor;

/// <summary>
/// One thing the budget governor can choose to run: a generator of some size or the spatial fallback. Variants are
/// given to the governor cheapest first, which is also lowest quality first.
/// </summary>
/// <param name="Name">A label for the HUD and the CSV (e.g. <c>spatial</c>, <c>c16n4</c>).</param>
/// <param name="WorkPerRenderPixel">
/// The cost model's prior: work per render pixel in multiply-adds (<see cref="GeneratorArchitecture.MacsPerInputPixel"/>
/// for a generator). The governor predicts a variant it has not measured yet from a measured one in proportion to
/// this; once a variant has run, its measured timestamps replace the prior.
/// </param>
public readonly record struct GovernorVariant(string Name, double WorkPerRenderPixel)
{
    /// <summary>
    /// The prior for the spatial fallback, in multiply-add equivalents per render pixel. Its passes (input, edge-adaptive
    /// upscale, finish) cost about as much as a few hundred multiply-adds per pixel; the figure only decides which
    /// variant is tried first before anything was measured, so it need not be exact.
    /// </summary>
    public const double SpatialWorkPerRenderPixel = 400;

    /// <summary>The spatial fallback (edge-adaptive upscale + sharpening).</summary>
    public static GovernorVariant Spatial { get; } = new("spatial", SpatialWorkPerRenderPixel);

    /// <summary>
    /// The prior for the TAAU per render pixel: its accumulation pass does about 620 FLOPs (≈ 310 multiply-adds) per
    /// display pixel, 1,240 per render pixel at Performance (4 display pixels each), plus input, temporal-inputs and finish
    /// passes about as costly as the spatial fallback's. Measured times replace it after the first frame.
    /// </summary>
    public const double TemporalWorkPerRenderPixel = 1240 + SpatialWorkPerRenderPixel;

    /// <summary>The temporal accumulation upscaler (TAAU).</summary>
    public static GovernorVariant Temporal { get; } = new("taau", TemporalWorkPerRenderPixel);

    /// <summary>
    /// A temporal generator inside the accumulation: the TAAU's work on its grid plus the network's multiply-adds per
    /// render pixel (the accumulation runs at s² times the render pixels, hence its prior times s²).
    /// </summary>
    /// <exception cref="ArgumentNullException">The architecture is null.</exception>
    /// <exception cref="ArgumentException">The architecture is per-frame.</exception>
    public static GovernorVariant ForTemporalGenerator(GeneratorArchitecture architecture, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        if (!architecture.Temporal)
        {
            throw new ArgumentException($"{architecture} is per-frame: use ForGenerator.", nameof(architecture));
        }

        int s2 = architecture.Scale * architecture.Scale;
        return new GovernorVariant(
            name ?? architecture.SizeName + "-temporal",
            architecture.MacsPerInputPixel + ((TemporalWorkPerRenderPixel - SpatialWorkPerRenderPixel) * s2 / 4.0) + SpatialWorkPerRenderPixel);
    }

    /// <summary>A generator variant named by its shape, with its multiply-adds per input pixel as the prior.</summary>
    /// <param name="architecture">The generator's shape.</param>
    /// <param name="name">A label; null uses <c>cCnN</c>.</param>
    /// <returns>The variant.</returns>
    /// <exception cref="ArgumentNullException">The architecture is null.</exception>
    public static GovernorVariant ForGenerator(GeneratorArchitecture architecture, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        return new GovernorVariant(
            name ?? architecture.SizeName,
            architecture.MacsPerInputPixel + SpatialWorkPerRenderPixel);
    }
}
