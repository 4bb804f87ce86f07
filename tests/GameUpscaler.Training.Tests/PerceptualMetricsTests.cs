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
}
