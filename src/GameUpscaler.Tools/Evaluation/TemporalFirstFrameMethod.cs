using GameUpscaler.Imaging;
using GameUpscaler.Models;
using GameUpscaler.Temporal;

namespace GameUpscaler.Evaluation;

/// <summary>
/// A temporal generator on a still image: the first frame after a reset (no history, no motion, no jitter), which is
/// what a player sees at a camera cut. The still-image tables (Set5, Set14, screenshots) score temporal models this way,
/// beside their per-frame twins.
/// </summary>
public sealed class TemporalFirstFrameMethod : IUpscaleMethod
{
    private readonly GeneratorWeights _weights;

    /// <exception cref="ArgumentException">The model is per-frame.</exception>
    public TemporalFirstFrameMethod(GeneratorWeights weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (!weights.Architecture.Temporal)
        {
            throw new ArgumentException($"{weights.Architecture} is per-frame: use GeneratorMethod.", nameof(weights));
        }

        _weights = weights;
    }

    /// <inheritdoc />
    public string Name => $"temporal-x{_weights.Architecture.Scale}-{_weights.Architecture.SizeName}-first-frame";

    /// <inheritdoc />
    public Image8 Upscale(Image8 lowResolution, Size2D outputSize)
    {
        ArgumentNullException.ThrowIfNull(lowResolution);
        Image8 rgb = lowResolution.HasAlpha ? lowResolution.ToRgb() : lowResolution;
        var render = new Size2D(rgb.Width, rgb.Height);
        var pipeline = new TemporalGeneratorReference(_weights, render, outputSize);
        Image8 upscaled = pipeline.Upscale(rgb, new float[render.Area * 2], [], 0, 0, reset: true);
        return AlphaCarrier.Attach(lowResolution, upscaled);
    }
}
