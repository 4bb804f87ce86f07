namespace GameUpscaler.Training.Evaluation;

/// <summary>What a method in a <see cref="MethodComparison"/> is; the time-ratio table sets diffusion against generators.</summary>
public enum ComparisonRole
{
    /// <summary>A non-learned method (a resampler, the spatial upscaler).</summary>
    Baseline,

    /// <summary>A feed-forward generator (the L1 and GAN-trained models): one network pass per image.</summary>
    Generator,

    /// <summary>A diffusion model at one number of sampling steps K.</summary>
    Diffusion,
}
