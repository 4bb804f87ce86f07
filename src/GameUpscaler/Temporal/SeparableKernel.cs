namespace GameUpscaler.Temporal;

/// <summary>
/// The sum both history and spatial samplers share: an interleaved RGB buffer weighted by the outer product of one
/// weight row per axis, taps edge-clamped, in the order the shaders sum (rows outer, columns inner), so the CPU
/// references round as the passes do.
/// </summary>
internal static class SeparableKernel
{
    /// <summary>A kernel's weights for its taps at fraction <paramref name="t"/> in [0, 1).</summary>
    public delegate void Weights(float t, Span<float> weights);

    /// <summary>
    /// The sample at (u, v) in index coordinates (pixel centres at integers) of a kernel with <paramref name="taps"/>
    /// taps per axis at offsets 1 − taps/2 … taps/2 from the floor, edges clamped, not range-clamped.
    /// </summary>
    public static void Sample(float[] rgb, int w, int h, float u, float v, int taps, Weights weights, Span<float> result)
    {
        float fu = MathF.Floor(u), fv = MathF.Floor(v);
        Span<float> wx = stackalloc float[taps];
        Span<float> wy = stackalloc float[taps];
        weights(u - fu, wx);
        weights(v - fv, wy);
        int first = 1 - (taps / 2);
        Apply(rgb, w, h, (int)fu + first, (int)fv + first, wx, wy, result);
    }

    /// <summary>Writes Σ wx[i]·wy[j]·rgb(x0 + i, y0 + j) (edge-clamped) to <paramref name="result"/>.</summary>
    private static void Apply(float[] rgb, int w, int h, int x0, int y0, ReadOnlySpan<float> wx, ReadOnlySpan<float> wy, Span<float> result)
    {
        float r = 0, g = 0, b = 0;
        for (int j = 0; j < wy.Length; j++)
        {
            int sy = Math.Clamp(y0 + j, 0, h - 1);
            for (int i = 0; i < wx.Length; i++)
            {
                int sx = Math.Clamp(x0 + i, 0, w - 1);
                float k = wx[i] * wy[j];
                int o = ((sy * w) + sx) * 3;
                r += k * rgb[o];
                g += k * rgb[o + 1];
                b += k * rgb[o + 2];
            }
        }

        result[0] = r;
        result[1] = g;
        result[2] = b;
    }
}
