using GameUpscaler.Imaging;
using GameUpscaler.Resampling;

namespace GameUpscaler.Training.Diffusion;

/// <summary>
/// The conditioning upsampler of the diffusion model: MATLAB's bicubic (Keys a = −0.5, symmetric borders) ×s in
/// float, no rounding, the same function the evaluation protocol's bicubic baseline uses. Deterministic, so training
/// and sampling see the same up(LR).
/// </summary>
public static class ConditionUpsampler
{
    /// <summary>Enlarges every image of the batch by <paramref name="scale"/>.</summary>
    public static Tensor Upsample(Tensor lowResolution, int scale)
    {
        ArgumentNullException.ThrowIfNull(lowResolution);
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        int width = lowResolution.Width * scale, height = lowResolution.Height * scale;
        var result = new Tensor(lowResolution.Batch, lowResolution.Channels, height, width);
        var image = new PlanarImage(lowResolution.Width, lowResolution.Height, lowResolution.Channels);
        for (int b = 0; b < lowResolution.Batch; b++)
        {
            lowResolution.GetImage(b).CopyTo(image.Data);
            ImageResizer.Resize(image, width, height, ResampleKernel.Bicubic).Data.CopyTo(result.GetImage(b));
        }

        return result;
    }
}
