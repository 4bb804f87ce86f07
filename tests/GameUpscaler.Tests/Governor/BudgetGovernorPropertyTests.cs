using CsCheck;
using GameUpscaler.Governor;
using GameUpscaler.Hooks;
using GameUpscaler.Models;

namespace GameUpscaler.Tests.Governor;

/// <summary>
/// Property tests of the budget governor (CsCheck, shrinking failures) on random frame-time sequences: random variant
/// priors and true costs (not in the priors' order), noise, spikes, zeros, quality-mode switches, timings 0–3 frames
/// late, and random valid settings. Whatever the times, it only picks its own variants (the hook's policy never one
/// above the player's), only the render scales its settings allow, and switches by its documented hysteresis: down
/// at once, up one step at a time and only after <see cref="BudgetGovernorOptions.MinimumDwellFrames"/> and
/// <see cref="BudgetGovernorOptions.UpshiftAfterFrames"/> — so switches per second are bounded.
/// </summary>
public sealed class BudgetGovernorPropertyTests
{
    private const int Second = TimingTrace.FramesPerSecond;

    private static readonly Size2D[] ModeSizes = [new(1920, 1080), new(1280, 720), new(960, 540), new(2560, 1440)];

    private static readonly Gen<BudgetGovernorOptions> RandomOptions =
        from budget in Gen.Select(Gen.Double[0.3, 3], Gen.Double[0.5, 1], Gen.Double.Unit, Gen.Int[1, 4])
        from window in Gen.Select(Gen.Int[1, 40], Gen.Double.Unit, Gen.Double[0.01, 1], Gen.Int[1, 8])
        from hysteresis in Gen.Select(Gen.Int[0, 30], Gen.Int[1, 40], Gen.Bool, Gen.Double[0.25, 1], Gen.Double[0.02, 0.5])
        select new BudgetGovernorOptions
        {
            BudgetMilliseconds = budget.Item1,
            TargetShare = budget.Item2,
            DownshiftShare = budget.Item2 + ((1 - budget.Item2) * budget.Item3),
            OverrunsBeforeDownshift = budget.Item4,
            WindowFrames = window.Item1,
            Percentile = window.Item2,
            SmoothingFactor = window.Item3,
            MinimumSamples = window.Item4,
            MinimumDwellFrames = hysteresis.Item1,
            UpshiftAfterFrames = hysteresis.Item2,
            DynamicResolution = hysteresis.Item3,
            MinimumRenderScale = hysteresis.Item4,
            RenderScaleStep = hysteresis.Item5,
        };

    [Fact]
    public void With_random_settings_choices_stay_in_range_and_switches_follow_the_hysteresis() =>
        Scenarios(RandomOptions).Sample(s => Check(s, Run(s)), iter: 200, print: s => s.ToString());

    [Fact]
    public void With_the_documented_defaults_it_switches_up_at_most_twice_a_second()
    {
        // README: "up one variant at a time after a 15-frame dwell and 30 frames in which the next one is predicted to
        // fit": an upshift comes at least 15 + 30 - 1 = 44 frames after the previous switch, so at most 2 in 60 frames.
        Gen<BudgetGovernorOptions> defaults = Gen.Bool.Select(dynamic => new BudgetGovernorOptions { DynamicResolution = dynamic });
        Scenarios(defaults).Sample(
            s =>
            {
                Trace trace = Run(s);
                Check(s, trace);
                Assert.Equal(44, UpshiftGap(s.Options));
                Assert.True(MaxInWindow(trace.Decisions, d => IsUp(d.Reason), Second) <= 2, trace.Describe());
            },
            iter: 150,
            print: s => s.ToString());
    }

    [Fact]
    public void The_hook_policy_never_runs_a_variant_above_the_players_choice()
    {
        Gen<UpscalerVariant> requested = Gen.OneOf(Gen.Const(UpscalerVariant.Generator), Gen.Const(UpscalerVariant.Spatial), Gen.Const(UpscalerVariant.Temporal));
        Gen<(UpscalerVariant Requested, double Milliseconds, bool NewTimings)> frame = Gen.Select(requested, Gen.Double[0, 4], Gen.Frequency((6, Gen.Const(true)), (1, Gen.Const(false))));
        Gen<(bool Generator, bool Temporal, int Initial, (UpscalerVariant Requested, double Milliseconds, bool NewTimings)[] Frames)> runs =
            Gen.Select(Gen.Bool, Gen.Bool, Gen.Int[0, 1], frame.Array[1, 300])
                .Where(r => r.Item3 == 0 || r.Item1 || r.Item2);
        runs.Sample(
            r =>
            {
                var policy = new BudgetGovernorVariantPolicy(
                    new BudgetGovernorOptions { BudgetMilliseconds = 1, InitialVariant = r.Initial, MinimumDwellFrames = 2, UpshiftAfterFrames = 3 },
                    r.Generator ? GovernorVariant.ForGenerator(new GeneratorArchitecture(2, 8, 2)) : null,
                    r.Temporal ? GovernorVariant.Temporal : null);
                IReadOnlyList<UpscalerPassTiming> previous = [];
                foreach ((UpscalerVariant want, double ms, bool fresh) in r.Frames)
                {
                    UpscalerVariant ran = policy.SelectVariant(new UpscalerVariantRequest(QualityMode.Performance, want, new Size2D(960, 540), new Size2D(1920, 1080), previous));
                    bool governed = (want == UpscalerVariant.Generator && r.Generator) || (want == UpscalerVariant.Temporal && r.Temporal);
                    Assert.True(ran == UpscalerVariant.Spatial || ran == want, $"asked for {want}, ran {ran}");
                    Assert.True(governed || ran == (want == UpscalerVariant.Generator ? UpscalerVariant.Spatial : want), $"ungoverned {want} ran {ran}");
                    Assert.Equal(governed, policy.LastDecision is not null);
                    Assert.True(policy.LastDecision is not { } d || d.VariantIndex <= BudgetGovernorVariantPolicy.GovernedIndex);
                    previous = fresh ? [new UpscalerPassTiming("upscale", ms)] : previous;
                }
            },
            iter: 300,
            print: r => $"generator {r.Generator}, temporal {r.Temporal}, initial {r.Initial}, frames {string.Join(" ", r.Frames.Select(f => $"{f.Requested}:{f.Milliseconds:F2}{(f.NewTimings ? "" : "(same)")}"))}");
    }

    [Fact]
    public void Found_a_scale_stepped_up_and_down_again_lands_on_the_minimum_not_an_ulp_above_it()
    {
        // Found by the random-settings property: 0.3 + 0.1 - 0.1 is 0.30000000000000004 in binary, so the scale stayed an
        // ulp above the minimum and the next overrun "lowered" it by that ulp: a ResolutionDown that changed nothing.
        var governor = new BudgetGovernor([GovernorVariant.Spatial], new BudgetGovernorOptions { DynamicResolution = true, MinimumRenderScale = 0.3, RenderScaleStep = 0.1 });
        var requested = new Size2D(1000, 1000);
        var decisions = new List<GovernorDecision>();
        foreach ((int frames, double fullResolutionMs) in (ReadOnlySpan<(int, double)>)[(60, 20), (140, 4), (60, 7), (60, 12)])
        {
            for (int f = 0; f < frames; f++)
            {
                GovernorDecision d = governor.Decide(requested);
                decisions.Add(d);
                governor.ReportFrame(d.VariantIndex, d.RenderSize, fullResolutionMs * d.RenderSize.Area / requested.Area);
            }
        }

        string switches = string.Join(", ", decisions.Where(d => d.IsSwitch).Select(d => $"{d.Frame}:{d.RenderScale:R}({d.Reason})"));
        Assert.Contains(decisions, d => d.Reason == GovernorReason.ResolutionUp);
        Assert.True(decisions.Count(d => d.Reason == GovernorReason.ResolutionDown) == 2, switches); // to the minimum, and back to it after the step up
        for (int i = 1; i < decisions.Count; i++)
        {
            Assert.True(!decisions[i].IsSwitch || decisions[i].RenderSize != decisions[i - 1].RenderSize, $"frame {i} switched without a new render size: {switches}");
        }

        Assert.Equal(0.3, governor.RenderScale);
    }

    private static Gen<Scenario> Scenarios(Gen<BudgetGovernorOptions> options) =>
        from count in Gen.Int[1, 4]
        from priors in Gen.Double[10, 20_000].Array[count]
        from costs in Gen.Double[0.01, 4].Array[count]
        from o in options
        from initial in Gen.Int[0, count - 1]
        from latency in Gen.Int[0, 3]
        from frames in Gen.Select(
            Gen.Frequency((8, Gen.Double[0.7, 1.3]), (1, Gen.Double[0, 5]), (1, Gen.Const(0.0))),
            Gen.Frequency((40, Gen.Const(-1)), (1, Gen.Int[0, ModeSizes.Length - 1]))).Array[60, 480]
        select new Scenario([.. priors.Order()], costs, o with { InitialVariant = initial }, latency, frames);

    /// <summary>Runs the scenario as a game would: decide, render at the decided size, report the GPU time late.</summary>
    private static Trace Run(Scenario s)
    {
        GovernorVariant[] variants = [.. s.Priors.Select((p, i) => new GovernorVariant($"v{i}", p))];
        var governor = new BudgetGovernor(variants, s.Options);
        var decisions = new GovernorDecision[s.Frames.Length];
        var requested = new Size2D[s.Frames.Length];
        var reports = new List<(int Frame, int Variant, double Milliseconds)>[s.Frames.Length];
        var pending = new Queue<(int Frame, GovernorDecision Decision, double Milliseconds)>();
        int mode = 0;
        for (int f = 0; f < s.Frames.Length; f++)
        {
            reports[f] = [];
            while (pending.Count > 0 && pending.Peek().Frame <= f - s.Latency)
            {
                var done = pending.Dequeue();
                reports[f].Add((done.Frame, done.Decision.VariantIndex, done.Milliseconds));
                governor.ReportFrame(done.Decision.VariantIndex, done.Decision.RenderSize, done.Milliseconds);
            }

            mode = s.Frames[f].Mode >= 0 ? s.Frames[f].Mode : mode;
            requested[f] = ModeSizes[mode];
            decisions[f] = governor.Decide(requested[f]);
            double ms = s.Costs[decisions[f].VariantIndex] * decisions[f].RenderSize.Area / ModeSizes[0].Area * s.Frames[f].Noise;
            pending.Enqueue((f, decisions[f], ms));
        }

        return new Trace(decisions, requested, reports, governor.SwitchCount);
    }

    private static void Check(Scenario s, Trace trace)
    {
        BudgetGovernorOptions o = s.Options;
        int variants = s.Priors.Length;
        int current = o.InitialVariant, lastSwitch = -1, overruns = 0;
        double scale = 1;
        for (int f = 0; f < trace.Decisions.Length; f++)
        {
            GovernorDecision d = trace.Decisions[f];
            string at = $"frame {f} ({d.Reason}); {trace.Describe()}";

            // Reports of the current variant since the last switch, the newest run of them over the budget.
            foreach ((_, int variant, double ms) in trace.Reports[f])
            {
                overruns = variant != current ? overruns : ms > o.BudgetMilliseconds ? overruns + 1 : 0;
            }

            // Its own variants only, and render sizes within the settings.
            Assert.True(d.VariantIndex >= 0 && d.VariantIndex < variants, at);
            Assert.Equal($"v{d.VariantIndex}", d.VariantName);
            Assert.Equal(f, d.Frame);
            if (o.DynamicResolution)
            {
                Assert.InRange(d.RenderScale, o.MinimumRenderScale, 1);
            }
            else
            {
                Assert.Equal(1, d.RenderScale);
                Assert.Equal(trace.Requested[f], d.RenderSize);
            }

            Assert.InRange(d.RenderSize.Width, 1, trace.Requested[f].Width);
            Assert.InRange(d.RenderSize.Height, 1, trace.Requested[f].Height);

            // A switch is exactly a change of variant or scale, in the direction its reason says, one step up at most.
            bool changed = d.VariantIndex != current || d.RenderScale != scale;
            Assert.True(changed == d.IsSwitch, $"switch {d.IsSwitch} but changed {changed} at {at}");
            switch (d.Reason)
            {
                case GovernorReason.PredictedOverrun or GovernorReason.RepeatedOverrun:
                    Assert.True(d.VariantIndex < current && d.RenderScale <= scale, at);
                    break;
                case GovernorReason.ResolutionDown:
                    Assert.True(d.VariantIndex == current && d.RenderScale < scale, at);
                    break;
                case GovernorReason.Headroom:
                    Assert.True(d.VariantIndex == current + 1 && d.RenderScale == scale, at);
                    break;
                case GovernorReason.ResolutionUp:
                    Assert.True(d.VariantIndex == current && d.RenderScale > scale && d.RenderScale <= Math.Min(1, scale + o.RenderScaleStep) + 1e-9, at);
                    break;
            }

            // Up only after the dwell and the run of frames with headroom; down on repeated overruns only after them.
            if (IsUp(d.Reason))
            {
                Assert.True(f - lastSwitch >= UpshiftGap(o), $"up {f - lastSwitch} frames after the last switch (at least {UpshiftGap(o)}) at {at}");
            }

            if (d.Reason == GovernorReason.RepeatedOverrun)
            {
                Assert.True(overruns >= o.OverrunsBeforeDownshift, $"{overruns} overruns reported, {o.OverrunsBeforeDownshift} needed, at {at}");
            }

            if (d.IsSwitch)
            {
                lastSwitch = f;
                overruns = 0;
            }

            current = d.VariantIndex;
            scale = d.RenderScale;
        }

        Assert.Equal(trace.Decisions.Count(d => d.IsSwitch), trace.SwitchCount);

        // Per second: ups are UpshiftGap apart; each down spends a step an up made or the start had.
        int maxUps = ((Second - 1) / UpshiftGap(o)) + 1;
        Assert.True(MaxInWindow(trace.Decisions, d => IsUp(d.Reason), Second) <= maxUps, trace.Describe());
        int[] upsBefore = Prefix(trace.Decisions, d => IsUp(d.Reason)), downsBefore = Prefix(trace.Decisions, d => d.IsSwitch && !IsUp(d.Reason));
        for (int start = 0; start < trace.Decisions.Length; start++)
        {
            GovernorDecision before = start == 0 ? new GovernorDecision(-1, o.InitialVariant, "", 1, default, double.NaN, GovernorReason.Initial) : trace.Decisions[start - 1];
            int end = Math.Min(start + Second, trace.Decisions.Length);
            int ups = upsBefore[end] - upsBefore[start], downs = downsBefore[end] - downsBefore[start];
            Assert.True(
                downs <= ups + Steps(before, o),
                $"{downs} downs with {ups} ups from frame {start} ({before.VariantName}@{before.RenderScale:R}, {Steps(before, o)} steps down): " +
                string.Join(", ", trace.Decisions[start..end].Where(d => d.IsSwitch).Select(d => $"{d.Frame}:{d.VariantName}@{d.RenderScale:R}({d.Reason})")));
        }

        int scaleSteps = o.DynamicResolution ? ScaleSteps(1, o) : 0;
        Assert.True(MaxInWindow(trace.Decisions, d => d.IsSwitch, Second) <= (2 * maxUps) + (variants - 1) + scaleSteps, trace.Describe());
    }

    /// <summary>
    /// Frames from a switch to the earliest upshift after it: the dwell (at least the frame itself), then
    /// <see cref="BudgetGovernorOptions.UpshiftAfterFrames"/> frames of headroom counting that one.
    /// </summary>
    private static int UpshiftGap(BudgetGovernorOptions o) => Math.Max(1, o.MinimumDwellFrames) + o.UpshiftAfterFrames - 1;

    private static bool IsUp(GovernorReason reason) => reason is GovernorReason.Headroom or GovernorReason.ResolutionUp;

    /// <summary>How many downward switches the state allows without an upshift: the variant index and the scale steps above the minimum.</summary>
    private static int Steps(GovernorDecision state, BudgetGovernorOptions o) =>
        state.VariantIndex + (o.DynamicResolution ? ScaleSteps(state.RenderScale, o) : 0);

    private static int ScaleSteps(double scale, BudgetGovernorOptions o) =>
        (int)Math.Ceiling(((scale - o.MinimumRenderScale) / o.RenderScaleStep) - 1e-9);

    private static int MaxInWindow(GovernorDecision[] decisions, Func<GovernorDecision, bool> counted, int frames)
    {
        int[] before = Prefix(decisions, counted);
        int most = 0;
        for (int start = 0; start < decisions.Length; start++)
        {
            most = Math.Max(most, before[Math.Min(start + frames, decisions.Length)] - before[start]);
        }

        return most;
    }

    /// <summary>How many decisions before each index (and in all, at the end) are counted.</summary>
    private static int[] Prefix(GovernorDecision[] decisions, Func<GovernorDecision, bool> counted)
    {
        var before = new int[decisions.Length + 1];
        for (int i = 0; i < decisions.Length; i++)
        {
            before[i + 1] = before[i] + (counted(decisions[i]) ? 1 : 0);
        }

        return before;
    }

    /// <summary>Variant priors and true costs (ms at 1080p), settings, report latency, and per frame a cost multiplier and a quality-mode switch (an index into the sizes) or −1.</summary>
    private sealed record Scenario(double[] Priors, double[] Costs, BudgetGovernorOptions Options, int Latency, (double Noise, int Mode)[] Frames)
    {
        /// <inheritdoc />
        public override string ToString() =>
            $"priors [{string.Join(", ", Priors.Select(p => p.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)))}], " +
            $"costs [{string.Join(", ", Costs.Select(c => c.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)))}] ms, latency {Latency}, {Options}, " +
            $"{Frames.Length} frames: {string.Join(" ", Frames.Select(f => f.Mode >= 0 ? $"{f.Noise:F2}/m{f.Mode}" : f.Noise.ToString("F2", System.Globalization.CultureInfo.InvariantCulture)))}";
    }

    private sealed record Trace(GovernorDecision[] Decisions, Size2D[] Requested, List<(int Frame, int Variant, double Milliseconds)>[] Reports, int SwitchCount)
    {
        public string Describe() =>
            "switches at " + string.Join(", ", Decisions.Where(d => d.IsSwitch).Take(30).Select(d => $"{d.Frame}:{d.VariantName}@{d.RenderScale:F3}({d.Reason})"));
    }
}
