namespace GameUpscaler.Training.Training;

/// <summary>The two stages of the seed study's recipe.</summary>
public enum TrainingStage
{
    /// <summary>Pixel-wise L1 pretraining (adversarial training from scratch gives artifacts).</summary>
    L1,

    /// <summary>Non-saturating adversarial loss against a patch discriminator, plus L1, from an L1 model.</summary>
    Gan,
}
