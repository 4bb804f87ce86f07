using GameUpscaler.Models;

namespace GameUpscaler.Sample;

/// <summary>Which generator the sample runs: the one asked for, else a shipped ×2 model, else untrained random weights (said so).</summary>
internal static class SampleModel
{
    /// <summary>The seed of the stand-in generator, fixed so headless frames are reproducible.</summary>
    public const int RandomSeed = 1;

    public static (GeneratorWeights? Weights, string Description) Resolve(SampleOptions options)
    {
        if (options.SpatialOnly)
        {
            return (null, "spatial only");
        }

        if (options.Model is not null)
        {
            return (KnownModels.Resolve(options.Model), Path.GetFileNameWithoutExtension(options.Model));
        }

        // The L1 twin first: on aliased game frames it is the more faithful of the two (the model cards' scene-1spp rows).
        // Among those, the cheapest: the default must stay real-time on any device (lavapipe included); a player picks
        // a larger model with --model.
        (KnownModel Model, GeneratorWeights Weights)? shipped = KnownModels.List()
            .Where(m => m.Name.StartsWith("x2", StringComparison.OrdinalIgnoreCase))
            .Select(m => (Model: m, Weights: KnownModels.Resolve(m.Path)))
            .Where(m => !m.Weights.Architecture.Temporal)
            .OrderBy(m => m.Model.Name.EndsWith("-l1", StringComparison.OrdinalIgnoreCase) ? 0 : 1)
            .ThenBy(m => m.Weights.Architecture.MacsPerInputPixel)
            .ThenBy(m => m.Model.Name, StringComparer.Ordinal)
            .Select(m => ((KnownModel, GeneratorWeights)?)m)
            .FirstOrDefault();
        if (shipped is { } chosen)
        {
            return (chosen.Weights, chosen.Model.Name);
        }

        // No trained model ships yet: a deterministic random C16/N4 ×2 generator exercises the same passes and cost.
        return (GeneratorWeights.CreateRandom(new GeneratorArchitecture(2, 16, 4), RandomSeed), "untrained random weights");
    }

    /// <summary>
    /// The temporal generator of the temporal variant: the one asked for, else the cheapest shipped ×2 temporal model
    /// (L1 before GAN, as for the per-frame default: on the captures the L1 model is the more faithful and the steadier),
    /// else none (the TAAU alone).
    /// </summary>
    /// <exception cref="SampleUsageException">The model asked for is per-frame.</exception>
    public static (GeneratorWeights? Weights, string Description) ResolveTemporal(SampleOptions options)
    {
        if (options.SpatialOnly)
        {
            return (null, "TAAU");
        }

        if (options.TemporalModel is not null)
        {
            GeneratorWeights weights = KnownModels.Resolve(options.TemporalModel);
            return weights.Architecture.Temporal
                ? (weights, Path.GetFileNameWithoutExtension(options.TemporalModel))
                : throw new SampleUsageException($"--temporal-model needs a temporal generator; {options.TemporalModel} is {weights.Architecture} (give it as --model).");
        }

        (KnownModel Model, GeneratorWeights Weights)? shipped = KnownModels.List()
            .Where(m => m.Name.StartsWith("x2", StringComparison.OrdinalIgnoreCase))
            .Select(m => (Model: m, Weights: KnownModels.Resolve(m.Path)))
            .Where(m => m.Weights.Architecture.Temporal)
            .OrderBy(m => m.Model.Name.EndsWith("-l1", StringComparison.OrdinalIgnoreCase) ? 0 : 1)
            .ThenBy(m => m.Weights.Architecture.MacsPerInputPixel)
            .ThenBy(m => m.Model.Name, StringComparer.Ordinal)
            .Select(m => ((KnownModel, GeneratorWeights)?)m)
            .FirstOrDefault();
        return shipped is { } chosen ? (chosen.Weights, chosen.Model.Name) : (null, "TAAU");
    }
}
