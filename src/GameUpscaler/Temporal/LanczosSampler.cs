namespace GameUpscaler.Temporal;

/// <summary>
/// Lanczos-3 sampling of an interleaved RGB buffer: how a history is reprojected (the TAAU's accumulated history and
/// the temporal generator's output history). The weights are written out as the shaders write them
/// (<c>lanczos3Weights</c> in common.glsl), so the CPU references and the passes round alike.
/// </summary>
/// <remarks>
/// A history is resampled once per frame and keeps what it was resampled from for tens of frames, so a resampler's
/// error compounds. Catmull-Rom, which the reprojections used until 2026-12-08, moves high frequencies by less than
/// the offset it is asked for (at a small fraction t its phase at angular frequency ω is t·sin ω, not t·ω): under a
/// camera drifting by hundredths of a pixel per frame (a standing player's idle sway) the history's edges lag behind
/// the picture by a growing fraction of a pixel, which the accumulation's fresh samples pull back only slowly and which
/// a network that sharpens history misplaces. Six taps follow the offset much further up the spectrum. Measured
/// (`capture eval`, frames ≥ 8, Performance, shipped models unchanged): `taau` +0.05 / +0.15 / +0.37 / +0.04 dB on the
/// still-camera, idling, facade and road captures, x2-c16-n4-temporal-l1 +0.12 / +0.25 / +0.22 / 0.00 (at Quality the
/// networks, trained on Catmull-Rom histories, lose up to 0.16 dB on the facades); an exactly still camera (offset 0,
/// the weights are then exactly 0, 1, 0) is unchanged; Lanczos-4 and -6 gave at most 0.03 dB more
/// (docs/design/temporal.md, "Histories are reprojected with Lanczos-3").
/// Known defect: normalised, the window moves the lowest frequencies by only 0.83 of a small offset.
/// </remarks>
internal static class LanczosSampler
{
    /// <summary>The number of taps per axis, at offsets −2 … 3 from the sample position's floor.</summary>
    public const int Taps = 6;

    /// <summary>
    /// The six weights at fraction <paramref name="t"/> in [0, 1), normalised to sum to 1. sin(π(k − t)) is written
    /// as ±sin(πt), so at t = 0 every tap but the centre one is exactly zero and an unmoved history is copied exactly.
    /// </summary>
    public static void Weights(float t, Span<float> w)
    {
        float sinPiT = MathF.Sin(MathF.PI * t), sum = 0;
        for (int i = 0; i < Taps; i++)
        {
            int k = i - 2;
            float x = k - t;
            float sinPiX = (k & 1) == 0 ? -sinPiT : sinPiT;
            float weight = MathF.Abs(x) < 1e-5f ? 1f : 3f * sinPiX * MathF.Sin(MathF.PI * x / 3f) / (MathF.PI * MathF.PI * x * x);
            w[i] = weight;
            sum += weight;
        }

        float inv = 1f / sum;
        for (int i = 0; i < Taps; i++)
        {
            w[i] *= inv;
        }
    }

    /// <summary>
    /// The 6×6-tap sample at (u, v) in index coordinates (pixel centres at integers), edges clamped; the result is not
    /// range-clamped (the lobes can overshoot: the TAAU clamps to [0, 1], the output history into the network's range).
    /// </summary>
    public static void Sample(float[] rgb, int w, int h, float u, float v, Span<float> result)
    {
        SeparableKernel.Sample(rgb, w, h, u, v, Taps, Weights, result);
    }
}
