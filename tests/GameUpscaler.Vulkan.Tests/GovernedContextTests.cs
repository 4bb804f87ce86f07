using GameUpscaler.Governor;
using GameUpscaler.Imaging;
using GameUpscaler.Models;

namespace GameUpscaler.Vulkan.Tests;

/// <summary>
/// The governor wired into the Vulkan context: each frame runs the governor's variant (its output is that variant's
/// output), timestamps of completed frames reach the governor, and decisions are observable. Governor settings are
/// shortened (dwell and headroom of a few frames) so a handful of small lavapipe frames show the behaviour; the
/// decisions depend on budgets chosen far from the measured times, never on how fast this machine is.
/// </summary>
[Collection("Vulkan")]
public sealed class GovernedContextTests(VulkanFixture fixture)
{
    private static readonly Size2D Render = new(24, 16);
    private static readonly Size2D Display = new(48, 32);

    private static BudgetGovernorOptions Quick(double budget) => new()
    {
        BudgetMilliseconds = budget,
        MinimumDwellFrames = 1,
        UpshiftAfterFrames = 1,
        MinimumSamples = 1,
        WindowFrames = 4,
    };

    [Fact]
    public void With_a_generous_budget_it_moves_up_to_the_generator_and_its_output_is_the_generators()
    {
        GeneratorWeights model = GeneratorWeights.CreateRandom(new GeneratorArchitecture(2, 4, 1), seed: 3);
        PlanarImage color = TestData.Structured(Render.Width, Render.Height, seed: 5);
        var decisions = new List<GovernorDecision>();
        using var governed = new VulkanOfflineUpscaler(fixture.Device, [null, model], Quick(budget: 60_000), VulkanPermutation.Float32);
        PlanarImage last = color;
        for (int frame = 0; frame < 6; frame++)
        {
            last = governed.Upscale(color, Display);
            if (frame == 0)
            {
                governed.GovernedContext!.DecisionMade += decisions.Add;
            }

            Assert.NotEmpty(governed.LastTimings);
        }

        GovernedVulkanUpscalerContext context = governed.GovernedContext!;
        Assert.Equal(1, context.LastDecision.VariantIndex);
        Assert.Contains(decisions, d => d.Reason == GovernorReason.Headroom && d.VariantName == "c4n1");
        Assert.True(context.LastGpuMilliseconds > 0);
        Assert.Contains(context.LastTimings, t => t.Label == "reconstruct");

        using var single = new VulkanOfflineUpscaler(fixture.Device, model, VulkanPermutation.Float32);
        PlanarImage expected = single.Upscale(color, Display);
        TestData.AssertClose(expected.Data, last.Data, 1e-6, "governed frame vs the generator alone");
        fixture.AssertValidationSilent();
    }

    [Fact]
    public void With_an_impossible_budget_it_stays_on_the_cheapest_variant()
    {
        GeneratorWeights model = GeneratorWeights.CreateRandom(new GeneratorArchitecture(2, 4, 1), seed: 3);
        PlanarImage color = TestData.Structured(Render.Width, Render.Height, seed: 5);
        using var governed = new VulkanOfflineUpscaler(fixture.Device, [null, model], Quick(budget: 1e-9), VulkanPermutation.Float32);
        for (int frame = 0; frame < 4; frame++)
        {
            governed.Upscale(color, Display);
        }

        GovernedVulkanUpscalerContext context = governed.GovernedContext!;
        Assert.Equal(0, context.LastDecision.VariantIndex);
        Assert.Equal("spatial", context.LastDecision.VariantName);
        Assert.Equal(0, context.Governor.SwitchCount);
        Assert.Contains(context.LastTimings, t => t.Label == "spatial");
        fixture.AssertValidationSilent();
    }

    [Fact]
    public void Bad_arguments_are_rejected()
    {
        var description = new UpscalerContextDescription(Render, Display);
        Assert.Throws<ArgumentException>(() => GovernedVulkanUpscalerContext.Create(fixture.Device, description, [], new BudgetGovernorOptions()));
        Assert.Throws<ArgumentNullException>(() => GovernedVulkanUpscalerContext.Create(fixture.Device, description, [null], null!));
        Assert.Throws<ArgumentOutOfRangeException>(
            () => GovernedVulkanUpscalerContext.Create(fixture.Device, description, [null], new BudgetGovernorOptions { BudgetMilliseconds = 0 }));
    }
}
