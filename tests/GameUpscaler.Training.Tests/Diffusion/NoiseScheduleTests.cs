using GameUpscaler.Training.Diffusion;

namespace GameUpscaler.Training.Tests.Diffusion;

public sealed class NoiseScheduleTests
{
    [Fact]
    public void AlphaBarIsStrictlyDecreasingInsideTheUnitInterval()
    {
        var schedule = new NoiseSchedule();
        Assert.Equal(1000, schedule.Timesteps);
        Assert.Equal(1e-4, schedule.Beta(0), 15);
        Assert.Equal(0.02, schedule.Beta(999), 15);
        Assert.Equal(1 - schedule.Beta(0), schedule.AlphaBar(0));
        Assert.Equal(1.0, schedule.AlphaBar(-1));
        for (int t = 0; t < schedule.Timesteps; t++)
        {
            double a = schedule.AlphaBar(t);
            Assert.True(a is > 0 and < 1, $"ᾱ_{t} = {a}");
            Assert.True(a < schedule.AlphaBar(t - 1), $"ᾱ_{t} = {a} is not below ᾱ_{t - 1} = {schedule.AlphaBar(t - 1)}");
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => schedule.AlphaBar(1000));
        Assert.Throws<ArgumentOutOfRangeException>(() => schedule.AlphaBar(-2));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(10)]
    [InlineData(250)]
    [InlineData(500)]
    [InlineData(999)]
    public void AlphaBarIsTheProductOfOneMinusBeta(int t)
    {
        // Independently of the class: β_i = 1e-4 + (0.02 − 1e-4)·i / 999 (DDPM's linspace), ᾱ_t = ∏_{i≤t} (1 − β_i).
        double product = 1;
        for (int i = 0; i <= t; i++)
        {
            product *= 1 - (1e-4 + ((0.02 - 1e-4) * i / 999));
        }

        double actual = new NoiseSchedule().AlphaBar(t);
        Assert.True(Math.Abs(actual - product) <= 1e-12 * product, $"ᾱ_{t}: {actual:G17} vs {product:G17}");
    }

    [Fact]
    public void AlphaBarAtKnownStepsMatchesTheDdpmValues()
    {
        // DDPM's values, computed independently in Python (float64 product of 1 − linspace(1e-4, 0.02, 1000)).
        var schedule = new NoiseSchedule();
        Assert.Equal(0.5241, schedule.AlphaBar(249), 4);
        Assert.Equal(0.07859, schedule.AlphaBar(499), 5);
        Assert.Equal(4.036e-5, schedule.AlphaBar(999), 8);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(500)]
    [InlineData(999)]
    public void QSampleKeepsUnitVarianceAndTheSignalFraction(int t)
    {
        // x_0 and ε are independent N(0, 1) samples (n = 49152): Var(x_t) = ᾱ + (1 − ᾱ) = 1 and E[x_t·x_0] = √ᾱ_t.
        // The standard errors are √(2/n) ≈ 0.0064 for the variance and ≈ 0.0045 for the correlation; the tolerances
        // (0.04 and 0.03) are more than six of them, so the fixed seeds do not make the test fragile, while swapped or
        // wrong coefficients (e.g. ᾱ instead of √ᾱ) miss by far more.
        var schedule = new NoiseSchedule();
        Tensor x0 = GaussianNoise.Create(4, 3, 64, 64, seed: 11);
        Tensor noise = GaussianNoise.Create(4, 3, 64, 64, seed: 12);
        Tensor xt = schedule.QSample(x0, noise, t);
        double n = xt.Data.Length, mean = xt.Data.Average(v => (double)v);
        double variance = xt.Data.Sum(v => (v - mean) * (v - mean)) / n;
        double correlation = xt.Data.Zip(x0.Data, (a, b) => (double)a * b).Sum() / n;
        Assert.InRange(variance, 0.96, 1.04);
        Assert.InRange(correlation, Math.Sqrt(schedule.AlphaBar(t)) - 0.03, Math.Sqrt(schedule.AlphaBar(t)) + 0.03);

        // And element by element, the formula itself.
        double expected = (Math.Sqrt(schedule.AlphaBar(t)) * x0.Data[7]) + (Math.Sqrt(1 - schedule.AlphaBar(t)) * noise.Data[7]);
        Assert.Equal(expected, xt.Data[7], 5);
    }

    [Fact]
    public void QSampleUsesEachImagesOwnTimestep()
    {
        var schedule = new NoiseSchedule();
        var x0 = new Tensor(2, 1, 1, 1, [1f, 1f]);
        var noise = new Tensor(2, 1, 1, 1, [0f, 0f]);
        Tensor xt = schedule.QSample(x0, noise, [0, 999]);
        Assert.Equal(Math.Sqrt(schedule.AlphaBar(0)), xt.Data[0], 6);
        Assert.Equal(Math.Sqrt(schedule.AlphaBar(999)), xt.Data[1], 6);
        Assert.Throws<ArgumentException>(() => schedule.QSample(x0, noise, [0]));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(400)]
    [InlineData(999)]
    public void TheVelocityRecoversBothTheNoiseAndTheSignalFrom_x_t(int t)
    {
        // ε = √(1−ᾱ)·x_t + √ᾱ·v and x0 = √ᾱ·x_t − √(1−ᾱ)·v: the identities the v-model's sampler relies on.
        var schedule = new NoiseSchedule();
        Tensor x0 = GaussianNoise.Create(2, 3, 4, 5, seed: 1);
        Tensor noise = GaussianNoise.Create(2, 3, 4, 5, seed: 2);
        int[] timesteps = [t, 999 - t];
        Tensor xt = schedule.QSample(x0, noise, timesteps);
        Tensor v = schedule.Velocity(x0, noise, timesteps);
        for (int b = 0; b < 2; b++)
        {
            double a = schedule.AlphaBar(timesteps[b]);
            for (int i = 0; i < 60; i++)
            {
                int k = (b * 60) + i;
                // float32 tensors: a few ulps of values up to ~4 in magnitude.
                Assert.InRange((Math.Sqrt(1 - a) * xt.Data[k]) + (Math.Sqrt(a) * v.Data[k]) - noise.Data[k], -2e-6, 2e-6);
                Assert.InRange((Math.Sqrt(a) * xt.Data[k]) - (Math.Sqrt(1 - a) * v.Data[k]) - x0.Data[k], -2e-6, 2e-6);
            }
        }

        Assert.Throws<ArgumentException>(() => schedule.Velocity(x0, noise, [t]));
    }

    [Fact]
    public void GaussianNoiseIsReproducibleAndStandard()
    {
        Tensor a = GaussianNoise.Create(1, 3, 100, 100, seed: 5);
        Assert.Equal(a.Data, GaussianNoise.Create(1, 3, 100, 100, seed: 5).Data);
        Assert.NotEqual(a.Data, GaussianNoise.Create(1, 3, 100, 100, seed: 6).Data);
        double mean = a.Data.Average(v => (double)v);
        double variance = a.Data.Average(v => ((double)v - mean) * ((double)v - mean));
        Assert.InRange(mean, -0.03, 0.03); // standard error 1/√30000 ≈ 0.006
        Assert.InRange(variance, 0.95, 1.05);
    }
}
