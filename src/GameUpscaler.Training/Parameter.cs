namespace GameUpscaler.Training;

/// <summary>A trainable tensor: its values and the gradient that backward passes accumulate into.</summary>
public sealed class Parameter
{
    /// <summary>Wraps <paramref name="value"/> (not copied) under <paramref name="name"/>.</summary>
    public Parameter(string name, float[] value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(value);
        Name = name;
        Value = value;
        Gradient = new float[value.Length];
    }

    /// <summary>The tensor's name (Real-ESRGAN's for generator parameters).</summary>
    public string Name { get; }

    /// <summary>The values that the optimizer updates in place.</summary>
    public float[] Value { get; }

    /// <summary>d loss / d value, accumulated over backward passes until <see cref="ZeroGradient"/>.</summary>
    public float[] Gradient { get; }

    /// <summary>Clears the accumulated gradient.</summary>
    public void ZeroGradient() => Array.Clear(Gradient);
}
