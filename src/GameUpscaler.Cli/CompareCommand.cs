namespace GameUpscaler.Cli;

using System.Globalization;
using System.Runtime.InteropServices;
using GameUpscaler.Evaluation;
using GameUpscaler.Models;
using GameUpscaler.Resampling;
using GameUpscaler.Training.Diffusion;
using GameUpscaler.Training.Evaluation;

/// <summary>
/// <c>gameupscaler compare</c> (issue 8): bicubic, the spatial upscaler, the generators and a diffusion model at several
/// step counts on the same datasets, with quality, time per image and the diffusion/GAN time ratio. A thin wrapper over
/// <see cref="MethodComparison"/>: this class only turns the command line into a method list.
/// </summary>
internal static class CompareCommand
{
    private static readonly int[] DefaultSteps = [1, 4, 20];

    public static int Run(CommandLineArguments args)
    {
        string datasetList = args.Get("dataset") ?? throw new UsageException("Missing --dataset DIR[,DIR...] (folders of PNG images, or scene-1spp).");
        int scale = args.GetScale();

        string models = args.GetOrDefault("models", "x2-c8-n2-l1,x2-c8-n2-gan");
        string? diffusion = args.Get("diffusion");
        string? stepsList = args.Get("steps");
        bool seedGiven = args.Has("seed");
        int seed = args.GetInt("seed", 0, 0, int.MaxValue);
        bool temperatureGiven = args.Has("temperature");
        double temperature = args.GetDouble("temperature", 1, 0, 1);
        string output = args.GetOrDefault("out", Path.Combine("out", "compare"));
        string[] captures = args.Get("captures") is { } captureList ? captureList.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
        args.EnsureAllUsed(0);

        IReadOnlyList<int> steps = stepsList is null ? DefaultSteps : ParseSteps(stepsList);
        if (diffusion is null && (stepsList is not null || seedGiven || temperatureGiven))
        {
            throw new UsageException("--steps, --seed and --temperature set up the diffusion model; give --diffusion FILE too.");
        }

        string[] datasets = datasetList.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (datasets.Length == 0)
        {
            throw new UsageException("--dataset needs at least one folder (or scene-1spp).");
        }

        // Counting the images checks every folder (missing, or without PNGs) before any model is loaded.
        int images = datasets.Sum(ModelReport.CountImages);
        var methods = new List<ComparedMethod>
        {
            new(new ResamplerMethod(ResampleKernel.Bicubic), ComparisonRole.Baseline, "MATLAB-compatible bicubic (a = -0.5), the literature's baseline"),
            new(new SpatialMethod(0.2f), ComparisonRole.Baseline, "edge-adaptive spatial upscaler with contrast-adaptive sharpening, sharpness 0.2"),
        };
        foreach (string model in models.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            methods.Add(Generator(model, scale));
        }

        string[] diffusionFiles = diffusion?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
        // One diffusion model keeps the short names (diffusion-kK); several are told apart by their file names.
        string[] prefixes = diffusionFiles.Length == 1 ? ["diffusion"] : [.. diffusionFiles.Select(Path.GetFileNameWithoutExtension).Select(n => n!)];
        if (prefixes.Distinct(StringComparer.Ordinal).Count() != prefixes.Length)
        {
            throw new UsageException($"--diffusion names two files of the same name ({diffusion}); their methods would share a name in the report.");
        }

        for (int i = 0; i < diffusionFiles.Length; i++)
        {
            methods.AddRange(Diffusion(diffusionFiles[i], prefixes[i], steps, seed, temperature, scale));
        }

        var request = new MethodComparison.Request(datasets, scale, methods, CommandLine(args), DateTimeOffset.UtcNow, Machine()) { Captures = captures };
        // One step per image per method, and one per capture per method (a capture's frames run as one step).
        MethodComparison.Result result = ProgressReporter.ForConsole().Run($"compare x{scale}", (long)(images + captures.Length) * methods.Count, scope =>
            MethodComparison.Run(
                request,
                e => scope.Step($"{e.Row.Dataset} · {e.Row.Method} · image {e.Index + 1}/{e.Count}"),
                (capture, method) => scope.Step($"capture {capture} · {method}")));
        MethodComparison.Write(result, output);

        foreach (ComparisonReport.DatasetResult dataset in result.Report.Datasets)
        {
            foreach (ComparisonReport.MethodResult m in dataset.Methods)
            {
                Console.WriteLine(ModelReport.Format(new ModelReport.Row(dataset.Name, m.Method, dataset.Images, m.Mean.PsnrY, m.Mean.SsimY,
                    m.Mean.Gmsd, m.Mean.HighFrequencyRatio, m.Mean.Milliseconds, m.Mean.CpuMilliseconds)));
            }
        }

        foreach (ComparisonReport.CaptureResult capture in result.Report.Captures)
        {
            foreach (ComparisonReport.CaptureMethodResult m in capture.Methods)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{capture.Name,-20} {m.Method,-24} Y-PSNR {m.PsnrY:F2} dB (frames >= 8: {m.PsnrYFromFrame8:F2}), temporal error {m.TemporalError:F3}, {m.MillisecondsPerFrame:F1} ms/frame"));
            }
        }

        foreach (ComparisonReport.TimeRatio r in result.Report.TimeRatios)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Diffusion} / {r.Generator}: {r.Overall:F2}x the time per image"));
        }

        if (result.Report.TimeRatios.Count == 0)
        {
            Console.WriteLine(result.Report.TimeRatioNote);
        }

        Console.WriteLine($"report: {Path.Combine(output, MethodComparison.MarkdownFileName)}, {Path.Combine(output, MethodComparison.JsonFileName)}");
        return Program.ExitSuccess;
    }

    internal static IReadOnlyList<int> ParseSteps(string text)
    {
        var steps = new List<int>();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int k) || k is < 1 or > 1000)
            {
                throw new UsageException($"--steps takes integers from 1 to 1000, comma-separated; got '{part}' in '{text}'.");
            }

            if (steps.Contains(k))
            {
                throw new UsageException($"--steps lists {k} twice.");
            }

            steps.Add(k);
        }

        return steps;
    }

    private static ComparedMethod Generator(string model, int scale)
    {
        string path = KnownModels.ResolvePath(model);
        GeneratorWeights weights = GeneratorWeights.Load(path);
        GeneratorArchitecture a = weights.Architecture;
        if (a.Scale != scale)
        {
            // The file is fine, it just does not fit this run: bad input (exit 1), like a PNG of the wrong size.
            throw new ArgumentException($"Model {model} ({path}) is x{a.Scale}; this comparison is x{scale}. Pick x{scale} models with --models.");
        }

        string name = Path.GetFileNameWithoutExtension(path);
        bool unet = a.Backbone == NetworkBackbone.UNet;
        return new ComparedMethod(new NamedMethod(name, MethodOptions.ForGenerator(weights)), ComparisonRole.Generator,
            $"{(unet ? "U-Net generator" : "generator")} x{a.Scale} C={a.Channels} N={a.BodyConvs}, {a.MacsPerInputPixel:N0} MAC/px, " +
            $"{(unet ? "CPU training layers (the diffusion model's implementation)" : "CPU reference backend")}, 1 thread")
        {
            Files = [new ComparisonReport.ModelFile(Path.GetFullPath(path), weights.Sha256 ?? GeneratorWeights.ComputeFileSha256(path))],
        };
    }

    private static IEnumerable<ComparedMethod> Diffusion(string file, string prefix, IReadOnlyList<int> steps, int seed, double temperature, int scale)
    {
        string sha256;
        try
        {
            sha256 = GeneratorWeights.ComputeFileSha256(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"Cannot read the diffusion model '{file}': {e.Message}", e);
        }

        // One loaded model serves every K; its denoiser GEMMs run on OpenBLAS with one thread, inside the timed
        // CpuParallelism.Run(1, …) like the other methods.
        DiffusionModel model = DiffusionModelFile.Load(file);
        if (model.Architecture.Scale != scale)
        {
            throw new ArgumentException($"Diffusion model {file} is x{model.Architecture.Scale}; this comparison is x{scale}.");
        }

        var modelFile = new ComparisonReport.ModelFile(Path.GetFullPath(file), sha256);
        // A temperature other than 1 is in the name, so a report never passes a tempered sample off as the model's own.
        string t = temperature.ToString("0.###", CultureInfo.InvariantCulture);
        (string nameSuffix, string descriptionSuffix) = temperature == 1 ? (string.Empty, string.Empty) : ($"-t{t}", $", initial noise ×{t}");
        return steps.Select(k => new ComparedMethod(new NamedMethod($"{prefix}-k{k}{nameSuffix}", new DiffusionUpscaleMethod(model, k, seed, temperature: temperature)), ComparisonRole.Diffusion,
            $"diffusion model {Path.GetFileName(file)} ({model.Architecture}, {DiffusionModelFile.PredictionName(model.Architecture.Prediction)}-prediction), {k} DDIM step{(k == 1 ? string.Empty : "s")}, seed {seed}{descriptionSuffix}")
        {
            Steps = k,
            Files = [modelFile],
        });
    }

    private static string CommandLine(CommandLineArguments args) =>
        "gameupscaler compare " + string.Join(' ', args.Raw.Select(a => a.Length == 0 || a.Any(char.IsWhiteSpace) ? $"'{a}'" : a));

    private static ComparisonReport.MachineInfo Machine()
    {
        string? load = null;
        try
        {
            if (File.Exists("/proc/loadavg"))
            {
                load = string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
            }
        }
        catch (IOException)
        {
            // The load is context for the times, not needed for them.
        }

        return new ComparisonReport.MachineInfo(InfoCommand.CpuModel(), Environment.ProcessorCount,
            RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription, load);
    }
}
