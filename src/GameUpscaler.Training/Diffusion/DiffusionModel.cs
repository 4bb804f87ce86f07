using GameUpscaler.Models;

namespace GameUpscaler.Training.Diffusion;

/// <summary>
/// A conditional diffusion SR model: the denoiser's architecture and weights, its noise schedule and the residual
/// parameterisation, everything a sampler needs (and what <see cref="DiffusionModelFile"/> stores).
/// </summary>
/// <remarks>
/// Parameterisation: the model denoises the residual <c>x_0 = (HR − up(LR))·R</c>, where <c>up</c> is MATLAB's
/// bicubic ×s (<see cref="ConditionUpsampler"/>, deterministic) and R (<see cref="ResidualScale"/>) a fixed factor
/// that gives x_0 about unit RMS on the training data (the trainer measures it). Bicubic rather than nearest because
/// its residual is the smaller one (only the detail bicubic misses is left to the model), and the upsampled image is
/// also the condition the denoiser sees. The image is <c>clamp(up(LR) + x_0 / R, 0, 1)</c>.
/// The tensor arrays are live: training updates them in place.
/// </remarks>
public sealed class DiffusionModel
{
    /// <summary>The only conditioning upsampler, as named in model files.</summary>
    public const string BicubicUpsampling = "bicubic";

    private readonly Dictionary<string, float[]> _tensors;

    /// <summary>Creates a model from tensors that must match the architecture exactly (names, lengths, finite values).</summary>
    /// <exception cref="ArgumentException">A tensor is missing, unexpected, of the wrong length or not finite, or R is not positive.</exception>
    public DiffusionModel(
        DiffusionArchitecture architecture,
        NoiseSchedule schedule,
        double residualScale,
        IReadOnlyDictionary<string, float[]> tensors,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(schedule);
        ArgumentNullException.ThrowIfNull(tensors);
        if (!(residualScale > 0) || !double.IsFinite(residualScale))
        {
            throw new ArgumentException($"The residual scale must be positive and finite; got {residualScale}.", nameof(residualScale));
        }

        var specs = architecture.GetTensorSpecs();
        _tensors = new Dictionary<string, float[]>(specs.Count, StringComparer.Ordinal);
        foreach (TensorSpec spec in specs)
        {
            if (!tensors.TryGetValue(spec.Name, out float[]? values) || values is null)
            {
                throw new ArgumentException($"Tensor '{spec}' of the {architecture} model is missing.", nameof(tensors));
            }

            if (values.Length != spec.ElementCount)
            {
                throw new ArgumentException($"Tensor '{spec}' needs {spec.ElementCount} values; {values.Length} were given.", nameof(tensors));
            }

            int bad = Array.FindIndex(values, v => !float.IsFinite(v));
            if (bad >= 0)
            {
                throw new ArgumentException($"Tensor '{spec.Name}' holds {values[bad]} at element {bad}.", nameof(tensors));
            }

            _tensors.Add(spec.Name, values);
        }

        string? extra = tensors.Keys.FirstOrDefault(name => !_tensors.ContainsKey(name));
        if (extra is not null)
        {
            throw new ArgumentException($"Tensor '{extra}' is not part of a {architecture} model.", nameof(tensors));
        }

        Architecture = architecture;
        Schedule = schedule;
        ResidualScale = residualScale;
        Metadata = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (KeyValuePair<string, string> kv in metadata ?? new Dictionary<string, string>())
        {
            if (DiffusionModelFile.ReservedMetadataKeys.Contains(kv.Key))
            {
                throw new ArgumentException($"Metadata key '{kv.Key}' is reserved for the model description.", nameof(metadata));
            }

            Metadata.Add(kv.Key, kv.Value);
        }
    }

    /// <summary>The denoiser's shape.</summary>
    public DiffusionArchitecture Architecture { get; }

    /// <summary>The forward process the denoiser was trained for.</summary>
    public NoiseSchedule Schedule { get; }

    /// <summary>R in <c>x_0 = (HR − up(LR))·R</c>.</summary>
    public double ResidualScale { get; }

    /// <summary>The conditioning upsampler (<see cref="BicubicUpsampling"/>).</summary>
    public string Upsampling => BicubicUpsampling;

    /// <summary>All tensors by name (live arrays).</summary>
    public IReadOnlyDictionary<string, float[]> Tensors => _tensors;

    /// <summary>Free-form metadata kept in the file beside the model description (training notes …).</summary>
    public IDictionary<string, string> Metadata { get; }

    /// <summary>The live array of one tensor.</summary>
    /// <exception cref="KeyNotFoundException">The architecture has no tensor of that name.</exception>
    public float[] GetTensor(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _tensors.TryGetValue(name, out float[]? values)
            ? values
            : throw new KeyNotFoundException($"The {Architecture} model has no tensor '{name}'.");
    }

    /// <summary>A deep copy (tensors and metadata).</summary>
    public DiffusionModel Clone() => new(
        Architecture,
        Schedule,
        ResidualScale,
        _tensors.ToDictionary(kv => kv.Key, kv => (float[])kv.Value.Clone(), StringComparer.Ordinal),
        new Dictionary<string, string>(Metadata, StringComparer.Ordinal));

    /// <summary>
    /// Deterministic initial weights: Kaiming-normal convolutions with the PReLU gain, the last one scaled by
    /// <see cref="GeneratorWeights.LastConvInitScale"/> (a fresh model predicts ε̂ ≈ 0), zero biases, PReLU slopes
    /// 0.25, and zero scale-shift maps, so every block starts unmodulated (γ = β = 0) and learns how t matters; the noisy
    /// skip's convolution starts at zero.
    /// </summary>
    public static DiffusionModel CreateRandom(DiffusionArchitecture architecture, NoiseSchedule schedule, double residualScale, int seed)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        var random = new SplitMix64((ulong)(uint)seed ^ 0xD1FF05104EUL);
        double slope = GeneratorWeights.DefaultPReluSlope;
        double gain = Math.Sqrt(2.0 / (1.0 + (slope * slope)));
        var tensors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (TensorSpec spec in architecture.GetTensorSpecs())
        {
            var values = new float[spec.ElementCount];
            if (spec.Name.EndsWith(".act.weight", StringComparison.Ordinal))
            {
                Array.Fill(values, (float)slope);
            }
            else if (spec.Name.EndsWith("conv.weight", StringComparison.Ordinal)
                && !spec.Name.StartsWith("skip.", StringComparison.Ordinal)) // the noisy skip starts closed (zero)
            {
                double fanIn = spec.Shape[1] * 9.0;
                double std = spec.Name.StartsWith("tail.", StringComparison.Ordinal)
                    ? GeneratorWeights.LastConvInitScale / Math.Sqrt(fanIn)
                    : gain / Math.Sqrt(fanIn);
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = (float)(random.NextGaussian() * std);
                }
            }

            tensors.Add(spec.Name, values);
        }

        return new DiffusionModel(architecture, schedule, residualScale, tensors);
    }

    /// <summary>x_0 = (HR − up(LR))·R, element by element.</summary>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public Tensor ToResidual(Tensor highResolution, Tensor upsampled)
    {
        ArgumentNullException.ThrowIfNull(highResolution);
        ArgumentNullException.ThrowIfNull(upsampled);
        highResolution.CheckSameShape(upsampled, nameof(upsampled));
        var x0 = highResolution.ZerosLike();
        float r = (float)ResidualScale;
        for (int i = 0; i < x0.Data.Length; i++)
        {
            x0.Data[i] = (highResolution.Data[i] - upsampled.Data[i]) * r;
        }

        return x0;
    }

    /// <summary>The image clamp(up(LR) + x_0 / R, 0, 1).</summary>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public Tensor ToImage(Tensor upsampled, Tensor residual)
    {
        ArgumentNullException.ThrowIfNull(upsampled);
        ArgumentNullException.ThrowIfNull(residual);
        upsampled.CheckSameShape(residual, nameof(residual));
        var image = upsampled.ZerosLike();
        float inverse = (float)(1 / ResidualScale);
        for (int i = 0; i < image.Data.Length; i++)
        {
            image.Data[i] = Math.Clamp(upsampled.Data[i] + (residual.Data[i] * inverse), 0f, 1f);
        }

        return image;
    }

    /// <summary>
    /// The range a residual can take where the image is <paramref name="upsampled"/>: [(0 − up)·R, (1 − up)·R] per
    /// element, because HR lies in [0, 1]. The sampler clips its x̂_0 estimates to it.
    /// </summary>
    public (Tensor Lower, Tensor Upper) ResidualBounds(Tensor upsampled)
    {
        ArgumentNullException.ThrowIfNull(upsampled);
        var lower = upsampled.ZerosLike();
        var upper = upsampled.ZerosLike();
        float r = (float)ResidualScale;
        for (int i = 0; i < lower.Data.Length; i++)
        {
            lower.Data[i] = -upsampled.Data[i] * r;
            upper.Data[i] = (1f - upsampled.Data[i]) * r;
        }

        return (lower, upper);
    }
}
