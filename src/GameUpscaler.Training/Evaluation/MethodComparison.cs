using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using GameUpscaler.Imaging;
using GameUpscaler.Metrics;

namespace GameUpscaler.Training.Evaluation;

/// <summary>
/// Compares upscaling methods on datasets the way a model card is scored (<see cref="ModelReport"/>: Y-PSNR, Y-SSIM,
/// GMSD, high-frequency ratio), and times them: every Upscale call runs on one thread after untimed warm-up calls of
/// each method, so the milliseconds of a diffusion model and of a generator measured in the same run can be divided.
/// Writes <c>compare.json</c>, <c>report.md</c> and one side-by-side crop PNG per dataset.
/// </summary>
public static class MethodComparison
{
    /// <summary>The JSON file <see cref="Write"/> puts in the output folder.</summary>
    public const string JsonFileName = "compare.json";

    /// <summary>The Markdown file <see cref="Write"/> puts in the output folder.</summary>
    public const string MarkdownFileName = "report.md";

    /// <summary>The default edge of the crop window in HR pixels.</summary>
    public const int DefaultCropSize = 96;

    /// <summary>The nearest-neighbour enlargement of each crop tile.</summary>
    public const int CropZoom = 2;

    /// <summary>
    /// Process CPU time over wall time above which a method's calls are reported as not single-threaded (a call on one
    /// thread stays at or below 1; the margin is for the runtime's own threads, e.g. the garbage collector).
    /// </summary>
    public const double MaxCpuPerWall = 1.25;

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // a file for people and scripts, never embedded in HTML
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals, // PSNR of a perfect match is +∞
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>What to compare and how to label the run.</summary>
    /// <param name="Datasets">Folders of PNG images and/or <see cref="ModelReport.SceneDataset"/>; their names must differ.</param>
    /// <param name="Scale">The integer scale.</param>
    /// <param name="Methods">The methods, in table order; their names must differ.</param>
    /// <param name="CommandLine">The command line to record.</param>
    /// <param name="Date">The date to record.</param>
    /// <param name="Machine">The machine to record.</param>
    public sealed record Request(
        IReadOnlyList<string> Datasets, int Scale, IReadOnlyList<ComparedMethod> Methods, string CommandLine, DateTimeOffset Date, ComparisonReport.MachineInfo Machine)
    {
        /// <summary>Edge of the crop window in HR pixels (smaller where the first image is smaller).</summary>
        public int CropSize { get; init; } = DefaultCropSize;

        /// <summary>Frame captures (CAPTURE.md folders) every method also runs on, per frame; their names must differ.</summary>
        public IReadOnlyList<string> Captures { get; init; } = [];
    }

    /// <summary>A finished comparison: the report and, in the report's dataset order, each dataset's crop strip.</summary>
    /// <param name="Report">The scores, times and ratios.</param>
    /// <param name="Crops">The side-by-side strips, one per dataset.</param>
    public sealed record Result(ComparisonReport Report, IReadOnlyList<Image8> Crops);

    /// <summary>Runs every method on every dataset, one thread per call, and builds the report and crops.</summary>
    /// <param name="request">What to compare.</param>
    /// <param name="progress">Called after each image is scored (dataset, method, image i of n); may be null.</param>
    /// <param name="captureProgress">Called after each method has run over a whole capture (the capture's name as the report gives it, method); may be null.</param>
    /// <exception cref="ArgumentException">No datasets or methods, two with the same name, or a bad crop size.</exception>
    /// <exception cref="DirectoryNotFoundException">A dataset folder does not exist.</exception>
    /// <exception cref="InvalidOperationException">A method returned an image of the wrong size.</exception>
    public static Result Run(Request request, Action<ModelReport.EvaluatedImage>? progress = null, Action<string, string>? captureProgress = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        Validate(request);
        string[] names = [.. request.Datasets.Select(ModelReport.DatasetName)];

        // The crops show the very outputs that were scored and timed, so no method runs twice (diffusion is slow).
        var firstImages = new Dictionary<string, (string Image, List<Image8> Pictures)>(StringComparer.Ordinal);
        void Observe(ModelReport.EvaluatedImage e)
        {
            if (e.Index == 0)
            {
                if (!firstImages.TryGetValue(e.Row.Dataset, out var first))
                {
                    first = (e.Row.Image, [e.HighResolution]);
                    firstImages[e.Row.Dataset] = first;
                }

                first.Pictures.Add(e.Output);
            }

            progress?.Invoke(e);
        }

        var options = new ModelReport.Options { WarmUp = true, SingleThread = true, Observer = Observe };
        IReadOnlyList<ModelReport.ImageRow> rows = ModelReport.EvaluateImages(
            request.Datasets, request.Scale, [.. request.Methods.Select(m => m.Method)], options);

        ComparisonReport.MethodInfo[] methods = [.. request.Methods.Select(m => new ComparisonReport.MethodInfo(
            m.Method.Name, m.Role, m.Description, m.Steps, m.Files))];
        string[] order = ["HR", .. methods.Select(m => m.Name)];
        var datasets = new List<ComparisonReport.DatasetResult>();
        var crops = new List<Image8>();
        for (int d = 0; d < names.Length; d++)
        {
            (string image, List<Image8> pictures) = firstImages[names[d]];
            int size = Math.Min(request.CropSize, Math.Min(pictures[0].Width, pictures[0].Height));
            (int x, int y) = FindDetailedWindow(pictures[0], size);
            crops.Add(ModelReport.SideBySide(pictures, x, y, size, CropZoom));
            var crop = new ComparisonReport.CropWindow(CropFileName(names[d]), image, x, y, size, CropZoom, order);
            ComparisonReport.MethodResult[] results = [.. methods.Select(m => MethodResult(rows, names[d], m.Name))];
            datasets.Add(new ComparisonReport.DatasetResult(names[d], request.Datasets[d], results[0].Images.Count, crop, results));
        }

        IReadOnlyList<ComparisonReport.TimeRatio> ratios = ComputeTimeRatios(methods, datasets);
        var report = new ComparisonReport(request.CommandLine, request.Date, request.Machine, request.Scale, 1, ModelReport.MaxWarmUpCalls, methods, datasets, ratios,
            TimeRatioNote(methods))
        {
            Captures = [.. request.Captures.Select(folder => ScoreCapture(folder, request.Methods, captureProgress))],
        };
        return new Result(report, crops);
    }

    /// <summary>Every method on one capture, frame by frame in order (no history: each frame alone, as scored by CAPTURE.md).</summary>
    private static ComparisonReport.CaptureResult ScoreCapture(string folder, IReadOnlyList<ComparedMethod> methods, Action<string, string>? progress)
    {
        Capture.CaptureReader capture = Capture.CaptureReader.Open(folder);
        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)));
        ComparisonReport.CaptureMethodResult[] results = [.. methods.Select(m =>
        {
            Capture.CaptureScore score = Capture.CaptureEvaluator.Evaluate(capture, new Capture.PerFrameMethod(m.Method));
            progress?.Invoke(name, m.Method.Name);
            return new ComparisonReport.CaptureMethodResult(
                m.Method.Name, score.PsnrY, score.PsnrYFromFrame8, score.SsimY, score.TemporalError, score.HighFrequencyRatio, score.MillisecondsPerFrame);
        })];
        return new ComparisonReport.CaptureResult(name, folder, capture.FrameCount, results);
    }

    /// <summary>
    /// For each diffusion method and each generator: the diffusion method's ms per image over the generator's, on each
    /// dataset (ratio of the means) and overall (total ms over all images of all datasets, over the generator's total).
    /// </summary>
    public static IReadOnlyList<ComparisonReport.TimeRatio> ComputeTimeRatios(
        IReadOnlyList<ComparisonReport.MethodInfo> methods, IReadOnlyList<ComparisonReport.DatasetResult> datasets)
    {
        ArgumentNullException.ThrowIfNull(methods);
        ArgumentNullException.ThrowIfNull(datasets);
        var ratios = new List<ComparisonReport.TimeRatio>();
        foreach (ComparisonReport.MethodInfo diffusion in methods.Where(m => m.Role == ComparisonRole.Diffusion))
        {
            foreach (ComparisonReport.MethodInfo generator in methods.Where(m => m.Role == ComparisonRole.Generator))
            {
                ComparisonReport.DatasetRatio[] perDataset = [.. datasets.Select(d => new ComparisonReport.DatasetRatio(
                    d.Name, Ratio(Find(d, diffusion.Name).Mean.Milliseconds, Find(d, generator.Name).Mean.Milliseconds)))];
                double overall = datasets.Sum(d => Find(d, diffusion.Name).Images.Sum(i => i.Milliseconds));
                double baseline = datasets.Sum(d => Find(d, generator.Name).Images.Sum(i => i.Milliseconds));
                ratios.Add(new ComparisonReport.TimeRatio(diffusion.Name, diffusion.Steps, generator.Name, perDataset, Ratio(overall, baseline)));
            }
        }

        return ratios;
    }

    /// <summary>
    /// The top-left corner of the <paramref name="size"/>² window with the most gradient energy (sum of squared
    /// horizontal and vertical luma differences): the most detailed region, where methods differ most. Ties go to the
    /// first window in raster order; an image without any detail gives the centre.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The window is empty or larger than the image.</exception>
    public static (int X, int Y) FindDetailedWindow(Image8 image, int size)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(size, Math.Min(image.Width, image.Height));
        int w = image.Width, h = image.Height;
        double[] luma = LumaImage.FromRgb(image).Samples;

        // Summed-area table of the per-pixel energy: every window's sum in four lookups.
        double[] table = new double[(w + 1) * (h + 1)];
        for (int y = 0; y < h; y++)
        {
            double rowSum = 0;
            for (int x = 0; x < w; x++)
            {
                int i = (y * w) + x;
                double dx = x + 1 < w ? luma[i + 1] - luma[i] : 0;
                double dy = y + 1 < h ? luma[i + w] - luma[i] : 0;
                rowSum += (dx * dx) + (dy * dy);
                table[((y + 1) * (w + 1)) + x + 1] = table[(y * (w + 1)) + x + 1] + rowSum;
            }
        }

        (int X, int Y) best = ((w - size) / 2, (h - size) / 2);
        double bestEnergy = 0;
        for (int y = 0; y + size <= h; y++)
        {
            for (int x = 0; x + size <= w; x++)
            {
                double energy = table[((y + size) * (w + 1)) + x + size] - table[(y * (w + 1)) + x + size]
                    - table[((y + size) * (w + 1)) + x] + table[(y * (w + 1)) + x];
                if (energy > bestEnergy)
                {
                    (best, bestEnergy) = ((x, y), energy);
                }
            }
        }

        return best;
    }

    /// <summary>The report as indented JSON with snake_case names.</summary>
    public static string ToJson(ComparisonReport report) => JsonSerializer.Serialize(report, JsonOptions) + "\n";

    /// <summary>Reads a report written by <see cref="ToJson"/>.</summary>
    /// <exception cref="JsonException">The text is not such a report.</exception>
    public static ComparisonReport FromJson(string json) =>
        JsonSerializer.Deserialize<ComparisonReport>(json, JsonOptions) ?? throw new JsonException("The JSON holds no comparison report.");

    /// <summary>The report as Markdown: the run, the methods, a table and the crop per dataset, the time ratios.</summary>
    public static string ToMarkdown(ComparisonReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        void Line(FormattableString line) => text.AppendLine(line.ToString(CultureInfo.InvariantCulture));
        ComparisonReport.MachineInfo machine = report.Machine;
        Line($"# Method comparison, ×{report.Scale}");
        text.AppendLine();
        string load = machine.LoadAverage is null ? string.Empty : ", load average " + machine.LoadAverage;
        Line($"`{report.CommandLine}`, {report.Date.UtcDateTime:yyyy-MM-dd HH:mm} UTC, on {machine.Cpu} ({machine.LogicalCores} logical cores{load}), {machine.OperatingSystem}, {machine.Runtime}.");
        text.AppendLine();
        Line($"Y-PSNR and Y-SSIM follow the eval protocol (MATLAB bicubic degradation, BT.601 Y, {report.Scale}-pixel border shaved; gray files scored on their gray value); GMSD: lower is better; HF ratio: high-frequency energy against HR (1 = as detailed).");
        Line($"ms/image: wall time of the method's Upscale call alone, measured in this run on {report.TimingThreads} thread, after untimed warm-up calls of each method (1 to {report.MaxWarmUpCalls}: until a call leaves the JIT nothing new to compile).");
        text.AppendLine();
        text.AppendLine("| method | role | description | model files |");
        text.AppendLine("|---|---|---|---|");
        foreach (ComparisonReport.MethodInfo m in report.Methods)
        {
            string files = string.Join("<br>", m.Files.Select(f => $"`{Path.GetFileName(f.Path)}` sha256 `{f.Sha256[..Math.Min(16, f.Sha256.Length)]}…`"));
            Line($"| {m.Name} | {RoleName(m.Role)} | {m.Description} | {files} |");
        }

        foreach (ComparisonReport.DatasetResult d in report.Datasets)
        {
            text.AppendLine();
            Line($"## {d.Name} ({d.Images} image{(d.Images == 1 ? string.Empty : "s")})");
            text.AppendLine();
            text.AppendLine("| method | Y-PSNR (dB) | Y-SSIM | GMSD ↓ | HF ratio | ms/image |");
            text.AppendLine("|---|---|---|---|---|---|");
            foreach (ComparisonReport.MethodResult r in d.Methods)
            {
                Line($"| {r.Method} | {r.Mean.PsnrY:F2} | {r.Mean.SsimY:F4} | {r.Mean.Gmsd:F4} | {r.Mean.HighFrequencyRatio:F3} | {r.Mean.Milliseconds:F2} |");
            }

            foreach (ComparisonReport.MethodResult r in d.Methods.Where(r => r.Mean.CpuMilliseconds > MaxCpuPerWall * r.Mean.Milliseconds))
            {
                text.AppendLine();
                Line($"**{r.Method} did not run on one thread:** the process used {r.Mean.CpuMilliseconds / r.Mean.Milliseconds:F1}× its wall time in CPU time during its calls, so its ms/image is not comparable.");
            }

            ComparisonReport.CropWindow c = d.Crop;
            text.AppendLine();
            Line($"![{d.Name} crop: {string.Join(", ", c.Order)}]({c.File})");
            text.AppendLine();
            Line($"{c.Image}, {c.Size}×{c.Size} HR pixels at ({c.X}, {c.Y}), shown ×{c.Zoom}; left to right: {string.Join(", ", c.Order)}.");
        }

        text.AppendLine();
        text.AppendLine("## Diffusion / GAN time ratio");
        text.AppendLine();
        text.AppendLine(report.TimeRatioNote);
        if (report.TimeRatios.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("| diffusion | K | against | " + string.Join(" | ", report.Datasets.Select(d => d.Name)) + " | overall |");
            text.AppendLine("|---|---|---|" + string.Concat(report.Datasets.Select(_ => "---|")) + "---|");
            foreach (ComparisonReport.TimeRatio r in report.TimeRatios)
            {
                Line($"| {r.Diffusion} | {r.Steps} | {r.Generator} | {string.Join(" | ", r.Datasets.Select(d => FormatRatio(d.Ratio)))} | {FormatRatio(r.Overall)} |");
            }
        }

        if (report.Captures.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("## Frame captures, per frame");
            text.AppendLine();
            text.AppendLine("Each method on every frame of each capture alone (CAPTURE.md's scoring): Y-PSNR over all frames and over frames ≥ 8, Y-SSIM, temporal error (how much the output changes beyond what the reference does: lower is steadier), HF ratio against the reference, wall ms per frame.");
            foreach (ComparisonReport.CaptureResult capture in report.Captures)
            {
                text.AppendLine();
                Line($"**{capture.Name}** ({capture.Frames} frames, `{capture.Source}`)");
                text.AppendLine();
                text.AppendLine("| method | Y-PSNR | Y-PSNR ≥ 8 | Y-SSIM | temporal error | HF ratio | ms/frame |");
                text.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
                foreach (ComparisonReport.CaptureMethodResult m in capture.Methods)
                {
                    Line($"| {m.Method} | {m.PsnrY:F2} | {m.PsnrYFromFrame8:F2} | {m.SsimY:F4} | {m.TemporalError:F3} | {m.HighFrequencyRatio:F2} | {m.MillisecondsPerFrame:F1} |");
                }
            }
        }

        return text.ToString();
    }

    /// <summary>Writes <see cref="JsonFileName"/>, <see cref="MarkdownFileName"/> and the crop PNGs into a folder (created if needed).</summary>
    /// <exception cref="IOException">A file cannot be written.</exception>
    public static void Write(Result result, string directory)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        Directory.CreateDirectory(directory);
        for (int d = 0; d < result.Crops.Count; d++)
        {
            PngCodec.Encode(result.Crops[d], Path.Combine(directory, result.Report.Datasets[d].Crop.File));
        }

        File.WriteAllText(Path.Combine(directory, JsonFileName), ToJson(result.Report));
        File.WriteAllText(Path.Combine(directory, MarkdownFileName), ToMarkdown(result.Report));
    }

    /// <summary>The crop PNG's file name for a dataset: <c>crop-NAME.png</c>, NAME reduced to characters safe in links.</summary>
    public static string CropFileName(string dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        return "crop-" + string.Concat(dataset.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')) + ".png";
    }

    private static void Validate(Request request)
    {
        ArgumentNullException.ThrowIfNull(request.Datasets);
        ArgumentNullException.ThrowIfNull(request.Methods);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.Scale, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.CropSize, 1);
        if (request.Datasets.Count == 0 || request.Methods.Count == 0)
        {
            throw new ArgumentException("A comparison needs at least one dataset and one method.", nameof(request));
        }

        string? twice = request.Methods.Select(m => m.Method.Name).GroupBy(n => n, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1)?.Key;
        if (twice is not null)
        {
            throw new ArgumentException($"Two compared methods are both named '{twice}'; each needs its own name.", nameof(request));
        }

        twice = request.Datasets.GroupBy(d => CropFileName(ModelReport.DatasetName(d)), StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1)?.First();
        if (twice is not null)
        {
            throw new ArgumentException($"Two datasets are both named '{ModelReport.DatasetName(twice)}'; the report names datasets by folder name.", nameof(request));
        }
    }

    private static ComparisonReport.MethodResult MethodResult(IReadOnlyList<ModelReport.ImageRow> rows, string dataset, string method)
    {
        ModelReport.ImageRow[] mine = [.. rows.Where(r => r.Dataset == dataset && r.Method == method)];
        ModelReport.Row mean = ModelReport.Summarize(mine)[0];
        return new ComparisonReport.MethodResult(
            method,
            new ComparisonReport.Scores(null, mean.PsnrY, mean.SsimY, mean.Gmsd, mean.HighFrequencyRatio, mean.Milliseconds, mean.CpuMilliseconds),
            [.. mine.Select(r => new ComparisonReport.Scores(r.Image, r.PsnrY, r.SsimY, r.Gmsd, r.HighFrequencyRatio, r.Milliseconds, r.CpuMilliseconds))]);
    }

    private static ComparisonReport.MethodResult Find(ComparisonReport.DatasetResult dataset, string method) =>
        dataset.Methods.FirstOrDefault(m => m.Method == method)
        ?? throw new ArgumentException($"Dataset {dataset.Name} has no results for method '{method}'.", nameof(dataset));

    private static double? Ratio(double numerator, double denominator) => denominator > 0 ? numerator / denominator : null;

    private static string FormatRatio(double? ratio) => ratio is { } r ? r.ToString("F2", CultureInfo.InvariantCulture) + "×" : "n/a";

    private static string RoleName(ComparisonRole role) => role switch
    {
        ComparisonRole.Baseline => "baseline",
        ComparisonRole.Generator => "generator (GAN family)",
        _ => "diffusion",
    };

    private static string TimeRatioNote(IReadOnlyList<ComparisonReport.MethodInfo> methods) =>
        !methods.Any(m => m.Role == ComparisonRole.Diffusion)
            ? "No diffusion model was given, so there is no diffusion/GAN time ratio."
            : !methods.Any(m => m.Role == ComparisonRole.Generator)
                ? "No generator was compared, so there is no diffusion/GAN time ratio."
                : "Diffusion ms per image over generator ms per image, both measured in this run (one thread, after warm-up): "
                    + "per dataset the ratio of the means, overall the ratio of the totals over every image of every dataset.";
}
