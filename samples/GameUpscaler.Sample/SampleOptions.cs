using System.Globalization;
using GameUpscaler.Governor;

namespace GameUpscaler.Sample;

/// <summary>The sample's command line (see <see cref="Usage"/>).</summary>
internal sealed record SampleOptions
{
    public const string Usage = """
        GameUpscaler sample game: a scene rendered at a quality mode's render size, upscaled by the render-pipeline hook.

        usage: GameUpscaler.Sample [--headless] [--frames N] [--mode MODE] [--out DIR] [--display WxH] [--no-hud]
                                   [--model FILE|NAME | --spatial] [--sharpness S] [--export-pairs DIR] [--samples N]
                                   [--variant generator|spatial|temporal] [--governor] [--budget MS]
                                   [--export-capture DIR [--path K]]

          --headless          no window: render N frames of the camera path per mode, write PNGs, frametimes.csv and
                              frametimes.svg per mode under --out (default out/sample)
          --frames N          headless: frames per mode (default 3; 8 with --export-pairs); windowed: frames to run
                              (default: until Esc or the window closes)
          without --headless: an SDL2 window; keys 0 off, 1-5 native AA/quality/balanced/performance/ultra
                              performance, +/- sharpness, T temporal on/off, F1 split screen, B budget governor, Esc quit
          --mode MODE         all (default), off, native, quality, balanced, performance, ultra-performance
          --display WxH       display size (default 640x360)
          --model FILE|NAME   per-frame generator; default: the cheapest x2 L1 model in models/, else untrained random weights
          --temporal-model FILE|NAME  temporal generator of the temporal variant; default: the cheapest shipped x2
                              temporal L1 model, else the TAAU alone
          --spatial           run the spatial upscaler only (no generator)
          --variant V         temporal (default when a temporal model ships: the scene rendered jittered, its motion
                              vectors and depth handed to the hook, the temporal generator inside the TAAU), generator
                              (the per-frame one; the default otherwise), or spatial
          --sharpness S       0..1 (default 0.2)
          --no-hud            no HUD (frames comparable across runs)
          --governor          start with the budget governor on (windowed: B toggles it): it switches the hook from the
                              generator down to the spatial upscaler when the upscale's GPU time does not fit the budget
          --budget MS         the governor's GPU-time budget for the upscale in milliseconds (default 1.67: a tenth of
                              a 60 fps frame); headless, it needs --governor
          --split             split screen: left half spatial upscaler, right half generator
          --cycle-modes       windowed: next mode every --frames-per-mode F frames (default 20)
          --hold-frame K --hold-file PATH
                              windowed: after presenting frame K write PATH.ready, wait for PATH.release (screenshots)
          --resize-at K WxH   windowed: resize the window at frame K (tests swapchain re-creation)
          --export-pairs DIR  write training pairs instead: DIR/lr/NNNN.png at the mode's render size, one sample per
                              pixel, and DIR/hr/NNNN.png at display size with N×N samples per pixel (--samples, default 4);
                              --mode picks the render size (default performance)
          --export-capture DIR
                              write a frame capture (../shared/docs/CAPTURE.md) instead: --frames N frames (default 48)
                              of camera path --path K (0 road, 1 facades, 2 still camera: the reports' paths; 3 to
                              1023 training paths, from 512 with the camera held still; each has a moving ball and a camera cut) at the --mode render size (default performance) with Halton jitter, exact
                              motion vectors and depth, and --display-size references with --samples N (default 4:
                              16 samples per pixel)
        """;

    public bool Headless { get; init; }

    public int? Frames { get; init; }

    public string Mode { get; init; } = "all";

    public string OutputDirectory { get; init; } = Path.Combine("out", "sample");

    public Size2D DisplaySize { get; init; } = new(640, 360);

    public string? Model { get; init; }

    public bool SpatialOnly { get; init; }

    /// <summary>The hook variant to run (--variant); null: the temporal one when a temporal model is there, else the generator.</summary>
    public Hooks.UpscalerVariant? Variant { get; init; }

    /// <summary>The temporal generator (--temporal-model); null: the shipped default.</summary>
    public string? TemporalModel { get; init; }

    public float Sharpness { get; init; } = UpscalerDispatchDescription.DefaultSharpness;

    public string? ExportPairsDirectory { get; init; }

    public string? ExportCaptureDirectory { get; init; }

    /// <summary>The camera path of a capture (0 to SceneRenderer.PathCount − 1).</summary>
    public int CapturePath { get; init; }

    public int SamplesPerAxis { get; init; } = 4;

    public bool ShowHelp { get; init; }

    /// <summary>Windowed: switch to the next mode every <see cref="FramesPerMode"/> frames (through all modes when --mode is all).</summary>
    public bool CycleModes { get; init; }

    public int FramesPerMode { get; init; } = 20;

    /// <summary>Windowed: the frame to hold on screen until HOLDFILE.release exists (after writing HOLDFILE.ready).</summary>
    public int? HoldFrame { get; init; }

    public string? HoldFile { get; init; }

    /// <summary>Windowed: resize the window at this frame (exercises swapchain re-creation and the hook's Resize).</summary>
    public (int Frame, Size2D Size)? ResizeAt { get; init; }

    /// <summary>No HUD (its timings differ from run to run; frame comparisons across runs turn it off).</summary>
    public bool NoHud { get; init; }

    /// <summary>Start in split screen: left half spatial, right half generator (F1 toggles it in the window).</summary>
    public bool SplitScreen { get; init; }

    /// <summary>The governor's default budget: a tenth of a 60 fps frame, about what upscalers are given in games.</summary>
    public static BudgetGovernorOptions DefaultGovernorOptions { get; } = BudgetGovernorOptions.FromFrameShare(60, 0.1);

    /// <summary>Start with the budget governor on.</summary>
    public bool Governor { get; init; }

    /// <summary>The governor's budget in milliseconds (null: <see cref="DefaultGovernorOptions"/>).</summary>
    public double? BudgetMilliseconds { get; init; }

    /// <summary>The governor's settings from --budget.</summary>
    public BudgetGovernorOptions GovernorOptions =>
        BudgetMilliseconds is { } budget ? DefaultGovernorOptions with { BudgetMilliseconds = budget } : DefaultGovernorOptions;

    public static SampleOptions Parse(IReadOnlyList<string> args)
    {
        var options = new SampleOptions();
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            string Value()
            {
                if (i + 1 >= args.Count)
                {
                    throw new SampleUsageException($"{arg} needs a value.");
                }

                return args[++i];
            }

            options = arg switch
            {
                "--headless" => options with { Headless = true },
                "--frames" => options with { Frames = PositiveInt(arg, Value()) },
                "--mode" => options with { Mode = Value() },
                "--out" => options with { OutputDirectory = Value() },
                "--display" => options with { DisplaySize = ParseSize(Value()) },
                "--model" => options with { Model = Value() },
                "--temporal-model" => options with { TemporalModel = Value() },
                "--spatial" => options with { SpatialOnly = true },
                "--variant" => options with { Variant = ParseVariant(Value()) },
                "--sharpness" => options with { Sharpness = ParseSharpness(Value()) },
                "--export-pairs" => options with { ExportPairsDirectory = Value() },
                "--export-capture" => options with { ExportCaptureDirectory = Value() },
                "--path" => options with
                {
                    CapturePath = int.TryParse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int path) && path is >= 0 and <= Scene.SceneRenderer.LastTrainingPath
                        ? path
                        : throw new SampleUsageException($"--path needs a camera path from 0 to {Scene.SceneRenderer.LastTrainingPath} (0 to {Scene.SceneRenderer.PathCount - 1} evaluation, {Scene.SceneRenderer.FirstTrainingPath} and up training)."),
                },
                "--samples" => options with { SamplesPerAxis = PositiveInt(arg, Value()) },
                "--cycle-modes" => options with { CycleModes = true },
                "--frames-per-mode" => options with { FramesPerMode = PositiveInt(arg, Value()) },
                "--hold-frame" => options with { HoldFrame = int.TryParse(Value(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int hold) && hold >= 0 ? hold : throw new SampleUsageException("--hold-frame needs a frame index.") },
                "--hold-file" => options with { HoldFile = Value() },
                "--resize-at" => options with { ResizeAt = (PositiveInt(arg, Value()), ParseSize(Value())) },
                "--no-hud" => options with { NoHud = true },
                "--split" => options with { SplitScreen = true },
                "--governor" => options with { Governor = true },
                "--budget" => options with { BudgetMilliseconds = ParseBudget(Value()) },
                "--help" or "-h" => options with { ShowHelp = true },
                _ => throw new SampleUsageException($"Unknown option '{arg}'."),
            };
        }

        if (options.SpatialOnly && options.Model is not null)
        {
            throw new SampleUsageException("--spatial and --model exclude each other.");
        }

        if (options.Headless && options.BudgetMilliseconds is not null && !options.Governor)
        {
            // Headless there is no B key, so a budget without the governor would silently do nothing.
            throw new SampleUsageException("--budget needs --governor in headless mode.");
        }

        if (options.Headless && options.CycleModes)
        {
            // Headless runs render each mode in turn already (or one with --mode); cycling is the window's feature.
            throw new SampleUsageException("--cycle-modes is for the window; headless runs every mode in turn (or one with --mode M).");
        }

        if (options.ExportCaptureDirectory is not null && options.ExportPairsDirectory is not null)
        {
            throw new SampleUsageException("--export-capture and --export-pairs exclude each other.");
        }

        _ = SampleModes.Parse(options.Mode);
        return options;
    }

    private static int PositiveInt(string name, string text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value > 0
            ? value
            : throw new SampleUsageException($"{name} needs a positive integer, not '{text}'.");

    private static double ParseBudget(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value > 0 && double.IsFinite(value)
            ? value
            : throw new SampleUsageException($"--budget needs a positive number of milliseconds, not '{text}'.");

    private static float ParseSharpness(string text) =>
        float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float value) && value is >= 0f and <= 1f
            ? value
            : throw new SampleUsageException($"--sharpness needs a number between 0 and 1, not '{text}'.");

    private static Hooks.UpscalerVariant ParseVariant(string text) => text.ToLowerInvariant() switch
    {
        "generator" => Hooks.UpscalerVariant.Generator,
        "spatial" => Hooks.UpscalerVariant.Spatial,
        "temporal" or "taau" => Hooks.UpscalerVariant.Temporal,
        _ => throw new SampleUsageException($"--variant needs generator, spatial or temporal, not '{text}'."),
    };

    private static Size2D ParseSize(string text)
    {
        if (Size2D.TryParse(text, out Size2D size) &&
            size.Width >= QualityModes.MinimumDisplayDimension * 3 && size.Height >= QualityModes.MinimumDisplayDimension * 3 &&
            size.Width <= 7680 && size.Height <= 4320)
        {
            return size;
        }

        throw new SampleUsageException($"--display needs WIDTHxHEIGHT between {QualityModes.MinimumDisplayDimension * 3} and 7680x4320, not '{text}'.");
    }
}
