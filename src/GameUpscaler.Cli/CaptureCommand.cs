namespace GameUpscaler.Cli;

using System.Globalization;
using System.Text.Json;
using GameUpscaler.Capture;
using GameUpscaler.Imaging;
using GameUpscaler.IO;

/// <summary><c>gameupscaler capture eval</c>: replays a frame capture (CAPTURE.md) through a method and scores it.</summary>
internal static class CaptureCommand
{
    public static int Run(CommandLineArguments args)
    {
        string verb = args.Positional(0, "a verb (eval or report)");
        if (verb == "report")
        {
            return Report(args);
        }

        if (verb != "eval")
        {
            throw new UsageException($"Unknown capture verb '{verb}'; use 'capture eval' or 'capture report'.");
        }

        string folder = args.Get("capture") ?? throw new UsageException("--capture DIR is required.");
        string methodName = args.GetOrDefault("method", "taau").ToLowerInvariant();
        string? json = args.Get("json");
        string? framesOut = args.Get("frames-out");
        Temporal.TemporalUpscalerSettings? settings = TemporalSettingsArgument.Parse(args.Get("settings"));
        string backendName = args.GetOrDefault("backend", "cpu").ToLowerInvariant();
        if (settings is not null && (backendName != "cpu" || (methodName != "taau" && methodName != "temporal")))
        {
            throw new UsageException("--settings tunes the CPU reference's accumulation: --method taau or temporal with --backend cpu.");
        }

        ITemporalUpscaleMethod method;
        if (methodName == "taau")
        {
            method = backendName switch
            {
                "cpu" => new TaauMethod(settings),
                "vulkan" => new VulkanTaauMethod(args.Get("device")),
                _ => throw new UsageException($"--method taau runs on --backend cpu (the reference) or vulkan; got --backend {backendName}."),
            };
        }
        else if (methodName == "temporal")
        {
            string model = args.Get("model") ?? throw new UsageException("--method temporal needs --model NAME|FILE (a temporal generator).");
            Models.GeneratorWeights weights = Models.KnownModels.Resolve(model);
            if (!weights.Architecture.Temporal)
            {
                throw new UsageException($"--method temporal needs a temporal generator; {model} is {weights.Architecture} (per-frame: use --method model).");
            }

            string label = Path.GetFileNameWithoutExtension(model);
            method = backendName switch
            {
                "cpu" => new TemporalGeneratorMethod(weights, label, settings),
                "vulkan" => new VulkanTaauMethod(args.Get("device"), weights, label),
                "onnx" or "onnxruntime" => new OnnxRuntime.OnnxTemporalGeneratorMethod(weights, OnnxRuntime.OnnxRuntimeOptions.Default, label),
                _ => throw new UsageException($"--method temporal runs on --backend cpu (the reference), vulkan or onnxruntime; got --backend {backendName}."),
            };
        }
        else
        {
            method = new PerFrameMethod(MethodOptions.Create(args));
        }

        args.EnsureAllUsed(1);
        CaptureReader capture = CaptureReader.Open(folder);

        using OutputFolder? frames = framesOut is null ? null : OutputFolder.Begin(framesOut, "--frames-out writes a new folder");
        CaptureManifest m = capture.Manifest;
        Console.WriteLine($"capture {folder}: {capture.FrameCount} frames, {m.RenderSize.Width}x{m.RenderSize.Height} -> {m.DisplaySize.Width}x{m.DisplaySize.Height}, depth {(m.HasDepth ? "yes" : "no")}; method {method.Name}");
        CaptureScore score = ProgressReporter.ForConsole().Run($"replaying {capture.FrameCount} frames", capture.FrameCount, scope =>
            CaptureEvaluator.Evaluate(capture, method, (index, frame) =>
            {
                if (frames is not null)
                {
                    PngCodec.Encode(frame, Path.Combine(frames.Staging, index.ToString("D4", CultureInfo.InvariantCulture) + ".png"));
                }

                scope.Step($"frame {index}");
            }));

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{score.Method}: Y-PSNR {score.PsnrY:F2} dB (frames >= 8: {score.PsnrYFromFrame8:F2} dB), Y-SSIM {score.SsimY:F4}, temporal error {score.TemporalError:F3}, HF ratio {score.HighFrequencyRatio:F3}, {score.MillisecondsPerFrame:F1} ms per frame (wall time per call)"));
        if (json is not null)
        {
            OutputFile.WriteAllBytes(json, ToJson(score, folder));
            Console.WriteLine($"scores: {json}");
        }

        if (frames is not null)
        {
            frames.Commit();
            Console.WriteLine($"frames: {framesOut}");
        }

        return Program.ExitSuccess;
    }

    private static int Report(CommandLineArguments args)
    {
        string[] captures = (args.Get("captures") ?? throw new UsageException("--captures DIR[,DIR...] is required.")).Split(',', StringSplitOptions.RemoveEmptyEntries);
        string markdown = args.Get("markdown") ?? throw new UsageException("--markdown FILE is required.");
        string? crops = args.Get("crops");
        string? json = args.Get("json");
        string[] models = args.GetOrDefault("models", string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries);
        args.EnsureAllUsed(1);
        if (crops is not null && !Directory.Exists(crops))
        {
            throw new DirectoryNotFoundException($"{crops}: no such folder for the crops");
        }

        // Every capture is opened before anything runs: a malformed one fails the report at once.
        CaptureReader[] readers = [.. captures.Select(CaptureReader.Open)];
        Func<ITemporalUpscaleMethod>[] methods =
        [
            () => new PerFrameMethod(new Evaluation.ResamplerMethod(Resampling.ResampleKernel.Bicubic)),
            () => new PerFrameMethod(new Evaluation.SpatialMethod(UpscalerDispatchDescription.DefaultSharpness)),
            .. models.Select(m =>
            {
                Models.GeneratorWeights weights = Models.KnownModels.Resolve(m);
                string label = Path.GetFileNameWithoutExtension(m);
                // A temporal generator keeps its history across frames; a per-frame one sees each frame alone.
                return weights.Architecture.Temporal
                    ? () => new TemporalGeneratorMethod(weights, label)
                    : (Func<ITemporalUpscaleMethod>)(() => new PerFrameMethod(new NamedMethod(label, new Evaluation.GeneratorMethod(weights))));
            }),
            () => new TaauMethod(),
        ];

        var c = CultureInfo.InvariantCulture;
        var table = new System.Text.StringBuilder();
        table.AppendLine("| capture | frames | render → display | method | Y-PSNR all (dB) | Y-PSNR frames ≥ 8 (dB) | Y-SSIM | temporal error ↓ | HF ratio (1 = reference) | CPU ms / frame |");
        table.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        var all = new List<object>();
        var strips = new List<(string File, Image8 Strip)>();
        foreach (CaptureReader capture in readers)
        {
            string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(capture.Folder));
            CaptureManifest m = capture.Manifest;
            int last = capture.FrameCount - 1;
            var lastFrames = new List<Image8> { capture.ReadFrame(last).Reference ?? throw new CaptureFormatException(capture.Folder, "has no references to score against") };
            foreach (Func<ITemporalUpscaleMethod> make in methods)
            {
                ITemporalUpscaleMethod method = make();
                CaptureScore score = CaptureEvaluator.Evaluate(capture, method, (index, frame) =>
                {
                    if (index == last)
                    {
                        lastFrames.Add(frame);
                    }
                });
                Console.WriteLine(string.Create(c, $"{name,-24} {score.Method,-16} Y-PSNR {score.PsnrY:F2} (>= 8: {score.PsnrYFromFrame8:F2}) SSIM {score.SsimY:F4} temporal {score.TemporalError:F3} HF {score.HighFrequencyRatio:F3} {score.MillisecondsPerFrame:F1} ms"));
                table.AppendLine(c, $"| {name} | {capture.FrameCount} | {m.RenderSize.Width}x{m.RenderSize.Height} → {m.DisplaySize.Width}x{m.DisplaySize.Height} | {score.Method} | {score.PsnrY:F2} | {score.PsnrYFromFrame8:F2} | {score.SsimY:F4} | {score.TemporalError:F3} | {score.HighFrequencyRatio:F3} | {score.MillisecondsPerFrame:F1} |");
                all.Add(new { capture = name, method = score.Method, psnr_y = score.PsnrY, psnr_y_from_frame8 = Finite(score.PsnrYFromFrame8), ssim_y = score.SsimY, temporal_error = Finite(score.TemporalError), high_frequency_ratio = Finite(score.HighFrequencyRatio), ms_per_frame = score.MillisecondsPerFrame });
            }

            if (crops is not null)
            {
                (int x, int y) = MostDetailed(lastFrames[0], 96);
                strips.Add((Path.Combine(crops, $"crop-{name}.png"), Training.Evaluation.ModelReport.SideBySide(lastFrames, x, y, 96)));
            }
        }

        // Written only once every capture and method has run.
        OutputFile.WriteAllBytes(markdown, System.Text.Encoding.UTF8.GetBytes(table.ToString()));
        Console.WriteLine($"table: {markdown}");
        foreach ((string file, Image8 strip) in strips)
        {
            OutputFile.WriteAllBytes(file, PngCodec.Encode(strip));
            Console.WriteLine($"crop: {file}");
        }

        if (json is not null)
        {
            OutputFile.WriteAllBytes(json, JsonSerializer.SerializeToUtf8Bytes(all, new JsonSerializerOptions { WriteIndented = true }));
        }

        return Program.ExitSuccess;
    }

    /// <summary>The top-left of the size² window with the most gradient energy (steps of size/4), where methods differ most.</summary>
    private static (int X, int Y) MostDetailed(Image8 image, int size)
    {
        Metrics.LumaImage y = Metrics.LumaImage.FromRgb(image);
        (int X, int Y) best = (0, 0);
        double bestEnergy = -1;
        for (int top = 0; top + size <= image.Height; top += size / 4)
        {
            for (int left = 0; left + size <= image.Width; left += size / 4)
            {
                double energy = 0;
                for (int j = top; j < top + size - 1; j++)
                {
                    for (int i = left; i < left + size - 1; i++)
                    {
                        double gx = y.Samples[(j * image.Width) + i + 1] - y.Samples[(j * image.Width) + i];
                        double gy = y.Samples[((j + 1) * image.Width) + i] - y.Samples[(j * image.Width) + i];
                        energy += (gx * gx) + (gy * gy);
                    }
                }

                if (energy > bestEnergy)
                {
                    (bestEnergy, best) = (energy, (left, top));
                }
            }
        }

        return best;
    }

    private static double? Finite(double v) => double.IsFinite(v) ? v : null;

    private static byte[] ToJson(CaptureScore score, string folder)
    {
        var document = new
        {
            capture = folder,
            method = score.Method,
            summary = new
            {
                psnr_y = score.PsnrY,
                psnr_y_from_frame8 = Finite(score.PsnrYFromFrame8),
                ssim_y = score.SsimY,
                temporal_error = Finite(score.TemporalError),
                high_frequency_ratio = Finite(score.HighFrequencyRatio),
                ms_per_frame = score.MillisecondsPerFrame,
            },
            frames = score.Frames.Select(f => new { index = f.Index, psnr_y = f.PsnrY, ssim_y = f.SsimY, temporal_error = f.TemporalError, high_frequency_ratio = Finite(f.HighFrequencyRatio), ms = f.Milliseconds, reset = f.Reset }),
        };
        return JsonSerializer.SerializeToUtf8Bytes(document, new JsonSerializerOptions { WriteIndented = true });
    }
}
