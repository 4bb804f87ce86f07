namespace GameUpscaler.Cli;

using GameUpscaler.Hooks;
using System.Diagnostics;
using System.Globalization;
using GameUpscaler.Cli.Bench;
using GameUpscaler.Governor;
using GameUpscaler.Imaging;
using GameUpscaler.Models;
using GameUpscaler.Vulkan;

/// <summary>
/// <c>gameupscaler bench</c>: the frame-time benchmark. For each quality mode and model it upscales render-size frames
/// from a frame source through the Vulkan context a game uses, measures every pass with GPU timestamps and the whole
/// frame with the host clock, and writes percentiles, budget adherence, the per-pass breakdown with FLOPs, bytes and
/// achieved rates (CSV, bench.json) and two SVG plots. With <c>--budget</c> it also runs the budget governor over the
/// listed models, so its per-frame decisions can be read next to the fixed-model runs.
/// </summary>
internal static class BenchCommand
{
    public static int Run(CommandLineArguments args)
    {
        string[] modeNames = args.GetOrDefault("modes", "quality,performance").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string[] modelNames = args.GetOrDefault("models", "spatial,c8n2,c16n4").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        int frames = args.GetInt("frames", 20, 1, 1_000_000);
        int warmup = args.GetInt("warmup", 2, 0, 10_000);
        double? budget = args.Has("budget") ? args.GetDouble("budget", 0, 1e-9, 1e6) : null;
        bool dynamicResolution = args.Has("dynamic-resolution");
        Size2D display = DemoCommand.ParseSize(args.GetOrDefault("display", "640x360"));
        VulkanPermutation? permutation = ParsePermutation(args.GetOrDefault("permutation", "auto"));
        string? deviceName = args.Get("device");
        float sharpness = (float)args.GetDouble("sharpness", UpscalerDispatchDescription.DefaultSharpness, 0, 1);
        string outDirectory = args.GetOrDefault("out", Path.Combine("out", "bench"));
        string sourceName = args.GetOrDefault("source", "synthetic");
        UpscalerFormat format = args.GetOrDefault("format", "rgba8") switch
        {
            "rgba8" => UpscalerFormat.R8G8B8A8Unorm,
            "rgba16f" => UpscalerFormat.R16G16B16A16Float,
            "rgba32f" => UpscalerFormat.R32G32B32A32Float,
            string other => throw new UsageException($"--format is rgba8, rgba16f or rgba32f; got '{other}'."),
        };
        double? peakTflops = args.Has("peak-tflops") ? args.GetDouble("peak-tflops", 0, 1e-6, 1e6) : null;
        double? peakGbps = args.Has("peak-gbps") ? args.GetDouble("peak-gbps", 0, 1e-6, 1e7) : null;
        bool direct = args.GetOrDefault("host-images", "direct") switch
        {
            "direct" => true,
            "copy" => false,
            string other => throw new UsageException($"--host-images is direct or copy; got '{other}'."),
        };
        args.EnsureAllUsed(0);
        if (sourceName is not ("synthetic" or "sample"))
        {
            throw new UsageException($"Unknown --source '{sourceName}': use 'synthetic' or 'sample'.");
        }

        if (dynamicResolution && budget is null)
        {
            throw new UsageException("--dynamic-resolution needs --budget (it is the governor's).");
        }

        if (modeNames.Length == 0 || modelNames.Length == 0)
        {
            throw new UsageException("--modes and --models need at least one entry each.");
        }

        var modes = new List<QualityMode>();
        foreach (string name in modeNames)
        {
            modes.Add(QualityModes.TryParse(name, out QualityMode mode) ? mode : throw new UsageException($"Unknown quality mode '{name}'."));
        }

        using VulkanDevice device = VulkanDevice.Create(new VulkanDeviceOptions { Device = deviceName });
        // The sample scene renders on the bench's device; every mode's render size fits in the display size.
        IBenchFrameSource source = sourceName == "sample" ? new SampleSceneSource(device, display) : new SyntheticSceneSource();
        using var disposeSource = source as IDisposable;
        Console.WriteLine($"device: {device.Info.Name} ({device.Info.Type}, Vulkan {device.Info.ApiVersion}); source: {source.Description}");
        Console.WriteLine($"display {display}, {frames} frames after {warmup} warm-up, budget {(budget is { } b ? $"{b} ms" : "none")}, " +
            $"{format} images bound {(direct ? "directly" : "through copies")}");
        var io = new BenchImages(format, direct);

        // Each mode's measurements, resolved first so the progress display knows how many there are. A temporal
        // model (taau, or a temporal generator) is measured on its own; the others also feed the governor.
        var plan = new List<(QualityMode Mode, Size2D Render, List<(string Name, GeneratorWeights? Weights, bool Temporal)> Models)>();
        foreach (QualityMode mode in modes)
        {
            double ratio = QualityModes.GetUpscaleRatio(mode);
            plan.Add((mode, QualityModes.GetRenderResolution(mode, display), [.. modelNames.Select(model =>
            {
                GeneratorWeights? weights = model == "taau" ? null : ResolveModel(model, ratio);
                return (model, weights, model == "taau" || weights is { Architecture.Temporal: true });
            })]));
        }

        bool governed = budget is not null;
        long measurements = plan.Sum(p => p.Models.Count + (governed && p.Models.Count(m => !m.Temporal) > 1 ? 1 : 0));
        var runs = new List<BenchRun>();
        var lines = new List<string>();
        ProgressReporter progress = ProgressReporter.ForConsole();
        progress.Run("bench", measurements, scope =>
        {
            void Done(string what, BenchRun run)
            {
                runs.Add(run);
                string line = $"{what} ... {RunLine(run, budget)}";
                lines.Add(line);
                scope.Step(line);
            }

            foreach ((QualityMode mode, Size2D render, var models) in plan)
            {
                string header = $"{QualityModes.GetName(mode)} {render} -> {display}";
                var variants = new List<(string Name, GeneratorWeights? Weights)>();
                foreach ((string model, GeneratorWeights? weights, bool temporal) in models)
                {
                    if (temporal)
                    {
                        // The temporal passes (alone, or with a temporal generator inside), measured on their own.
                        Done($"{header} {model}", MeasureTemporal(device, source, mode, render, display, frames, warmup, model, weights));
                        continue;
                    }

                    variants.Add((model, weights));
                    Done($"{header} {model}", MeasureFixed(device, source, mode, render, display, model, weights, permutation, sharpness, frames, warmup, io));
                }

                if (budget is { } limit && variants.Count > 1)
                {
                    var options = new BudgetGovernorOptions { BudgetMilliseconds = limit, DynamicResolution = dynamicResolution, MinimumRenderScale = 0.5 };
                    Done($"{header} governor", MeasureGoverned(device, source, mode, render, display, variants, options, permutation, sharpness, frames, warmup, io));
                }
            }

            return runs.Count;
        });
        if (progress.IsInteractive)
        {
            // The live display shows only the latest measurement; the lines are the command's result, so print them all.
            lines.ForEach(Console.WriteLine);
        }

        var context = new BenchReportWriter.Context(
            device.Info.Name, device.Info.Type, device.Info.ApiVersion, "gameupscaler bench " + string.Join(' ', Environment.GetCommandLineArgs().Skip(2)),
            source.Description, budget, frames, warmup, format.ToString(), direct ? "direct" : "copy")
        {
            PeakTflops = peakTflops,
            PeakGigabytesPerSecond = peakGbps,
        };
        IReadOnlyList<string> written = BenchReportWriter.Write(outDirectory, context, runs);
        Console.WriteLine($"wrote {string.Join(", ", written)}");
        return Program.ExitSuccess;
    }

    private static BenchRun MeasureFixed(
        VulkanDevice device, IBenchFrameSource source, QualityMode mode, Size2D render, Size2D display, string model, GeneratorWeights? weights,
        VulkanPermutation? permutation, float sharpness, int frames, int warmup, BenchImages io)
    {
        using var upscaler = new VulkanOfflineUpscaler(device, weights, permutation, enableTimestamps: true) { BindImagesDirectly = io.Direct };
        var measured = new List<BenchFrame>();
        for (int i = 0; i < warmup + frames; i++)
        {
            long start = Stopwatch.GetTimestamp();
            PlanarImage color = source.Render(render, i);
            upscaler.Run(VulkanOfflineUpscaler.EncodePixels(color, io.Format), io.Format, render, display, io.Format, sharpness);
            double frameMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (i >= warmup)
            {
                VulkanUpscalerContext context = upscaler.Context!;
                measured.Add(Frame(
                    i - warmup, model, "fixed", render, display, frameMs, upscaler.LastTimings, weights?.Architecture, context.Permutation, context.LastFrameTraffic));
            }
        }

        return new BenchRun(QualityModes.GetName(mode), model, render, display, upscaler.Context!.Permutation.ToString(), measured);
    }

    /// <summary>
    /// The TAAU (its context's passes) on the source's frames with Halton jitter, a uniform pan of a quarter render
    /// pixel per frame as motion and constant depth: its cost does not depend on the content, only on the sizes.
    /// </summary>
    private static BenchRun MeasureTemporal(
        VulkanDevice device, IBenchFrameSource source, QualityMode mode, Size2D render, Size2D display, int frames, int warmup, string name, GeneratorWeights? generator)
    {
        using var upscaler = new VulkanTemporalUpscaler(device, render, display, generator);
        float[] motion = new float[render.Width * render.Height * 2];
        for (int i = 0; i < motion.Length; i += 2)
        {
            motion[i] = 0.25f;
        }

        float[] depth = new float[render.Width * render.Height];
        Array.Fill(depth, 10f);
        int phases = TemporalJitter.GetPhaseCount(render, display);
        var measured = new List<BenchFrame>();
        for (int i = 0; i < warmup + frames; i++)
        {
            long start = Stopwatch.GetTimestamp();
            Image8 color = source.Render(render, i).ToImage8();
            (float jx, float jy) = TemporalJitter.GetOffset(i, phases);
            _ = upscaler.Upscale(color, motion, depth, jx, jy, reset: i == 0);
            double frameMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            if (i >= warmup)
            {
                measured.Add(Frame(i - warmup, name, "fixed", render, display, frameMs, upscaler.LastTimings, generator?.Architecture, VulkanPermutation.Float32, default));
            }
        }

        return new BenchRun(QualityModes.GetName(mode), name, render, display, VulkanPermutation.Float32.ToString(), measured);
    }

    private static BenchRun MeasureGoverned(
        VulkanDevice device, IBenchFrameSource source, QualityMode mode, Size2D render, Size2D display,
        List<(string Name, GeneratorWeights? Weights)> variants, BudgetGovernorOptions options, VulkanPermutation? permutation, float sharpness,
        int frames, int warmup, BenchImages io)
    {
        // The governor wants its variants cheapest first: spatial, then generators by multiply-adds.
        var ordered = variants.OrderBy(v => v.Weights?.Architecture.MacsPerInputPixel ?? 0).ToList();
        using var upscaler = new VulkanOfflineUpscaler(
            device, [.. ordered.Select(v => v.Weights)], options, permutation) { BindImagesDirectly = io.Direct };
        var measured = new List<BenchFrame>();
        for (int i = 0; i < warmup + frames; i++)
        {
            long start = Stopwatch.GetTimestamp();
            // As a game does: ask for the plan first and render at its size (the very first frame creates the
            // context, whose Dispatch then plans by itself).
            Size2D size = upscaler.GovernedContext?.PlanFrame(render).RenderSize ?? render;
            PlanarImage color = source.Render(size, i);
            upscaler.Run(VulkanOfflineUpscaler.EncodePixels(color, io.Format), io.Format, size, display, io.Format, sharpness);
            double frameMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            GovernedVulkanUpscalerContext governed = upscaler.GovernedContext!;
            GovernorDecision decision = governed.LastDecision;
            if (i >= warmup)
            {
                VulkanUpscalerContext variant = governed.VariantContexts[decision.VariantIndex];
                measured.Add(Frame(
                    i - warmup, ordered[decision.VariantIndex].Name, decision.Reason.ToString(), decision.RenderSize, display, frameMs, upscaler.LastTimings,
                    variant.Architecture, variant.Permutation, variant.LastFrameTraffic));
            }
        }

        string permutations = string.Join('/', upscaler.GovernedContext!.VariantContexts.Select(c => c.Permutation).Distinct());
        return new BenchRun(QualityModes.GetName(mode), "governor", render, display, permutations, measured);
    }

    private static BenchFrame Frame(
        int index, string variant, string reason, Size2D render, Size2D display, double frameMs, IReadOnlyList<UpscalerPassTiming> timings,
        GeneratorArchitecture? architecture, VulkanPermutation permutation, VulkanFrameTraffic traffic)
    {
        var passes = timings.Select(t => (t, VulkanPassWork.Estimate(t.Label, architecture, permutation, render, display))).ToList();
        return new BenchFrame(index, variant, reason, render, timings.Sum(t => t.Milliseconds), frameMs, passes, traffic);
    }

    /// <summary>How the bench hands its images to the upscaler: their format, and whether they may be bound directly.</summary>
    private sealed record BenchImages(UpscalerFormat Format, bool Direct);

    private static GeneratorWeights? ResolveModel(string model, double ratio)
    {
        if (model == "spatial")
        {
            return null;
        }

        if (GeneratorArchitecture.TryParseSizeName(model, out int channels, out int body))
        {
            // Random weights: GPU time does not depend on the values. The smallest integer scale reaching the display.
            int scale = Math.Clamp((int)Math.Ceiling(ratio - 1e-9), 1, GeneratorArchitecture.MaxScale);
            try
            {
                return GeneratorWeights.CreateRandom(new GeneratorArchitecture(scale, channels, body), seed: 1);
            }
            catch (ArgumentOutOfRangeException e)
            {
                throw new UsageException($"Model '{model}': {e.Message}");
            }
        }

        return KnownModels.Resolve(model);
    }

    private static VulkanPermutation? ParsePermutation(string text) => text switch
    {
        "auto" => null,
        "fp32" => VulkanPermutation.Float32,
        "sfp16" => VulkanPermutation.Float16Storage,
        "afp16" => VulkanPermutation.Float16StorageAndArithmetic,
        _ => throw new UsageException($"--permutation is fp32, sfp16, afp16 or auto; got '{text}'."),
    };

    private static string RunLine(BenchRun run, double? budget)
    {
        var u = BenchRun.Summary(run.Frames.Select(f => f.UpscaleMilliseconds));
        var f = BenchRun.Summary(run.Frames.Select(f => f.FrameMilliseconds));
        string within = run.WithinBudget(budget) is { } w ? $", within budget {w:P1}" : string.Empty;
        string switches = run.Model == "governor" ? $", switches {run.Switches}, last {run.Frames[^1].Variant}" : string.Empty;
        (double bytes, double copies) = run.Traffic;
        return string.Create(
            CultureInfo.InvariantCulture,
            $"upscale GPU p50 {u.P50:F3} p95 {u.P95:F3} p99 {u.P99:F3} max {u.Max:F3} ms; frame p50 {f.P50:F2} p99 {f.P99:F2} ms{within}{switches}; " +
            $"moved {bytes / 1e6:F1} MB/frame ({copies:0} copies)");
    }
}
