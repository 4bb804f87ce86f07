namespace GameUpscaler.Evaluation;

using GameUpscaler.Imaging;
using GameUpscaler.Resampling;

/// <summary>The edge-adaptive spatial upscaler with contrast-adaptive sharpening (the non-ML baseline and fallback).</summary>
/// <param name="Sharpness">Sharpening strength, 0 to 1.</param>
public sealed record SpatialMethod(float Sharpness) : IUpscaleMethod
{
    /// <inheritdoc />
    public string Name => "spatial";

    /// <inheritdoc />
    public Image8 Upscale(Image8 lowResolution, Size2D outputSize)
    {
        ArgumentNullException.ThrowIfNull(lowResolution);
        return SpatialUpscaler.Upscale(lowResolution.ToPlanar(), outputSize.Width, outputSize.Height, Sharpness).ToImage8();
    }
}
