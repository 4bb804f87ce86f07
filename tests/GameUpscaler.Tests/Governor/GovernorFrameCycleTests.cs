using GameUpscaler.Governor;
using GameUpscaler.Hooks;
using GameUpscaler.Models;

namespace GameUpscaler.Tests.Governor;

/// <summary>The decide / ran / report loop the governed context and the hook's budget policy share.</summary>
public sealed class GovernorFrameCycleTests
{
    private static readonly Size2D Render = new(960, 540);

    private static GovernorFrameCycle Cycle(double budget = 1, int overrunsBeforeDownshift = 1) => new(new BudgetGovernor(
        [GovernorVariant.Spatial, GovernorVariant.ForGenerator(new GeneratorArchitecture(2, 8, 2))],
        new BudgetGovernorOptions { BudgetMilliseconds = budget, InitialVariant = 1, OverrunsBeforeDownshift = overrunsBeforeDownshift }));

    private static UpscalerPassTiming[] Passes(double total) => [new("conv 0", total / 4), new("finish", total * 3 / 4)];

    [Fact]
    public void A_frame_is_reported_under_the_variant_and_size_it_ran_with_as_the_sum_of_its_passes()
    {
        GovernorFrameCycle cycle = Cycle();
        GovernorDecision first = cycle.Decide(Render);
        cycle.Ran(first.VariantIndex, Render);

        Assert.True(cycle.Report(Passes(2)));
        Assert.Equal(2, cycle.LastReportedMilliseconds, 12);
        // 2 ms against a 1 ms budget on the generator that ran: the next decision drops to spatial.
        Assert.Equal(0, cycle.Decide(Render).VariantIndex);
    }

    [Fact]
    public void A_frame_that_ran_another_variant_than_decided_does_not_teach_the_governor_about_the_decided_one()
    {
        GovernorFrameCycle cycle = Cycle();
        _ = cycle.Decide(Render); // the generator
        cycle.Ran(0, Render);     // the host ran spatial anyway (the player's ceiling)

        Assert.True(cycle.Report(Passes(5)));
        Assert.Equal(1, cycle.Decide(Render).VariantIndex);
    }

    [Fact]
    public void Nothing_is_reported_without_a_frame_for_an_empty_list_or_twice_for_the_same_list()
    {
        GovernorFrameCycle cycle = Cycle();
        Assert.False(cycle.Report(Passes(1)));

        cycle.Ran(1, Render);
        Assert.False(cycle.Report([]));
        UpscalerPassTiming[] timings = Passes(0.5);
        Assert.True(cycle.Report(timings));
        cycle.Ran(1, Render);
        Assert.False(cycle.Report(timings));
        Assert.True(cycle.Report(Passes(0.5)));
        Assert.False(cycle.Report(Passes(0.5)));
    }

    [Fact]
    public void An_index_outside_the_governors_variants_is_refused()
    {
        GovernorFrameCycle cycle = Cycle();
        Assert.Throws<ArgumentOutOfRangeException>(() => cycle.Ran(2, Render));
        Assert.Throws<ArgumentOutOfRangeException>(() => cycle.Ran(-1, Render));
        Assert.Throws<ArgumentNullException>(() => new GovernorFrameCycle(null!));
    }
}
