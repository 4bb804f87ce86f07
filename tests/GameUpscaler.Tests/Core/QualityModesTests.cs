namespace GameUpscaler.Tests.Core;

public sealed class QualityModesTests
{
    [Theory]
    [InlineData(QualityMode.NativeAA, 1.0)]
    [InlineData(QualityMode.Quality, 1.5)]
    [InlineData(QualityMode.Balanced, 1.7)]
    [InlineData(QualityMode.Performance, 2.0)]
    [InlineData(QualityMode.UltraPerformance, 3.0)]
    public void Ratios_match_DLSS_and_FSR(QualityMode mode, double ratio) =>
        Assert.Equal(ratio, QualityModes.GetUpscaleRatio(mode));

    [Theory]
    [InlineData(QualityMode.NativeAA, 3840, 2160, 3840, 2160)]
    [InlineData(QualityMode.Quality, 3840, 2160, 2560, 1440)]
    [InlineData(QualityMode.Balanced, 3840, 2160, 2258, 1270)] // 2258.82 and 1270.59 floored, as FSR2
    [InlineData(QualityMode.Performance, 3840, 2160, 1920, 1080)]
    [InlineData(QualityMode.UltraPerformance, 3840, 2160, 1280, 720)]
    [InlineData(QualityMode.Quality, 1920, 1080, 1280, 720)]
    [InlineData(QualityMode.Balanced, 1920, 1080, 1129, 635)]
    [InlineData(QualityMode.Performance, 2560, 1440, 1280, 720)]
    [InlineData(QualityMode.UltraPerformance, 2560, 1440, 853, 480)]
    [InlineData(QualityMode.Balanced, 1700, 170, 1000, 100)] // 1700 / 1.7 is 999.999… in binary: the epsilon keeps 1000
    [InlineData(QualityMode.UltraPerformance, 16, 16, 8, 8)] // 5 raised to the minimum render dimension
    public void Render_resolution_floors_per_axis(QualityMode mode, int dw, int dh, int rw, int rh) =>
        Assert.Equal(new Size2D(rw, rh), QualityModes.GetRenderResolution(mode, new Size2D(dw, dh)));

    [Fact]
    public void Custom_ratio_gives_the_same_sizes_as_the_matching_preset()
    {
        var display = new Size2D(2560, 1440);
        Assert.Equal(QualityModes.GetRenderResolution(QualityMode.Performance, display), QualityModes.GetRenderResolution(2.0, display));
        Assert.Equal(new Size2D(1066, 600), QualityModes.GetRenderResolution(2.4, display));
    }

    [Theory]
    [InlineData(0.99)]
    [InlineData(4.01)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Ratio_outside_1_to_4_is_rejected(double ratio) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => QualityModes.GetRenderResolution(ratio, new Size2D(1920, 1080)));

    [Fact]
    public void Display_below_minimum_and_custom_without_ratio_are_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => QualityModes.GetRenderResolution(QualityMode.Quality, new Size2D(15, 1080)));
        Assert.Throws<ArgumentOutOfRangeException>(() => QualityModes.GetUpscaleRatio(QualityMode.Custom));
        Assert.Throws<ArgumentOutOfRangeException>(() => QualityModes.GetUpscaleRatio((QualityMode)42));
    }

    [Theory]
    [InlineData("quality", QualityMode.Quality)]
    [InlineData("Ultra-Performance", QualityMode.UltraPerformance)]
    [InlineData("ultra_performance", QualityMode.UltraPerformance)]
    [InlineData("native", QualityMode.NativeAA)]
    [InlineData("NativeAA", QualityMode.NativeAA)]
    [InlineData("balanced", QualityMode.Balanced)]
    [InlineData("performance", QualityMode.Performance)]
    public void Mode_names_parse(string text, QualityMode expected)
    {
        Assert.True(QualityModes.TryParse(text, out QualityMode mode));
        Assert.Equal(expected, mode);
    }

    [Fact]
    public void Unknown_mode_name_does_not_parse() => Assert.False(QualityModes.TryParse("ultra", out _));

    [Theory]
    [InlineData(1080, QualityMode.Quality)]
    [InlineData(1440, QualityMode.Quality)]
    [InlineData(2160, QualityMode.Performance)]
    [InlineData(4320, QualityMode.UltraPerformance)]
    public void Recommended_mode_follows_DLSS_auto(int height, QualityMode expected) =>
        Assert.Equal(expected, QualityModes.GetRecommendedMode(height));

    [Fact]
    public void Mip_bias_is_log2_of_the_ratio() =>
        Assert.Equal(-1.0, QualityModes.GetMipBias(new Size2D(960, 540), new Size2D(1920, 1080)), 12);
}
