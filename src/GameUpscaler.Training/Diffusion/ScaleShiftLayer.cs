namespace GameUpscaler.Training.Diffusion;

/// <summary>
/// Feature-wise modulation by the timestep (FiLM): a learned linear map turns image b's embedding e_b (D values) into
/// (γ_b, β_b) = W·e_b + bias (2C values: γ in rows 0…C−1, β in rows C…2C−1), and each channel becomes
/// <c>h·(1 + γ_{b,c}) + β_{b,c}</c>. With W = bias = 0 the layer is the identity. Backward:
/// dh = dy·(1 + γ), dγ = Σ_pixels dy·h, dβ = Σ_pixels dy, dW += [dγ; dβ]·eᵀ, dbias += [dγ; dβ] (the embedding is fixed,
/// so no gradient flows into it).
/// </summary>
public sealed class ScaleShiftLayer
{
    private readonly Parameter[] _parameters;
    private Tensor? _input;
    private Tensor? _embedding;
    private float[] _modulation = [];

    /// <summary>Creates the layer over existing weight [2C, D] and bias [2C] arrays (not copied).</summary>
    /// <exception cref="ArgumentException">An array has the wrong length.</exception>
    public ScaleShiftLayer(string name, int channels, int embeddingDims, float[] weight, float[] bias)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(embeddingDims, 1);
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentNullException.ThrowIfNull(bias);
        if (weight.Length != 2 * channels * embeddingDims || bias.Length != 2 * channels)
        {
            throw new ArgumentException(
                $"Scale-shift {name} ({embeddingDims}→2×{channels}) needs {2 * channels * embeddingDims} weights and {2 * channels} biases; got {weight.Length} and {bias.Length}.");
        }

        Channels = channels;
        EmbeddingDims = embeddingDims;
        Weight = new Parameter(name + ".weight", weight);
        Bias = new Parameter(name + ".bias", bias);
        _parameters = [Weight, Bias];
    }

    /// <summary>Feature channels C.</summary>
    public int Channels { get; }

    /// <summary>Embedding size D.</summary>
    public int EmbeddingDims { get; }

    /// <summary>The map W [2C, D].</summary>
    public Parameter Weight { get; }

    /// <summary>The map's bias [2C].</summary>
    public Parameter Bias { get; }

    /// <summary>The layer's trainable parameters.</summary>
    public IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>Modulates <paramref name="input"/> [B, C, H, W] by the embeddings [B, D, 1, 1].</summary>
    /// <exception cref="ArgumentException">The shapes do not fit the layer or each other.</exception>
    public Tensor Forward(Tensor input, Tensor embedding)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(embedding);
        if (input.Channels != Channels || embedding.Batch != input.Batch || embedding.ImageLength != EmbeddingDims)
        {
            throw new ArgumentException($"Scale-shift {Weight.Name} takes {Channels} channels and {EmbeddingDims} embedding values per image; got {input} and {embedding}.");
        }

        _input = input;
        _embedding = embedding;
        int c2 = 2 * Channels;
        if (_modulation.Length != input.Batch * c2)
        {
            _modulation = new float[input.Batch * c2];
        }

        var output = input.ZerosLike();
        int plane = input.PlaneLength;
        for (int b = 0; b < input.Batch; b++)
        {
            ReadOnlySpan<float> e = embedding.GetImage(b);
            Span<float> m = _modulation.AsSpan(b * c2, c2);
            for (int j = 0; j < c2; j++)
            {
                double sum = Bias.Value[j];
                ReadOnlySpan<float> row = Weight.Value.AsSpan(j * EmbeddingDims, EmbeddingDims);
                for (int k = 0; k < EmbeddingDims; k++)
                {
                    sum += row[k] * e[k];
                }

                m[j] = (float)sum;
            }

            for (int c = 0; c < Channels; c++)
            {
                float scale = 1f + m[c];
                float shift = m[Channels + c];
                int start = ((b * Channels) + c) * plane;
                ReadOnlySpan<float> x = input.Data.AsSpan(start, plane);
                Span<float> y = output.Data.AsSpan(start, plane);
                for (int i = 0; i < plane; i++)
                {
                    y[i] = (x[i] * scale) + shift;
                }
            }
        }

        return output;
    }

    /// <summary>Accumulates the map's gradients and returns d loss / d input.</summary>
    /// <exception cref="InvalidOperationException">No forward pass came first.</exception>
    public Tensor Backward(Tensor outputGradient)
    {
        ArgumentNullException.ThrowIfNull(outputGradient);
        Tensor input = _input ?? throw new InvalidOperationException($"Scale-shift {Weight.Name}: Backward before Forward.");
        Tensor embedding = _embedding!;
        input.CheckSameShape(outputGradient, nameof(outputGradient));
        var inputGradient = input.ZerosLike();
        int plane = input.PlaneLength;
        int c2 = 2 * Channels;
        var modulationGradient = new float[c2];
        for (int b = 0; b < input.Batch; b++)
        {
            ReadOnlySpan<float> m = _modulation.AsSpan(b * c2, c2);
            for (int c = 0; c < Channels; c++)
            {
                float scale = 1f + m[c];
                int start = ((b * Channels) + c) * plane;
                ReadOnlySpan<float> x = input.Data.AsSpan(start, plane);
                ReadOnlySpan<float> dy = outputGradient.Data.AsSpan(start, plane);
                Span<float> dx = inputGradient.Data.AsSpan(start, plane);
                double dScale = 0, dShift = 0;
                for (int i = 0; i < plane; i++)
                {
                    dScale += dy[i] * x[i];
                    dShift += dy[i];
                    dx[i] = dy[i] * scale;
                }

                modulationGradient[c] = (float)dScale;
                modulationGradient[Channels + c] = (float)dShift;
            }

            ReadOnlySpan<float> e = embedding.GetImage(b);
            for (int j = 0; j < c2; j++)
            {
                float g = modulationGradient[j];
                Bias.Gradient[j] += g;
                Span<float> row = Weight.Gradient.AsSpan(j * EmbeddingDims, EmbeddingDims);
                for (int k = 0; k < EmbeddingDims; k++)
                {
                    row[k] += g * e[k];
                }
            }
        }

        return inputGradient;
    }
}
