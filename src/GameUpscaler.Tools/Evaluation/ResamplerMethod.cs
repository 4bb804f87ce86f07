namespace GameUpscaler.Evaluation;

using GameUpscaler.Imaging;
using GameUpscaler.Resampling;

/// <summary>Upscaling with a MATLAB-compatible resampling kernel (the literature's bicubic baseline and friends).</summary>
/// <param name="Kernel">The kernel.</param>
public sealed record ResamplerMethod(ResampleKernel Kernel) : IUpscaleMethod
{
    /// <inheritdoc />
    public string Name => Kernel.ToString().ToLowerInvariant();

    /// <inheritdoc />
    public Image8 Upscale(Image8 lowResolution, Size2D outputSize)
    {
        ArgumentNullException.ThrowIfNull(lowResolution);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputSize.Width, 1, nameof(outputSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(outputSize.Height, 1, nameof(outputSize));
        return ImageResizer.Resize(lowResolution, outputSize.Width, outputSize.Height, Kernel);
    }
}
