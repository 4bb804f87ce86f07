namespace GameUpscaler.Tests.Core;

using GameUpscaler.Models;

/// <summary>Sizes, quality-mode names and model-size names have one parser and one spelling each, and they round-trip.</summary>
public sealed class NamesTests
{
    [Theory]
    [InlineData("1920x1080", 1920, 1080)]
    [InlineData("640X360", 640, 360)]
    [InlineData("1x1", 1, 1)]
    public void Sizes_parse(string text, int width, int height)
    {
        Assert.True(Size2D.TryParse(text, out Size2D size));
        Assert.Equal(new Size2D(width, height), size);
        Assert.True(Size2D.TryParse(size.ToString(), out Size2D again));
        Assert.Equal(size, again);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("1920")]
    [InlineData("1920x")]
    [InlineData("0x10")]
    [InlineData("-5x10")]
    [InlineData("1920x1080x3")]
    [InlineData(" 1920x1080")]
    [InlineData("1e3x10")]
    public void Other_text_is_not_a_size(string? text) => Assert.False(Size2D.TryParse(text, out _));

    [Fact]
    public void Every_quality_mode_name_reads_back_as_its_mode()
    {
        foreach (QualityMode mode in Enum.GetValues<QualityMode>().Where(m => m != QualityMode.Custom))
        {
            string name = QualityModes.GetName(mode);
            Assert.Equal(name, name.ToLowerInvariant());
            Assert.True(QualityModes.TryParse(name, out QualityMode parsed), name);
            Assert.Equal(mode, parsed);
        }

        Assert.Equal("ultra-performance", QualityModes.GetName(QualityMode.UltraPerformance));
        Assert.Equal("native", QualityModes.GetName(QualityMode.NativeAA));
    }

    [Theory]
    [InlineData(16, 4)]
    [InlineData(8, 2)]
    [InlineData(64, 16)]
    public void Model_size_names_round_trip(int channels, int bodyConvs)
    {
        string name = new GeneratorArchitecture(2, channels, bodyConvs).SizeName;
        Assert.Equal($"c{channels}n{bodyConvs}", name);
        Assert.True(GeneratorArchitecture.TryParseSizeName(name, out int c, out int n));
        Assert.Equal((channels, bodyConvs), (c, n));
    }

    [Theory]
    [InlineData("spatial")]
    [InlineData("c16")]
    [InlineData("cxn4")]
    [InlineData("16n4")]
    [InlineData(null)]
    public void Other_text_is_not_a_model_size(string? text) => Assert.False(GeneratorArchitecture.TryParseSizeName(text, out _, out _));
}
