using GameUpscaler.Temporal;

namespace GameUpscaler.Tests;

/// <summary>
/// The histories' reprojection filter (<see cref="LanczosSampler"/>): its weights' sum and symmetry, exactness where nothing moves, and
/// the reason it replaced Catmull-Rom — a band-limited pattern shifted by a hundredth of a pixel forty times (a history
/// under a drifting camera) stays near the exactly shifted pattern. Tolerances: 1e-6 on weights and exact copies (fp32),
/// the drift errors as stated in the test.
/// </summary>
public sealed class LanczosSamplerTests
{
    [Theory]
    [InlineData(0.0055f)]
    [InlineData(0.25f)]
    [InlineData(0.5f)]
    [InlineData(0.999f)]
    public void The_weights_sum_to_one_and_mirror_at_the_opposite_fraction(float t)
    {
        Span<float> w = stackalloc float[LanczosSampler.Taps];
        Span<float> mirrored = stackalloc float[LanczosSampler.Taps];
        LanczosSampler.Weights(t, w);
        LanczosSampler.Weights(1 - t, mirrored);
        float sum = 0;
        for (int i = 0; i < LanczosSampler.Taps; i++)
        {
            sum += w[i];
            // Taps at −2 … 3: fraction t from the left is fraction 1 − t from the right.
            Assert.Equal(w[i], mirrored[LanczosSampler.Taps - 1 - i], 1e-6f);
        }

        Assert.Equal(1f, sum, 1e-6f);
    }

    [Fact]
    public void At_a_whole_pixel_the_history_is_copied_exactly()
    {
        Span<float> w = stackalloc float[LanczosSampler.Taps];
        LanczosSampler.Weights(0f, w);
        Assert.Equal([0f, 0f, 1f, 0f, 0f, 0f], w.ToArray());

        float[] rgb = [.. Enumerable.Range(0, 5 * 4 * 3).Select(i => (i * 37 % 101) / 100f)];
        Span<float> result = stackalloc float[3];
        LanczosSampler.Sample(rgb, 5, 4, 3f, 2f, result);
        int o = ((2 * 5) + 3) * 3;
        Assert.Equal(rgb[o], result[0]);
        Assert.Equal(rgb[o + 1], result[1]);
        Assert.Equal(rgb[o + 2], result[2]);
    }

    [Fact]
    public void A_slow_drift_keeps_the_history_near_the_exact_shift_where_catmull_rom_lets_it_lag()
    {
        // Rows of a sum of sinusoids up to 0.3 cycles per pixel (a history's content, below the accumulation's
        // Gaussian cut-off), shifted 40 times by 0.011 px (the report's still capture's drift on the 2× grid).
        const int Width = 96, Height = 1, Steps = 40;
        const float Step = 0.011f;
        static float Pattern(double x) =>
            (float)(0.5 + (0.15 * Math.Sin(2 * Math.PI * 0.05 * x)) + (0.1 * Math.Sin((2 * Math.PI * 0.17 * x) + 1)) + (0.08 * Math.Sin((2 * Math.PI * 0.3 * x) + 2)));
        float[] Row(Func<int, float> f) => [.. Enumerable.Range(0, Width).SelectMany(x => new[] { f(x), f(x), f(x) })];

        float RmsErrorAfterDrift(Action<float[], float, Span<float>> sample)
        {
            float[] history = Row(x => Pattern(x));
            var result = new float[3];
            for (int s = 0; s < Steps; s++)
            {
                float[] next = new float[history.Length];
                for (int x = 0; x < Width; x++)
                {
                    sample(history, x + Step, result);
                    next[3 * x] = result[0];
                    next[(3 * x) + 1] = result[1];
                    next[(3 * x) + 2] = result[2];
                }

                history = next;
            }

            double squared = 0;
            int counted = 0;
            for (int x = 8; x < Width - 8; x++) // away from the clamped edges
            {
                double exact = Pattern(x + (Steps * (double)Step));
                squared += (history[3 * x] - exact) * (history[3 * x] - exact);
                counted++;
            }

            return (float)Math.Sqrt(squared / counted);
        }

        float lanczos = RmsErrorAfterDrift((h, u, r) => LanczosSampler.Sample(h, Width, Height, u, 0, r));
        float catmullRom = RmsErrorAfterDrift((h, u, r) => CatmullRomSampler.Sample(h, Width, Height, u, 0, r));

        // Measured: Catmull-Rom 2.3e-2 (its edges lag: a visible error on 8-bit output), Lanczos-3 2.9e-3, an eighth.
        Assert.True(catmullRom > 1e-2f, $"Catmull-Rom RMS {catmullRom:E3}: the drift should show its lag");
        Assert.True(lanczos < 0.25f * catmullRom, $"Lanczos-3 RMS {lanczos:E3}, Catmull-Rom {catmullRom:E3}");
    }
}
