using GameUpscaler.Evaluation;
using GameUpscaler.Imaging;
using GameUpscaler.Models;
using GameUpscaler.Resampling;
using GameUpscaler.Training.Layers;

namespace GameUpscaler.Training;

/// <summary>
/// The U-Net generator (<see cref="NetworkBackbone.UNet"/>) on the CPU, for the offline comparison (`compare`,
/// `snapshots`): the training layers' forward pass, tile by tile (<see cref="LowResolutionTiles"/>), as the diffusion
/// model runs, so that the two share one implementation of their backbone. Exact fp32, slower than the packed
/// <see cref="Inference.CpuGenerator"/> of the SRVGG generators; the output is resampled and alpha carried as
/// <see cref="GeneratorMethod"/> does. One call at a time per instance (the layers keep their activations).
/// </summary>
public sealed class UNetGeneratorMethod : IUpscaleMethod
{
    /// <summary>LR tile side: about 40 MB of activations for C12/N3 (every layer keeps its input).</summary>
    public const int DefaultTileSize = 192;

    private readonly TrainableGenerator _generator;
    private readonly Lock _lock = new();

    /// <summary>Prepares the model (its arrays are copied, so later edits of <paramref name="weights"/> are not seen).</summary>
    /// <exception cref="ArgumentException">The model is not a U-Net generator, or the tile size is below 1.</exception>
    public UNetGeneratorMethod(GeneratorWeights weights, int tileSize = DefaultTileSize)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (weights.Architecture.Backbone != NetworkBackbone.UNet)
        {
            throw new ArgumentException($"{weights.Architecture} is not a U-Net generator: run it with GeneratorMethod (the packed CPU reference).", nameof(weights));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(tileSize, 1);
        TileSize = tileSize;
        _generator = new TrainableGenerator(weights.Clone());
    }

    /// <summary>The architecture.</summary>
    public GeneratorArchitecture Architecture => _generator.Architecture;

    /// <summary>Side of the LR tiles (halo excluded).</summary>
    public int TileSize { get; }

    /// <inheritdoc />
    public string Name => $"model-x{Architecture.Scale}-{Architecture.SizeName}";

    /// <inheritdoc />
    public Image8 Upscale(Image8 lowResolution, Size2D outputSize) => AlphaCarrier.UpscaleRgb(lowResolution, outputSize, Run);

    /// <summary>Upscales RGB planes by the model's scale (not clamped).</summary>
    /// <exception cref="ArgumentException">The image is not RGB.</exception>
    public PlanarImage Run(PlanarImage lowResolution)
    {
        ArgumentNullException.ThrowIfNull(lowResolution);
        if (lowResolution.Channels != GeneratorArchitecture.ImageChannels)
        {
            throw new ArgumentException($"The generator takes RGB images; this one has {lowResolution.Channels} channels.", nameof(lowResolution));
        }

        var lr = new Tensor(1, 3, lowResolution.Height, lowResolution.Width, lowResolution.Data);
        Tensor output;
        lock (_lock)
        {
            output = LowResolutionTiles.Run(
                lr.Width,
                lr.Height,
                Architecture.Scale,
                GeneratorArchitecture.ImageChannels,
                TileSize,
                Architecture.ReceptiveRadius,
                (x, y, width, height) => _generator.Forward(LowResolutionTiles.Crop(lr, x, y, width, height)));
        }

        var result = new PlanarImage(output.Width, output.Height, 3);
        output.Data.CopyTo(result.Data, 0);
        return result;
    }
}
