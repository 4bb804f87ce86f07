using GameUpscaler.Imaging;
using GameUpscaler.Resampling;
using GameUpscaler.Training.Evaluation;

namespace GameUpscaler.Training.Tests;

public sealed class PerceptualMetricsTests
{
    [Fact]
    public void IdenticalImagesScorePerfectlyAndBlurLowersHighFrequencyEnergy()
    {
        Image8 hr = TestScene.Render(96, 64, 4);
        Assert.Equal(0, PerceptualMetrics.Gmsd(hr, hr, 2), 12);
        Assert.Equal(1, PerceptualMetrics.HighFrequencyEnergyRatio(hr, hr, 2), 12);

        Image8 blurred = ImageResizer.Resize(ImageResizer.Resize(hr, 48, 32, ResampleKernel.Bicubic), 96, 64, ResampleKernel.Bicubic);
        Image8 aliased = ImageResizer.Resize(TestScene.Render(48, 32, 1), 96, 64, ResampleKernel.Nearest);
        double blurredRatio = PerceptualMetrics.HighFrequencyEnergyRatio(hr, blurred, 2);
        Assert.InRange(blurredRatio, 0.01, 0.9);
        Assert.True(PerceptualMetrics.HighFrequencyEnergyRatio(hr, aliased, 2) > blurredRatio);
        Assert.True(PerceptualMetrics.Gmsd(hr, blurred, 2) > 0.01);
        Assert.Throws<ArgumentException>(() => PerceptualMetrics.Gmsd(hr, TestScene.Render(32, 32), 2));
    }

    [Fact]
    public void A_flat_reference_has_no_high_frequency_ratio_and_the_dataset_mean_skips_it()
    {
        var flat = new Image8(32, 32, 3);
        Array.Fill(flat.Pixels, (byte)128);
        Image8 textured = TestScene.Render(32, 32, 4);
        Assert.True(double.IsNaN(PerceptualMetrics.HighFrequencyEnergyRatio(flat, textured, 2)));

        ModelReport.ImageRow Row(string image, double ratio) => new("set", "m", image, 30, 0.9, 0.01, ratio, 1, 1);
        ModelReport.Row mean = Assert.Single(ModelReport.Summarize([Row("a", 0.5), Row("flat", double.NaN), Row("b", 1.5)]));
        Assert.Equal(1.0, mean.HighFrequencyRatio, 12);
        Assert.Equal(3, mean.Images);
        Assert.True(double.IsNaN(ModelReport.Summarize([Row("flat", double.NaN)])[0].HighFrequencyRatio));
    }
}
