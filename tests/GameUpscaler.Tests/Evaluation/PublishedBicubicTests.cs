namespace GameUpscaler.Tests.Evaluation;

using GameUpscaler.Evaluation;
using GameUpscaler.Resampling;

/// <summary>
/// The foundation of every quality claim: our protocol (modcrop, MATLAB bicubic ÷s, MATLAB bicubic ×s, Y-PSNR with
/// s border pixels shaved) must reproduce the bicubic Y-PSNR the SR literature publishes. The issue asks for
/// 0.1 dB; we hold 0.05 dB, which Set14 meets only with the grayscale-source luma rule (0.085 dB off without it).
/// </summary>
public sealed class PublishedBicubicTests
{
    [Theory]
    [InlineData("Set5", 2, 33.66)]
    [InlineData("Set5", 3, 30.39)]
    [InlineData("Set5", 4, 28.42)]
    [InlineData("Set14", 2, 30.24)]
    [InlineData("Set14", 3, 27.55)]
    [InlineData("Set14", 4, 26.00)]
    public void Bicubic_reproduces_the_published_Y_PSNR(string dataset, int scale, double published)
    {
        EvaluationResult result = SuperResolutionEvaluator.EvaluateDataset(
            TestPaths.EvalSet(dataset), scale, new ResamplerMethod(ResampleKernel.Bicubic));
        Assert.Equal(dataset == "Set5" ? 5 : 14, result.Images.Count);
        Assert.True(
            Math.Abs(result.MeanPsnrY - published) <= 0.05,
            $"{dataset} x{scale}: {result.MeanPsnrY:F3} dB, published {published:F2} dB");
        Assert.InRange(result.MeanSsimY, 0.6, 0.95);
    }
}
