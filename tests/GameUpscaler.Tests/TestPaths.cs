namespace GameUpscaler.Tests;

/// <summary>Where the repository and the shared evaluation data are, found from the test binary's location.</summary>
internal static class TestPaths
{
    /// <summary>The folder holding GameUpscaler.sln.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary><c>../shared/data</c> beside the repository (CI always provides it; a missing folder fails loudly).</summary>
    public static string SharedData
    {
        get
        {
            string path = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "data"));
            return Directory.Exists(path)
                ? path
                : throw new DirectoryNotFoundException($"Shared evaluation data not found at {path}; clone the repository beside 'shared'.");
        }
    }

    /// <summary>An evaluation dataset folder, e.g. "Set5".</summary>
    public static string EvalSet(string name) => Path.Combine(SharedData, "eval", name);

    /// <summary>A fresh temporary folder, deleted by the caller's <c>using</c>.</summary>
    public static TemporaryDirectory CreateTemporaryDirectory() => new();

    private static string FindRepositoryRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "GameUpscaler.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No GameUpscaler.sln above {AppContext.BaseDirectory}.");
    }
}

/// <summary>A temporary folder removed on dispose.</summary>
internal sealed class TemporaryDirectory : IDisposable
{
    public TemporaryDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "gameupscaler-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; never fail a test over cleanup.
        }
    }
}
