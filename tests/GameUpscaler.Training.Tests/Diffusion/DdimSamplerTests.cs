using GameUpscaler.Training.Diffusion;

namespace GameUpscaler.Training.Tests.Diffusion;

public sealed class DdimSamplerTests
{
    private static readonly NoiseSchedule Schedule = new();

    /// <summary>The ε-predictor that knows x_0: ε̂(x_t, t) = (x_t − √ᾱ_t·x_0) / √(1 − ᾱ_t), in double.</summary>
    private static Func<Tensor, int, Tensor> Oracle(Tensor x0) => (xt, t) =>
    {
        double a = Schedule.AlphaBar(t);
        var eps = xt.ZerosLike();
        for (int i = 0; i < eps.Data.Length; i++)
        {
            eps.Data[i] = (float)((xt.Data[i] - (Math.Sqrt(a) * x0.Data[i])) / Math.Sqrt(1 - a));
        }

        return eps;
    };

    private static double MaxDifference(Tensor a, Tensor b) => a.Data.Zip(b.Data, (x, y) => Math.Abs((double)x - y)).Max();

    [Fact]
    public void TimestepsAreEvenlySpacedAndStartAtTheLastStep()
    {
        Assert.Equal([999], new DdimSampler(Schedule, 1).Timesteps);
        Assert.Equal([999, 749, 499, 249], new DdimSampler(Schedule, 4).Timesteps);
        Assert.Equal([999, 665, 332], new DdimSampler(Schedule, 3).Timesteps);
        Assert.Equal(Enumerable.Range(0, 1000).Reverse(), new DdimSampler(Schedule, 1000).Timesteps);
        Assert.Throws<ArgumentOutOfRangeException>(() => new DdimSampler(Schedule, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DdimSampler(Schedule, 1001));
    }

    [Theory]
    [InlineData(999, 749)]
    [InlineData(749, 499)]
    [InlineData(500, 250)]
    [InlineData(100, 3)]
    [InlineData(249, -1)]
    public void OneStepWithAnOracleLandsOnTheForwardMarginal(int t, int next)
    {
        // x_t = √ᾱ_t·x_0 + √(1 − ᾱ_t)·ε and the oracle's ε̂ = ε, so x̂_0 = x_0 and the step must give exactly
        // √ᾱ_s·x_0 + √(1 − ᾱ_s)·ε (x_0 itself for s = −1), up to float storage of x_t and ε̂.
        Tensor x0 = GradientCheck.RandomTensor(new Random(t), 2, 3, 8, 8, scale: 2);
        Tensor eps = GaussianNoise.Create(2, 3, 8, 8, seed: (ulong)t);
        Tensor xt = Schedule.QSample(x0, eps, t);
        var sampler = new DdimSampler(Schedule, 4);
        Tensor xs = sampler.Step(xt, Oracle(x0)(xt, t), t, next);
        Tensor expected = next < 0 ? x0 : Schedule.QSample(x0, eps, next);
        Assert.True(MaxDifference(xs, expected) < 1e-5, $"{t} → {next}: max difference {MaxDifference(xs, expected):G3}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(20)]
    public void SamplingWithAnOracleReturnsX0(int steps)
    {
        // Whatever the starting noise, every x̂_0 is x_0, so the last step returns it. The only error is float storage of
        // ε̂ (≈ 6e-8·|ε̂|) divided by √ᾱ at the last step's timestep: ×157 at t = 999 (K = 1), ≈ ×1.4 at t = 249.
        Tensor x0 = GradientCheck.RandomTensor(new Random(steps), 1, 3, 16, 12, scale: 2);
        Tensor noise = GaussianNoise.Create(1, 3, 16, 12, seed: 99);
        Tensor result = new DdimSampler(Schedule, steps).Sample(noise, Oracle(x0));
        double tolerance = steps == 1 ? 2e-4 : 1e-5;
        Assert.True(MaxDifference(result, x0) < tolerance, $"K = {steps}: max difference {MaxDifference(result, x0):G3}");
    }

    [Fact]
    public void GaussianDataWithTheOptimalPredictorEndsAtTheDataSpread()
    {
        // For x_0 ~ N(0, σ²) the optimal predictor is E[ε | x_t] = √(1 − ᾱ_t)·x_t / (ᾱ_t·σ² + 1 − ᾱ_t), and DDIM is a
        // discretisation of the probability-flow ODE, which carries N(0, ᾱσ² + 1 − ᾱ) ≈ N(0, 1) at t = 999 to N(0, σ²).
        // The map is linear, so out/in is one gain g per K; first-order convergence gives g/σ = 0.863, 0.971, 0.997 for
        // K = 20, 100, 1000 (σ = 0.5, computed in double): the error must shrink with K and be under 1 % at K = 1000.
        const double sigma = 0.5;
        Func<Tensor, int, Tensor> optimal = (xt, t) =>
        {
            double a = Schedule.AlphaBar(t);
            double factor = Math.Sqrt(1 - a) / ((a * sigma * sigma) + 1 - a);
            var eps = xt.ZerosLike();
            for (int i = 0; i < eps.Data.Length; i++)
            {
                eps.Data[i] = (float)(factor * xt.Data[i]);
            }

            return eps;
        };
        Tensor noise = GaussianNoise.Create(1, 1, 64, 128, seed: 3);
        double previousError = double.PositiveInfinity;
        foreach (int steps in new[] { 20, 100, 1000 })
        {
            Tensor samples = new DdimSampler(Schedule, steps).Sample(noise, optimal);
            double gain = samples.Data.Zip(noise.Data, (y, x) => (double)y * x).Sum() / noise.Data.Sum(x => (double)x * x);
            Assert.All(Enumerable.Range(0, 50), i => Assert.Equal(gain * noise.Data[i], samples.Data[i], 4));
            double error = Math.Abs((gain / sigma) - 1);
            Assert.True(error < previousError, $"K = {steps}: |g/σ − 1| = {error:G3} did not shrink from {previousError:G3}");
            previousError = error;
        }

        Assert.True(previousError < 0.01, $"K = 1000: g/σ is {previousError:G3} away from 1");
        Tensor final = new DdimSampler(Schedule, 1000).Sample(noise, optimal);
        double std = Math.Sqrt(final.Data.Average(v => (double)v * v));
        Assert.InRange(std, 0.97 * sigma, 1.03 * sigma); // 8192 samples: the sample std's own error is ≈ 0.8 %
    }

    [Fact]
    public void ClippingKeepsEstimatesInsideTheBoundsAndNeverMovesACorrectOne()
    {
        Tensor x0 = GradientCheck.RandomTensor(new Random(4), 1, 3, 8, 8, scale: 0.5);
        Tensor noise = GaussianNoise.Create(1, 3, 8, 8, seed: 8);
        var lower = x0.ZerosLike();
        var upper = x0.ZerosLike();
        Array.Fill(lower.Data, -0.5f);
        Array.Fill(upper.Data, 0.5f);
        var sampler = new DdimSampler(Schedule, 4);
        Assert.Equal(sampler.Sample(noise, Oracle(x0)).Data, sampler.Sample(noise, Oracle(x0), lower, upper).Data);

        // A predictor that says "no noise" makes x̂_0 = x_t / √ᾱ_t, far outside ±0.5 at t = 999; clipped, it stays inside.
        Tensor clipped = sampler.Sample(noise, (xt, _) => xt.ZerosLike(), lower, upper);
        Assert.All(clipped.Data, v => Assert.InRange(v, -0.5f, 0.5f));
        Assert.Contains(sampler.Sample(noise, (xt, _) => xt.ZerosLike()).Data, v => Math.Abs(v) > 0.5f);
    }
}
