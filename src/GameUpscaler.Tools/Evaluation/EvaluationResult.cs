namespace GameUpscaler.Evaluation;

/// <summary>Scores of one evaluation image.</summary>
/// <param name="Name">The file name without directory.</param>
/// <param name="PsnrY">Y-channel PSNR in dB, border of <c>scale</c> pixels shaved.</param>
/// <param name="SsimY">Y-channel SSIM, same border.</param>
/// <param name="Milliseconds">Wall time of the upscale alone (not loading, degrading or scoring).</param>
public sealed record ImageScore(string Name, double PsnrY, double SsimY, double Milliseconds);

/// <summary>The result of evaluating one method on one dataset at one scale.</summary>
/// <param name="Method">The method's name.</param>
/// <param name="Dataset">The dataset folder's name.</param>
/// <param name="Scale">The integer scale.</param>
/// <param name="Images">Per-image scores in file-name order.</param>
public sealed record EvaluationResult(string Method, string Dataset, int Scale, IReadOnlyList<ImageScore> Images)
{
    /// <summary>Mean Y-PSNR over the images (the figure papers report).</summary>
    public double MeanPsnrY => Images.Average(i => i.PsnrY);

    /// <summary>Mean Y-SSIM over the images.</summary>
    public double MeanSsimY => Images.Average(i => i.SsimY);

    /// <summary>Mean upscale time per image.</summary>
    public double MeanMilliseconds => Images.Average(i => i.Milliseconds);
}
