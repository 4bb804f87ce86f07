namespace GameUpscaler.Governor;

/// <summary>
/// Picks, frame by frame, which variant (generator size or spatial fallback) runs and optionally the render scale, so
/// that the upscale's GPU time stays inside a budget. Pure policy: it sees measured GPU milliseconds (from timestamps
/// of completed frames) and the render size, never a device; the same inputs always give the same decisions.
/// </summary>
/// <remarks>
/// <para>
/// Costs are kept per render pixel, so a quality-mode switch (more or fewer pixels) changes the prediction at once
/// and the governor can switch down before the first expensive frame, not after it.
/// </para>
/// <para>
/// The current variant's cost is the larger of an exponential moving average and a rolling percentile of its recent
/// frames: the average follows drift, the percentile keeps the prediction honest about noise, and a single spike moves
/// neither much. Other variants are predicted from the current one through relative costs: first the prior from
/// multiply-add counts (<see cref="GovernorVariant.WorkPerRenderPixel"/>), then, once a variant has run, its measured
/// cost relative to the one it replaced (a ratio measured across one switch, so slow drift of the whole device cancels).
/// </para>
/// <para>
/// Hysteresis: the governor switches down immediately when the prediction exceeds <see cref="BudgetGovernorOptions.DownshiftShare"/>
/// of the budget or frames overrun repeatedly, but switches up one variant at a time, only after a minimum dwell and
/// a run of frames in which the next variant is predicted to fit within <see cref="BudgetGovernorOptions.TargetShare"/>.
/// The gap between the two shares is what keeps it from flapping.
/// </para>
/// <para>
/// Dynamic resolution (optional) is the last resort: only when the cheapest variant does not fit is the render scale
/// lowered, and it is restored, step by step, before any variant is switched up again.
/// </para>
/// </remarks>
public sealed class BudgetGovernor
{
    private readonly GovernorVariant[] _variants;
    private readonly double[] _relativeCost;
    private readonly bool[] _measured;
    private readonly double[] _window;
    private readonly double[] _sorted;
    private int _windowCount;
    private int _windowNext;
    private double _average = double.NaN;
    private int _samplesSinceSwitch;
    private long _framesSinceSwitch;
    private int _headroomFrames;
    private int _consecutiveOverruns;
    private double _speedAtSwitch = double.NaN;
    private bool _calibrated = true;
    private long _frame = -1;

    /// <summary>Creates a governor.</summary>
    /// <param name="variants">The choices, cheapest (lowest quality) first; at least one.</param>
    /// <param name="options">Settings; null for the defaults (1 ms budget).</param>
    /// <exception cref="ArgumentNullException">The variants are null.</exception>
    /// <exception cref="ArgumentException">No variants, or a variant without a name or with a non-positive work prior.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public BudgetGovernor(IReadOnlyList<GovernorVariant> variants, BudgetGovernorOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(variants);
        if (variants.Count == 0)
        {
            throw new ArgumentException("The governor needs at least one variant.", nameof(variants));
        }

        foreach (GovernorVariant variant in variants)
        {
            if (string.IsNullOrWhiteSpace(variant.Name) || !(variant.WorkPerRenderPixel > 0) || !double.IsFinite(variant.WorkPerRenderPixel))
            {
                throw new ArgumentException($"Variant '{variant.Name}' needs a name and a positive work per render pixel.", nameof(variants));
            }
        }

        Options = options ?? new BudgetGovernorOptions();
        Options.Validate(variants.Count);
        _variants = [.. variants];
        _relativeCost = [.. variants.Select(v => v.WorkPerRenderPixel)];
        _measured = new bool[variants.Count];
        _window = new double[Options.WindowFrames];
        _sorted = new double[Options.WindowFrames];
        CurrentVariant = Options.InitialVariant;
        RenderScale = 1.0;
    }

    /// <summary>The settings.</summary>
    public BudgetGovernorOptions Options { get; }

    /// <summary>The variants, cheapest first.</summary>
    public IReadOnlyList<GovernorVariant> Variants => _variants;

    /// <summary>Index of the variant the last decision chose.</summary>
    public int CurrentVariant { get; private set; }

    /// <summary>The per-axis render scale the last decision chose (1 without dynamic resolution).</summary>
    public double RenderScale { get; private set; }

    /// <summary>The last decision (default before the first).</summary>
    public GovernorDecision LastDecision { get; private set; }

    /// <summary>How many decisions changed the variant or the render scale.</summary>
    public int SwitchCount { get; private set; }

    /// <summary>
    /// Feeds the measured GPU time of a completed frame. Frames still in flight when the variant changed are
    /// reported with their own variant and only the current variant's frames update the prediction.
    /// </summary>
    /// <param name="variantIndex">The variant that frame ran.</param>
    /// <param name="renderSize">The render size that frame used.</param>
    /// <param name="gpuMilliseconds">Its upscale GPU time (the sum of its passes' timestamps).</param>
    /// <exception cref="ArgumentOutOfRangeException">An index, size or time is invalid.</exception>
    public void ReportFrame(int variantIndex, Size2D renderSize, double gpuMilliseconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(variantIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(variantIndex, _variants.Length);
        if (renderSize.Width < 1 || renderSize.Height < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(renderSize), renderSize, "The render size must be positive.");
        }

        if (!(gpuMilliseconds >= 0) || !double.IsFinite(gpuMilliseconds))
        {
            throw new ArgumentOutOfRangeException(nameof(gpuMilliseconds), gpuMilliseconds, "The GPU time must be a finite, non-negative number.");
        }

        if (variantIndex != CurrentVariant)
        {
            return;
        }

        _consecutiveOverruns = gpuMilliseconds > Options.BudgetMilliseconds ? _consecutiveOverruns + 1 : 0;
        double perPixel = gpuMilliseconds / renderSize.Area;
        _window[_windowNext] = perPixel;
        _windowNext = (_windowNext + 1) % _window.Length;
        _windowCount = Math.Min(_windowCount + 1, _window.Length);
        _average = double.IsNaN(_average) ? perPixel : _average + (Options.SmoothingFactor * (perPixel - _average));
        _samplesSinceSwitch++;
        _measured[CurrentVariant] |= double.IsNaN(_speedAtSwitch); // the first variant run is the anchor of the relative costs
        if (!_calibrated && _samplesSinceSwitch >= Options.MinimumSamples)
        {
            Calibrate();
        }
    }

    /// <summary>
    /// Decides the next frame: which variant runs and at which render scale. Call once per frame, before rendering it.
    /// </summary>
    /// <param name="requestedRenderSize">The render size of the current quality mode (before dynamic resolution).</param>
    /// <returns>The decision; <see cref="GovernorDecision.RenderSize"/> is what the host renders.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The size is not positive.</exception>
    public GovernorDecision Decide(Size2D requestedRenderSize)
    {
        if (requestedRenderSize.Width < 1 || requestedRenderSize.Height < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(requestedRenderSize), requestedRenderSize, "The render size must be positive.");
        }

        _frame++;
        _framesSinceSwitch++;
        double speed = CurrentSpeed();
        GovernorReason reason = double.IsNaN(speed) ? GovernorReason.Initial : Choose(requestedRenderSize, speed);
        if (reason is not (GovernorReason.Hold or GovernorReason.Initial))
        {
            SwitchCount++;
        }

        double predicted = double.IsNaN(speed) ? double.NaN : Predict(CurrentVariant, RenderScale, requestedRenderSize, CurrentSpeed());
        LastDecision = new GovernorDecision(
            _frame, CurrentVariant, _variants[CurrentVariant].Name, RenderScale, Scaled(requestedRenderSize, RenderScale), predicted, reason);
        return LastDecision;
    }

    private static Size2D Scaled(Size2D size, double scale) => scale >= 1
        ? size
        : new Size2D(Math.Max(1, (int)Math.Round(size.Width * scale)), Math.Max(1, (int)Math.Round(size.Height * scale)));

    private GovernorReason Choose(Size2D requested, double speed)
    {
        double budget = Options.BudgetMilliseconds;
        double target = Options.TargetShare * budget;
        int current = CurrentVariant;
        bool overrun = Predict(current, RenderScale, requested, speed) > Options.DownshiftShare * budget;
        bool repeated = _consecutiveOverruns >= Options.OverrunsBeforeDownshift;
        if (overrun || repeated)
        {
            if (!_calibrated && _samplesSinceSwitch > 0)
            {
                // A variant that overran before its calibration completed: what it measured corrects its prior now,
                // so the speed used to pick the next variant is the device's, not the wrong prior's.
                Calibrate();
                speed = CurrentSpeed();
            }

            GovernorReason why = overrun ? GovernorReason.PredictedOverrun : GovernorReason.RepeatedOverrun;
            if (current > 0)
            {
                int next = 0;
                for (int v = current - 1; v > 0; v--)
                {
                    if (Predict(v, RenderScale, requested, speed) <= target)
                    {
                        next = v;
                        break;
                    }
                }

                SwitchTo(next, speed);
                if (Options.DynamicResolution && next == 0 && Predict(0, RenderScale, requested, speed) > target)
                {
                    LowerScale(requested, speed);
                }

                return why;
            }

            if (Options.DynamicResolution && RenderScale > Options.MinimumRenderScale)
            {
                LowerScale(requested, speed);
                return GovernorReason.ResolutionDown;
            }

            // Nothing cheaper exists: keep running and keep measuring.
            _consecutiveOverruns = 0;
            return GovernorReason.Hold;
        }

        if (_framesSinceSwitch < Options.MinimumDwellFrames || _samplesSinceSwitch < Options.MinimumSamples)
        {
            return GovernorReason.Hold;
        }

        bool raiseScale = Options.DynamicResolution && RenderScale < 1;
        double candidateScale = raiseScale ? Snap(RenderScale + Options.RenderScaleStep) : RenderScale;
        int candidate = raiseScale ? current : current + 1;
        if (candidate >= _variants.Length || Predict(candidate, candidateScale, requested, speed) > target)
        {
            _headroomFrames = 0;
            return GovernorReason.Hold;
        }

        if (++_headroomFrames < Options.UpshiftAfterFrames)
        {
            return GovernorReason.Hold;
        }

        if (raiseScale)
        {
            RenderScale = candidateScale;
            ResetDwell();
            return GovernorReason.ResolutionUp;
        }

        SwitchTo(candidate, speed);
        return GovernorReason.Headroom;
    }

    private void LowerScale(Size2D requested, double speed)
    {
        // The scale whose pixel count brings the cheapest variant to the target share, and at least one step lower
        // (repeated overruns while the prediction still fits must change something), never below the mode's bound.
        double full = Predict(CurrentVariant, 1.0, requested, speed);
        double scale = Math.Sqrt(Options.TargetShare * Options.BudgetMilliseconds / full);
        RenderScale = Snap(Math.Min(scale, RenderScale - Options.RenderScaleStep));
        ResetDwell();
    }

    /// <summary>
    /// The scale clamped to [minimum, 1], and snapped to either bound when within rounding error of it: steps up and
    /// down by <see cref="BudgetGovernorOptions.RenderScaleStep"/> do not cancel exactly in binary, and a scale one ulp
    /// above the minimum (or below 1) would let the next decision "switch" by that ulp, a switch that changes nothing.
    /// </summary>
    private double Snap(double scale)
    {
        const double tolerance = 1e-9;
        return scale <= Options.MinimumRenderScale + tolerance ? Options.MinimumRenderScale : scale >= 1 - tolerance ? 1.0 : scale;
    }

    private double Predict(int variant, double scale, Size2D requested, double speed) =>
        RelativeCost(variant) * speed * Scaled(requested, scale).Area;

    /// <summary>
    /// A variant's cost relative to the others: measured when it has run; otherwise the prior ratio to the measured
    /// variant nearest in work, because priors from multiply-adds compare generators well with each other but not
    /// with the spatial fallback, whose passes are of a different kind.
    /// </summary>
    private double RelativeCost(int variant)
    {
        if (_measured[variant])
        {
            return _relativeCost[variant];
        }

        int nearest = -1;
        double distance = double.PositiveInfinity;
        for (int m = 0; m < _variants.Length; m++)
        {
            double d = Math.Abs(Math.Log(_variants[variant].WorkPerRenderPixel / _variants[m].WorkPerRenderPixel));
            if (_measured[m] && d < distance)
            {
                nearest = m;
                distance = d;
            }
        }

        return nearest < 0
            ? _relativeCost[variant]
            : _relativeCost[nearest] * _variants[variant].WorkPerRenderPixel / _variants[nearest].WorkPerRenderPixel;
    }

    /// <summary>Milliseconds per render pixel per unit of relative cost, from the current variant; NaN before any measurement.</summary>
    private double CurrentSpeed()
    {
        double measured = double.NaN;
        if (_windowCount > 0)
        {
            double percentile = WindowPercentile();
            measured = Math.Max(_average, percentile) / RelativeCost(CurrentVariant);
        }

        if (_samplesSinceSwitch >= Options.MinimumSamples || double.IsNaN(_speedAtSwitch))
        {
            return measured;
        }

        // A new variant with few samples: the prediction that chose it, unless what it has measured is already worse.
        return double.IsNaN(measured) ? _speedAtSwitch : Math.Max(measured, _speedAtSwitch);
    }

    /// <summary>The rolling percentile of the current window, sorted in a reused buffer: no allocation per frame.</summary>
    private double WindowPercentile()
    {
        Span<double> sorted = _sorted.AsSpan(0, _windowCount);
        _window.AsSpan(0, _windowCount).CopyTo(sorted);
        sorted.Sort();
        return Percentiles.NearestRankOfSorted(sorted, Options.Percentile);
    }

    private void SwitchTo(int variant, double speed)
    {
        CurrentVariant = variant;
        _speedAtSwitch = speed;
        _calibrated = false;
        _windowCount = 0;
        _windowNext = 0;
        _average = double.NaN;
        _samplesSinceSwitch = 0;
        ResetDwell();
    }

    private void ResetDwell()
    {
        _framesSinceSwitch = 0;
        _headroomFrames = 0;
        _consecutiveOverruns = 0;
    }

    private void Calibrate()
    {
        // The measured cost relative to the speed seen just before the switch: a ratio across one switch.
        double perPixel = Math.Max(_average, WindowPercentile());
        if (!double.IsNaN(_speedAtSwitch) && _speedAtSwitch > 0 && perPixel > 0)
        {
            _relativeCost[CurrentVariant] = perPixel / _speedAtSwitch;
            _measured[CurrentVariant] = true;
        }

        _calibrated = true;
    }
}
