using GameUpscaler.Temporal;

namespace GameUpscaler.Vulkan;

/// <summary>
/// The TAAU pass (shaders/taau.comp): its bindings and push constants, from the same
/// <see cref="TemporalUpscalerSettings"/> the CPU reference takes, so both run one rule.
/// </summary>
internal static class TemporalPass
{
    /// <summary>The shader's name in the SPIR-V library.</summary>
    public const string Shader = "taau";

    /// <summary>colour, motion, depth, previous depth, history in, history out, output.</summary>
    public const int BindingCount = 7;

    /// <summary>Bytes of taau.comp's push-constant block.</summary>
    public const int PushConstantBytes = 14 * 4;

    [Flags]
    public enum Inputs : uint
    {
        None = 0,
        History = 1,
        Depth = 2,
        PreviousDepth = 4,
    }

    /// <summary>The push constants of one frame.</summary>
    public static uint[] PushConstants(Size2D render, Size2D display, float jitterX, float jitterY, Inputs inputs, TemporalUpscalerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return
        [
            (uint)render.Width, (uint)render.Height, (uint)display.Width, (uint)display.Height,
            Bits(jitterX), Bits(jitterY), (uint)inputs,
            Bits(2 * settings.KernelSigma * settings.KernelSigma), Bits(settings.MaxHistoryWeight), Bits(settings.MovingHistoryWeight),
            Bits(settings.ClipGamma), Bits(settings.StaticClipGamma), Bits(settings.SpatialFallbackWeight), Bits(settings.DisocclusionDepthTolerance),
        ];
    }

    private static uint Bits(float value) => BitConverter.SingleToUInt32Bits(value);
}
