namespace GameUpscaler.Evaluation;

using GameUpscaler.Imaging;
using GameUpscaler.Inference;
using GameUpscaler.Models;
using GameUpscaler.Resampling;

/// <summary>
/// A generator model on the CPU reference backend. The network runs at its own integer scale; a different output
/// size (non-integer quality modes) is reached with <see cref="OutputResampler"/> on the network's float output,
/// the rule the GPU output pass uses too. Alpha, when present, is resampled bicubically beside the network.
/// </summary>
public sealed class GeneratorMethod : IUpscaleMethod
{
    private readonly CpuGenerator _generator;
    private readonly GeneratorArchitecture _architecture;

    /// <summary>Prepares the model (weights are packed once).</summary>
    public GeneratorMethod(GeneratorWeights weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        _architecture = weights.Architecture;
        _generator = new CpuGenerator(weights);
    }

    /// <inheritdoc />
    public string Name => $"model-x{_architecture.Scale}-c{_architecture.Channels}n{_architecture.BodyConvs}";

    /// <inheritdoc />
    public Image8 Upscale(Image8 lowResolution, Size2D outputSize)
    {
        ArgumentNullException.ThrowIfNull(lowResolution);
        Image8 rgb = lowResolution.HasAlpha ? lowResolution.ToRgb() : lowResolution;
        PlanarImage network = _generator.Run(rgb.ToPlanar());
        Image8 upscaled = OutputResampler.Resample(network, outputSize.Width, outputSize.Height).ToImage8();

        if (!lowResolution.HasAlpha)
        {
            return upscaled;
        }

        Image8 alphaSource = new(lowResolution.Width, lowResolution.Height, 3);
        for (int i = 0, n = lowResolution.Width * lowResolution.Height; i < n; i++)
        {
            alphaSource.Pixels[i * 3] = lowResolution.Pixels[(i * 4) + 3];
        }

        Image8 alpha = ImageResizer.Resize(alphaSource, outputSize.Width, outputSize.Height, ResampleKernel.Bicubic);
        var result = new Image8(outputSize.Width, outputSize.Height, 4);
        for (int i = 0, n = outputSize.Width * outputSize.Height; i < n; i++)
        {
            result.Pixels[i * 4] = upscaled.Pixels[i * 3];
            result.Pixels[(i * 4) + 1] = upscaled.Pixels[(i * 3) + 1];
            result.Pixels[(i * 4) + 2] = upscaled.Pixels[(i * 3) + 2];
            result.Pixels[(i * 4) + 3] = alpha.Pixels[i * 3];
        }

        return result;
    }
}
