using System.Globalization;

namespace GameUpscaler.Models;

/// <summary>
/// Real-ESRGAN's <c>SRVGGNetCompact</c> as the importers see it: a chain of 3×3 convolutions (3 → C, N × C → C,
/// C → 3·s²), a PReLU after every one but the last, pixel shuffle by s and the nearest-upsampled input added. The one
/// mapping of that network onto <see cref="GeneratorArchitecture"/> and <see cref="GeneratorWeights"/>: the ncnn and
/// the PyTorch importers describe the layers they found and both get the same checks and the same messages.
/// </summary>
/// <remarks>
/// Two steps, so that an importer can refuse a network on its shapes before it reads (and allocates) any weight:
/// <see cref="InferArchitecture"/> from the shapes, then <see cref="Build"/> with the values.
/// </remarks>
internal static class SrvggNetCompact
{
    /// <summary>Metadata key recording where an imported model came from.</summary>
    public const string SourceMetadataKey = "source";

    /// <summary>
    /// Checks the chain and returns the architecture it is.
    /// </summary>
    /// <param name="layers">The convolutions in order, each with the slope count of the PReLU after it (0 for none).</param>
    /// <param name="scale">The upscale factor the file states (ncnn's PixelShuffle), or null to infer it from the last convolution's 3·s² outputs.</param>
    /// <param name="where">The file name that messages start with.</param>
    /// <exception cref="ModelFormatException">The chain is not an SRVGGNetCompact of a supported size; the message names the layer.</exception>
    public static GeneratorArchitecture InferArchitecture(IReadOnlyList<SrvggLayer> layers, int? scale, string where)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Count < 2)
        {
            throw new ModelFormatException(where, $"the network has {layers.Count} convolution(s); an SRVGG generator has at least two");
        }

        SrvggLayer first = layers[0], last = layers[^1];
        if (first.InputChannels != GeneratorArchitecture.ImageChannels)
        {
            throw new ModelFormatException(where, $"{first.Name} reads {first.InputChannels} channels; the first convolution reads the RGB image (3)");
        }

        int channels = first.OutputChannels;
        for (int i = 0; i < layers.Count; i++)
        {
            SrvggLayer layer = layers[i];
            if (i > 0 && layer.InputChannels != layers[i - 1].OutputChannels)
            {
                throw new ModelFormatException(where, $"{layer.Name} reads {layer.InputChannels} channels, but its input has {layers[i - 1].OutputChannels}");
            }

            bool isLast = i == layers.Count - 1;
            if (!isLast && layer.OutputChannels != channels)
            {
                throw new ModelFormatException(where, $"{layer.Name} has {layer.OutputChannels} outputs; every hidden layer must have {channels}");
            }

            if (!isLast && layer.Slopes == 0)
            {
                throw new ModelFormatException(where, $"{layer.Name} has no PReLU after it; every convolution but the last needs one");
            }

            if (isLast && layer.Slopes != 0)
            {
                throw new ModelFormatException(where, $"the last convolution {layer.Name} is followed by a PReLU; SRVGGNetCompact's last convolution has none");
            }

            if (layer.Slopes != 0 && layer.Slopes != 1 && layer.Slopes != layer.OutputChannels)
            {
                throw new ModelFormatException(where, $"the PReLU after {layer.Name} has {layer.Slopes} slopes for {layer.OutputChannels} channels");
            }
        }

        int lastOutputs = last.OutputChannels;
        int s = scale ?? InferScale(lastOutputs);
        if (s == 0)
        {
            throw new ModelFormatException(where, $"the last convolution {last.Name} has {lastOutputs} outputs; SRVGGNetCompact's last convolution has 3·s² (3 for x1, 12 for x2, 27 for x3, 48 for x4)");
        }

        if (lastOutputs != GeneratorArchitecture.ImageChannels * s * s)
        {
            throw new ModelFormatException(where, $"the last convolution has {lastOutputs} outputs; x{s} needs 3·{s}² = {3 * s * s}");
        }

        if (s > GeneratorArchitecture.MaxScale)
        {
            throw new ModelFormatException(where, $"the network upscales x{s} (its last convolution has {lastOutputs} = 3·{s}² outputs); supported: x1 to x{GeneratorArchitecture.MaxScale}");
        }

        int bodyConvs = layers.Count - 2;
        if (channels > GeneratorArchitecture.MaxChannels || bodyConvs > GeneratorArchitecture.MaxBodyConvs)
        {
            throw new ModelFormatException(where, $"C={channels}, N={bodyConvs} is larger than supported (C ≤ {GeneratorArchitecture.MaxChannels}, N ≤ {GeneratorArchitecture.MaxBodyConvs})");
        }

        return new GeneratorArchitecture(s, channels, bodyConvs);
    }

    /// <summary>
    /// The weights of a chain that <see cref="InferArchitecture"/> accepted. A PReLU with one slope (PyTorch's
    /// <c>nn.PReLU()</c> without <c>num_parameters</c>) is stored as that slope for every channel.
    /// </summary>
    /// <param name="architecture">What <see cref="InferArchitecture"/> returned for <paramref name="layers"/>.</param>
    /// <param name="layers">The same layers.</param>
    /// <param name="values">For convolution i: its OIHW weights, its biases and the PReLU slopes after it (null after the last).</param>
    /// <param name="where">The file name that messages start with.</param>
    /// <param name="source">What the model was imported from, recorded under <see cref="SourceMetadataKey"/>.</param>
    /// <param name="metadata">More metadata to record, or null.</param>
    /// <exception cref="ModelFormatException">A tensor has the wrong length or holds a value that is not a valid weight.</exception>
    public static GeneratorWeights Build(
        GeneratorArchitecture architecture,
        IReadOnlyList<SrvggLayer> layers,
        Func<int, (float[] Weight, float[] Bias, float[]? Slopes)> values,
        string where,
        string source,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(values);
        if (layers.Count != architecture.ConvCount)
        {
            throw new ArgumentException($"{layers.Count} layers for a {architecture} generator with {architecture.ConvCount} convolutions.", nameof(layers));
        }

        var tensors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        for (int conv = 0; conv < layers.Count; conv++)
        {
            SrvggLayer layer = layers[conv];
            (float[] weight, float[] bias, float[]? slopes) = values(conv);
            Check(weight, (long)layer.OutputChannels * layer.InputChannels * 9, $"{layer.Name}: weights", where);
            Check(bias, layer.OutputChannels, $"{layer.Name}: biases", where);
            tensors.Add(GeneratorArchitecture.ConvWeightName(conv), weight);
            tensors.Add(GeneratorArchitecture.ConvBiasName(conv), bias);
            if (architecture.HasActivation(conv))
            {
                if (slopes is null)
                {
                    throw new ModelFormatException(where, $"the PReLU after {layer.Name} has no slopes");
                }

                Check(slopes, layer.Slopes, $"the PReLU after {layer.Name}", where);
                if (slopes.Length == 1 && layer.OutputChannels != 1)
                {
                    // One shared slope (nn.PReLU() without num_parameters): our format stores one per channel.
                    float shared = slopes[0];
                    slopes = new float[layer.OutputChannels];
                    Array.Fill(slopes, shared);
                }

                tensors.Add(GeneratorArchitecture.PReluSlopeName(conv), slopes);
            }
        }

        var allMetadata = new Dictionary<string, string>(StringComparer.Ordinal) { [SourceMetadataKey] = source };
        foreach ((string key, string value) in metadata ?? new Dictionary<string, string>())
        {
            allMetadata[key] = value;
        }

        return new GeneratorWeights(architecture, tensors, allMetadata);
    }

    /// <summary>s when <paramref name="outputs"/> is 3·s² for an integer s ≥ 1, else 0.</summary>
    private static int InferScale(int outputs)
    {
        if (outputs < GeneratorArchitecture.ImageChannels || outputs % GeneratorArchitecture.ImageChannels != 0)
        {
            return 0;
        }

        int squared = outputs / GeneratorArchitecture.ImageChannels;
        int s = (int)Math.Round(Math.Sqrt(squared));
        return s * s == squared ? s : 0;
    }

    private static void Check(float[] values, long expected, string what, string where)
    {
        if (values.Length != expected)
        {
            throw new ModelFormatException(where, string.Create(CultureInfo.InvariantCulture, $"{what}: {values.Length} values, {expected} expected"));
        }

        int bad = Array.FindIndex(values, v => !GeneratorWeights.IsValidWeight(v));
        if (bad >= 0)
        {
            throw new ModelFormatException(
                where,
                $"{what} hold {values[bad]} at element {bad} (weights must be finite and within ±{GeneratorWeights.MaxWeightMagnitude:0e0})");
        }
    }
}

/// <summary>One convolution of an SRVGGNetCompact chain as an importer found it.</summary>
/// <param name="Name">How the layer reads in messages (<c>Convolution 'Conv_0' (line 4)</c>, <c>body.0.weight [64, 3, 3, 3]</c>).</param>
/// <param name="InputChannels">Channels it reads.</param>
/// <param name="OutputChannels">Channels it writes.</param>
/// <param name="Slopes">Slopes of the PReLU after it: its output channels, 1 for one shared slope, 0 for none (the last convolution).</param>
internal readonly record struct SrvggLayer(string Name, int InputChannels, int OutputChannels, int Slopes);
