namespace GameUpscaler.Temporal;

/// <summary>
/// How the TAAU reads an engine's depth: as a distance proportional to linear view depth, which is all its tests need.
/// Depth is compared only relatively (the closest of a 3×3 for dilation, "nearer by more than 10%" for disocclusion),
/// so the unknown scale cancels and no near or far plane has to be asked for.
/// </summary>
/// <remarks>
/// A perspective projection stores device depth d = n/z (reversed-Z, infinite far plane) or 1 − d = n/z (standard
/// Z, infinite far plane), so 1/d and 1/(1 − d) are the view depth z divided by the near distance n: exact for
/// infinite projections. With a finite far plane f, both conventions store n(f − z)/(z(f − n)) as the gap, and the
/// distance read back is z(f − n)/(n(f − z)): for two depths 10% apart (the disocclusion tolerance) their ratio is off
/// by a factor 1 − 0.1·z/(f − z), under 1.2% for depths nearer than a tenth of the far plane. The cleared
/// far value (d = 1, or 0 when inverted) reads as the largest finite distance, like the sky in linear depth.
/// </remarks>
public static class TemporalDepth
{
    /// <summary>The smallest device-depth gap from the far end that is told apart (below it: the far value).</summary>
    public const float MinimumFarGap = 1e-30f;

    /// <summary>A stored depth as a distance proportional to linear view depth (larger is farther).</summary>
    /// <param name="stored">The depth as the engine stored it.</param>
    /// <param name="flags">The context's flags: <see cref="UpscalerContextFlags.DepthLinear"/> or <see cref="UpscalerContextFlags.DepthInverted"/> or neither.</param>
    public static float ToRelativeDistance(float stored, UpscalerContextFlags flags)
    {
        if ((flags & UpscalerContextFlags.DepthLinear) != 0)
        {
            return stored;
        }

        float gap = (flags & UpscalerContextFlags.DepthInverted) != 0 ? stored : 1f - stored;
        return 1f / MathF.Max(gap, MinimumFarGap);
    }

    /// <summary>The shader's depth-mode code for the flags (temporal_input.comp): 0 linear, 1 device, 2 device inverted.</summary>
    public static uint ShaderMode(UpscalerContextFlags flags) =>
        (flags & UpscalerContextFlags.DepthLinear) != 0 ? 0u : (flags & UpscalerContextFlags.DepthInverted) != 0 ? 2u : 1u;
}
