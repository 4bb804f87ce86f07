namespace GameUpscaler.Temporal;

/// <summary>
/// Catmull-Rom sampling of an interleaved RGB buffer: the TAAU's spatial estimate of the current frame (histories are
/// reprojected with <see cref="LanczosSampler"/>). The weights are written out term by term as the shaders write them
/// (<c>catmullRomWeights</c> in common.glsl), so the CPU references and the passes round alike.
/// </summary>
internal static class CatmullRomSampler
{
    /// <summary>The four weights at fraction <paramref name="t"/> in [0, 1).</summary>
    public static void Weights(float t, Span<float> w)
    {
        float t2 = t * t, t3 = t2 * t;
        w[0] = (-0.5f * t3) + t2 - (0.5f * t);
        w[1] = (1.5f * t3) - (2.5f * t2) + 1;
        w[2] = (-1.5f * t3) + (2f * t2) + (0.5f * t);
        w[3] = (0.5f * t3) - (0.5f * t2);
    }

    /// <summary>
    /// The 4×4-tap sample at (u, v) in index coordinates (pixel centres at integers), edges clamped; the result is not
    /// range-clamped (negative lobes can overshoot; a colour caller clamps, a signed correction must not be).
    /// </summary>
    public static void Sample(float[] rgb, int w, int h, float u, float v, Span<float> result)
    {
        SeparableKernel.Sample(rgb, w, h, u, v, 4, Weights, result);
    }
}
