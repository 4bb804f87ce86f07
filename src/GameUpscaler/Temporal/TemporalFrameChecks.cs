using GameUpscaler.Imaging;

namespace GameUpscaler.Temporal;

/// <summary>The argument checks every TAAU implementation (CPU reference, Vulkan pass) applies, in one place so their errors agree.</summary>
public static class TemporalFrameChecks
{
    /// <summary>Throws unless both sizes are positive and the display is at least the render size.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The sizes do not make an upscale.</exception>
    public static void Sizes(Size2D renderSize, Size2D displaySize)
    {
        if (renderSize.Width < 1 || renderSize.Height < 1 || displaySize.Width < renderSize.Width || displaySize.Height < renderSize.Height)
        {
            throw new ArgumentOutOfRangeException(nameof(displaySize), $"Render {renderSize} and display {displaySize}: both positive, the display at least the render size.");
        }
    }

    /// <summary>Throws unless one frame's inputs fit <paramref name="renderSize"/> and the jitter is a sub-pixel offset.</summary>
    /// <exception cref="ArgumentNullException">The colour is null.</exception>
    /// <exception cref="ArgumentException">A size does not match, or the jitter is not finite or beyond ±1 render pixel.</exception>
    public static void Frame(Size2D renderSize, Image8 color, ReadOnlySpan<float> motion, ReadOnlySpan<float> depth, float jitterX, float jitterY)
    {
        ArgumentNullException.ThrowIfNull(color);
        int pixels = renderSize.Width * renderSize.Height;
        if (color.Width != renderSize.Width || color.Height != renderSize.Height)
        {
            throw new ArgumentException($"The colour is {color.Width}x{color.Height}; the render size is {renderSize}.", nameof(color));
        }

        if (motion.Length != pixels * 2)
        {
            throw new ArgumentException($"Motion must hold {pixels * 2} values ((mx, my) per render pixel), got {motion.Length}.", nameof(motion));
        }

        if (depth.Length != 0 && depth.Length != pixels)
        {
            throw new ArgumentException($"Depth must hold {pixels} values or none, got {depth.Length}.", nameof(depth));
        }

        if (!TemporalJitter.IsValidOffset(jitterX, jitterY))
        {
            throw new ArgumentException($"The jitter ({jitterX}, {jitterY}) must be finite and within ±1 render pixel.", nameof(jitterX));
        }
    }
}
