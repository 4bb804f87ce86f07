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
        if (weights.Architecture.Temporal)
        {
            throw new ArgumentException(
                $"{weights.Architecture} is a temporal generator: it needs motion vectors and its history (capture eval --method temporal), not single images.",
                nameof(weights));
        }

        _architecture = weights.Architecture;
        _generator = new CpuGenerator(weights);
    }

    /// <inheritdoc />
    public string Name => $"model-x{_architecture.Scale}-{_architecture.SizeName}";

    /// <inheritdoc />
    public Image8 Upscale(Image8 lowResolution, Size2D outputSize) =>
        AlphaCarrier.UpscaleRgb(lowResolution, outputSize, rgb => _generator.Run(rgb));
}
