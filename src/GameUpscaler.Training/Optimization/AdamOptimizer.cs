namespace GameUpscaler.Training.Optimization;

/// <summary>Adam (Kingma &amp; Ba) with bias correction, updating parameters in place from their gradients.</summary>
public sealed class AdamOptimizer
{
    private readonly Parameter[] _parameters;

    /// <summary>Creates the optimizer with zeroed moments.</summary>
    public AdamOptimizer(IReadOnlyList<Parameter> parameters, double beta1 = 0.9, double beta2 = 0.99, double epsilon = 1e-8)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentOutOfRangeException.ThrowIfNegative(beta1);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(beta1, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(beta2);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(beta2, 1);
        _parameters = [.. parameters];
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
        FirstMoments = _parameters.Select(p => new float[p.Value.Length]).ToArray();
        SecondMoments = _parameters.Select(p => new float[p.Value.Length]).ToArray();
    }

    /// <summary>Decay of the gradient mean.</summary>
    public double Beta1 { get; }

    /// <summary>Decay of the squared-gradient mean.</summary>
    public double Beta2 { get; }

    /// <summary>Added to the RMS to avoid division by zero.</summary>
    public double Epsilon { get; }

    /// <summary>Steps taken (bias correction depends on it; saved in checkpoints).</summary>
    public long Step { get; set; }

    /// <summary>Per-parameter first moments (saved in checkpoints).</summary>
    public IReadOnlyList<float[]> FirstMoments { get; }

    /// <summary>Per-parameter second moments (saved in checkpoints).</summary>
    public IReadOnlyList<float[]> SecondMoments { get; }

    /// <summary>The parameters, in the order of the moment arrays.</summary>
    public IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>Applies one update with learning rate <paramref name="learningRate"/>.</summary>
    public void Update(double learningRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(learningRate);
        Step++;
        double correction1 = 1 - Math.Pow(Beta1, Step);
        double correction2 = 1 - Math.Pow(Beta2, Step);
        float stepSize = (float)(learningRate / correction1);
        float b1 = (float)Beta1;
        float b2 = (float)Beta2;
        float inverseSqrtCorrection2 = (float)(1 / Math.Sqrt(correction2));
        float eps = (float)Epsilon;
        for (int p = 0; p < _parameters.Length; p++)
        {
            float[] value = _parameters[p].Value;
            float[] grad = _parameters[p].Gradient;
            float[] m = FirstMoments[p];
            float[] v = SecondMoments[p];
            for (int i = 0; i < value.Length; i++)
            {
                float g = grad[i];
                m[i] = (b1 * m[i]) + ((1 - b1) * g);
                v[i] = (b2 * v[i]) + ((1 - b2) * g * g);
                value[i] -= stepSize * m[i] / ((MathF.Sqrt(v[i]) * inverseSqrtCorrection2) + eps);
            }
        }
    }
}
