namespace GameUpscaler;

/// <summary>
/// The sub-pixel jitter a host applies to its projection for a temporal upscaler, as FSR 2 and DLSS specify it: the
/// Halton(2, 3) sequence, a phase count that grows with the upscale ratio (<c>ceil(8 · ratio²)</c>, so every display
/// pixel is covered by samples within one cycle), offsets in render pixels within ±0.5, and a texture mip bias of
/// <c>log2(render / display) − 1</c> so textures keep the detail the accumulated samples can resolve.
/// </summary>
public static class TemporalJitter
{
    /// <summary>The Halton sequence's radical inverse of <paramref name="index"/> in <paramref name="base"/>, in [0, 1).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is negative or the base below 2.</exception>
    public static double Halton(int index, int @base)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfLessThan(@base, 2);
        double result = 0, fraction = 1;
        for (int i = index; i > 0; i /= @base)
        {
            fraction /= @base;
            result += fraction * (i % @base);
        }

        return result;
    }

    /// <summary>The number of jitter phases for a per-axis upscale ratio: <c>ceil(8 · ratio²)</c> (8 at native, 32 at 2×).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The ratio is below 1 or not finite.</exception>
    public static int GetPhaseCount(double ratio)
    {
        if (!(ratio >= 1) || !double.IsFinite(ratio))
        {
            throw new ArgumentOutOfRangeException(nameof(ratio), ratio, "The upscale ratio must be at least 1 and finite.");
        }

        return (int)Math.Ceiling((8 * ratio * ratio) - 1e-9);
    }

    /// <summary>The phase count for a render and display size (their width ratio).</summary>
    public static int GetPhaseCount(Size2D renderSize, Size2D displaySize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(renderSize.Width, 1, nameof(renderSize));
        return GetPhaseCount(Math.Max(1.0, (double)displaySize.Width / renderSize.Width));
    }

    /// <summary>
    /// The jitter of frame <paramref name="frameIndex"/> in render pixels, each axis in [−0.5, 0.5): Halton(2) and
    /// Halton(3) at index <c>(frame mod phases) + 1</c> minus 0.5. The host offsets its projection by it (in clip space
    /// <c>2 · jitter / renderSize</c>, sign per its convention) and passes the same value in the dispatch.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The frame index is negative or the phase count below 1.</exception>
    public static (float X, float Y) GetOffset(long frameIndex, int phaseCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frameIndex);
        ArgumentOutOfRangeException.ThrowIfLessThan(phaseCount, 1);
        int index = (int)(frameIndex % phaseCount) + 1;
        return ((float)(Halton(index, 2) - 0.5), (float)(Halton(index, 3) - 0.5));
    }

    /// <summary>
    /// Whether (<paramref name="x"/>, <paramref name="y"/>) is a usable sub-pixel offset: finite and within ±1 render
    /// pixel on each axis (a Halton offset is within ±0.5; the slack takes engines that round or scale differently).
    /// The one rule the dispatch description and every TAAU implementation check.
    /// </summary>
    public static bool IsValidOffset(float x, float y) => float.IsFinite(x) && float.IsFinite(y) && MathF.Abs(x) <= 1 && MathF.Abs(y) <= 1;

    /// <summary>The texture mip bias for a temporal upscaler: <c>log2(render / display) − 1</c> (−2 at 2× per axis).</summary>
    public static double GetMipBias(Size2D renderSize, Size2D displaySize) => QualityModes.GetMipBias(renderSize, displaySize) - 1.0;
}
