namespace GameUpscaler.Training.Layers;

/// <summary>Leaky ReLU with a fixed slope (the discriminator's activation): y = x for x &gt; 0, slope·x otherwise.</summary>
public sealed class LeakyReluLayer : ILayer
{
    private Tensor? _input;

    /// <summary>Creates the layer; 0.2 is the usual slope in GAN discriminators.</summary>
    public LeakyReluLayer(float slope = 0.2f)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(slope);
        NegativeSlope = slope;
    }

    /// <summary>The slope for negative inputs.</summary>
    public float NegativeSlope { get; }

    /// <inheritdoc/>
    public IReadOnlyList<Parameter> Parameters => [];

    /// <inheritdoc/>
    public Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        _input = input;
        var output = input.ZerosLike();
        float[] x = input.Data;
        float[] y = output.Data;
        for (int i = 0; i < x.Length; i++)
        {
            float v = x[i];
            y[i] = v > 0f ? v : NegativeSlope * v;
        }

        return output;
    }

    /// <inheritdoc/>
    public Tensor Backward(Tensor outputGradient)
    {
        ArgumentNullException.ThrowIfNull(outputGradient);
        Tensor input = _input ?? throw new InvalidOperationException("LeakyReLU: Backward before Forward.");
        input.CheckSameShape(outputGradient, nameof(outputGradient));
        var inputGradient = input.ZerosLike();
        float[] x = input.Data;
        float[] dy = outputGradient.Data;
        float[] dx = inputGradient.Data;
        for (int i = 0; i < x.Length; i++)
        {
            dx[i] = x[i] > 0f ? dy[i] : NegativeSlope * dy[i];
        }

        return inputGradient;
    }
}
