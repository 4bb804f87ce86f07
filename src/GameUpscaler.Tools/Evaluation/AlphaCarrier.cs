namespace GameUpscaler.Evaluation;

using GameUpscaler.Imaging;
using GameUpscaler.Resampling;

/// <summary>
/// Carries an image's alpha channel past a network that only sees RGB: the alpha plane is resampled bicubically
/// (MATLAB rule) to the upscaled size and attached. Every network-based method (CPU, ONNX Runtime, Vulkan) uses this
/// one rule, so their RGBA outputs agree.
/// </summary>
public static class AlphaCarrier
{
    /// <summary>
    /// The whole still-image path of a network at its own integer scale: RGB planes into <paramref name="network"/>,
    /// its float output resampled to <paramref name="outputSize"/> by <see cref="OutputResampler"/> (the rule the GPU
    /// output pass uses for non-integer quality modes), rounded, and the alpha attached.
    /// </summary>
    public static Image8 UpscaleRgb(Image8 lowResolution, Size2D outputSize, Func<PlanarImage, PlanarImage> network)
    {
        ArgumentNullException.ThrowIfNull(lowResolution);
        ArgumentNullException.ThrowIfNull(network);
        Image8 rgb = lowResolution.HasAlpha ? lowResolution.ToRgb() : lowResolution;
        Image8 upscaled = OutputResampler.Resample(network(rgb.ToPlanar()), outputSize.Width, outputSize.Height).ToImage8();
        return Attach(lowResolution, upscaled);
    }

    /// <summary>
    /// Returns <paramref name="upscaledRgb"/> with the alpha of <paramref name="source"/> attached (RGBA), or
    /// <paramref name="upscaledRgb"/> itself when the source has no alpha.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="upscaledRgb"/> is not a 3-channel image.</exception>
    public static Image8 Attach(Image8 source, Image8 upscaledRgb)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(upscaledRgb);
        if (!source.HasAlpha)
        {
            return upscaledRgb;
        }

        if (upscaledRgb.Channels != 3)
        {
            throw new ArgumentException("The upscaled image must be RGB.", nameof(upscaledRgb));
        }

        var alphaSource = new Image8(source.Width, source.Height, 3);
        for (int i = 0, n = source.Width * source.Height; i < n; i++)
        {
            alphaSource.Pixels[i * 3] = source.Pixels[(i * 4) + 3];
        }

        Image8 alpha = ImageResizer.Resize(alphaSource, upscaledRgb.Width, upscaledRgb.Height, ResampleKernel.Bicubic);
        var result = new Image8(upscaledRgb.Width, upscaledRgb.Height, 4);
        for (int i = 0, n = upscaledRgb.Width * upscaledRgb.Height; i < n; i++)
        {
            result.Pixels[i * 4] = upscaledRgb.Pixels[i * 3];
            result.Pixels[(i * 4) + 1] = upscaledRgb.Pixels[(i * 3) + 1];
            result.Pixels[(i * 4) + 2] = upscaledRgb.Pixels[(i * 3) + 2];
            result.Pixels[(i * 4) + 3] = alpha.Pixels[i * 3];
        }

        return result;
    }
}
