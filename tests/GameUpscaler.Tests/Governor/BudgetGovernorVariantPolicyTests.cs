using GameUpscaler.Governor;
using GameUpscaler.Hooks;
using GameUpscaler.Models;

namespace GameUpscaler.Tests.Governor;

/// <summary>The adapter between the governor and a render-pipeline hook, with simulated per-pass timings.</summary>
public sealed class BudgetGovernorVariantPolicyTests
{
    private static readonly GovernorVariant Generator = GovernorVariant.ForGenerator(new GeneratorArchitecture(2, 8, 2));
    private static readonly Size2D Render = new(960, 540);
    private static readonly Size2D Display = new(1920, 1080);

    private static UpscalerVariantRequest Request(IReadOnlyList<UpscalerPassTiming> previous, UpscalerVariant requested = UpscalerVariant.Generator) =>
        new(QualityMode.Performance, requested, Render, Display, previous);

    private static UpscalerPassTiming[] Passes(double total) => [new("conv 0", total / 2), new("finish", total / 2)];

    [Fact]
    public void An_overrunning_generator_is_switched_to_spatial_from_the_summed_pass_timings()
    {
        var policy = new BudgetGovernorVariantPolicy(new BudgetGovernorOptions { BudgetMilliseconds = 1, InitialVariant = BudgetGovernorVariantPolicy.GovernedIndex }, Generator);

        Assert.Equal(UpscalerVariant.Generator, policy.SelectVariant(Request([])));
        Assert.Equal(GovernorReason.Initial, policy.LastDecision!.Value.Reason);
        // 0.6 + 0.6 ms: each pass alone fits, their sum does not.
        Assert.Equal(UpscalerVariant.Spatial, policy.SelectVariant(Request(Passes(1.2))));
        Assert.Equal(GovernorReason.PredictedOverrun, policy.LastDecision!.Value.Reason);
    }

    [Fact]
    public void A_repeated_timing_list_is_reported_once()
    {
        // A slow EMA and the window minimum keep the prediction at the steady cost, so only the count of measured
        // overruns (two in a row) can switch down: counting one frame twice would switch a frame early.
        var policy = new BudgetGovernorVariantPolicy(
            new BudgetGovernorOptions
            {
                BudgetMilliseconds = 1, InitialVariant = BudgetGovernorVariantPolicy.GovernedIndex, Percentile = 0, SmoothingFactor = 0.01,
                OverrunsBeforeDownshift = 2,
            },
            Generator);
        _ = policy.SelectVariant(Request([]));
        for (int i = 0; i < 3; i++)
        {
            _ = policy.SelectVariant(Request(Passes(0.5)));
        }

        UpscalerPassTiming[] spike = Passes(1.5);
        Assert.Equal(UpscalerVariant.Generator, policy.SelectVariant(Request(spike)));
        // The host did not read new timings: the hook hands the same list again, which is not a second overrun.
        Assert.Equal(UpscalerVariant.Generator, policy.SelectVariant(Request(spike)));
        Assert.Equal(GovernorReason.Hold, policy.LastDecision!.Value.Reason);
        Assert.Equal(UpscalerVariant.Spatial, policy.SelectVariant(Request(Passes(1.5))));
        Assert.Equal(GovernorReason.RepeatedOverrun, policy.LastDecision!.Value.Reason);
    }

    [Fact]
    public void A_spatial_request_is_not_governed_and_no_generator_means_spatial_only()
    {
        var policy = new BudgetGovernorVariantPolicy(new BudgetGovernorOptions { BudgetMilliseconds = 1000 }, Generator);
        Assert.Equal(UpscalerVariant.Spatial, policy.SelectVariant(Request([], UpscalerVariant.Spatial)));
        Assert.Null(policy.LastDecision);

        var spatialOnly = new BudgetGovernorVariantPolicy(new BudgetGovernorOptions { BudgetMilliseconds = 1000 }, generator: null);
        Assert.Single(spatialOnly.Governor.Variants);
        Assert.Equal(UpscalerVariant.Spatial, spatialOnly.SelectVariant(Request([])));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BudgetGovernorVariantPolicy(new BudgetGovernorOptions { InitialVariant = 1 }, generator: null));
    }

    [Fact]
    public void The_temporal_upscaler_has_its_own_ladder_and_its_frames_are_not_charged_to_the_generator()
    {
        var options = new BudgetGovernorOptions { BudgetMilliseconds = 1, InitialVariant = BudgetGovernorVariantPolicy.GovernedIndex };
        var policy = new BudgetGovernorVariantPolicy(options, Generator, GovernorVariant.Temporal);
        Assert.Equal(UpscalerVariant.Temporal, policy.SelectVariant(Request([], UpscalerVariant.Temporal)));
        Assert.Equal("taau", policy.LastDecision!.Value.VariantName);
        Assert.Equal(UpscalerVariant.Spatial, policy.SelectVariant(Request(Passes(1.5), UpscalerVariant.Temporal)));
        Assert.Equal(GovernorReason.PredictedOverrun, policy.LastDecision!.Value.Reason);
        Assert.Equal("taau", policy.Governor.Variants[BudgetGovernorVariantPolicy.GovernedIndex].Name);

        // The player switches to the generator: its ladder starts on its own (the TAAU's overrun was not its), and
        // the spatial frame the temporal ladder ran was reported to that ladder.
        Assert.Equal(UpscalerVariant.Generator, policy.SelectVariant(Request(Passes(0.3), UpscalerVariant.Generator)));
        Assert.Equal(GovernorReason.Initial, policy.LastDecision!.Value.Reason);
        Assert.Equal(Generator.Name, policy.Governor.Variants[BudgetGovernorVariantPolicy.GovernedIndex].Name);

        // Without a temporal variant the policy runs a temporal request ungoverned.
        var generatorOnly = new BudgetGovernorVariantPolicy(options, Generator);
        Assert.Equal(UpscalerVariant.Temporal, generatorOnly.SelectVariant(Request([], UpscalerVariant.Temporal)));
        Assert.Null(generatorOnly.LastDecision);
    }

    [Fact]
    public void Dynamic_resolution_is_refused_with_a_clear_error()
    {
        ArgumentException e = Assert.Throws<ArgumentException>(() => new BudgetGovernorVariantPolicy(new BudgetGovernorOptions { DynamicResolution = true }, Generator));
        Assert.Contains("render size", e.Message, StringComparison.Ordinal);
    }
}
