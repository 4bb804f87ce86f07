namespace GameUpscaler.Training.Layers;

/// <summary>Parametric ReLU with one learned slope per channel: y = x for x &gt; 0, a_c·x otherwise.</summary>
public sealed class PReluLayer : ILayer
{
    private readonly Parameter[] _parameters;
    private Tensor? _input;

    /// <summary>Creates the layer over an existing slope array [channels] (not copied).</summary>
    public PReluLayer(string name, float[] slopes)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(slopes);
        ArgumentOutOfRangeException.ThrowIfZero(slopes.Length, nameof(slopes));
        Slope = new Parameter(name + ".weight", slopes);
        _parameters = [Slope];
    }

    /// <summary>The per-channel slopes for negative inputs.</summary>
    public Parameter Slope { get; }

    /// <inheritdoc/>
    public IReadOnlyList<Parameter> Parameters => _parameters;

    /// <inheritdoc/>
    public Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Channels != Slope.Value.Length)
        {
            throw new ArgumentException($"PReLU {Slope.Name} has {Slope.Value.Length} slopes; the input {input} has {input.Channels} channels.", nameof(input));
        }

        _input = input;
        var output = input.ZerosLike();
        int plane = input.PlaneLength;
        float[] x = input.Data;
        float[] y = output.Data;
        for (int b = 0; b < input.Batch; b++)
        {
            for (int c = 0; c < input.Channels; c++)
            {
                float a = Slope.Value[c];
                int start = ((b * input.Channels) + c) * plane;
                for (int i = start; i < start + plane; i++)
                {
                    float v = x[i];
                    y[i] = v > 0f ? v : a * v;
                }
            }
        }

        return output;
    }

    /// <inheritdoc/>
    public Tensor Backward(Tensor outputGradient)
    {
        ArgumentNullException.ThrowIfNull(outputGradient);
        Tensor input = _input ?? throw new InvalidOperationException($"PReLU {Slope.Name}: Backward before Forward.");
        input.CheckSameShape(outputGradient, nameof(outputGradient));
        var inputGradient = input.ZerosLike();
        int plane = input.PlaneLength;
        float[] x = input.Data;
        float[] dy = outputGradient.Data;
        float[] dx = inputGradient.Data;
        for (int b = 0; b < input.Batch; b++)
        {
            for (int c = 0; c < input.Channels; c++)
            {
                float a = Slope.Value[c];
                double slopeGradient = 0;
                int start = ((b * input.Channels) + c) * plane;
                for (int i = start; i < start + plane; i++)
                {
                    float v = x[i];
                    if (v > 0f)
                    {
                        dx[i] = dy[i];
                    }
                    else
                    {
                        dx[i] = a * dy[i];
                        slopeGradient += dy[i] * v;
                    }
                }

                Slope.Gradient[c] += (float)slopeGradient;
            }
        }

        return inputGradient;
    }
}
