using System.Globalization;
using GameUpscaler.Governor;

namespace GameUpscaler.Sample;

/// <summary>The sample's command line: the options of <see cref="SampleCommandLine"/>, checked and combined.</summary>
internal sealed record SampleOptions
{
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

    /// <summary>Checks what the options say together (each one alone was checked by the parser).</summary>
    /// <exception cref="SampleUsageException">Options that exclude each other, or a mode that is not one.</exception>
    public SampleOptions Validate()
    {
        SampleOptions options = this;
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
}
