using System.Text.Json.Serialization;
using GameUpscaler.Models;
using GameUpscaler.Training.Data;

namespace GameUpscaler.Training.Training;

/// <summary>Everything that defines a training run; saved in each checkpoint so that a resume needs only the folder.</summary>
public sealed record TrainingOptions
{
    /// <summary>Upscale factor.</summary>
    public int Scale { get; init; } = 2;

    /// <summary>Feature channels C.</summary>
    public int Channels { get; init; } = 16;

    /// <summary>Body convolutions N.</summary>
    public int BodyConvs { get; init; } = 4;

    /// <summary>L1, GAN or diffusion.</summary>
    [JsonConverter(typeof(JsonStringEnumConverter<TrainingStage>))]
    public TrainingStage Stage { get; init; } = TrainingStage.L1;

    /// <summary>Total iterations of the run (a resume continues up to this count).</summary>
    public long Iterations { get; init; } = 20_000;

    /// <summary>Patches per batch.</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>LR patch side.</summary>
    public int PatchSize { get; init; } = 48;

    /// <summary>Peak generator learning rate (Adam).</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Fraction of the run at the peak rate before a cosine decay to 1% of it.</summary>
    public double ConstantFraction { get; init; } = 0.5;

    /// <summary>Seed of the initial weights and the data stream.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Decay of the EMA of generator weights (the shipped weights).</summary>
    public double EmaDecay { get; init; } = 0.999;

    /// <summary>Folders of natural training images (PNG); none = procedural scenes only.</summary>
    public IReadOnlyList<string> DataDirectories { get; init; } = [];

    /// <summary>Memory budget of the image corpus, in pixels.</summary>
    public long CorpusMaxPixels { get; init; } = 200_000_000;

    /// <summary>Folders of seamless textures (e.g. a game's terrain tiles), cut tiled; see <see cref="TextureShare"/>.</summary>
    public IReadOnlyList<string> TextureDirectories { get; init; } = [];

    /// <summary>Fraction of natural-image patches cut from the textures (0: none).</summary>
    public double TextureShare { get; init; }

    /// <summary>Weight of bicubic-degraded natural patches in the mix. Measured: with 40 % of other pairs, C8/N2 stayed
    /// below bicubic on Set5 after 5700 steps; with bicubic alone it was 1 dB above it after 1500. The aliased pairs
    /// ask for smoothing where bicubic inputs ask for sharpening, and a small model cannot serve both.</summary>
    public double MixBicubic { get; init; } = 0.85;

    /// <summary>Weight of box-degraded natural patches.</summary>
    public double MixBox { get; init; } = 0.05;

    /// <summary>Weight of point-sampled (aliased) natural patches.</summary>
    public double MixPoint { get; init; } = 0.05;

    /// <summary>Weight of procedural scenes rendered aliased vs supersampled.</summary>
    public double MixRendered { get; init; } = 0.05;

    /// <summary>GAN stage: the L1 model to start from (required for <see cref="TrainingStage.Gan"/>).</summary>
    public string? InitialModel { get; init; }

    /// <summary>GAN stage: weight of the L1 term in the generator loss.</summary>
    public double L1Weight { get; init; } = 1.0;

    /// <summary>GAN stage: weight of the non-saturating adversarial term in the generator loss. Measured on C8/N2 over
    /// 300 steps: 0.01 with a discriminator at lr 1e-4 left the discriminator at chance (loss 1.38 ≈ 2 ln 2) and the
    /// high-frequency ratio unchanged, hence 0.05 and a faster discriminator.</summary>
    public double AdversarialWeight { get; init; } = 0.05;

    /// <summary>GAN stage: discriminator base width.</summary>
    public int DiscriminatorChannels { get; init; } = 16;

    /// <summary>GAN stage: discriminator learning rate (Adam).</summary>
    public double DiscriminatorLearningRate { get; init; } = 4e-4;

    /// <summary>Diffusion stage: size D of the sinusoidal timestep embedding.</summary>
    public int EmbeddingDims { get; init; } = 32;

    /// <summary>
    /// Diffusion stage: what the network predicts. A checkpoint written before this option existed reads as
    /// <see cref="Diffusion.DiffusionPrediction.Epsilon"/> (its runs predicted ε); the CLI starts new runs at v.
    /// </summary>
    public Diffusion.DiffusionPrediction DiffusionPrediction { get; init; }

    /// <summary>Diffusion stage: x_t enters the network as √ᾱ_t·x_t (<see cref="Diffusion.DiffusionArchitecture.GateNoisyInput"/>).</summary>
    public bool GateNoisyInput { get; init; }

    /// <summary>Diffusion stage: x_t also reaches the output through the linear noisy skip (<see cref="Diffusion.DiffusionArchitecture.NoisySkip"/>).</summary>
    public bool NoisySkip { get; init; }

    /// <summary>
    /// The body of the trained network, the denoiser's (<see cref="Diffusion.DiffusionArchitecture.Backbone"/>) or the
    /// per-frame generator's (<see cref="Models.GeneratorArchitecture.Backbone"/>), so that the two are compared on one
    /// backbone; a checkpoint written before this option existed reads as plain.
    /// </summary>
    [JsonConverter(typeof(JsonStringEnumConverter<NetworkBackbone>))]
    public NetworkBackbone Backbone { get; init; }

    /// <summary>
    /// An EMA snapshot every N iterations for the eval curve (0: none). Kept in the run's options so that a resumed run
    /// goes on writing them (runs checkpointed before it existed resume at 0; give --snapshot-every again).
    /// </summary>
    public int SnapshotEvery { get; init; }

    /// <summary>1 in N images of <see cref="DataDirectories"/> kept out of training as the validation split (0: none); see <see cref="Data.ImageCorpus.IsHeldOut"/>.</summary>
    public int HoldoutEvery { get; init; }

    /// <summary>Diffusion stage: R in <c>x_0 = (HR − up(LR))·R</c>; 0 (the default) has
    /// <see cref="Diffusion.DiffusionTrainer.Create"/> measure it on the run's first batches and record it here.</summary>
    public double ResidualScale { get; init; }

    /// <summary>A temporal generator (<see cref="Models.GeneratorArchitecture.Temporal"/>), trained on rolled-out sequences.</summary>
    public bool Temporal { get; init; }

    /// <summary>Temporal runs: training captures (CAPTURE.md folders, display = s × render), e.g. the sample's training paths.</summary>
    public IReadOnlyList<string> Captures { get; init; } = [];

    /// <summary>Temporal runs: procedural pan sequences beside the captures.</summary>
    public int ProceduralSequences { get; init; } = 8;

    /// <summary>Temporal runs: a capture scored every <see cref="EvalEvery"/> iterations (the convergence curve); never a report's capture.</summary>
    public string? ValidationCapture { get; init; }

    /// <summary>Temporal runs: iterations between validation scores (0: none).</summary>
    public int EvalEvery { get; init; } = 500;

    /// <summary>
    /// Temporal runs: weight of the temporal term <c>|(out_t − W(out_t−1)) − (ref_t − W(ref_t−1))|</c>, CAPTURE.md's
    /// temporal error as a loss (the previous output detached): the change between frames must be the reference's
    /// change, so flicker costs as much as error. 0 by default: the L1 stage is for fidelity (the accumulation already
    /// makes the input steady); the GAN stage adds it beside the discriminator, which would otherwise be free to flicker.
    /// </summary>
    public double TemporalWeight { get; init; }

    /// <summary>Temporal runs: iterations between re-rolling one sequence with the current weights.</summary>
    public int RefreshEvery { get; init; } = 40;

    /// <summary>
    /// Temporal runs: the share of each batch that is a still image's first frame — a natural-image pair of the
    /// <see cref="MixBicubic"/>… mix from <see cref="DataDirectories"/>, its LR through the accumulation's reset (no
    /// history, no motion) — so that a camera cut and the still-image tables show the per-frame twin's quality, not the
    /// accumulation's blurry first frame (measured: 33.20 dB on Set5 without, the twin 35.62).
    /// </summary>
    public double StillShare { get; init; }

    /// <summary>Temporal runs: random crops kept per rolled-out frame.</summary>
    public int CropsPerFrame { get; init; } = 4;

    /// <summary>The sampler options these imply.</summary>
    public PatchSamplerOptions ToSamplerOptions() => new()
    {
        Scale = Scale,
        PatchSize = PatchSize,
        BatchSize = BatchSize,
        Seed = Seed,
        TextureShare = TextureShare,
        Mix = new Dictionary<Degradation, double>
        {
            [Degradation.Bicubic] = MixBicubic,
            [Degradation.Box] = MixBox,
            [Degradation.Point] = MixPoint,
            [Degradation.RenderedScene] = MixRendered,
        },
    };

    /// <summary>The learning rate at iteration <paramref name="step"/> (0-based) for peak <paramref name="peak"/>.</summary>
    public double LearningRateAt(long step, double peak)
    {
        double t = (double)step / Math.Max(1, Iterations);
        if (t <= ConstantFraction)
        {
            return peak;
        }

        double decay = (t - ConstantFraction) / Math.Max(1e-9, 1 - ConstantFraction);
        return peak * (0.01 + (0.99 * 0.5 * (1 + Math.Cos(Math.PI * Math.Min(1, decay)))));
    }

    /// <summary>Throws on values that cannot train.</summary>
    /// <exception cref="ArgumentException">A value is out of range or the GAN stage lacks its initial model.</exception>
    public void Validate()
    {
        // The generator's shape (a temporal U-Net is refused here); the diffusion stage checks its own.
        _ = new Models.GeneratorArchitecture(Scale, Channels, BodyConvs, Temporal, Stage == TrainingStage.Diffusion ? NetworkBackbone.Plain : Backbone);
        if (Temporal)
        {
            if (Stage == TrainingStage.Diffusion)
            {
                throw new ArgumentException("The diffusion model is per-frame; a temporal run trains the L1 or GAN stage.");
            }

            if (Captures.Count == 0 && ProceduralSequences < 1)
            {
                throw new ArgumentException("A temporal run needs training sequences: --captures DIR,... and/or --procedural N.");
            }

            if (StillShare > 0 && DataDirectories.Count == 0)
            {
                throw new ArgumentException("Still-image first frames (--still-share) are cut from natural images: give --data DIR.");
            }

            if (TemporalWeight < 0 || !double.IsFinite(TemporalWeight) || RefreshEvery < 1 || CropsPerFrame < 1 || EvalEvery < 0 || ProceduralSequences < 0
                || !(StillShare >= 0 && StillShare < 1))
            {
                throw new ArgumentException("Temporal weight, refresh interval, crops per frame, eval interval and procedural count must be in range.");
            }
        }

        if (Stage == TrainingStage.Diffusion)
        {
            try
            {
                _ = new Diffusion.DiffusionArchitecture(Scale, Channels, BodyConvs, EmbeddingDims);
            }
            catch (ArgumentOutOfRangeException ex)
            {
                throw new ArgumentException($"The diffusion denoiser needs at least one block and an even embedding size: {ex.Message}", ex);
            }

            if (ResidualScale < 0 || !double.IsFinite(ResidualScale))
            {
                throw new ArgumentException($"The residual scale must be positive (or 0: measured); got {ResidualScale}.");
            }
        }

        ToSamplerOptions().Validate();
        if (Iterations < 1)
        {
            throw new ArgumentException("Iterations must be at least 1.");
        }

        if (!(LearningRate > 0) || !(DiscriminatorLearningRate > 0))
        {
            throw new ArgumentException("Learning rates must be positive.");
        }

        if (Stage == TrainingStage.Gan && string.IsNullOrEmpty(InitialModel))
        {
            throw new ArgumentException("The GAN stage starts from an L1 model: give --init MODEL.");
        }
    }
}
