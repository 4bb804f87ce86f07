namespace GameUpscaler.Inference;

using GameUpscaler.Imaging;
using GameUpscaler.Models;
using GameUpscaler.Resampling;

/// <summary>
/// The CPU reference of a whole upscaled frame as a GPU backend produces it, step by step: the input (HDR through
/// <see cref="HdrTonemap"/>), the generator (<see cref="CpuGenerator"/>), the resample to the display size
/// (<see cref="OutputResampler"/>), sharpening (<see cref="ContrastAdaptiveSharpener"/> on RGB, noise attenuation
/// off), the inverse tonemap and the HUD (<see cref="HudCompositor"/>). Backends are tested against it.
/// </summary>
public static class FrameReference
{
    /// <summary>The network input: RGB of the render-size colour, tonemapped when <paramref name="hdr"/>.</summary>
    /// <exception cref="ArgumentNullException">The color image is null.</exception>
    /// <exception cref="ArgumentException">The color image has fewer than 3 planes.</exception>
    public static PlanarImage PrepareInput(PlanarImage color, bool hdr)
    {
        ArgumentNullException.ThrowIfNull(color);
        if (color.Channels < 3)
        {
            throw new ArgumentException("The color image needs at least 3 planes.", nameof(color));
        }

        var rgb = new PlanarImage(color.Width, color.Height, 3);
        for (int c = 0; c < 3; c++)
        {
            ReadOnlySpan<float> source = color.GetPlane(c);
            Span<float> target = rgb.GetPlane(c);
            for (int i = 0; i < source.Length; i++)
            {
                target[i] = hdr ? HdrTonemap.Forward(source[i]) : source[i];
            }
        }

        return rgb;
    }

    /// <summary>A whole frame with a generator: input, network, <see cref="Compose"/>.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static PlanarImage Upscale(
        GeneratorWeights weights, PlanarImage color, Size2D displaySize, float sharpness, bool hdr, PlanarImage? hud)
    {
        ArgumentNullException.ThrowIfNull(weights);
        PlanarImage network = new CpuGenerator(weights).Run(PrepareInput(color, hdr));
        return Compose(network, displaySize, sharpness, hdr, hud);
    }

    /// <summary>
    /// The output chain after the network: resample to <paramref name="displaySize"/>, sharpen, inverse tonemap,
    /// HUD. Returns RGBA planes (alpha 1 without a HUD), not clamped or rounded (the output format does that).
    /// </summary>
    /// <param name="network">The network's RGB output (tonemapped space when <paramref name="hdr"/>).</param>
    /// <param name="displaySize">The output size.</param>
    /// <param name="sharpness">0 (off) to 1.</param>
    /// <param name="hdr">Apply <see cref="HdrTonemap.Inverse"/>.</param>
    /// <param name="hud">Premultiplied RGBA planes of the display size, or null.</param>
    /// <exception cref="ArgumentNullException">The network output is null.</exception>
    /// <exception cref="ArgumentException">The HUD is not RGBA of the display size.</exception>
    public static PlanarImage Compose(PlanarImage network, Size2D displaySize, float sharpness, bool hdr, PlanarImage? hud)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (hud is not null && (hud.Width != displaySize.Width || hud.Height != displaySize.Height || hud.Channels != 4))
        {
            throw new ArgumentException($"The HUD must be RGBA of the display size {displaySize}.", nameof(hud));
        }

        PlanarImage rgb = network.Channels == 3 ? network : PrepareInput(network, hdr: false);
        PlanarImage resampled = OutputResampler.Resample(rgb, displaySize.Width, displaySize.Height);
        PlanarImage sharpened = ContrastAdaptiveSharpener.Sharpen(resampled, sharpness);
        var result = new PlanarImage(displaySize.Width, displaySize.Height, 4);
        for (int i = 0, n = result.PlaneLength; i < n; i++)
        {
            float r = sharpened.Data[i];
            float g = sharpened.Data[n + i];
            float b = sharpened.Data[(2 * n) + i];
            if (hdr)
            {
                (r, g, b) = (HdrTonemap.Inverse(r), HdrTonemap.Inverse(g), HdrTonemap.Inverse(b));
            }

            float a = 1f;
            if (hud is not null)
            {
                (r, g, b, a) = HudCompositor.Over(r, g, b, hud.Data[i], hud.Data[n + i], hud.Data[(2 * n) + i], hud.Data[(3 * n) + i]);
            }

            result.Data[i] = r;
            result.Data[n + i] = g;
            result.Data[(2 * n) + i] = b;
            result.Data[(3 * n) + i] = a;
        }

        return result;
    }
}
