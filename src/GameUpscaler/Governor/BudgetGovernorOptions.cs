namespace GameUpscaler.Governor;

/// <summary>
/// Settings of the <see cref="BudgetGovernor"/>. The defaults are tuned for 60 frames per second: decisions react to
/// an overrun within a frame or two and move up only after about half a second of sustained headroom.
/// </summary>
public sealed record BudgetGovernorOptions
{
    /// <summary>The upscale's GPU-time budget in milliseconds.</summary>
    public double BudgetMilliseconds { get; init; } = 1.0;

    /// <summary>
    /// Share of the budget the governor aims for when it picks a variant: the margin absorbs frame-to-frame noise, so
    /// that a choice that fits on average also fits at the high percentiles.
    /// </summary>
    public double TargetShare { get; init; } = 0.8;

    /// <summary>Switch down as soon as the smoothed prediction exceeds this share of the budget.</summary>
    public double DownshiftShare { get; init; } = 0.95;

    /// <summary>How many consecutive measured overruns force a switch down even when the smoothed cost still fits (one alone is a spike).</summary>
    public int OverrunsBeforeDownshift { get; init; } = 2;

    /// <summary>Measured frames of a variant kept for its rolling percentile.</summary>
    public int WindowFrames { get; init; } = 30;

    /// <summary>The percentile of the window the prediction uses (with the EMA, whichever is larger).</summary>
    public double Percentile { get; init; } = 0.9;

    /// <summary>Weight of the newest sample in the exponential moving average.</summary>
    public double SmoothingFactor { get; init; } = 0.2;

    /// <summary>Frames a choice is kept at least before switching up (switching down is never delayed).</summary>
    public int MinimumDwellFrames { get; init; } = 15;

    /// <summary>Consecutive frames of predicted headroom (the next variant up fits within <see cref="TargetShare"/>) before switching up.</summary>
    public int UpshiftAfterFrames { get; init; } = 30;

    /// <summary>Measured frames of a newly chosen variant before its own measurements replace the prediction.</summary>
    public int MinimumSamples { get; init; } = 4;

    /// <summary>Index of the variant before anything is measured (0, the cheapest, is the safe start).</summary>
    public int InitialVariant { get; init; }

    /// <summary>Allow lowering the render scale when even the cheapest variant does not fit (dynamic resolution).</summary>
    public bool DynamicResolution { get; init; }

    /// <summary>The lowest per-axis render scale dynamic resolution may use (the mode's lower bound).</summary>
    public double MinimumRenderScale { get; init; } = 0.5;

    /// <summary>Per-axis step by which dynamic resolution raises the render scale after sustained headroom.</summary>
    public double RenderScaleStep { get; init; } = 0.05;

    /// <summary>A budget given as a share of the target frame time: e.g. 60 fps and 0.1 give 1.67 ms.</summary>
    /// <param name="framesPerSecond">The target frame rate.</param>
    /// <param name="share">The upscale's share of the frame time, in (0, 1].</param>
    /// <returns>Options with that budget and default settings otherwise.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public static BudgetGovernorOptions FromFrameShare(double framesPerSecond, double share)
    {
        if (!(framesPerSecond > 0 && double.IsFinite(framesPerSecond)))
        {
            throw new ArgumentOutOfRangeException(nameof(framesPerSecond), framesPerSecond, "The frame rate must be positive.");
        }

        if (!(share > 0 && share <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(share), share, "The share must be in (0, 1].");
        }

        return new BudgetGovernorOptions { BudgetMilliseconds = 1000.0 / framesPerSecond * share };
    }

    /// <summary>Checks every setting.</summary>
    /// <param name="variantCount">How many variants the governor has.</param>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public void Validate(int variantCount)
    {
        Check(BudgetMilliseconds > 0 && double.IsFinite(BudgetMilliseconds), BudgetMilliseconds, nameof(BudgetMilliseconds), "must be a positive number of milliseconds");
        Check(TargetShare > 0 && TargetShare <= 1, TargetShare, nameof(TargetShare), "must be in (0, 1]");
        Check(DownshiftShare >= TargetShare && DownshiftShare <= 1, DownshiftShare, nameof(DownshiftShare), "must be in [TargetShare, 1] (else the governor flaps)");
        Check(OverrunsBeforeDownshift >= 1, OverrunsBeforeDownshift, nameof(OverrunsBeforeDownshift), "must be at least 1");
        Check(WindowFrames >= 1, WindowFrames, nameof(WindowFrames), "must be at least 1");
        Check(Percentile >= 0 && Percentile <= 1, Percentile, nameof(Percentile), "must be in [0, 1]");
        Check(SmoothingFactor > 0 && SmoothingFactor <= 1, SmoothingFactor, nameof(SmoothingFactor), "must be in (0, 1]");
        Check(MinimumDwellFrames >= 0, MinimumDwellFrames, nameof(MinimumDwellFrames), "must not be negative");
        Check(UpshiftAfterFrames >= 1, UpshiftAfterFrames, nameof(UpshiftAfterFrames), "must be at least 1");
        Check(MinimumSamples >= 1, MinimumSamples, nameof(MinimumSamples), "must be at least 1");
        Check(InitialVariant >= 0 && InitialVariant < variantCount, InitialVariant, nameof(InitialVariant), $"must index one of the {variantCount} variants");
        Check(MinimumRenderScale > 0 && MinimumRenderScale <= 1, MinimumRenderScale, nameof(MinimumRenderScale), "must be in (0, 1]");
        Check(RenderScaleStep > 0 && RenderScaleStep <= 1, RenderScaleStep, nameof(RenderScaleStep), "must be in (0, 1]");
    }

    private static void Check(bool ok, object value, string name, string rule)
    {
        if (!ok)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} {rule}.");
        }
    }
}
