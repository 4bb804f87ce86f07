namespace GameUpscaler.Cli;

using GameUpscaler.Imaging;
using GameUpscaler.IO;
using GameUpscaler.Training.Data;

/// <summary>
/// <c>gameupscaler holdout</c>: writes the validation split that <c>train --holdout N</c> kept out of training (the same
/// images, by <see cref="ImageCorpus.IsHeldOut"/>), each centre-cropped to at most --size pixels per side, as a dataset
/// folder that <c>eval</c>, <c>report</c> and <c>compare</c> score eval curves on — data of the training distribution
/// that no run saw, never the evaluation images.
/// </summary>
internal static class HoldoutCommand
{
    /// <summary>The training corpus's smallest image side (<see cref="ImageCorpus.Load"/>'s default).</summary>
    private const int MinimumSide = 96;

    public static int Run(CommandLineArguments args)
    {
        string data = args.Get("data") ?? throw new UsageException("Give --data DIR[:DIR...], the training data the split is taken from.");
        int every = args.GetInt("every", 0, 2, 100_000);
        int size = args.GetInt("size", 192, 48, 4096);
        string output = args.Get("out") ?? throw new UsageException("Give --out DIR, a new or empty folder.");
        args.EnsureAllUsed(0);
        if (every == 0)
        {
            throw new UsageException("Give --every N, the N of the runs' --holdout N.");
        }

        string[] directories = data.Split(':', StringSplitOptions.RemoveEmptyEntries);
        IReadOnlyList<string> files = ImageCorpus.HeldOutFiles(directories, EvaluationDataGuard.ForRepository(), every);
        using OutputFolder folder = OutputFolder.Begin(output, "the validation split is written to a new folder");
        int written = 0;
        foreach (string file in files)
        {
            Image8 image;
            try
            {
                image = ImageFile.Load(file);
            }
            catch (ImageFormatException e)
            {
                Console.Error.WriteLine($"skipped {file}: {e.Message}");
                continue;
            }

            if (Math.Min(image.Width, image.Height) < MinimumSide)
            {
                // Training skips these too (ImageCorpus's minimum side): the split holds what training would have seen.
                continue;
            }

            int w = Math.Min(size, image.Width), h = Math.Min(size, image.Height);
            Image8 crop = image.Crop((image.Width - w) / 2, (image.Height - h) / 2, w, h);
            string name = $"{Path.GetFileName(Path.GetDirectoryName(file))}_{Path.GetFileNameWithoutExtension(file)}";
            string path = Path.Combine(folder.Staging, name + ".png");
            for (int copy = 2; File.Exists(path); copy++)
            {
                // Two folders of one name in different places: both images are kept.
                path = Path.Combine(folder.Staging, $"{name}-{copy}.png");
            }

            PngCodec.Encode(crop.HasAlpha ? crop.ToRgb() : crop, path);
            written++;
        }

        if (written == 0)
        {
            throw new InvalidOperationException($"No image of {data} is held out at 1 in {every} (or none is {MinimumSide} pixels or more per side).");
        }

        folder.Commit();
        Console.WriteLine($"wrote {written} held-out images (1 in {every} of {data}, centre crops of at most {size}x{size}) to {output}");
        return Program.ExitSuccess;
    }
}
