namespace GameUpscaler.Training.Optimization;

/// <summary>
/// An exponential moving average of parameter values, <c>shadow ← d·shadow + (1 − d)·value</c> after each step: the
/// averaged weights are smoother than the last iterate and are what the GAN stage ships (as in Real-ESRGAN).
/// </summary>
public sealed class ExponentialMovingAverage
{
    private readonly Parameter[] _parameters;

    /// <summary>Starts the average at the parameters' current values.</summary>
    public ExponentialMovingAverage(IReadOnlyList<Parameter> parameters, double decay = 0.999)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentOutOfRangeException.ThrowIfNegative(decay);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(decay, 1);
        _parameters = [.. parameters];
        Decay = decay;
        Shadows = _parameters.Select(p => (float[])p.Value.Clone()).ToArray();
    }

    /// <summary>Weight of the old average in each update.</summary>
    public double Decay { get; }

    /// <summary>The averaged values, one array per parameter (saved in checkpoints).</summary>
    public IReadOnlyList<float[]> Shadows { get; }

    /// <summary>Moves the average towards the current values.</summary>
    public void Update()
    {
        float d = (float)Decay;
        for (int p = 0; p < _parameters.Length; p++)
        {
            float[] value = _parameters[p].Value;
            float[] shadow = Shadows[p];
            for (int i = 0; i < value.Length; i++)
            {
                shadow[i] = (d * shadow[i]) + ((1 - d) * value[i]);
            }
        }
    }

    /// <summary>The averaged values by parameter name.</summary>
    public Dictionary<string, float[]> ToDictionary()
    {
        var result = new Dictionary<string, float[]>(StringComparer.Ordinal);
        for (int p = 0; p < _parameters.Length; p++)
        {
            result.Add(_parameters[p].Name, (float[])Shadows[p].Clone());
        }

        return result;
    }
}
