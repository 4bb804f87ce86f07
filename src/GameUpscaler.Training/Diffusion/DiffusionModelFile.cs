using System.Globalization;
using System.Security.Cryptography;
using GameUpscaler.IO;
using GameUpscaler.Models;

namespace GameUpscaler.Training.Diffusion;

/// <summary>
/// Diffusion models as safetensors files, in the generators' container (<c>SafetensorsCodec</c>, same validation of
/// every offset, shape and value): <c>__metadata__</c> holds <c>kind = "diffusion-sr"</c>, <c>version</c>,
/// <c>scale</c>, <c>channels</c>, <c>blocks</c>, <c>embedding_dims</c>, <c>schedule</c> (<c>linear</c>),
/// <c>beta_start</c>, <c>beta_end</c>, <c>timesteps</c>, <c>residual_scale</c> (R), <c>upsampling</c>
/// (<c>bicubic</c>) and <c>prediction</c> (<c>epsilon</c>), beside free-form keys. Shipped diffusion models live in
/// <c>models/diffusion/</c>, outside the generator catalogue (<c>models/*.safetensors</c>).
/// </summary>
public static class DiffusionModelFile
{
    /// <summary>The <c>kind</c> metadata value.</summary>
    public const string Kind = "diffusion-sr";

    /// <summary>The file layout version.</summary>
    public const string Version = "1";

    /// <summary>The <c>prediction</c> value of an ε-predicting model (the first one; files without x0 prediction).</summary>
    public const string EpsilonPrediction = "epsilon";

    /// <summary>The <c>prediction</c> value of an x0-predicting model.</summary>
    public const string SamplePrediction = "x0";

    /// <summary>The <c>prediction</c> value of a v-predicting model.</summary>
    public const string VelocityPrediction = "v";

    /// <summary>The <c>noisy_input</c> value of a model that sees x_t as it is (also what a file without the key means).</summary>
    public const string RawNoisyInput = "raw";

    /// <summary>The <c>noisy_input</c> value of a model that sees √ᾱ_t·x_t (<see cref="DiffusionArchitecture.GateNoisyInput"/>).</summary>
    public const string GatedNoisyInput = "gated";

    /// <summary>The <c>noisy_skip</c> value of a model without the noisy skip (also what a file without the key means).</summary>
    public const string NoNoisySkip = "none";

    /// <summary>The <c>noisy_skip</c> value of a model with the linear noisy skip (<see cref="DiffusionArchitecture.NoisySkip"/>).</summary>
    public const string FilterNoisySkip = "filter";

    /// <summary>The <c>backbone</c> value of the plain body (also what a file without the key means).</summary>
    public const string PlainBackbone = "plain";

    /// <summary>The <c>backbone</c> value of the two-level U-Net (<see cref="NetworkBackbone.UNet"/>).</summary>
    public const string UNetBackbone = "unet2";

    /// <summary>The file's (and the CLI's) name of a parameterisation: epsilon, x0 or v.</summary>
    public static string PredictionName(DiffusionPrediction prediction) => prediction switch
    {
        DiffusionPrediction.Epsilon => EpsilonPrediction,
        DiffusionPrediction.Sample => SamplePrediction,
        DiffusionPrediction.Velocity => VelocityPrediction,
        _ => throw new ArgumentOutOfRangeException(nameof(prediction), prediction, "not a diffusion parameterisation"),
    };

    /// <summary>The parameterisation a name stands for, or null when it names none.</summary>
    public static DiffusionPrediction? ParsePrediction(string name) => name switch
    {
        EpsilonPrediction => DiffusionPrediction.Epsilon,
        SamplePrediction => DiffusionPrediction.Sample,
        VelocityPrediction => DiffusionPrediction.Velocity,
        _ => null,
    };

    /// <summary>Metadata keys written from the model description, never from free-form metadata.</summary>
    public static readonly IReadOnlySet<string> ReservedMetadataKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        "kind", "version", "scale", "channels", "blocks", "embedding_dims", "schedule", "beta_start", "beta_end",
        "timesteps", "residual_scale", "upsampling", "prediction", "noisy_input", "noisy_skip", "backbone", "format",
    };

    /// <summary>Loads and validates a diffusion model file.</summary>
    /// <exception cref="ModelFormatException">The file is malformed, truncated, of another kind (a generator …) or its
    /// tensors do not match its metadata; the message names the file and the problem.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static DiffusionModel Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        // Only a regular file, its size checked before it is read (a pipe or a device would block or fill memory).
        return FromBytes(InputFile.ReadAllBytes(path, GeneratorWeights.MaxFileBytes, "diffusion model"), path);
    }

    /// <summary>Loads a diffusion model from a stream (read to its end).</summary>
    /// <exception cref="ModelFormatException">The bytes are malformed or describe no diffusion model.</exception>
    public static DiffusionModel Load(Stream stream, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return FromBytes(SafetensorsFile.ReadStream(stream, name), name);
    }

    private static DiffusionModel FromBytes(byte[] bytes, string? name)
    {
        DiffusionArchitecture? architecture = null;
        NoiseSchedule? schedule = null;
        double residualScale = 0;
        (Dictionary<string, string> metadata, Dictionary<string, float[]> tensors) = SafetensorsFile.ReadTensors(
            bytes,
            name,
            $"a diffusion model file records its description there (kind \"{Kind}\")",
            metadata =>
            {
                (architecture, schedule, residualScale) = ReadDescription(metadata, name);
                return (architecture.GetTensorSpecs(), architecture.ToString() + " model");
            });
        var extra = metadata.Where(kv => !ReservedMetadataKeys.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        return new DiffusionModel(architecture!, schedule!, residualScale, tensors, extra);
    }

    /// <summary>Saves the model (F32), writing beside the target and moving the file over it.</summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void Save(DiffusionModel model, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        OutputFile.WriteAllBytes(path, ToBytes(model));
    }

    /// <summary>The file's bytes (deterministic).</summary>
    public static byte[] ToBytes(DiffusionModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        DiffusionArchitecture a = model.Architecture;
        NoiseSchedule s = model.Schedule;
        var metadata = new List<KeyValuePair<string, string>>
        {
            new("kind", Kind),
            new("version", Version),
            new("scale", Format(a.Scale)),
            new("channels", Format(a.Channels)),
            new("blocks", Format(a.Blocks)),
            new("embedding_dims", Format(a.EmbeddingDims)),
            new("schedule", NoiseSchedule.LinearKind),
            new("beta_start", Format(s.BetaStart)),
            new("beta_end", Format(s.BetaEnd)),
            new("timesteps", Format(s.Timesteps)),
            new("residual_scale", Format(model.ResidualScale)),
            new("upsampling", model.Upsampling),
            new("prediction", PredictionName(a.Prediction)),
            new("noisy_input", a.GateNoisyInput ? GatedNoisyInput : RawNoisyInput),
            new("noisy_skip", a.NoisySkip ? FilterNoisySkip : NoNoisySkip),
            new("backbone", a.Backbone == NetworkBackbone.UNet ? UNetBackbone : PlainBackbone),
        };
        metadata.AddRange(model.Metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal));
        return SafetensorsFile.WriteTensors(metadata, a.GetTensorSpecs(), model.GetTensor, a.ToString(), TensorDataType.F32);
    }

    /// <summary>Lower-case hex SHA-256 of the model's file bytes, for model cards.</summary>
    public static string Sha256(DiffusionModel model) => Convert.ToHexStringLower(SHA256.HashData(ToBytes(model)));

    private static (DiffusionArchitecture, NoiseSchedule, double) ReadDescription(Dictionary<string, string> metadata, string? fileName)
    {
        if (!metadata.TryGetValue("kind", out string? kind))
        {
            string what = metadata.TryGetValue("format", out string? format) ? $"its format is \"{format}\" (a generator?)" : "metadata has no 'kind'";
            throw new ModelFormatException(fileName, $"not a diffusion model: {what}; expected kind \"{Kind}\"");
        }

        Expect("kind", Kind);
        Expect("version", Version);
        Expect("schedule", NoiseSchedule.LinearKind);
        Expect("upsampling", DiffusionModel.BicubicUpsampling);
        string predictionName = Get("prediction");
        DiffusionPrediction prediction = ParsePrediction(predictionName)
            ?? throw new ModelFormatException(fileName, $"metadata 'prediction' is \"{predictionName}\"; expected \"{EpsilonPrediction}\", \"{SamplePrediction}\" or \"{VelocityPrediction}\"");
        bool gated = Flag("noisy_input", RawNoisyInput, GatedNoisyInput);
        bool skip = Flag("noisy_skip", NoNoisySkip, FilterNoisySkip);
        NetworkBackbone backbone = Flag("backbone", PlainBackbone, UNetBackbone) ? NetworkBackbone.UNet : NetworkBackbone.Plain;
        try
        {
            var architecture = new DiffusionArchitecture(Integer("scale"), Integer("channels"), Integer("blocks"), Integer("embedding_dims")) { Prediction = prediction, GateNoisyInput = gated, NoisySkip = skip, Backbone = backbone };
            var schedule = new NoiseSchedule(Integer("timesteps"), Number("beta_start"), Number("beta_end"));
            double residualScale = Number("residual_scale");
            if (!(residualScale > 0))
            {
                throw new ArgumentOutOfRangeException(nameof(metadata), $"residual_scale {residualScale} is not positive");
            }

            return (architecture, schedule, residualScale);
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new ModelFormatException(fileName, $"metadata describes an unsupported diffusion model: {ex.Message}", ex);
        }

        void Expect(string key, string expected)
        {
            string value = Get(key);
            if (!string.Equals(value, expected, StringComparison.Ordinal))
            {
                throw new ModelFormatException(fileName, $"metadata '{key}' is \"{value}\"; only \"{expected}\" is supported");
            }
        }

        // A two-valued key that older files lack: a file without it has the feature off.
        bool Flag(string key, string off, string on)
        {
            string value = metadata.GetValueOrDefault(key, off);
            if (value == on)
            {
                return true;
            }

            return value == off
                ? false
                : throw new ModelFormatException(fileName, $"metadata '{key}' is \"{value}\"; expected \"{off}\" or \"{on}\"");
        }

        int Integer(string key) => int.TryParse(Get(key), NumberStyles.None, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw new ModelFormatException(fileName, $"metadata '{key}' is \"{Get(key)}\", not a non-negative integer");

        double Number(string key) => double.TryParse(Get(key), NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value)
            ? value
            : throw new ModelFormatException(fileName, $"metadata '{key}' is \"{Get(key)}\", not a finite number");

        string Get(string key) => metadata.TryGetValue(key, out string? value)
            ? value
            : throw new ModelFormatException(fileName, $"metadata has no '{key}'");
    }

    private static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
