using System.Security.Cryptography;

namespace GameUpscaler.Training.Data;

/// <summary>
/// Keeps evaluation images out of training, three ways: any path inside an evaluation folder
/// (<c>../shared/data/eval</c> by default) is refused; files of the kinds that the game screenshot sets were taken
/// from are skipped wherever they are (Red Eclipse <c>data/maps/*.png</c>, SuperTuxKart track screenshots,
/// Widelands <c>loadscreens</c>, FlightGear <c>Textures/Splash*</c>); and any file whose bytes equal an evaluation
/// image (SHA-256) is skipped, wherever it was copied to.
/// </summary>
public sealed class EvaluationDataGuard
{
    private readonly string[] _forbiddenRoots;
    private readonly HashSet<string> _forbiddenHashes = new(StringComparer.Ordinal);

    /// <summary>Creates a guard over the given evaluation folders (those that exist are also hashed).</summary>
    public EvaluationDataGuard(IEnumerable<string> evaluationRoots)
    {
        ArgumentNullException.ThrowIfNull(evaluationRoots);
        _forbiddenRoots = evaluationRoots.Select(r => Path.TrimEndingDirectorySeparator(Path.GetFullPath(r))).Distinct(StringComparer.Ordinal).ToArray();
        foreach (string root in _forbiddenRoots.Where(Directory.Exists))
        {
            foreach (string file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
            {
                _forbiddenHashes.Add(HashFile(file));
            }
        }
    }

    /// <summary>The evaluation folders that are refused.</summary>
    public IReadOnlyList<string> ForbiddenRoots => _forbiddenRoots;

    /// <summary>Evaluation files known by content.</summary>
    public int ForbiddenFileCount => _forbiddenHashes.Count;

    /// <summary>
    /// A guard over the project's evaluation data: <c>shared/data/eval</c> beside the repository that contains the
    /// current directory or this assembly.
    /// </summary>
    public static EvaluationDataGuard ForRepository()
    {
        var roots = new List<string>();
        foreach (string start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (DirectoryInfo? d = new(start); d is not null; d = d.Parent)
            {
                if (File.Exists(Path.Combine(d.FullName, "GameUpscaler.sln")))
                {
                    roots.Add(Path.Combine(d.FullName, "..", "shared", "data", "eval"));
                    break;
                }
            }
        }

        return new EvaluationDataGuard(roots);
    }

    /// <summary>Throws when <paramref name="directory"/> is an evaluation folder or lies inside (or contains) one.</summary>
    /// <exception cref="ArgumentException">The folder would feed evaluation images into training.</exception>
    public void CheckSourceDirectory(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        foreach (string root in _forbiddenRoots)
        {
            if (IsInside(full, root) || IsInside(root, full))
            {
                throw new ArgumentException($"Refusing training data from '{directory}': it overlaps the evaluation data '{root}'.", nameof(directory));
            }
        }
    }

    /// <summary>Why <paramref name="path"/> must not be trained on, or null when it may.</summary>
    public string? ExclusionReason(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string full = Path.GetFullPath(path);
        foreach (string root in _forbiddenRoots)
        {
            if (IsInside(full, root))
            {
                return $"inside the evaluation data {root}";
            }
        }

        string? kind = ScreenshotKind(full);
        if (kind is not null)
        {
            return kind;
        }

        if (_forbiddenHashes.Count > 0 && File.Exists(full) && _forbiddenHashes.Contains(HashFile(full)))
        {
            return "identical to an evaluation image";
        }

        return null;
    }

    /// <summary>The screenshot kind of the game screenshot evaluation sets that <paramref name="path"/> is, or null.</summary>
    public static string? ScreenshotKind(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string p = path.Replace('\\', '/');
        string name = Path.GetFileName(p);
        string parent = Path.GetFileName(Path.GetDirectoryName(p) ?? "") ?? "";
        string grandParent = Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(p) ?? "") ?? "") ?? "";
        // Judged by place and name alone, whichever game folder they sit in: a copy elsewhere is still a screenshot.
        if (p.Contains("/data/maps/", StringComparison.OrdinalIgnoreCase) && name.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
        {
            return "a Red Eclipse map screenshot (data/maps/*.png)";
        }

        if (grandParent.Equals("tracks", StringComparison.OrdinalIgnoreCase) && name.StartsWith("screenshot", StringComparison.OrdinalIgnoreCase))
        {
            return "a SuperTuxKart track screenshot";
        }

        if (p.Contains("/loadscreens/", StringComparison.OrdinalIgnoreCase))
        {
            return "a Widelands loading screen";
        }

        if (parent.Equals("Textures", StringComparison.OrdinalIgnoreCase) && name.StartsWith("Splash", StringComparison.OrdinalIgnoreCase))
        {
            return "a FlightGear splash screen (Textures/Splash*)";
        }

        return null;
    }

    private static bool IsInside(string path, string root) =>
        path.Equals(root, StringComparison.Ordinal)
        || path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal);

    private static string HashFile(string path)
    {
        using FileStream stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
