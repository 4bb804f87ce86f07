namespace GameUpscaler.Models;

/// <summary>
/// The catalogue of shipped generator models (<c>models/*.safetensors</c>), in the manner of ImageSharp's
/// <c>KnownResamplers</c>: a model is named by its file name without extension. Searched, in order: the folder in
/// the <c>GAMEUPSCALER_MODELS</c> environment variable, <c>models/</c> beside the program, and <c>models/</c> in the
/// source tree the program was built from (so the CLI finds them when run with <c>dotnet run</c>).
/// </summary>
public static class KnownModels
{
    /// <summary>The environment variable naming an extra models folder.</summary>
    public const string EnvironmentVariable = "GAMEUPSCALER_MODELS";

    /// <summary>
    /// The folder of a native library that hosts the plugin (the C API's libgameupscaler.so sets it to its own
    /// folder), whose <c>models/</c> is searched right after <see cref="EnvironmentVariable"/>'s: a native library's
    /// <see cref="AppContext.BaseDirectory"/> is the host executable's folder, not the library's. Null in .NET hosts.
    /// </summary>
    public static string? NativeLibraryDirectory { get; set; }

    /// <summary>The folders searched, existing ones only, in priority order.</summary>
    public static IReadOnlyList<string> SearchDirectories()
    {
        var directories = new List<string>();
        string? fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            directories.Add(Path.GetFullPath(fromEnvironment));
        }

        if (NativeLibraryDirectory is string library)
        {
            directories.Add(Path.Combine(library, "models"));
        }

        directories.Add(Path.Combine(AppContext.BaseDirectory, "models"));
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "GameUpscaler.sln")))
            {
                directories.Add(Path.Combine(directory.FullName, "models"));
                break;
            }
        }

        return directories.Where(Directory.Exists).Distinct(StringComparer.Ordinal).ToArray();
    }

    /// <summary>All models found, first occurrence of each name winning.</summary>
    public static IReadOnlyList<KnownModel> List()
    {
        var models = new Dictionary<string, KnownModel>(StringComparer.OrdinalIgnoreCase);
        foreach (string directory in SearchDirectories())
        {
            foreach (string path in Directory.EnumerateFiles(directory, "*.safetensors").Order(StringComparer.Ordinal))
            {
                string name = Path.GetFileNameWithoutExtension(path);
                if (!models.ContainsKey(name))
                {
                    (string description, bool usable) = Describe(path);
                    models[name] = new KnownModel(name, path, description, usable);
                }
            }
        }

        return models.Values.OrderBy(m => m.Name, StringComparer.Ordinal).ToArray();
    }

    /// <summary>Loads a model given as a file path or as the name of a known model.</summary>
    /// <exception cref="FileNotFoundException">Neither a file nor a known model has that name (the message lists the known ones).</exception>
    /// <exception cref="ModelFormatException">The file is malformed.</exception>
    public static GeneratorWeights Resolve(string fileOrName) => GeneratorWeights.Load(ResolvePath(fileOrName));

    /// <summary>The file a model argument names: the path itself if such a file exists, else the known model's file.</summary>
    /// <exception cref="FileNotFoundException">Neither a file nor a known model has that name (the message lists the known ones).</exception>
    public static string ResolvePath(string fileOrName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileOrName);
        if (File.Exists(fileOrName))
        {
            return fileOrName;
        }

        IReadOnlyList<KnownModel> known = List();
        KnownModel? match = known.FirstOrDefault(m => string.Equals(m.Name, fileOrName, StringComparison.OrdinalIgnoreCase));
        if (match is null)
        {
            string names = known.Count == 0 ? "none are shipped yet" : "known: " + string.Join(", ", known.Select(m => m.Name));
            throw new FileNotFoundException($"No model file or known model named '{fileOrName}' ({names}).", fileOrName);
        }

        return match.Path;
    }

    private static (string Description, bool IsUsable) Describe(string path)
    {
        try
        {
            GeneratorWeights weights = GeneratorWeights.Load(path);
            GeneratorArchitecture a = weights.Architecture;
            string blend = weights.Metadata.TryGetValue(GeneratorWeights.InterpolationAlphaKey, out string? alpha)
                ? $", network interpolation (alpha {alpha})"
                : string.Empty;
            return ($"x{a.Scale} C={a.Channels} N={a.BodyConvs}, {a.MacsPerInputPixel:N0} MAC/px{blend}", true);
        }
        catch (Exception e) when (e is ModelFormatException or IOException or UnauthorizedAccessException)
        {
            // One bad file must not hide the others: it is listed as unusable with the reason, and lookup goes on.
            return ("unusable: " + e.Message, false);
        }
    }
}
