namespace GameUpscaler.Imaging;

/// <summary>
/// The invertible tonemap HDR input goes through before the network and out of after it (Reinhard per channel):
/// <c>y = x / (1 + x)</c> on <c>max(x, 0)</c>, mapping [0, ∞) onto [0, 1) where the network was trained;
/// inverse <c>x = y / (1 − y)</c> on <c>y</c> clamped to [0, <see cref="MaxEncoded"/>], so any network output maps
/// back to a finite colour (at most 999). The Vulkan shaders (<c>shaders/common.glsl</c>) use the same formulas.
/// </summary>
public static class HdrTonemap
{
    /// <summary>Largest encoded value the inverse accepts; larger ones are clamped (it maps to 999).</summary>
    public const float MaxEncoded = 0.999f;

    /// <summary>Linear HDR value to the network's [0, 1) range.</summary>
    public static float Forward(float linear)
    {
        float x = MathF.Max(linear, 0f);
        return x / (1f + x);
    }

    /// <summary>The network's range back to linear HDR.</summary>
    public static float Inverse(float encoded)
    {
        float y = Math.Clamp(encoded, 0f, MaxEncoded);
        return y / (1f - y);
    }
}
