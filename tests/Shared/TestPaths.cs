namespace GameUpscaler.Tests;

/// <summary>
/// Where the repository, the shared evaluation data and the reference models are, found from the test binary's
/// location. Shared by every test project (linked from tests/Shared).
/// </summary>
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

    /// <summary>The realesr-animevideov3 ncnn .param (reference only, never shipped).</summary>
    public static string AnimeVideoParam => ReferenceModel("realesr-animevideov3", "realesr-animevideov3-x4.param");

    /// <summary>The realesr-animevideov3 ncnn .bin.</summary>
    public static string AnimeVideoBin => ReferenceModel("realesr-animevideov3", "realesr-animevideov3-x4.bin");

    /// <summary>The realesr-animevideov3 PyTorch checkpoint (fp32).</summary>
    public static string AnimeVideoPth => ReferenceModel("realesr-animevideov3", "realesr-animevideov3.pth");

    /// <summary>The realesr-general-x4v3 ncnn .param.</summary>
    public static string GeneralParam => ReferenceModel("realesr-general-x4v3", "RealESRGAN_General_x4_v3.param");

    /// <summary>The realesr-general-x4v3 ncnn .bin.</summary>
    public static string GeneralBin => ReferenceModel("realesr-general-x4v3", "RealESRGAN_General_x4_v3.bin");

    /// <summary>A fresh temporary folder, deleted by the caller's <c>using</c>.</summary>
    public static TemporaryDirectory CreateTemporaryDirectory() => new();

    private static string ReferenceModel(string folder, string file) => Path.Combine(SharedData, "reference-models", folder, file);

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
