using GameUpscaler.Governor;
using GameUpscaler.Hooks;

namespace GameUpscaler.Sample.Tests;

/// <summary>
/// The budget governor driving the sample's hook on lavapipe. The budgets are three orders of magnitude away from any
/// cost a CPU device can reach (1 µs, far below one generator pass; 1000 s, far above a whole frame), so the outcome
/// follows from the governor's own rules and not from how fast the machine happens to be.
/// </summary>
[Collection("Sample")]
public sealed class GovernorSampleTests(SampleFixture fixture)
{
    private const double ImpossibleBudgetMs = 0.001;
    private const double HugeBudgetMs = 1_000_000;
    private static readonly RenderPipelineHookSettings Performance = new(true, QualityMode.Performance);

    [Fact]
    public void With_a_budget_the_generator_cannot_meet_the_hook_ends_on_the_spatial_variant_and_the_csv_and_hud_say_so()
    {
        (IReadOnlyList<FrameTiming> timings, string[] csv, IReadOnlyList<string> hud) = Run(ImpossibleBudgetMs, frames: 4);

        // Frame 0 runs the player's choice (nothing measured yet); its measured overrun switches frame 1 down.
        Assert.Equal((UpscalerVariant.Generator, GovernorReason.Initial), (timings[0].Variant, timings[0].Governor!.Value.Reason));
        Assert.Equal(UpscalerVariant.Spatial, timings[1].Variant);
        Assert.Contains(timings[1].Governor!.Value.Reason, new[] { GovernorReason.PredictedOverrun, GovernorReason.RepeatedOverrun });
        // Nothing is cheaper than the spatial upscaler: the governor holds it.
        Assert.All(timings.Skip(1), t => Assert.Equal((UpscalerVariant.Spatial, "spatial"), (t.Variant, t.Governor!.Value.VariantName)));

        Dictionary<string, string> last = Row(csv, csv.Length - 1);
        Assert.Equal(("Spatial", "spatial", "Hold", "0.001"), (last["variant"], last["governor_variant"], last["governor_reason"], last["governor_budget_ms"]));
        Assert.NotEqual("", last["governor_predicted_ms"]);
        Assert.Equal("Initial", Row(csv, 1)["governor_reason"]);
        Assert.Matches("^(PredictedOverrun|RepeatedOverrun)$", Row(csv, 2)["governor_reason"]);

        // The HUD of the last frame shows the previous frame's decision.
        Assert.Contains(hud, line => line.StartsWith("budget governor: 0.00 ms  spatial (Hold", StringComparison.Ordinal));
        fixture.AssertValidationSilent();
    }

    [Fact]
    public void With_a_huge_budget_the_hook_stays_on_the_generator()
    {
        (IReadOnlyList<FrameTiming> timings, string[] csv, IReadOnlyList<string> hud) = Run(HugeBudgetMs, frames: 4);

        Assert.All(timings, t => Assert.Equal((UpscalerVariant.Generator, "c4n1"), (t.Variant, t.Governor!.Value.VariantName)));
        Assert.Equal(0, timings.Count(t => t.Governor!.Value.IsSwitch));
        Assert.All(Enumerable.Range(1, csv.Length - 1).Select(i => Row(csv, i)), row => Assert.Equal(("Generator", "c4n1"), (row["variant"], row["governor_variant"])));
        Assert.Contains(hud, line => line.StartsWith("budget governor: 1000000.00 ms  c4n1 (Hold", StringComparison.Ordinal));
        fixture.AssertValidationSilent();
    }

    [Fact]
    public void Turning_the_governor_off_gives_the_player_s_variant_and_empty_governor_columns()
    {
        using var game = new SampleGame(fixture.Device, SampleFixture.Display, SampleFixture.SmallGenerator, "test generator");
        game.EnableGovernor(new BudgetGovernorOptions { BudgetMilliseconds = ImpossibleBudgetMs });
        _ = game.RenderFrame(0, Performance);
        _ = game.RenderFrame(1, Performance);
        Assert.Equal(UpscalerVariant.Spatial, game.Hook.LastVariant);

        game.DisableGovernor();
        FrameTiming off = game.RenderFrame(2, Performance).Timing;
        Assert.Equal((UpscalerVariant.Generator, null, null), (off.Variant, off.Governor, off.GovernorBudgetMs));
        Assert.Null(game.Governor);
        _ = game.RenderFrame(3, Performance);
        Assert.Contains("budget governor: off (B)", game.HudText);
        fixture.AssertValidationSilent();
    }

    private (IReadOnlyList<FrameTiming> Timings, string[] Csv, IReadOnlyList<string> Hud) Run(double budgetMs, int frames)
    {
        string directory = Path.Combine(Path.GetTempPath(), "gameupscaler-sample-governor-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var game = new SampleGame(fixture.Device, SampleFixture.Display, SampleFixture.SmallGenerator, "test generator");
            game.EnableGovernor(SampleOptions.DefaultGovernorOptions with { BudgetMilliseconds = budgetMs });
            IReadOnlyList<FrameTiming> timings = HeadlessRunner.Run(game, [Performance], frames, 0.2f, directory, TextWriter.Null);
            return (timings, File.ReadAllLines(Path.Combine(directory, "frametimes.csv")), game.HudText);
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private static Dictionary<string, string> Row(string[] csv, int index)
    {
        string[] header = csv[0].Split(',');
        string[] cells = csv[index].Split(',');
        Assert.Equal(header.Length, cells.Length);
        return header.Zip(cells).ToDictionary(p => p.First, p => p.Second);
    }
}
