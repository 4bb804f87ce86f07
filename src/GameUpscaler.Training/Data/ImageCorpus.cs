using GameUpscaler.Imaging;

namespace GameUpscaler.Training.Data;

/// <summary>
/// Natural and painted images for training, loaded once into memory: every PNG under the given folders (sorted,
/// so that a seeded run sees the same corpus), minus what <see cref="EvaluationDataGuard"/> excludes and images
/// too small to cut a patch from. Alpha is kept: the sampler only cuts fully opaque patches (sprites and portraits
/// have transparent surroundings that no game frame shows).
/// </summary>
public sealed class ImageCorpus
{
    /// <summary>Shortest side of a texture worth tiling.</summary>
    public const int MinimumTextureSide = 16;

    private ImageCorpus(IReadOnlyList<Image8> images, IReadOnlyList<string> files, IReadOnlyList<Image8> textures, IReadOnlyList<SkippedFile> skipped)
    {
        Images = images;
        Files = files;
        Textures = textures;
        Skipped = skipped;
    }

    /// <summary>The loaded images (RGB or RGBA).</summary>
    public IReadOnlyList<Image8> Images { get; }

    /// <summary>The file of each image.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>
    /// Seamless, fully opaque textures (RGB), each cut with wrap-around as if tiled: a game's terrain is made of small
    /// repeating tiles (Widelands' 64×64 terrains), too small for <see cref="Images"/> and unlike any single painting.
    /// </summary>
    public IReadOnlyList<Image8> Textures { get; }

    /// <summary>Files passed over, with the reason (excluded, undecodable, too small, over the pixel budget).</summary>
    public IReadOnlyList<SkippedFile> Skipped { get; }

    /// <summary>How many files were refused as evaluation images or of an evaluation screenshot kind.</summary>
    public int ExcludedCount => Skipped.Count(s => s.Excluded);

    /// <summary>Total pixels held.</summary>
    public long PixelCount => Images.Sum(i => (long)i.Width * i.Height);

    /// <summary>Loads the PNG files under <paramref name="directories"/>.</summary>
    /// <param name="directories">Folders searched recursively; each is checked with <see cref="EvaluationDataGuard.CheckSourceDirectory"/>.</param>
    /// <param name="guard">Decides which files are excluded.</param>
    /// <param name="minimumSide">Images with a side shorter than this are skipped.</param>
    /// <param name="maxPixels">Loading stops at this many pixels (memory budget).</param>
    /// <param name="textureDirectories">Folders of seamless textures (every PNG under them, any size of at least
    /// <see cref="MinimumTextureSide"/>), loaded into <see cref="Textures"/>; a texture with any transparent pixel
    /// is skipped.</param>
    /// <exception cref="ArgumentException">A folder overlaps the evaluation data.</exception>
    /// <exception cref="DirectoryNotFoundException">A folder does not exist.</exception>
    /// <param name="holdoutEvery">Keeps out of the corpus the images <see cref="IsHeldOut"/> picks (1 in N; 0: none), the
    /// validation split of this data that eval curves are scored on.</param>
    public static ImageCorpus Load(
        IEnumerable<string> directories, EvaluationDataGuard guard, int minimumSide = 96, long maxPixels = 200_000_000,
        IEnumerable<string>? textureDirectories = null, int holdoutEvery = 0)
    {
        ArgumentNullException.ThrowIfNull(directories);
        ArgumentNullException.ThrowIfNull(guard);
        ArgumentOutOfRangeException.ThrowIfNegative(holdoutEvery);
        List<string> files = ListPngFiles(directories, guard);
        var skipped = new List<SkippedFile>();
        var textures = new List<Image8>();
        foreach (string file in ListPngFiles(textureDirectories ?? [], guard))
        {
            if (IsExcluded(file, guard, skipped) || TryLoad(file, skipped) is not { } texture)
            {
                continue;
            }

            if (Math.Min(texture.Width, texture.Height) < MinimumTextureSide)
            {
                skipped.Add(new SkippedFile(file, $"texture smaller than {MinimumTextureSide} pixels", Excluded: false));
            }
            else if (texture.HasAlpha && !IsOpaque(texture))
            {
                skipped.Add(new SkippedFile(file, "texture with transparent pixels", Excluded: false));
            }
            else
            {
                textures.Add(texture.HasAlpha ? texture.ToRgb() : texture);
            }
        }

        var images = new List<Image8>();
        var loaded = new List<string>();
        long pixels = 0;
        foreach (string file in files)
        {
            if (IsExcluded(file, guard, skipped))
            {
                continue;
            }

            if (IsHeldOut(file, holdoutEvery))
            {
                skipped.Add(new SkippedFile(file, $"held out for validation (1 in {holdoutEvery})", Excluded: false));
                continue;
            }

            if (pixels >= maxPixels)
            {
                skipped.Add(new SkippedFile(file, "over the corpus pixel budget", Excluded: false));
                continue;
            }

            if (TryLoad(file, skipped) is not { } image)
            {
                continue;
            }

            if (Math.Min(image.Width, image.Height) < minimumSide)
            {
                skipped.Add(new SkippedFile(file, $"smaller than {minimumSide} pixels", Excluded: false));
                continue;
            }

            images.Add(image);
            loaded.Add(file);
            pixels += (long)image.Width * image.Height;
        }

        return new ImageCorpus(images, loaded, textures, skipped);
    }

    /// <summary>
    /// Whether <paramref name="file"/> belongs to the validation split of 1 in <paramref name="every"/> images: chosen by a
    /// hash (FNV-1a) of the file's name and its folder's name, so the split is the same on every machine and for every
    /// install path of the data, and the same for every stage and model trained on that data. Never for 0.
    /// </summary>
    public static bool IsHeldOut(string file, int every)
    {
        if (every <= 0)
        {
            return false;
        }

        string key = $"{Path.GetFileName(Path.GetDirectoryName(file))}/{Path.GetFileName(file)}";
        ulong hash = 14695981039346656037UL;
        foreach (byte b in System.Text.Encoding.UTF8.GetBytes(key))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash % (ulong)every == 0;
    }

    /// <summary>The held-out files under <paramref name="directories"/> (<see cref="IsHeldOut"/>), sorted, evaluation-like files left out.</summary>
    /// <exception cref="ArgumentException">A folder overlaps the evaluation data.</exception>
    /// <exception cref="DirectoryNotFoundException">A folder does not exist.</exception>
    public static IReadOnlyList<string> HeldOutFiles(IEnumerable<string> directories, EvaluationDataGuard guard, int every)
    {
        ArgumentNullException.ThrowIfNull(guard);
        ArgumentOutOfRangeException.ThrowIfLessThan(every, 1);
        return [.. ListPngFiles(directories, guard).Where(f => guard.ExclusionReason(f) is null && IsHeldOut(f, every))];
    }

    private static List<string> ListPngFiles(IEnumerable<string> directories, EvaluationDataGuard guard)
    {
        var files = new List<string>();
        foreach (string directory in directories)
        {
            guard.CheckSourceDirectory(directory);
            if (!Directory.Exists(directory))
            {
                throw new DirectoryNotFoundException($"Training data folder '{directory}' does not exist (scripts/fetch-training-data.sh fills one).");
            }

            files.AddRange(Directory.EnumerateFiles(directory, "*.png", SearchOption.AllDirectories).Select(Path.GetFullPath));
        }

        files.Sort(StringComparer.Ordinal);
        return files.Distinct(StringComparer.Ordinal).ToList();
    }

    private static bool IsExcluded(string file, EvaluationDataGuard guard, List<SkippedFile> skipped)
    {
        if (guard.ExclusionReason(file) is not { } reason)
        {
            return false;
        }

        skipped.Add(new SkippedFile(file, reason, Excluded: true));
        return true;
    }

    /// <summary>The image, or null with the reason added to <paramref name="skipped"/>.</summary>
    private static Image8? TryLoad(string file, List<SkippedFile> skipped)
    {
        try
        {
            return ImageFile.Load(file);
        }
        catch (ImageFormatException e)
        {
            skipped.Add(new SkippedFile(file, e.Message, Excluded: false));
            return null;
        }
    }

    /// <summary>Whether every pixel of an RGBA image has alpha 255.</summary>
    internal static bool IsOpaque(Image8 image)
    {
        for (int i = 3; i < image.Pixels.Length; i += 4)
        {
            if (image.Pixels[i] != 255)
            {
                return false;
            }
        }

        return true;
    }
}
