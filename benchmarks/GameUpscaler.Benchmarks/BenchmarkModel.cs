using GameUpscaler.Models;
using GameUpscaler.Models.Ncnn;

namespace GameUpscaler.Benchmarks;

/// <summary>
/// A model measured by the backend comparison: a random generator of a shipped size, an imported reference model,
/// or a shipped model from <c>models/</c>. Weights are created or loaded once, on first use.
/// </summary>
public sealed class BenchmarkModel
{
    private readonly Func<GeneratorWeights> _load;
    private GeneratorWeights? _weights;

    private BenchmarkModel(string name, Func<GeneratorWeights> load)
    {
        Name = name;
        _load = load;
    }

    /// <summary>How the model reads in the results table.</summary>
    public string Name { get; }

    /// <summary>The weights (loaded on first use).</summary>
    public GeneratorWeights Weights => _weights ??= _load();

    /// <summary>The environment variable that keeps only models whose name contains one of its comma-separated words.</summary>
    public const string FilterVariable = "GAMEUPSCALER_BENCH_MODELS";

    /// <summary>
    /// Random generators of the shipped sizes (x2 C8/N2, C16/N4, C32/N6; x3 C16/N4), realesr-animevideov3 imported
    /// from <c>../shared/data/reference-models</c> when that folder is beside the repository, and every per-frame model
    /// in <c>models/</c> (a temporal model needs its history and the TAAU around it: <c>capture eval</c> and
    /// <c>bench --models taau</c> measure those), kept to the names <see cref="FilterVariable"/> lists when it is set
    /// (e.g. <c>random,animevideov3</c>, so a slow device measures a subset).
    /// </summary>
    public static IEnumerable<BenchmarkModel> All()
    {
        string[] words = (Environment.GetEnvironmentVariable(FilterVariable) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return Candidates().Where(m => words.Length == 0 || words.Any(w => m.Name.Contains(w, StringComparison.OrdinalIgnoreCase)));
    }

    private static IEnumerable<BenchmarkModel> Candidates()
    {
        foreach (GeneratorArchitecture architecture in new GeneratorArchitecture[] { new(2, 8, 2), new(2, 16, 4), new(2, 32, 6), new(3, 16, 4) })
        {
            yield return new BenchmarkModel($"x{architecture.Scale} C{architecture.Channels} N{architecture.BodyConvs} random", () => GeneratorWeights.CreateRandom(architecture, seed: 1));
        }

        string? root = RepositoryRoot();
        if (root is not null)
        {
            string folder = Path.Combine(root, "..", "shared", "data", "reference-models", "realesr-animevideov3");
            string param = Path.Combine(folder, "realesr-animevideov3-x4.param");
            string bin = Path.Combine(folder, "realesr-animevideov3-x4.bin");
            if (File.Exists(param) && File.Exists(bin))
            {
                yield return new BenchmarkModel("x4 C64 N16 animevideov3", () => NcnnImporter.Import(param, bin));
            }
        }

        foreach (KnownModel model in KnownModels.List().Where(m => m.IsUsable && !GeneratorWeights.Load(m.Path).Architecture.Temporal))
        {
            yield return new BenchmarkModel($"models/{model.Name}", () => GeneratorWeights.Load(model.Path));
        }
    }

    /// <inheritdoc />
    public override string ToString() => Name;

    private static string? RepositoryRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "GameUpscaler.sln")))
            {
                return directory.FullName;
            }
        }

        return null;
    }
}
