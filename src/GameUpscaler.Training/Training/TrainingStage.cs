namespace GameUpscaler.Training.Training;

/// <summary>The two stages of the seed study's generator recipe, and the diffusion model it is compared with.</summary>
public enum TrainingStage
{
    /// <summary>Pixel-wise L1 pretraining (adversarial training from scratch gives artifacts).</summary>
    L1,

    /// <summary>Non-saturating adversarial loss against a patch discriminator, plus L1, from an L1 model.</summary>
    Gan,

    /// <summary>A conditional diffusion denoiser (ε-prediction, MSE), for the offline comparison.</summary>
    Diffusion,
}
