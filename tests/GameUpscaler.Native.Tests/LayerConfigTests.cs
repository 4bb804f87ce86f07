using GameUpscaler.Layer;

namespace GameUpscaler.Native.Tests;

/// <summary>The layer's settings: file sections per game, environment overrides, and bad lines skipped with a reason.</summary>
public sealed class LayerConfigTests
{
    private static readonly string[] File =
    [
        "# GameUpscaler settings",
        "mode = quality",
        "sharpness = 0.5",
        "model = x2-c16-n4-l1",
        "",
        "[vkcube]",
        "mode = ultra-performance   # a comment after a value",
        "model = none",
        "[other-game]",
        "mode = balanced",
    ];

    [Fact]
    public void A_games_section_overrides_the_top_and_other_sections_are_ignored()
    {
        var problems = new List<string>();
        LayerConfig vkcube = LayerConfig.Parse(File, "vkcube", "test.conf", problems);
        Assert.Equal(QualityMode.UltraPerformance, vkcube.Mode);
        Assert.Null(vkcube.Model);
        Assert.Equal(0.5f, vkcube.Sharpness);

        LayerConfig unnamed = LayerConfig.Parse(File, "some-game", "test.conf", problems);
        Assert.Equal(QualityMode.Quality, unnamed.Mode);
        Assert.Equal("x2-c16-n4-l1", unnamed.Model);
        Assert.Empty(problems);
    }

    [Fact]
    public void The_environment_overrides_the_file_and_bad_values_are_skipped_with_their_line()
    {
        using var temp = new GameUpscaler.Tests.TemporaryDirectory();
        System.IO.File.WriteAllLines(temp.File("gameupscaler.conf"), [.. File, "[vkcube]", "sharpness = lots", "no equals sign"]);
        var environment = new Dictionary<string, string>
        {
            ["GAMEUPSCALER_CONFIG"] = temp.File("gameupscaler.conf"),
            ["GAMEUPSCALER_MODE"] = "performance",
            ["GAMEUPSCALER_ENABLED"] = "0",
        };
        var problems = new List<string>();
        LayerConfig config = LayerConfig.Load("vkcube", name => environment.GetValueOrDefault(name), problems);
        Assert.Equal(QualityMode.Performance, config.Mode);
        Assert.False(config.Enabled);
        Assert.Equal(0.5f, config.Sharpness);
        Assert.Contains(problems, p => p.Contains(":12: sharpness = lots is not a valid setting", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains(":13: 'no equals sign' is not 'key = value'", StringComparison.Ordinal));
        Assert.Contains("GAMEUPSCALER_MODE", config.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_file_the_defaults_hold_and_a_missing_named_file_is_reported()
    {
        var problems = new List<string>();
        LayerConfig config = LayerConfig.Load("game", name => name == "GAMEUPSCALER_CONFIG" ? "/nonexistent/gameupscaler.conf" : null, problems);
        Assert.Equal(new LayerConfig() with { Source = config.Source }, config);
        Assert.Equal(QualityMode.Performance, config.Mode);
        Assert.Single(problems, p => p.Contains("/nonexistent/gameupscaler.conf, which does not exist", StringComparison.Ordinal));
    }
}
