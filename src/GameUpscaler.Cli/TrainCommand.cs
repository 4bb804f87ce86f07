namespace GameUpscaler.Cli;

using System.Globalization;
using System.Runtime.InteropServices;
using GameUpscaler.Models;
using GameUpscaler.Training.Data;
using GameUpscaler.Training.Diffusion;
using GameUpscaler.Training.Temporal;
using GameUpscaler.Training.Training;

/// <summary><c>gameupscaler train</c>: L1 or GAN training of a generator, or training of the diffusion model, with
/// checkpoints, resume, progress and a loss log.</summary>
internal static class TrainCommand
{
    public static int Run(CommandLineArguments args)
    {
        string? resume = args.Get("resume");
        long? iterations = args.Get("iterations") is { } it ? ParseLong(it, "iterations") : null;
        double checkpointMinutes = args.GetDouble("checkpoint-minutes", 5, 0.01, 1e6);
        int snapshotEvery = args.GetInt("snapshot-every", 0, 1, int.MaxValue);
        double? minutes = args.Get("minutes") is { } m ? ParseDouble(m, "minutes") : null;
        string? outOption = args.Get("out");
        string? logOption = args.Get("log");
        string? checkpointOption = args.Get("checkpoint");
        ModelTrainer trainer;
        string checkpoint;
        string name;
        if (resume is not null)
        {
            double[]? amendedMix = args.Get("mix") is { } mixText ? ParseMix(mixText) : null;
            string? amendedData = args.Get("data");
            string? amendedTextures = args.Get("textures");
            double? amendedShare = args.Get("texture-share") is { } shareText ? ParseDouble(shareText, "texture-share") : null;
            string? amendedCaptures = args.Get("captures");
            double? amendedStillShare = args.Get("still-share") is { } stillText ? ParseDouble(stillText, "still-share") : null;
            double? amendedTemporalWeight = args.Has("temporal-weight") ? args.GetDouble("temporal-weight", 0, 0, 1e3) : null;
            args.EnsureAllUsed(0);
            if (checkpointOption is not null)
            {
                throw new UsageException("--resume DIR names the checkpoint; drop --checkpoint.");
            }

            TrainingCheckpoint state = TrainingCheckpoint.Load(resume);
            TrainingOptions amended = iterations is { } total ? state.Options with { Iterations = total } : state.Options;
            if (amendedMix is not null)
            {
                // A fine-tune on another pair mix (e.g. bicubic only) continues the same run: logged in options.json.
                amended = amended with
                {
                    MixBicubic = amendedMix[0], MixBox = amendedMix[1], MixPoint = amendedMix[2], MixRendered = amendedMix[3],
                };
                Console.WriteLine($"pair mix from here on: {string.Join(',', amendedMix.Select(v => v.ToString("G3", CultureInfo.InvariantCulture)))}");
            }

            if (amendedData is not null || amendedTextures is not null || amendedShare is not null)
            {
                // A fine-tune on other data (e.g. a game's own textures) continues the same run: logged in options.json.
                amended = amended with
                {
                    DataDirectories = amendedData is null ? amended.DataDirectories : ParseFolders(amendedData),
                    TextureDirectories = amendedTextures is null ? amended.TextureDirectories : ParseFolders(amendedTextures),
                    TextureShare = amendedShare ?? (amendedTextures is null ? amended.TextureShare : DefaultTextureShare),
                };
                Console.WriteLine("data from here on: " + DescribeData(amended));
            }

            if (amendedStillShare is { } stillShare)
            {
                // A fine-tune that adds still-image first frames continues the same run: logged in options.json.
                amended = amended with { StillShare = stillShare };
                Console.WriteLine($"still-image first frames from here on: {stillShare:P0} of each batch");
            }

            if (amendedTemporalWeight is { } temporalWeight)
            {
                // A fine-tune that weighs steadiness (e.g. once still-camera captures join the data): logged in options.json.
                amended = amended with { TemporalWeight = temporalWeight };
                Console.WriteLine($"temporal-error weight from here on: {temporalWeight.ToString("G3", CultureInfo.InvariantCulture)}");
            }

            if (amendedCaptures is not null)
            {
                // More training captures (a temporal run's data grows as the sample renders more paths): logged in options.json.
                amended = amended with { Captures = ParseFolders(amendedCaptures) };
                Console.WriteLine($"training captures from here on: {amended.Captures.Count}");
            }

            if (snapshotEvery > 0)
            {
                amended = amended with { SnapshotEvery = snapshotEvery };
            }

            state = state.WithOptions(amended);

            ImageCorpus? corpus = state.Options.Temporal && state.Options.StillShare == 0 ? null : LoadCorpus(state.Options);
            trainer = state.Options.Temporal
                ? TemporalGeneratorTrainer.Resume(state, Console.WriteLine, corpus)
                : state.Options.Stage == TrainingStage.Diffusion
                ? DiffusionTrainer.Resume(state, corpus)
                : GeneratorTrainer.Resume(state, corpus);
            checkpoint = resume;
            name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(resume)));
            Console.WriteLine($"resuming {name} at iteration {trainer.Step} of {trainer.Options.Iterations}");
        }
        else
        {
            TrainingOptions options = ParseOptions(args, iterations) with { SnapshotEvery = snapshotEvery };
            args.EnsureAllUsed(0);
            name = string.Create(CultureInfo.InvariantCulture, $"x{options.Scale}-c{options.Channels}-n{options.BodyConvs}-{(options.Temporal ? "temporal-" : string.Empty)}{(options.Backbone == NetworkBackbone.UNet ? "unet-" : string.Empty)}{options.Stage.ToString().ToLowerInvariant()}");
            checkpoint = checkpointOption ?? Path.Combine("models", "checkpoints", name);
            if (TrainingCheckpoint.Exists(checkpoint))
            {
                // Also what a killed save left (DIR.old, DIR.writing): a fresh run's first checkpoint would replace it.
                throw new UsageException(
                    $"A checkpoint (or what an interrupted save left of one) exists at {checkpoint}: continue it with --resume {checkpoint}, " +
                    "or choose another --checkpoint; a fresh run never deletes one.");
            }

            ImageCorpus? corpus = options.Temporal && options.StillShare == 0 ? null : LoadCorpus(options);
            trainer = options.Temporal
                ? TemporalGeneratorTrainer.Create(options, Console.WriteLine, corpus)
                : options.Stage == TrainingStage.Diffusion ? DiffusionTrainer.Create(options, corpus) : GeneratorTrainer.Create(options, corpus);
        }

        string checkpointParent = Path.GetDirectoryName(Path.GetFullPath(checkpoint)) ?? ".";
        string output = outOption ?? Path.Combine(checkpointParent, name + ".safetensors");
        string log = logOption ?? Path.Combine(checkpointParent, name + ".loss.csv");
        if (trainer.Options.SnapshotEvery is var every and > 0)
        {
            trainer.SnapshotEvery = every;
            // Beside the output model and named after it, so two runs of one architecture never share a folder.
            trainer.SnapshotDirectory = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(output)) ?? ".", Path.GetFileNameWithoutExtension(output) + ".snapshots");
            Console.WriteLine($"EMA snapshots every {every} iterations: {trainer.SnapshotDirectory}");
        }
        if (trainer is TemporalGeneratorTrainer temporalTrainer)
        {
            temporalTrainer.EvalLog = EvalLogPath(log);
            Console.WriteLine($"validation scores: {temporalTrainer.EvalLog}");
        }

        TrainingOptions o = trainer.Options;
        string modelDetails = o.Stage == TrainingStage.Diffusion
            ? string.Create(CultureInfo.InvariantCulture, $", embedding {o.EmbeddingDims}, residual scale R = {o.ResidualScale:G3}, predicting {DiffusionModelFile.PredictionName(o.DiffusionPrediction)}{(o.GateNoisyInput ? ", gated x_t" : string.Empty)}{(o.NoisySkip ? ", noisy skip" : string.Empty)}")
            : string.Empty;
        modelDetails += o.Backbone == NetworkBackbone.UNet ? ", U-Net body" : string.Empty;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"train {name}: x{o.Scale} C{o.Channels} N{o.BodyConvs}, {o.Stage}, batch {o.BatchSize}x{o.PatchSize}², lr {o.LearningRate:G3}, " +
            $"data: {(o.Temporal ? $"{o.Captures.Count} captures, {o.ProceduralSequences} procedural sequences" : trainer.UsesCorpus ? DescribeData(o) : "procedural scenes only")}{modelDetails}"));
        Console.WriteLine($"checkpoint {checkpoint}, model {output}, log {log}");

        using var cancellation = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            // First Ctrl+C: finish the iteration and checkpoint; a second one kills the process.
            e.Cancel = !cancellation.IsCancellationRequested;
            cancellation.Cancel();
        };
        Console.CancelKeyPress += onCancel;

        // Background runs (the training queue) ignore SIGINT, and `kill` sends SIGTERM: treat it like the first
        // Ctrl+C so a stopped run keeps its last iterations instead of falling back to the previous checkpoint.
        using PosixSignalRegistration onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            cancellation.Cancel();
        });
        try
        {
            long done = ProgressReporter.ForConsole().Run("train", trainer.Options.Iterations, scope =>
                trainer.Run(checkpoint, output, log, TimeSpan.FromMinutes(checkpointMinutes),
                    p => scope.Report(p.Step, p.IterationsPerSecond, ProgressDetail(p), ProgressLine(p)),
                    timeBudget: minutes is { } budget ? TimeSpan.FromMinutes(budget) : null, cancellation: cancellation.Token));
            Console.WriteLine($"{done} iterations this run; at {trainer.Step}/{trainer.Options.Iterations}; checkpoint saved to {checkpoint}");
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }

        return Program.ExitSuccess;
    }

    /// <summary>
    /// The log line for one progress report: a bar, iterations, losses, iterations/s, learning rate, elapsed and
    /// time left (the format the training queue's logs have always had).
    /// </summary>
    internal static string ProgressLine(TrainingProgress p)
    {
        const int Width = 24;
        double fraction = (double)p.Step / Math.Max(1, p.Iterations);
        int filled = (int)Math.Round(Math.Clamp(fraction, 0, 1) * Width);
        double left = p.IterationsPerSecond > 0 ? (p.Iterations - p.Step) / p.IterationsPerSecond : double.NaN;
        return string.Create(CultureInfo.InvariantCulture,
            $"[{new string('#', filled)}{new string('.', Width - filled)}] {p.Step}/{p.Iterations} {Losses(p)} {p.IterationsPerSecond:F2} it/s " +
            $"lr {p.LearningRate:G3} elapsed {ProgressScope.FormatDuration(p.Elapsed.TotalSeconds)} left {ProgressScope.FormatDuration(left)}");
    }

    /// <summary>The terminal display's status for one progress report: losses and learning rate.</summary>
    internal static string ProgressDetail(TrainingProgress p) =>
        string.Create(CultureInfo.InvariantCulture, $"{Losses(p)} lr {p.LearningRate:G3}");

    private static string Losses(TrainingProgress p) => double.IsNaN(p.GeneratorAdversarialLoss)
        ? string.Create(CultureInfo.InvariantCulture, $"{p.LossName} {p.Loss:F5}")
        : string.Create(CultureInfo.InvariantCulture, $"{p.LossName} {p.Loss:F5} G {p.GeneratorAdversarialLoss:F3} D {p.DiscriminatorLoss:F3}");

    private static double[] ParseMix(string text)
    {
        double[] mix = text.Split(',').Select(v => ParseDouble(v, "mix")).ToArray();
        return mix.Length == 4 ? mix : throw new UsageException("--mix takes four weights: bicubic,box,point,rendered.");
    }

    /// <summary>
    /// The validation scores' CSV beside the loss log and named after it (NAME.loss.csv → NAME.eval.csv), so a run with
    /// its own --log never appends to another run's curve of the same architecture (it was named after the
    /// architecture, and a second C32/N6 run wrote into the shipped model's curve).
    /// </summary>
    internal static string EvalLogPath(string log)
    {
        string full = Path.GetFullPath(log);
        string file = Path.GetFileName(full);
        string stem = file.EndsWith(".loss.csv", StringComparison.OrdinalIgnoreCase) ? file[..^".loss.csv".Length] : Path.GetFileNameWithoutExtension(file);
        return Path.Combine(Path.GetDirectoryName(full) ?? ".", stem + ".eval.csv");
    }

    /// <summary>--backbone plain|unet: the body of the denoiser or of the per-frame generator (the temporal one is plain only).</summary>
    private static NetworkBackbone Backbone(CommandLineArguments args, bool temporal)
    {
        string? backbone = args.Get("backbone");
        if (backbone is null || backbone == "plain")
        {
            return NetworkBackbone.Plain;
        }

        if (backbone != "unet")
        {
            throw new UsageException($"--backbone is plain or unet, not '{backbone}'.");
        }

        return !temporal
            ? NetworkBackbone.UNet
            : throw new UsageException("--backbone unet is the per-frame generator's and the diffusion stage's; the temporal generator has the plain SRVGG body only.");
    }

    private static TrainingOptions ParseOptions(CommandLineArguments args, long? iterations)
    {
        int scale = args.GetInt("scale", 0, 2, 4);
        int channels = args.GetInt("channels", 0, 1, 256);
        int blocks = args.GetInt("blocks", -1, 0, 64);
        if (scale == 0 || channels == 0 || blocks < 0)
        {
            throw new UsageException("Give --scale, --channels and --blocks (or --resume DIR).");
        }

        TrainingStage stage = args.GetOrDefault("stage", "l1") switch
        {
            "l1" => TrainingStage.L1,
            "gan" => TrainingStage.Gan,
            "diffusion" => TrainingStage.Diffusion,
            string other => throw new UsageException($"Unknown --stage '{other}' (l1, gan or diffusion)."),
        };
        double[] mix = ParseMix(args.GetOrDefault("mix", "0.85,0.05,0.05,0.05"));

        string? data = args.Get("data");
        string? textures = args.Get("textures");
        var defaults = new TrainingOptions();
        return new TrainingOptions
        {
            Scale = scale,
            Channels = channels,
            BodyConvs = blocks,
            Stage = stage,
            Iterations = iterations ?? defaults.Iterations,
            BatchSize = args.GetInt("batch", defaults.BatchSize, 1, 1024),
            PatchSize = args.GetInt("patch", defaults.PatchSize, 8, 512),
            LearningRate = args.GetDouble("lr", defaults.LearningRate, 1e-7, 1),
            Seed = args.GetInt("seed", defaults.Seed, 0, int.MaxValue),
            DataDirectories = data is null ? [] : ParseFolders(data),
            TextureDirectories = textures is null ? [] : ParseFolders(textures),
            TextureShare = args.GetDouble("texture-share", textures is null ? 0 : DefaultTextureShare, 0, 1),
            MixBicubic = mix[0],
            MixBox = mix[1],
            MixPoint = mix[2],
            MixRendered = mix[3],
            InitialModel = args.Get("init"),
            L1Weight = args.GetDouble("l1-weight", defaults.L1Weight, 0, 1e3),
            AdversarialWeight = args.GetDouble("adv-weight", defaults.AdversarialWeight, 0, 1e3),
            EmbeddingDims = args.GetInt("embedding-dims", defaults.EmbeddingDims, 2, 256),
            HoldoutEvery = args.GetInt("holdout", 0, 2, 100_000),
            GateNoisyInput = args.GetOrDefault("noisy-input", DiffusionModelFile.RawNoisyInput) == DiffusionModelFile.GatedNoisyInput,
            NoisySkip = args.GetOrDefault("noisy-skip", DiffusionModelFile.NoNoisySkip) == DiffusionModelFile.FilterNoisySkip,
            Backbone = Backbone(args, temporal: args.Has("temporal")),
            DiffusionPrediction = args.GetOrDefault("prediction", DiffusionModelFile.VelocityPrediction) is var prediction
                && DiffusionModelFile.ParsePrediction(prediction) is { } parsed
                ? parsed
                : throw new UsageException($"--prediction is v, x0 or epsilon, not '{prediction}'."),
            ResidualScale = args.GetDouble("residual-scale", defaults.ResidualScale, 0, 1e6),
            Temporal = args.Has("temporal"),
            Captures = args.Get("captures") is { } captures ? ParseFolders(captures) : [],
            ProceduralSequences = args.GetInt("procedural", defaults.ProceduralSequences, 0, 10_000),
            ValidationCapture = args.Get("validation") is { } validation ? Path.GetFullPath(validation) : null,
            EvalEvery = args.GetInt("eval-every", defaults.EvalEvery, 0, int.MaxValue),
            TemporalWeight = args.GetDouble("temporal-weight", defaults.TemporalWeight, 0, 1e3),
            RefreshEvery = args.GetInt("refresh-every", defaults.RefreshEvery, 1, int.MaxValue),
            StillShare = args.GetDouble("still-share", defaults.StillShare, 0, 0.95),
        };
    }

    /// <summary>Share of texture patches when --textures is given without --texture-share: terrain is a large
    /// part of a strategy game's frame, but paintings and photos keep the general-purpose targets.</summary>
    private const double DefaultTextureShare = 0.2;

    private static string[] ParseFolders(string text) =>
        text.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Select(Path.GetFullPath).ToArray();

    private static string DescribeData(TrainingOptions o) =>
        string.Join(", ", o.DataDirectories) + (o.TextureDirectories.Count == 0 ? string.Empty : string.Create(CultureInfo.InvariantCulture,
            $"; textures ({o.TextureShare:P0} of natural patches): {string.Join(", ", o.TextureDirectories)}"));

    private static ImageCorpus? LoadCorpus(TrainingOptions options)
    {
        if (options.DataDirectories.Count == 0 && options.TextureDirectories.Count == 0)
        {
            return null;
        }

        ImageCorpus corpus = ImageCorpus.Load(options.DataDirectories, EvaluationDataGuard.ForRepository(), maxPixels: options.CorpusMaxPixels,
            textureDirectories: options.TextureDirectories, holdoutEvery: options.HoldoutEvery);
        int heldOut = corpus.Skipped.Count(s => s.Reason.StartsWith("held out", StringComparison.Ordinal));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"corpus: {corpus.Images.Count} images, {corpus.PixelCount / 1e6:F1} Mpixels, {corpus.Textures.Count} textures; skipped {corpus.Skipped.Count} ({corpus.ExcludedCount} excluded as evaluation images or screenshots{(heldOut > 0 ? $", {heldOut} held out for validation" : string.Empty)})"));
        return corpus;
    }

    private static long ParseLong(string value, string name) =>
        long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out long result) && result > 0
            ? result
            : throw new UsageException($"--{name} needs a positive integer, not '{value}'.");

    private static double ParseDouble(string value, string name) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double result) && double.IsFinite(result) && result >= 0
            ? result
            : throw new UsageException($"--{name} needs a non-negative number, not '{value}'.");
}
