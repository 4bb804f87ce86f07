using System.Globalization;

namespace GameUpscaler.Models.PyTorch;

/// <summary>
/// The state dict of Real-ESRGAN's <c>SRVGGNetCompact</c> (<c>act_type='prelu'</c>): <c>body.{2i}.weight</c>
/// [out, in, 3, 3] and <c>body.{2i}.bias</c> [out] for convolution i, <c>body.{2i+1}.weight</c> [C] (or [1]) for the
/// PReLU after it, and no other tensor (<c>upsampler</c>, the pixel shuffle, has none). Scale, C and N follow from the
/// shapes; the chain is checked by <see cref="SrvggNetCompact"/>, as the ncnn importer's is.
/// </summary>
internal static class SrvggStateDict
{
    /// <summary>The deepest body index of a supported network: body.0 … body.{2N+2} with N ≤ MaxBodyConvs.</summary>
    private const int MaxBodyIndex = (2 * GeneratorArchitecture.MaxBodyConvs) + 2;

    /// <summary>The largest dimension accepted before the chain is checked (no SRVGG tensor comes near it).</summary>
    private const long MaxDimension = 1 << 16;

    /// <summary>Checks names and shapes and returns the architecture and the chain, before any value is read.</summary>
    /// <param name="shapes">Every tensor of the state dict: name → shape.</param>
    /// <param name="where">The file name that messages start with.</param>
    /// <exception cref="ModelFormatException">A tensor is unexpected, missing or of the wrong shape; the message names it.</exception>
    public static (GeneratorArchitecture Architecture, IReadOnlyList<SrvggLayer> Layers) Infer(IReadOnlyDictionary<string, long[]> shapes, string where)
    {
        ArgumentNullException.ThrowIfNull(shapes);
        if (shapes.Count == 0)
        {
            throw new ModelFormatException(where, "the state dict holds no tensors");
        }

        var weights = new Dictionary<int, long[]>();
        var biases = new Dictionary<int, long[]>();
        foreach ((string name, long[] shape) in shapes.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (!TryParseName(name, out int index, out bool isBias))
            {
                string hint = name.StartsWith("module.", StringComparison.Ordinal)
                    ? " (saved from nn.DataParallel: strip the 'module.' prefix of the keys before saving)"
                    : string.Empty;
                throw new ModelFormatException(where, $"unexpected tensor '{Shorten(name)}' {Format(shape)}: an SRVGGNetCompact state dict holds only body.K.weight and body.K.bias{hint}");
            }

            if (index > MaxBodyIndex)
            {
                throw new ModelFormatException(where, $"tensor '{name}' is layer {index} of the body; the deepest supported network (N = {GeneratorArchitecture.MaxBodyConvs}) ends at body.{MaxBodyIndex}");
            }

            if (shape.Any(d => d is < 1 or > MaxDimension))
            {
                throw new ModelFormatException(where, $"tensor '{name}' has shape {Format(shape)}; every dimension must be 1 to {MaxDimension}");
            }

            (isBias ? biases : weights).Add(index, shape);
        }

        int length = weights.Keys.Concat(biases.Keys).Max() + 1;
        if (length % 2 == 0)
        {
            throw new ModelFormatException(where, $"the body ends with body.{length - 1}, a PReLU (odd index); SRVGGNetCompact's last layer is a convolution (even index)");
        }

        if (!Enumerable.Range(0, length).Any(i => i % 2 == 1 && weights.ContainsKey(i)) && length > 1)
        {
            throw new ModelFormatException(where, "the state dict has no PReLU slopes (body.1.weight): the model was built with act_type 'relu' or 'leakyrelu', whose activations have no parameters (so the file cannot tell which); only act_type='prelu' maps onto the generator");
        }

        var layers = new List<SrvggLayer>((length + 1) / 2);
        for (int i = 0; i < length; i += 2)
        {
            string weightName = Name(i, "weight"), biasName = Name(i, "bias");
            if (!weights.TryGetValue(i, out long[]? w))
            {
                throw new ModelFormatException(where, $"missing tensor '{weightName}' (convolution {i / 2}'s weights [out, in, 3, 3])");
            }

            if (w.Length != 4 || w[2] != 3 || w[3] != 3)
            {
                throw new ModelFormatException(where, $"tensor '{weightName}' has shape {Format(w)}; SRVGGNetCompact's convolutions are 3x3, [out, in, 3, 3]");
            }

            if (!biases.TryGetValue(i, out long[]? b))
            {
                throw new ModelFormatException(where, $"missing tensor '{biasName}' (convolution {i / 2}'s biases [{w[0]}]; SRVGGNetCompact's convolutions have biases)");
            }

            if (b.Length != 1 || b[0] != w[0])
            {
                throw new ModelFormatException(where, $"tensor '{biasName}' has shape {Format(b)}; the convolution's weights {Format(w)} need [{w[0]}]");
            }

            int slopes = 0;
            if (i + 1 < length)
            {
                string slopeName = Name(i + 1, "weight");
                if (biases.ContainsKey(i + 1))
                {
                    throw new ModelFormatException(where, $"unexpected tensor '{Name(i + 1, "bias")}': body.{i + 1} is a PReLU, which has no bias");
                }

                if (!weights.TryGetValue(i + 1, out long[]? a))
                {
                    throw new ModelFormatException(where, $"missing tensor '{slopeName}' (the PReLU slopes after convolution {i / 2})");
                }

                if (a.Length != 1 || (a[0] != 1 && a[0] != w[0]))
                {
                    throw new ModelFormatException(where, $"tensor '{slopeName}' has shape {Format(a)}; the PReLU after a convolution of {w[0]} outputs has [{w[0]}] (or [1]) slopes");
                }

                slopes = (int)a[0];
            }

            layers.Add(new SrvggLayer($"body.{i} ({weightName} {Format(w)})", (int)w[1], (int)w[0], slopes));
        }

        return (SrvggNetCompact.InferArchitecture(layers, scale: null, where), layers);
    }

    /// <summary>The weights, with the values read through <paramref name="tensor"/> (by state-dict name).</summary>
    /// <exception cref="ModelFormatException">A value is not a valid weight.</exception>
    public static GeneratorWeights ToWeights(
        GeneratorArchitecture architecture,
        IReadOnlyList<SrvggLayer> layers,
        Func<string, float[]> tensor,
        string where,
        string source,
        IReadOnlyDictionary<string, string>? metadata = null) =>
        SrvggNetCompact.Build(
            architecture,
            layers,
            conv => (
                tensor(Name(2 * conv, "weight")),
                tensor(Name(2 * conv, "bias")),
                architecture.HasActivation(conv) ? tensor(Name((2 * conv) + 1, "weight")) : null),
            where,
            source,
            metadata);

    /// <summary>The names of the tensors the chain holds, in state-dict order (body.0.weight, body.0.bias, body.1.weight, …).</summary>
    public static IEnumerable<string> TensorNames(GeneratorArchitecture architecture)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        for (int conv = 0; conv < architecture.ConvCount; conv++)
        {
            yield return Name(2 * conv, "weight");
            yield return Name(2 * conv, "bias");
            if (architecture.HasActivation(conv))
            {
                yield return Name((2 * conv) + 1, "weight");
            }
        }
    }

    private static string Name(int index, string kind) => string.Create(CultureInfo.InvariantCulture, $"body.{index}.{kind}");

    /// <summary>Parses <c>body.K.weight</c> / <c>body.K.bias</c> (K in canonical decimal).</summary>
    private static bool TryParseName(string name, out int index, out bool isBias)
    {
        index = 0;
        isBias = name.EndsWith(".bias", StringComparison.Ordinal);
        bool isWeight = name.EndsWith(".weight", StringComparison.Ordinal);
        if (!name.StartsWith("body.", StringComparison.Ordinal) || !(isBias || isWeight))
        {
            return false;
        }

        int digitCount = name.Length - "body.".Length - (isBias ? ".bias" : ".weight").Length;
        if (digitCount is < 1 or > 4)
        {
            return false;
        }

        ReadOnlySpan<char> digits = name.AsSpan("body.".Length, digitCount);
        return (digits[0] != '0' || digits.Length == 1) && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out index);
    }

    private static string Format(long[] shape) => TensorSpec.FormatShape(shape);

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
