namespace GameUpscaler.Cli;

using System.Globalization;
using GameUpscaler.Evaluation;
using GameUpscaler.Imaging;
using GameUpscaler.Models;
using GameUpscaler.Resampling;
using GameUpscaler.Training.Evaluation;

/// <summary><c>gameupscaler report</c>: the evaluation table and side-by-side crop of a model card.</summary>
internal static class ReportCommand
{
    public static int Run(CommandLineArguments args)
    {
        int scale = args.GetScale();

        string models = args.Get("model") ?? throw new UsageException("Missing --model NAME|FILE[,...].");
        string eval = Path.Combine(RepositoryRoot(), "..", "shared", "data", "eval");
        string[] datasets = args.Get("datasets")?.Split(',', StringSplitOptions.RemoveEmptyEntries)
            ?? [.. new[] { "Set5", "Set14", "games_redeclipse", "games_supertuxkart", "games_flightgear", "games_widelands" }.Select(d => Path.Combine(eval, d)), ModelReport.SceneDataset];
        string? markdown = args.Get("markdown");
        string? crop = args.Get("crop");
        string? cropFrom = args.Get("crop-from");
        string? cropAt = args.Get("crop-at");
        int cropSize = args.GetInt("crop-size", 96, 8, 1024);
        args.EnsureAllUsed(0);

        List<IUpscaleMethod> methods = BaselinesAndModels(models, scale);
        ProgressReporter progress = ProgressReporter.ForConsole();
        IReadOnlyList<ModelReport.Row> rows = progress.Run(
            $"report x{scale}", (long)datasets.Length * methods.Count, scope => ModelReport.Evaluate(datasets, scale, methods, scope.Step));
        if (progress.IsInteractive)
        {
            // The live display shows only the latest row; the rows are the command's result, so print them all.
            foreach (ModelReport.Row row in rows)
            {
                Console.WriteLine(ModelReport.Format(row));
            }
        }
        if (markdown is not null)
        {
            File.WriteAllText(markdown, ModelReport.ToMarkdown(rows));
            Console.WriteLine($"table: {markdown}");
        }

        if (crop is not null)
        {
            string source = cropFrom ?? SuperResolutionEvaluator.FindImages(Path.Combine(eval, "games_redeclipse"))[0];
            (int x, int y) = ParseCropAt(cropAt, source, scale, cropSize);
            PngCodec.Encode(ModelReport.SideBySide(source, scale, methods, x, y, cropSize), crop);
            Console.WriteLine($"crop: {crop} ({Path.GetFileName(source)} at {x},{y}, {cropSize}px; left to right: HR, {string.Join(", ", methods.Select(m => m.Name))})");
        }

        return Program.ExitSuccess;
    }

    private static (int X, int Y) ParseCropAt(string? value, string source, int scale, int size)
    {
        if (value is not null)
        {
            string[] parts = value.Split(',');
            if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int x)
                && int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out int y) && x >= 0 && y >= 0)
            {
                return (x, y);
            }

            throw new UsageException($"--crop-at needs X,Y (got '{value}').");
        }

        (int w, int h) = source == ModelReport.SceneDataset ? (1536, 864) : SizeOf(ImageFile.Load(source));
        return (Math.Max(0, ((w / scale * scale) - size) / 2), Math.Max(0, ((h / scale * scale) - size) / 2));
    }

    private static (int Width, int Height) SizeOf(Image8 image) => (image.Width, image.Height);

    /// <summary>Bicubic, the spatial upscaler (sharpness 0.2) and each model of a comma-separated list (names or
    /// files, each optionally <c>LABEL=MODEL</c>), named by label or file name; every model must be of <paramref name="scale"/>.</summary>
    internal static List<IUpscaleMethod> BaselinesAndModels(string models, int scale)
    {
        var methods = new List<IUpscaleMethod> { new ResamplerMethod(ResampleKernel.Bicubic), new SpatialMethod(0.2f) };
        foreach (string item in models.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            int equals = item.IndexOf('=', StringComparison.Ordinal);
            string model = equals < 0 ? item : item[(equals + 1)..];
            string label = equals < 0 ? Path.GetFileNameWithoutExtension(model) : item[..equals];
            GeneratorWeights weights = KnownModels.Resolve(model);
            if (weights.Architecture.Scale != scale)
            {
                throw new UsageException($"Model {model} is x{weights.Architecture.Scale}; the report is x{scale}.");
            }

            // A temporal generator on a still image is its first frame after a reset (no history to draw on).
            methods.Add(new NamedMethod(label, MethodOptions.ForGenerator(weights)));
        }

        return methods;
    }

    internal static string RepositoryRoot()
    {
        foreach (string start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (DirectoryInfo? d = new(start); d is not null; d = d.Parent)
            {
                if (File.Exists(Path.Combine(d.FullName, "GameUpscaler.sln")))
                {
                    return d.FullName;
                }
            }
        }

        throw new DirectoryNotFoundException("Run inside the repository (no GameUpscaler.sln above the current folder), or pass --datasets.");
    }
}
