using GameUpscaler.Evaluation;
using GameUpscaler.Imaging;
using GameUpscaler.Models;
using GameUpscaler.Resampling;

namespace GameUpscaler.OnnxRuntime;

/// <summary>
/// A generator model on the ONNX Runtime backend, for <c>upscale</c> and <c>eval</c>: the same contract as the CPU
/// <see cref="GeneratorMethod"/> (network at its integer scale, <see cref="OutputResampler"/> to a different output
/// size, alpha carried by <see cref="AlphaCarrier"/>).
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
            return $"model-x{a.Scale}-{a.SizeName}-onnx";
        }
    }

    /// <summary>The ONNX generator underneath (provider in use, fallback reason).</summary>
    public OnnxGenerator Generator => _generator;

    /// <inheritdoc />
    public Image8 Upscale(Image8 lowResolution, Size2D outputSize) =>
        // The same non-integer resample rule as the CPU and Vulkan paths, so every backend gives the same frame.
        AlphaCarrier.UpscaleRgb(lowResolution, outputSize, rgb => _generator.Run(rgb));

    /// <inheritdoc />
    public void Dispose() => _generator.Dispose();
}
