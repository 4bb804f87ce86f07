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
    private ImageCorpus(IReadOnlyList<Image8> images, IReadOnlyList<string> files, IReadOnlyList<SkippedFile> skipped)
    {
        Images = images;
        Files = files;
        Skipped = skipped;
    }

    /// <summary>The loaded images (RGB or RGBA).</summary>
    public IReadOnlyList<Image8> Images { get; }

    /// <summary>The file of each image.</summary>
    public IReadOnlyList<string> Files { get; }

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
    /// <exception cref="ArgumentException">A folder overlaps the evaluation data.</exception>
    /// <exception cref="DirectoryNotFoundException">A folder does not exist.</exception>
    public static ImageCorpus Load(IEnumerable<string> directories, EvaluationDataGuard guard, int minimumSide = 96, long maxPixels = 200_000_000)
    {
        ArgumentNullException.ThrowIfNull(directories);
        ArgumentNullException.ThrowIfNull(guard);
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
        var images = new List<Image8>();
        var loaded = new List<string>();
        var skipped = new List<SkippedFile>();
        long pixels = 0;
        foreach (string file in files.Distinct(StringComparer.Ordinal))
        {
            string? reason = guard.ExclusionReason(file);
            if (reason is not null)
            {
                skipped.Add(new SkippedFile(file, reason, Excluded: true));
                continue;
            }

            if (pixels >= maxPixels)
            {
                skipped.Add(new SkippedFile(file, "over the corpus pixel budget", Excluded: false));
                continue;
            }

            Image8 image;
            try
            {
                image = ImageFile.Load(file);
            }
            catch (ImageFormatException e)
            {
                skipped.Add(new SkippedFile(file, e.Message, Excluded: false));
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

        return new ImageCorpus(images, loaded, skipped);
    }
}
