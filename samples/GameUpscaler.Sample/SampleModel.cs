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
        KnownModel? shipped = KnownModels.List()
            .Where(m => m.Name.StartsWith("x2", StringComparison.OrdinalIgnoreCase))
            .OrderBy(m => m.Name.EndsWith("-l1", StringComparison.OrdinalIgnoreCase) ? 0 : 1)
            .FirstOrDefault();
        if (shipped is not null)
        {
            return (KnownModels.Resolve(shipped.Path), shipped.Name);
        }

        // No trained model ships yet: a deterministic random C16/N4 ×2 generator exercises the same passes and cost.
        return (GeneratorWeights.CreateRandom(new GeneratorArchitecture(2, 16, 4), RandomSeed), "untrained random weights");
    }
}
