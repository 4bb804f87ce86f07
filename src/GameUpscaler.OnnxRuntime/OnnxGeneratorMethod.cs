using GameUpscaler.Evaluation;
using GameUpscaler.Imaging;
using GameUpscaler.Models;
using GameUpscaler.Resampling;

namespace GameUpscaler.OnnxRuntime;

/// <summary>
/// A generator model on the ONNX Runtime backend, for <c>upscale</c> and <c>eval</c>: the same contract as the CPU
/// <see cref="GeneratorMethod"/> (network at its integer scale, MATLAB bicubic to a different output size, alpha
/// resampled bicubically beside the network).
/// </summary>
public sealed class OnnxGeneratorMethod : IUpscaleMethod, IDisposable
{
    private readonly OnnxGenerator _generator;

    /// <summary>Prepares the model on ONNX Runtime.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="weights"/> is null.</exception>
    /// <exception cref="UpscalerException"><see cref="UpscalerErrorCode.BackendUnavailable"/>: no ONNX Runtime library.</exception>
    public OnnxGeneratorMethod(GeneratorWeights weights, OnnxRuntimeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(weights);
        _generator = new OnnxGenerator(weights, options);
    }

    /// <inheritdoc />
    public string Name
    {
        get
        {
            GeneratorArchitecture a = _generator.Architecture;
            return $"model-x{a.Scale}-c{a.Channels}n{a.BodyConvs}-onnx";
        }
    }

    /// <summary>The ONNX generator underneath (provider in use, fallback reason).</summary>
    public OnnxGenerator Generator => _generator;

    /// <inheritdoc />
    public Image8 Upscale(Image8 lowResolution, Size2D outputSize)
    {
        ArgumentNullException.ThrowIfNull(lowResolution);
        Image8 rgb = lowResolution.HasAlpha ? lowResolution.ToRgb() : lowResolution;
        Image8 upscaled = _generator.Run(rgb.ToPlanar()).ToImage8();
        if (upscaled.Width != outputSize.Width || upscaled.Height != outputSize.Height)
        {
            upscaled = ImageResizer.Resize(upscaled, outputSize.Width, outputSize.Height, ResampleKernel.Bicubic);
        }

        if (!lowResolution.HasAlpha)
        {
            return upscaled;
        }

        var alphaSource = new Image8(lowResolution.Width, lowResolution.Height, 3);
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

    /// <inheritdoc />
    public void Dispose() => _generator.Dispose();
}
