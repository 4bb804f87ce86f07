using GameUpscaler.Governor;
using GameUpscaler.Models;

namespace GameUpscaler.Tests.Governor;

/// <summary>
/// The governor on simulated timing traces (issue 6, must-show 1): where the largest model exceeds the budget, at least
/// 99% of frames after the first second end within budget with at most 2 switches in any second; with headroom it
/// settles on the highest-quality variant. 60 frames per second; timings arrive two frames late.
/// </summary>
public sealed class BudgetGovernorTests
{
    private const int Second = TimingTrace.FramesPerSecond;
    private const double Required = 0.99;

    /// <summary>Spatial, C8/N2, C16/N4, C32/N6 with their multiply-add priors.</summary>
    private static readonly GovernorVariant[] Variants =
    [
        GovernorVariant.Spatial,
        GovernorVariant.ForGenerator(new GeneratorArchitecture(2, 8, 2)),
        GovernorVariant.ForGenerator(new GeneratorArchitecture(2, 16, 4)),
        GovernorVariant.ForGenerator(new GeneratorArchitecture(2, 32, 6)),
    ];

    /// <summary>
    /// Simulated 1080p costs (ms): not proportional to the priors (the fixed passes weigh more on small models), so
    /// the governor's calibration is exercised. C32/N6 alone exceeds a 1 ms budget.
    /// </summary>
    private static readonly double[] Costs1080p = [0.05, 0.15, 0.6, 3.0];

    [Fact]
    public void Steady_load_with_spikes_stays_within_budget_and_settles_below_the_largest_model()
    {
        var governor = new BudgetGovernor(Variants, new BudgetGovernorOptions { BudgetMilliseconds = 1.0 });
        TraceResult result = new TimingTrace { BaseMilliseconds = Costs1080p, SpikeProbability = 0.005 }.Run(governor, 10 * Second);

        string why = result.Describe(1.0, Second);
        Assert.True(result.WithinBudget(1.0, Second) >= Required, why);
        Assert.True(result.MaxSwitchesPerSecond() <= 2, why);
        Assert.Equal(2, result.DominantVariant(3 * Second));
        Assert.Equal(2, governor.CurrentVariant);
    }

    [Fact]
    public void Single_spikes_do_not_cause_switches_once_settled()
    {
        var governor = new BudgetGovernor(Variants, new BudgetGovernorOptions { BudgetMilliseconds = 1.0 });
        TraceResult result = new TimingTrace { BaseMilliseconds = Costs1080p, SpikeProbability = 0.01, Seed = 11 }.Run(governor, 20 * Second);

        int lateSwitches = result.Decisions.Skip(5 * Second).Count(d => d.IsSwitch);
        Assert.True(lateSwitches == 0, result.Describe(1.0, Second));
    }

    [Fact]
    public void Upward_drift_switches_down_before_the_budget_is_exceeded()
    {
        // The cost of everything rises 80% over 10 s (throttling): C16/N4 goes from 0.6 to 1.08 ms.
        var governor = new BudgetGovernor(Variants, new BudgetGovernorOptions { BudgetMilliseconds = 1.0 });
        var trace = new TimingTrace { BaseMilliseconds = Costs1080p, Drift = f => 1 + (0.8 * Math.Min(1.0, f / (10.0 * Second))) };
        TraceResult result = trace.Run(governor, 14 * Second);

        string why = result.Describe(1.0, Second);
        Assert.True(result.WithinBudget(1.0, Second) >= Required, why);
        Assert.True(result.MaxSwitchesPerSecond() <= 2, why);
        Assert.Equal(1, governor.CurrentVariant);
    }

    [Fact]
    public void Drift_up_and_back_down_returns_to_the_better_variant()
    {
        // Triangle: 1x → 1.8x at 6 s → 1x at 12 s, then steady.
        double Drift(int f) => 1 + (0.8 * Math.Max(0, 1 - (Math.Abs(f - (6.0 * Second)) / (6.0 * Second))));
        var governor = new BudgetGovernor(Variants, new BudgetGovernorOptions { BudgetMilliseconds = 1.0 });
        TraceResult result = new TimingTrace { BaseMilliseconds = Costs1080p, Drift = Drift }.Run(governor, 16 * Second);

        string why = result.Describe(1.0, Second);
        Assert.True(result.WithinBudget(1.0, Second) >= Required, why);
        Assert.True(result.MaxSwitchesPerSecond() <= 2, why);
        Assert.Contains(result.Decisions.Skip(6 * Second).Take(4 * Second), d => d.VariantIndex == 1);
        Assert.Equal(2, governor.CurrentVariant);
    }

    [Fact]
    public void Quality_mode_switches_change_the_variant_on_the_first_frame_of_the_new_size()
    {
        // Ultra Performance (640x360 of 1920x1080) for 4 s, Quality (1280x720, 4x the pixels) for 4 s, Ultra Performance again.
        static Size2D Mode(int f) => f is >= 4 * Second and < 8 * Second ? new Size2D(1280, 720) : new Size2D(640, 360);
        var governor = new BudgetGovernor(Variants, new BudgetGovernorOptions { BudgetMilliseconds = 1.0 });
        TraceResult result = new TimingTrace { BaseMilliseconds = Costs1080p, RenderSize = Mode }.Run(governor, 12 * Second);

        string why = result.Describe(1.0, Second);
        Assert.True(result.WithinBudget(1.0, Second) >= Required, why);
        Assert.True(result.MaxSwitchesPerSecond() <= 2, why);

        // At Ultra Performance the largest model fits (0.33 ms); at Quality it would cost 1.33 ms.
        Assert.Equal(3, result.Decisions[(4 * Second) - 1].VariantIndex);
        Assert.Equal(2, result.Decisions[4 * Second].VariantIndex);
        Assert.Equal(GovernorReason.PredictedOverrun, result.Decisions[4 * Second].Reason);
        Assert.True(result.Costs[4 * Second] <= 1.0, why);
        Assert.Equal(3, governor.CurrentVariant);
    }

    [Fact]
    public void With_headroom_it_settles_on_the_highest_quality_variant()
    {
        var governor = new BudgetGovernor(Variants, new BudgetGovernorOptions { BudgetMilliseconds = 5.0 });
        TraceResult result = new TimingTrace { BaseMilliseconds = Costs1080p }.Run(governor, 10 * Second);

        string why = result.Describe(5.0, Second);
        Assert.Equal(3, result.DominantVariant(4 * Second));
        Assert.All(result.Decisions.Skip(4 * Second), d => Assert.Equal(3, d.VariantIndex));
        Assert.Equal(3, result.Decisions.Count(d => d.IsSwitch)); // one step up per variant, nothing else
        Assert.True(result.MaxSwitchesPerSecond() <= 2, why);
    }

    [Fact]
    public void An_optimistic_prior_is_tried_once_then_corrected_by_measurement()
    {
        // The prior claims C32/N6 costs 1.1x C16/N4; it really costs 5x and would break a 1 ms budget.
        GovernorVariant[] variants = [Variants[0], Variants[1], Variants[2], new GovernorVariant("c32n6", Variants[2].WorkPerRenderPixel * 1.1)];
        var governor = new BudgetGovernor(variants, new BudgetGovernorOptions { BudgetMilliseconds = 1.0 });
        TraceResult result = new TimingTrace { BaseMilliseconds = Costs1080p, SpikeProbability = 0 }.Run(governor, 20 * Second);

        int tries = result.Decisions.Count(d => d.IsSwitch && d.VariantIndex == 3);
        Assert.True(tries == 1, result.Describe(1.0, Second));
        Assert.True(result.Decisions.Count(d => d.VariantIndex == 3) <= 8, result.Describe(1.0, Second));
        Assert.True(result.WithinBudget(1.0, 5 * Second) >= Required, result.Describe(1.0, 5 * Second));
        Assert.Equal(2, governor.CurrentVariant);
    }

    [Fact]
    public void Dynamic_resolution_lowers_the_render_scale_when_even_the_cheapest_variant_overruns()
    {
        // Budget 0.04 ms: the spatial fallback needs 0.05 ms at 1080p.
        var options = new BudgetGovernorOptions { BudgetMilliseconds = 0.04, DynamicResolution = true, MinimumRenderScale = 0.5 };
        var governor = new BudgetGovernor(Variants, options);
        TraceResult result = new TimingTrace { BaseMilliseconds = Costs1080p, SpikeProbability = 0 }.Run(governor, 10 * Second);

        string why = result.Describe(0.04, Second);
        Assert.True(result.WithinBudget(0.04, Second) >= Required, why);
        Assert.True(result.MaxSwitchesPerSecond() <= 2, why);
        Assert.Equal(0, governor.CurrentVariant);
        Assert.InRange(governor.RenderScale, 0.5, 0.95);
        GovernorDecision last = result.Decisions[^1];
        Assert.True(last.RenderSize.Width < 1920 && last.RenderSize.Height < 1080, why);
    }

    [Fact]
    public void Without_dynamic_resolution_the_render_size_is_never_changed()
    {
        var governor = new BudgetGovernor(Variants, new BudgetGovernorOptions { BudgetMilliseconds = 0.04 });
        TraceResult result = new TimingTrace { BaseMilliseconds = Costs1080p }.Run(governor, 3 * Second);

        Assert.All(result.Decisions, d => Assert.Equal(new Size2D(1920, 1080), d.RenderSize));
        Assert.All(result.Decisions, d => Assert.Equal(0, d.VariantIndex));
    }

    [Fact]
    public void The_same_trace_gives_the_same_decisions()
    {
        var trace = new TimingTrace { BaseMilliseconds = Costs1080p, SpikeProbability = 0.02, Drift = f => 1 + (0.5 * Math.Sin(f / 90.0)) };
        TraceResult first = trace.Run(new BudgetGovernor(Variants, new BudgetGovernorOptions { BudgetMilliseconds = 1.0 }), 6 * Second);
        TraceResult second = trace.Run(new BudgetGovernor(Variants, new BudgetGovernorOptions { BudgetMilliseconds = 1.0 }), 6 * Second);

        Assert.Equal(first.Decisions, second.Decisions);
    }

    [Fact]
    public void Before_any_measurement_the_initial_variant_is_chosen()
    {
        var governor = new BudgetGovernor(Variants, new BudgetGovernorOptions { InitialVariant = 2 });
        GovernorDecision decision = governor.Decide(new Size2D(1280, 720));

        Assert.Equal(2, decision.VariantIndex);
        Assert.Equal("c16n4", decision.VariantName);
        Assert.Equal(GovernorReason.Initial, decision.Reason);
        Assert.True(double.IsNaN(decision.PredictedMilliseconds));
        Assert.Equal(new Size2D(1280, 720), decision.RenderSize);
    }

    [Fact]
    public void Frames_of_an_earlier_variant_still_in_flight_do_not_move_the_prediction()
    {
        var governor = new BudgetGovernor(Variants, new BudgetGovernorOptions { BudgetMilliseconds = 1.0, InitialVariant = 1 });
        var size = new Size2D(1920, 1080);
        for (int i = 0; i < 8; i++)
        {
            governor.ReportFrame(1, size, 0.15);
            governor.Decide(size);
        }

        // A late, huge timing of another variant is ignored; the prediction stays that of variant 1.
        governor.ReportFrame(3, size, 50);
        GovernorDecision decision = governor.Decide(size);
        Assert.Equal(1, decision.VariantIndex);
        Assert.InRange(decision.PredictedMilliseconds, 0.149, 0.151);
    }

    [Fact]
    public void Bad_arguments_are_rejected_with_their_names()
    {
        Assert.Throws<ArgumentException>(() => new BudgetGovernor([]));
        Assert.Throws<ArgumentException>(() => new BudgetGovernor([new GovernorVariant("x", 0)]));
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new BudgetGovernor(Variants, new BudgetGovernorOptions { BudgetMilliseconds = -1 }));
        Assert.Equal("BudgetMilliseconds", e.ParamName);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => new BudgetGovernor(Variants, new BudgetGovernorOptions { InitialVariant = 4 }));
        Assert.Equal("InitialVariant", e.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new BudgetGovernor(Variants, new BudgetGovernorOptions { DownshiftShare = 0.5 }));

        var governor = new BudgetGovernor(Variants);
        Assert.Throws<ArgumentOutOfRangeException>(() => governor.ReportFrame(4, new Size2D(8, 8), 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => governor.ReportFrame(0, new Size2D(8, 8), double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => governor.Decide(new Size2D(0, 8)));
    }

    [Fact]
    public void A_budget_can_be_a_share_of_the_frame_time()
    {
        Assert.Equal(1000.0 / 60 * 0.1, BudgetGovernorOptions.FromFrameShare(60, 0.1).BudgetMilliseconds, 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => BudgetGovernorOptions.FromFrameShare(60, 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => BudgetGovernorOptions.FromFrameShare(0, 0.1));
    }

    [Fact]
    public void Nearest_rank_percentiles_are_samples_that_occurred()
    {
        double[] samples = [5, 1, 4, 2, 3, 10, 6, 7, 8, 9];
        Assert.Equal(5, Percentiles.NearestRank(samples, 0.5));
        Assert.Equal(10, Percentiles.NearestRank(samples, 0.95));
        Assert.Equal(9, Percentiles.NearestRank(samples, 0.9));
        Assert.Equal(1, Percentiles.NearestRank(samples, 0));
        Assert.True(double.IsNaN(Percentiles.NearestRank([], 0.5)));
        Assert.Throws<ArgumentOutOfRangeException>(() => Percentiles.NearestRank(samples, 1.5));
    }
}
