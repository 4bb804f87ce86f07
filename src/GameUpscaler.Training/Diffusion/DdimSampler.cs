namespace GameUpscaler.Training.Diffusion;

/// <summary>
/// Deterministic DDIM sampling (Song et al. 2021, η = 0) in K steps. Timesteps are evenly spaced over [0, T) and
/// end at T − 1 ("trailing" spacing, τ_i = (i + 1)·T / K − 1, rounded down), so even K = 1 starts from pure noise; the
/// last step goes from τ_0 = T/K − 1 to ᾱ = 1, i.e. lands on x̂_0. Each step:
/// <c>x̂_0 = (x_t − √(1 − ᾱ_t)·ε̂) / √ᾱ_t</c>, clipped to the bounds if given, then
/// <c>x_s = √ᾱ_s·x̂_0 + √(1 − ᾱ_s)·ε̂</c> (the model's ε̂ is kept after clipping, as diffusers' DDIM does by default).
/// The arithmetic of a step is in double per element.
/// </summary>
/// <remarks>
/// Clipping: for SR the sane range of x̂_0 is known per pixel. The image is <c>up(LR) + x_0/R</c> and HR lies in
/// [0, 1], so x_0 lies in [−up·R, (1 − up)·R] (<see cref="DiffusionModel.ResidualBounds"/>); clipping there never
/// moves a correct estimate and keeps early, poor estimates from pushing the image outside [0, 1].
/// </remarks>
public sealed class DdimSampler
{
    private readonly int[] _timesteps;

    /// <summary>Plans K steps over the schedule.</summary>
    /// <exception cref="ArgumentOutOfRangeException">K is not in [1, T].</exception>
    public DdimSampler(NoiseSchedule schedule, int steps)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(steps, schedule.Timesteps);
        Schedule = schedule;
        Steps = steps;
        _timesteps = new int[steps];
        for (int i = 0; i < steps; i++)
        {
            // Descending: the first step is at T − 1.
            _timesteps[steps - 1 - i] = (int)(((long)(i + 1) * schedule.Timesteps / steps) - 1);
        }
    }

    /// <summary>The schedule.</summary>
    public NoiseSchedule Schedule { get; }

    /// <summary>K.</summary>
    public int Steps { get; }

    /// <summary>The timesteps visited, in sampling order (descending, first T − 1).</summary>
    public IReadOnlyList<int> Timesteps => _timesteps;

    /// <summary>
    /// Runs the K steps from <paramref name="noise"/> (x_{T−1}, e.g. <see cref="GaussianNoise.Create"/>) and returns
    /// x̂_0. <paramref name="predictNoise"/>(x_t, t) returns ε̂ of x_t's shape.
    /// </summary>
    /// <exception cref="ArgumentException">The prediction or a bound has another shape than the noise.</exception>
    public Tensor Sample(Tensor noise, Func<Tensor, int, Tensor> predictNoise, Tensor? lower = null, Tensor? upper = null)
    {
        ArgumentNullException.ThrowIfNull(noise);
        ArgumentNullException.ThrowIfNull(predictNoise);
        Tensor x = noise;
        for (int i = 0; i < _timesteps.Length; i++)
        {
            int t = _timesteps[i];
            int next = i + 1 < _timesteps.Length ? _timesteps[i + 1] : -1;
            x = Step(x, predictNoise(x, t), t, next, lower, upper);
        }

        return x;
    }

    /// <summary>One DDIM step from timestep <paramref name="t"/> to <paramref name="next"/> (−1: to x̂_0).</summary>
    /// <exception cref="ArgumentException">Shapes differ, or <paramref name="next"/> is not before <paramref name="t"/>.</exception>
    public Tensor Step(Tensor sample, Tensor predictedNoise, int t, int next, Tensor? lower = null, Tensor? upper = null)
    {
        ArgumentNullException.ThrowIfNull(sample);
        ArgumentNullException.ThrowIfNull(predictedNoise);
        sample.CheckSameShape(predictedNoise, nameof(predictedNoise));
        if (lower is not null)
        {
            sample.CheckSameShape(lower, nameof(lower));
        }

        if (upper is not null)
        {
            sample.CheckSameShape(upper, nameof(upper));
        }

        if (next >= t)
        {
            throw new ArgumentException($"A step goes back in time: from {t} to {next}.", nameof(next));
        }

        double alphaBar = Schedule.AlphaBar(t);
        double alphaBarNext = Schedule.AlphaBar(next);
        double sqrtAlphaBar = Math.Sqrt(alphaBar), sqrtOneMinus = Math.Sqrt(1 - alphaBar);
        double sqrtAlphaBarNext = Math.Sqrt(alphaBarNext), sqrtOneMinusNext = Math.Sqrt(1 - alphaBarNext);
        var result = sample.ZerosLike();
        float[] x = sample.Data, eps = predictedNoise.Data, y = result.Data;
        for (int i = 0; i < y.Length; i++)
        {
            double x0 = (x[i] - (sqrtOneMinus * eps[i])) / sqrtAlphaBar;
            if (lower is not null && x0 < lower.Data[i])
            {
                x0 = lower.Data[i];
            }

            if (upper is not null && x0 > upper.Data[i])
            {
                x0 = upper.Data[i];
            }

            y[i] = (float)((sqrtAlphaBarNext * x0) + (sqrtOneMinusNext * eps[i]));
        }

        return result;
    }
}
