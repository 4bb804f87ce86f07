namespace GameUpscaler.Training.Training;

/// <summary>One report of a running training: where it is and its latest losses.</summary>
/// <param name="Step">Iterations done.</param>
/// <param name="Iterations">Iterations planned.</param>
/// <param name="Loss">Mean main loss over the latest iterations: L1 for the generator stages, the ε-prediction MSE for
/// the diffusion stage (<paramref name="LossName"/>).</param>
/// <param name="GeneratorAdversarialLoss">Mean non-saturating generator loss (GAN stage; NaN otherwise).</param>
/// <param name="DiscriminatorLoss">Mean discriminator loss (GAN stage; NaN otherwise).</param>
/// <param name="IterationsPerSecond">Speed over the latest iterations.</param>
/// <param name="LearningRate">Current generator learning rate.</param>
/// <param name="Elapsed">Training time of the whole run, across resumes.</param>
/// <param name="LossName">What <paramref name="Loss"/> is: "L1" or "MSE".</param>
public readonly record struct TrainingProgress(
    long Step, long Iterations, double Loss, double GeneratorAdversarialLoss, double DiscriminatorLoss,
    double IterationsPerSecond, double LearningRate, TimeSpan Elapsed, string LossName = "L1");
