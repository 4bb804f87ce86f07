namespace GameUpscaler.Training.Diffusion;

/// <summary>
/// The variance-preserving forward process of DDPM (Ho et al. 2020): T discrete steps with β_t linear from
/// <see cref="BetaStart"/> to <see cref="BetaEnd"/>, ᾱ_t = ∏_{i≤t} (1 − β_i) and
/// <c>q(x_t | x_0) = N(√ᾱ_t·x_0, (1 − ᾱ_t)·I)</c>. Timesteps are 0-based: t = 0 is the first noising step
/// (ᾱ_0 = 1 − β_0) and t = T − 1 the last.
/// </summary>
/// <remarks>
/// Why linear rather than cosine: with T = 1000 the linear schedule ends at ᾱ_999 ≈ 4·10⁻⁵, so sampling can start from
/// pure noise with a negligible mismatch, and it is the schedule SR3 and SRDiff used for super-resolution. The
/// cosine schedule keeps more steps at low noise, which matters for generating images from nothing; here the
/// low-resolution image fixes the coarse content and the model only adds a residual. ᾱ is kept in double precision:
/// its last values are products of a thousand factors.
/// </remarks>
public sealed class NoiseSchedule
{
    /// <summary>DDPM's step count.</summary>
    public const int DefaultTimesteps = 1000;

    /// <summary>DDPM's first β.</summary>
    public const double DefaultBetaStart = 1e-4;

    /// <summary>DDPM's last β.</summary>
    public const double DefaultBetaEnd = 0.02;

    /// <summary>The only schedule kind, as named in model files.</summary>
    public const string LinearKind = "linear";

    private readonly double[] _betas;
    private readonly double[] _alphaBars;

    /// <summary>Creates the linear schedule.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than 2 steps, or not 0 &lt; β_start ≤ β_end &lt; 1.</exception>
    public NoiseSchedule(int timesteps = DefaultTimesteps, double betaStart = DefaultBetaStart, double betaEnd = DefaultBetaEnd)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timesteps, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(timesteps, 100_000);
        if (!(betaStart > 0) || !(betaEnd >= betaStart) || !(betaEnd < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(betaStart), $"Need 0 < β_start ≤ β_end < 1; got {betaStart} and {betaEnd}.");
        }

        Timesteps = timesteps;
        BetaStart = betaStart;
        BetaEnd = betaEnd;
        _betas = new double[timesteps];
        _alphaBars = new double[timesteps];
        double product = 1;
        for (int t = 0; t < timesteps; t++)
        {
            _betas[t] = betaStart + ((betaEnd - betaStart) * t / (timesteps - 1));
            product *= 1 - _betas[t];
            _alphaBars[t] = product;
        }
    }

    /// <summary>Number of steps T.</summary>
    public int Timesteps { get; }

    /// <summary>β_0.</summary>
    public double BetaStart { get; }

    /// <summary>β_{T−1}.</summary>
    public double BetaEnd { get; }

    /// <summary>β_t, the variance step t adds.</summary>
    /// <exception cref="ArgumentOutOfRangeException">t is outside [0, T).</exception>
    public double Beta(int t)
    {
        CheckTimestep(t);
        return _betas[t];
    }

    /// <summary>ᾱ_t = ∏_{i≤t} (1 − β_i), the signal fraction of x_t; <paramref name="t"/> = −1 gives 1 (clean data),
    /// where a sampler's last step lands.</summary>
    /// <exception cref="ArgumentOutOfRangeException">t is outside [−1, T).</exception>
    public double AlphaBar(int t)
    {
        if (t == -1)
        {
            return 1;
        }

        CheckTimestep(t);
        return _alphaBars[t];
    }

    /// <summary>x_t = √ᾱ_t·x_0 + √(1 − ᾱ_t)·ε, per image of the batch with its own timestep.</summary>
    /// <exception cref="ArgumentException">The shapes differ or there is not one timestep per image.</exception>
    public Tensor QSample(Tensor x0, Tensor noise, ReadOnlySpan<int> timesteps) =>
        Combine(x0, noise, timesteps, alphaBar => (Math.Sqrt(alphaBar), Math.Sqrt(1 - alphaBar)));

    /// <summary>
    /// The velocity v_t = √ᾱ_t·ε − √(1 − ᾱ_t)·x_0 (Salimans and Ho, 2022), per image with its own timestep: what a
    /// <see cref="DiffusionPrediction.Velocity"/> model learns, from which ε = √(1 − ᾱ)·x_t + √ᾱ·v and x_0 = √ᾱ·x_t − √(1 − ᾱ)·v.
    /// </summary>
    /// <exception cref="ArgumentException">The shapes differ or there is not one timestep per image.</exception>
    public Tensor Velocity(Tensor x0, Tensor noise, ReadOnlySpan<int> timesteps) =>
        Combine(x0, noise, timesteps, alphaBar => (-Math.Sqrt(1 - alphaBar), Math.Sqrt(alphaBar)));

    /// <summary><c>a(ᾱ_t)·x_0 + b(ᾱ_t)·ε</c> per image of the batch, each with its own timestep.</summary>
    private Tensor Combine(Tensor x0, Tensor noise, ReadOnlySpan<int> timesteps, Func<double, (double Signal, double Noise)> weights)
    {
        ArgumentNullException.ThrowIfNull(x0);
        ArgumentNullException.ThrowIfNull(noise);
        x0.CheckSameShape(noise, nameof(noise));
        if (timesteps.Length != x0.Batch)
        {
            throw new ArgumentException($"One timestep per image: {x0.Batch} images, {timesteps.Length} timesteps.", nameof(timesteps));
        }

        var result = x0.ZerosLike();
        for (int b = 0; b < x0.Batch; b++)
        {
            (double signalWeight, double noiseWeight) = weights(AlphaBar(timesteps[b]));
            float signal = (float)signalWeight;
            float noiseScale = (float)noiseWeight;
            ReadOnlySpan<float> x = x0.GetImage(b);
            ReadOnlySpan<float> e = noise.GetImage(b);
            Span<float> y = result.GetImage(b);
            for (int i = 0; i < y.Length; i++)
            {
                y[i] = (signal * x[i]) + (noiseScale * e[i]);
            }
        }

        return result;
    }

    /// <summary>x_t = √ᾱ_t·x_0 + √(1 − ᾱ_t)·ε with one timestep for the whole batch.</summary>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public Tensor QSample(Tensor x0, Tensor noise, int t)
    {
        ArgumentNullException.ThrowIfNull(x0);
        int[] timesteps = new int[x0.Batch];
        Array.Fill(timesteps, t);
        return QSample(x0, noise, timesteps);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{LinearKind} β {BetaStart:G3}…{BetaEnd:G3}, T = {Timesteps}";

    private void CheckTimestep(int t)
    {
        if ((uint)t >= (uint)Timesteps)
        {
            throw new ArgumentOutOfRangeException(nameof(t), t, $"Timesteps run from 0 to {Timesteps - 1}.");
        }
    }
}
