using System.Security.Cryptography;
using GameUpscaler.IO;

namespace GameUpscaler.Models;

/// <summary>
/// A generator's architecture and its named float tensors (PyTorch names and OIHW layout, see
/// <see cref="GeneratorArchitecture"/>), with safetensors load and save.
/// </summary>
/// <remarks>
/// The tensor arrays are live: training may update them in place. Consumers that pack weights (such as the CPU
/// generator) take a snapshot when they are created.
/// </remarks>
public sealed class GeneratorWeights
{
    /// <summary>
    /// The largest model file read: 1 GiB (the largest real-time generator is well under 1 MB, imported 4× models a
    /// few MB); a larger file is refused before it is allocated.
    /// </summary>
    public const long MaxFileBytes = 1L << 30;

    /// <summary>
    /// The largest weight magnitude accepted: 10^6. Trained generators stay below about 10; a file with larger
    /// finite values is corrupt or hostile, and its activations overflow fp32 to ±∞ and NaN, whose handling depends on
    /// each backend's summation order, so backends could no longer agree. Weights above the fp16 range (65,504) but
    /// within this limit run in fp32 (<see cref="FitsFloat16"/>).
    /// </summary>
    public const float MaxWeightMagnitude = 1e6f;

    /// <summary>PReLU slope PyTorch initialises <c>nn.PReLU</c> with, used by <see cref="CreateRandom"/>.</summary>
    public const float DefaultPReluSlope = 0.25f;

    /// <summary>Factor on the last convolution's initial weights, so that a fresh model outputs nearly its skip.</summary>
    public const double LastConvInitScale = 0.1;

    /// <summary>Metadata key holding α of a model made by <see cref="Interpolate"/>.</summary>
    public const string InterpolationAlphaKey = "interpolation_alpha";

    private readonly Dictionary<string, float[]> _tensors;

    /// <summary>Creates weights from tensors that must match the architecture exactly (names and element counts).</summary>
    /// <param name="architecture">The generator shape.</param>
    /// <param name="tensors">One array per tensor of <see cref="GeneratorArchitecture.GetTensorSpecs"/>; the arrays are used, not copied.</param>
    /// <param name="metadata">Free-form metadata to keep in the file (training notes …); architecture keys are not allowed.</param>
    /// <exception cref="ArgumentNullException">An argument or a tensor array is null.</exception>
    /// <exception cref="ArgumentException">A tensor is missing, unexpected, of the wrong length or not finite, or metadata uses an architecture key.</exception>
    public GeneratorWeights(
        GeneratorArchitecture architecture,
        IReadOnlyDictionary<string, float[]> tensors,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(tensors);
        var specs = architecture.GetTensorSpecs();
        _tensors = new Dictionary<string, float[]>(specs.Count, StringComparer.Ordinal);
        foreach (TensorSpec spec in specs)
        {
            if (!tensors.TryGetValue(spec.Name, out float[]? values))
            {
                throw new ArgumentException($"Tensor '{spec}' of the {architecture} generator is missing.", nameof(tensors));
            }

            ArgumentNullException.ThrowIfNull(values, nameof(tensors));
            if (values.Length != spec.ElementCount)
            {
                throw new ArgumentException(
                    $"Tensor '{spec}' needs {spec.ElementCount} values; {values.Length} were given.", nameof(tensors));
            }

            int bad = Array.FindIndex(values, v => !IsValidWeight(v));
            if (bad >= 0)
            {
                throw new ArgumentException(
                    $"Tensor '{spec.Name}' holds {values[bad]} at element {bad}; weights must be finite and within ±{MaxWeightMagnitude:0e0}.", nameof(tensors));
            }

            _tensors.Add(spec.Name, values);
        }

        foreach (string name in tensors.Keys)
        {
            if (!_tensors.ContainsKey(name))
            {
                throw new ArgumentException($"Tensor '{name}' is not part of a {architecture} generator.", nameof(tensors));
            }
        }

        Metadata = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (metadata is not null)
        {
            foreach (KeyValuePair<string, string> kv in metadata)
            {
                if (SafetensorsCodec.ReservedMetadataKeys.Contains(kv.Key))
                {
                    throw new ArgumentException($"Metadata key '{kv.Key}' is reserved for the architecture.", nameof(metadata));
                }

                Metadata.Add(kv.Key, kv.Value);
            }
        }

        Architecture = architecture;
    }

    /// <summary>The generator shape.</summary>
    public GeneratorArchitecture Architecture { get; }

    /// <summary>All tensors by name (live arrays, OIHW for convolution weights).</summary>
    public IReadOnlyDictionary<string, float[]> Tensors => _tensors;

    /// <summary>
    /// Free-form string metadata written to the file's <c>__metadata__</c> beside the architecture keys
    /// (<c>format, arch, scale, channels, body_convs, activation, skip, version</c>, which are reserved).
    /// </summary>
    public IDictionary<string, string> Metadata { get; }

    /// <summary>
    /// Lower-case hex SHA-256 of the file bytes this instance was last loaded from or saved to, for model cards;
    /// null for weights that were never read or written. It does not follow later in-place edits of the tensors.
    /// </summary>
    public string? Sha256 { get; internal set; }

    /// <summary>The largest |weight| of all tensors, as they are now.</summary>
    public float MaxAbsoluteWeight() => _tensors.Values.Max(t => t.Length == 0 ? 0 : t.Max(MathF.Abs));

    /// <summary>
    /// Whether every weight is within the fp16 range (±65,504): backends that store or compute in fp16 would turn
    /// larger ones into ±∞, so they run such a model in fp32 instead.
    /// </summary>
    public bool FitsFloat16() => MaxAbsoluteWeight() <= (float)Half.MaxValue;

    /// <summary>The live array of one tensor.</summary>
    /// <exception cref="KeyNotFoundException">The architecture has no tensor of that name.</exception>
    public float[] GetTensor(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _tensors.TryGetValue(name, out float[]? values)
            ? values
            : throw new KeyNotFoundException($"The {Architecture} generator has no tensor '{name}'.");
    }

    /// <summary>Loads a safetensors file and validates it completely.</summary>
    /// <exception cref="ArgumentException">The path is empty.</exception>
    /// <exception cref="ModelFormatException">The file is malformed or does not describe a supported generator; the message names the file and the problem.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static GeneratorWeights Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return FromBytes(InputFile.ReadAllBytes(path, MaxFileBytes, "model"), path);
    }

    /// <summary>Loads safetensors bytes from a stream (read to its end) and validates them completely.</summary>
    /// <param name="stream">The stream, positioned at the file's first byte.</param>
    /// <param name="name">A name for error messages and <see cref="ModelFormatException.FileName"/>, e.g. the file or resource name.</param>
    /// <exception cref="ArgumentNullException">The stream is null.</exception>
    /// <exception cref="ModelFormatException">The bytes are malformed or do not describe a supported generator.</exception>
    /// <exception cref="IOException">The stream cannot be read.</exception>
    public static GeneratorWeights Load(Stream stream, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return FromBytes(ReadAll(stream, name), name);
    }

    /// <summary>
    /// Whether a value may be a weight: finite and within ±<see cref="MaxWeightMagnitude"/>. The one rule every
    /// loader (safetensors, ncnn import) and the constructor apply.
    /// </summary>
    public static bool IsValidWeight(float value) => Math.Abs(value) <= MaxWeightMagnitude; // false for NaN too

    private static GeneratorWeights FromBytes(byte[] bytes, string? name) =>
        SafetensorsCodec.Read(bytes, name, Convert.ToHexStringLower(SHA256.HashData(bytes)));

    /// <summary>
    /// Saves as safetensors. The file is written beside the target under a temporary name, flushed, then moved over
    /// the target, so an existing file is never left half-written or destroyed by a failure.
    /// </summary>
    /// <param name="path">The target file.</param>
    /// <param name="dataType">Element type to store: F32 (exact) or F16 (half size, rounded).</param>
    /// <exception cref="ArgumentException">The path is empty.</exception>
    /// <exception cref="InvalidOperationException">A weight is not finite (or not representable in F16), or metadata uses a reserved key or holds a lone UTF-16 surrogate.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public void Save(string path, TensorDataType dataType = TensorDataType.F32)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes = ToSafetensors(dataType);
        OutputFile.WriteAllBytes(path, bytes);
        Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    /// <summary>Writes the safetensors bytes to a stream.</summary>
    /// <exception cref="ArgumentNullException">The stream is null.</exception>
    /// <exception cref="InvalidOperationException">A weight is not finite (or not representable in F16), or metadata uses a reserved key or holds a lone UTF-16 surrogate.</exception>
    public void Save(Stream stream, TensorDataType dataType = TensorDataType.F32)
    {
        ArgumentNullException.ThrowIfNull(stream);
        byte[] bytes = ToSafetensors(dataType);
        stream.Write(bytes);
        Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    /// <summary>The safetensors file bytes (deterministic: same weights and metadata give the same bytes).</summary>
    /// <exception cref="InvalidOperationException">A weight is not finite (or not representable in F16), or metadata uses a reserved key or holds a lone UTF-16 surrogate.</exception>
    public byte[] ToSafetensors(TensorDataType dataType = TensorDataType.F32) => SafetensorsCodec.Write(this, dataType);

    /// <summary>Lower-case hex SHA-256 of a file's bytes, as recorded in model cards.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static string ComputeFileSha256(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>A deep copy (tensors and metadata), e.g. for an EMA of the weights.</summary>
    public GeneratorWeights Clone()
    {
        var tensors = _tensors.ToDictionary(kv => kv.Key, kv => (float[])kv.Value.Clone(), StringComparer.Ordinal);
        return new GeneratorWeights(Architecture, tensors, new Dictionary<string, string>(Metadata, StringComparer.Ordinal))
        {
            Sha256 = Sha256,
        };
    }

    /// <summary>
    /// Network interpolation (ESRGAN, Wang et al. 2018): every tensor <c>(1 − α)·from + α·to</c>. Between an L1 model
    /// and the GAN model fine-tuned from it, α trades fidelity for sharpness smoothly and without retraining (the two
    /// sit in one basin of the loss, so the blend stays a working generator). α = 0 gives <paramref name="from"/>'s
    /// tensors and α = 1 <paramref name="to"/>'s, exactly.
    /// </summary>
    /// <param name="from">The α = 0 end (e.g. the L1 model).</param>
    /// <param name="to">The α = 1 end (e.g. its GAN fine-tune); its metadata is kept, with the blend recorded.</param>
    /// <param name="alpha">Position between the two, in [0, 1].</param>
    /// <exception cref="ArgumentNullException">A model is null.</exception>
    /// <exception cref="ArgumentException">The architectures differ.</exception>
    /// <exception cref="ArgumentOutOfRangeException">α is outside [0, 1].</exception>
    public static GeneratorWeights Interpolate(GeneratorWeights from, GeneratorWeights to, double alpha)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(to);
        if (!(alpha is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "The interpolation weight must be in [0, 1].");
        }

        if (from.Architecture != to.Architecture)
        {
            throw new ArgumentException($"Only models of one architecture interpolate: {from.Architecture} and {to.Architecture}.", nameof(to));
        }

        var tensors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach ((string name, float[] a) in from._tensors)
        {
            float[] b = to._tensors[name];
            var blended = new float[a.Length];
            for (int i = 0; i < a.Length; i++)
            {
                blended[i] = (float)(((1 - alpha) * a[i]) + (alpha * b[i]));
            }

            tensors.Add(name, blended);
        }

        var metadata = new Dictionary<string, string>(to.Metadata, StringComparer.Ordinal)
        {
            [InterpolationAlphaKey] = alpha.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            ["interpolation_from_sha256"] = from.Sha256 ?? "unknown",
            ["interpolation_to_sha256"] = to.Sha256 ?? "unknown",
        };
        return new GeneratorWeights(from.Architecture, tensors, metadata);
    }

    /// <summary>
    /// Deterministic random initial weights: He (Kaiming-normal) weights with the PReLU gain, so activations keep
    /// their scale through any depth; zero biases; PReLU slopes 0.25; the last convolution scaled by
    /// <see cref="LastConvInitScale"/> so a fresh model outputs nearly its nearest-upsampled input.
    /// </summary>
    /// <param name="architecture">The generator shape.</param>
    /// <param name="seed">Same seed, same weights, on every platform.</param>
    /// <exception cref="ArgumentNullException">The architecture is null.</exception>
    public static GeneratorWeights CreateRandom(GeneratorArchitecture architecture, int seed)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        var random = new SplitMix64((ulong)(uint)seed ^ 0x5DEECE66DUL);
        var tensors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        if (architecture.Backbone == NetworkBackbone.UNet)
        {
            // The same rule by tensor name (the diffusion denoiser's, so that the compared pair starts alike): slopes
            // at PyTorch's default, Kaiming weights, the tail scaled down so that a fresh model outputs nearly its skip.
            foreach (TensorSpec spec in architecture.GetTensorSpecs())
            {
                var values = new float[spec.ElementCount];
                if (spec.Name.EndsWith(".act.weight", StringComparison.Ordinal))
                {
                    Array.Fill(values, DefaultPReluSlope);
                }
                else if (spec.Name.EndsWith("conv.weight", StringComparison.Ordinal))
                {
                    double fanIn = spec.Shape[1] * 9.0;
                    double std = spec.Name.StartsWith("tail.", StringComparison.Ordinal)
                        ? LastConvInitScale / Math.Sqrt(fanIn)
                        : Math.Sqrt(2.0 / (1.0 + (DefaultPReluSlope * DefaultPReluSlope)) / fanIn);
                    for (int i = 0; i < values.Length; i++)
                    {
                        values[i] = (float)(random.NextGaussian() * std);
                    }
                }

                tensors.Add(spec.Name, values);
            }

            return new GeneratorWeights(architecture, tensors);
        }

        for (int conv = 0; conv < architecture.ConvCount; conv++)
        {
            int cin = architecture.GetConvInputChannels(conv);
            int cout = architecture.GetConvOutputChannels(conv);
            bool activation = architecture.HasActivation(conv);
            double fanIn = cin * 9.0;

            // Kaiming: Var(w) = gain² / fan_in with gain² = 2 / (1 + a²) for a leaky/parametric ReLU of slope a.
            double std = activation
                ? Math.Sqrt(2.0 / (1.0 + (DefaultPReluSlope * DefaultPReluSlope)) / fanIn)
                : LastConvInitScale / Math.Sqrt(fanIn);
            var weight = new float[cout * cin * 9];
            for (int i = 0; i < weight.Length; i++)
            {
                weight[i] = (float)(random.NextGaussian() * std);
            }

            tensors.Add(GeneratorArchitecture.ConvWeightName(conv), weight);
            tensors.Add(GeneratorArchitecture.ConvBiasName(conv), new float[cout]);
            if (activation)
            {
                var slopes = new float[cout];
                Array.Fill(slopes, DefaultPReluSlope);
                tensors.Add(GeneratorArchitecture.PReluSlopeName(conv), slopes);
            }
        }

        return new GeneratorWeights(architecture, tensors);
    }

    /// <summary>Reads a model stream to its end (one array; a seekable stream's length is checked first).</summary>
    internal static byte[] ReadAll(Stream stream, string? name)
    {
        if (stream.CanSeek)
        {
            long remaining = stream.Length - stream.Position;
            if (remaining > Array.MaxLength)
            {
                throw new ModelFormatException(name, $"file is {remaining} bytes, larger than any supported generator");
            }

            var bytes = new byte[remaining];
            stream.ReadExactly(bytes);
            return bytes;
        }

        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }
}
