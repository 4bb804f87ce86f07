namespace GameUpscaler.Cli;

using System.Globalization;
using System.Text;
using GameUpscaler.Evaluation;
using GameUpscaler.Imaging;

/// <summary><c>gameupscaler temporal</c>: how much each method flickers when the camera pans by sub-pixel steps.</summary>
internal static class TemporalCommand
{
    public static int Run(CommandLineArguments args)
    {
        int scale = args.GetScale();

        string eval = Path.Combine(ReportCommand.RepositoryRoot(), "..", "shared", "data", "eval");
        string[] datasets = args.Get("datasets")?.Split(',', StringSplitOptions.RemoveEmptyEntries)
            ?? [.. new[] { "Set14", "games_redeclipse", "games_supertuxkart", "games_flightgear", "games_widelands" }.Select(d => Path.Combine(eval, d))];
        int frames = args.GetInt("frames", 8, 2, 256);
        int step = args.GetInt("step", 1, 1, 64);
        Size2D size = ParseSize(args.GetOrDefault("size", "192x192"), scale);
        string? markdown = args.Get("markdown");
        List<IUpscaleMethod> methods = ReportCommand.BaselinesAndModels(args.GetOrDefault("model", string.Empty), scale);
        args.EnsureAllUsed(0);

        var table = new StringBuilder();
        table.AppendLine(CultureInfo.InvariantCulture, $"Pan: {frames} frames of {size.Width}x{size.Height}, {step} HR px per frame diagonally (x{scale}: {step}/{scale} LR px), {TemporalStability.Border(scale)} px border.");
        table.AppendLine();
        table.AppendLine("| dataset | images | method | warping error ↓ (Y, 0–255) | Y-PSNR (dB) |");
        table.AppendLine("|---|---|---|---|---|");
        foreach (string dataset in datasets)
        {
            string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(dataset));
            var pans = new List<IReadOnlyList<Image8>>();
            foreach (string file in SuperResolutionEvaluator.FindImages(dataset))
            {
                Image8 image = ImageFile.Load(file);
                if (image.Width >= size.Width + ((frames - 1) * step) && image.Height >= size.Height + ((frames - 1) * step))
                {
                    pans.Add(TemporalStability.PanFrames(image, scale, frames, step, size));
                }
                else
                {
                    Console.WriteLine($"{name}: {Path.GetFileName(file)} is too small for the pan; skipped");
                }
            }

            if (pans.Count == 0)
            {
                throw new UsageException($"No image of {dataset} is large enough for {frames} frames of {size.Width}x{size.Height}.");
            }

            foreach (IUpscaleMethod method in methods)
            {
                TemporalStability.Score[] scores = pans.Select(p => TemporalStability.Measure(p, scale, step, method)).ToArray();
                double warp = scores.Average(s => s.WarpingError), psnr = scores.Average(s => s.PsnrY);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-20} {method.Name,-24} warping error {warp,7:F3}  Y-PSNR {psnr:F2} dB"));
                table.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {pans.Count} | {method.Name} | {warp:F3} | {psnr:F2} |");
            }
        }

        if (markdown is not null)
        {
            File.WriteAllText(markdown, table.ToString());
            Console.WriteLine($"table: {markdown}");
        }

        return Program.ExitSuccess;
    }

    private static Size2D ParseSize(string text, int scale)
    {
        if (!Size2D.TryParse(text, out Size2D size) || size.Width < 16 || size.Height < 16 || size.Width % scale != 0 || size.Height % scale != 0)
        {
            throw new UsageException($"--size needs WxH, at least 16x16 and multiples of the scale {scale}; got '{text}'.");
        }

        return size;
    }
}
