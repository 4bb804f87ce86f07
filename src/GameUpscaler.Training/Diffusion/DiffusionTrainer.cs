using System.Globalization;
using GameUpscaler.Models;
using GameUpscaler.Training.Data;
using GameUpscaler.Training.Layers;
using GameUpscaler.Training.Training;

namespace GameUpscaler.Training.Diffusion;

/// <summary>
/// Trains the conditional denoiser on the generators' data stream (same <see cref="PatchPairSampler"/>, degradation
/// mix and batch k for a seed), with the loop, checkpoints, EMA and cosine plan of <see cref="ModelTrainer"/>. Each
/// iteration: x_0 = (HR − up(LR))·R, one t uniform in [0, T) and one ε ~ N(0, I) per patch, both functions of
/// (seed, iteration, patch), x_t = √ᾱ_t·x_0 + √(1 − ᾱ_t)·ε, loss MSE(ε̂(x_t, up(LR), t), ε) (Ho et al.'s simple loss).
/// </summary>
public sealed class DiffusionTrainer : ModelTrainer
{
    /// <summary>Batches whose residual RMS fixes R when the options leave it at 0.</summary>
    public const int ResidualScaleBatches = 8;

    /// <summary>Mixed into the seeds of t and ε so that they are independent of the patch choice.</summary>
    private const long NoiseSalt = 0x6E6F697365L;

    private readonly ConditionalDenoiser _denoiser;
    private readonly PatchPairSampler _sampler;

    private DiffusionTrainer(TrainingOptions options, DiffusionModel model, PatchPairSampler sampler)
        : this(options, new ConditionalDenoiser(model), sampler)
    {
    }

    private DiffusionTrainer(TrainingOptions options, ConditionalDenoiser denoiser, PatchPairSampler sampler)
        : base(options, denoiser.Parameters)
    {
        _denoiser = denoiser;
        _sampler = sampler;
    }

    /// <inheritdoc/>
    public override bool UsesCorpus => _sampler.HasCorpus;

    /// <summary>The denoiser's current (not averaged) model.</summary>
    public DiffusionModel CurrentModel => _denoiser.Model;

    /// <inheritdoc/>
    private protected override string LossName => "MSE";

    /// <summary>
    /// Starts a run from random weights. When <see cref="TrainingOptions.ResidualScale"/> is 0, R is measured as
    /// 1 / RMS(HR − up(LR)) over the run's first <see cref="ResidualScaleBatches"/> batches, rounded to 3 significant
    /// digits, and recorded in <see cref="ModelTrainer.Options"/> (so a resume uses the same R).
    /// </summary>
    /// <exception cref="ArgumentException">Invalid options or a stage other than diffusion.</exception>
    public static DiffusionTrainer Create(TrainingOptions options, ImageCorpus? corpus)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Stage != TrainingStage.Diffusion)
        {
            throw new ArgumentException($"The diffusion trainer runs the diffusion stage, not {options.Stage}.", nameof(options));
        }

        options.Validate();
        var sampler = new PatchPairSampler(options.ToSamplerOptions(), corpus);
        if (options.ResidualScale == 0)
        {
            options = options with { ResidualScale = MeasureResidualScale(sampler, options.Scale, ResidualScaleBatches) };
        }

        var architecture = new DiffusionArchitecture(options.Scale, options.Channels, options.BodyConvs, options.EmbeddingDims) { Prediction = options.DiffusionPrediction, GateNoisyInput = options.GateNoisyInput, NoisySkip = options.NoisySkip, Backbone = options.Backbone };
        var model = DiffusionModel.CreateRandom(architecture, new NoiseSchedule(), options.ResidualScale, options.Seed);
        return new DiffusionTrainer(options, model, sampler);
    }

    /// <summary>Continues a run from its checkpoint (amend its plan first with <see cref="TrainingCheckpoint.WithOptions"/>).</summary>
    /// <exception cref="InvalidDataException">The checkpoint holds no denoiser or its state does not match.</exception>
    public static DiffusionTrainer Resume(TrainingCheckpoint checkpoint, ImageCorpus? corpus)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        TrainingOptions options = checkpoint.Options;
        options.Validate();
        if (checkpoint.Denoiser is null || checkpoint.DenoiserEma is null)
        {
            throw new InvalidDataException($"The checkpoint is of the {options.Stage} stage and holds no diffusion model.");
        }

        var trainer = new DiffusionTrainer(options, checkpoint.Denoiser, new PatchPairSampler(options.ToSamplerOptions(), corpus));
        trainer.Restore(checkpoint, checkpoint.DenoiserEma.Tensors);
        return trainer;
    }

    /// <summary>1 / RMS of HR − up(LR) over batches 0…<paramref name="batches"/> − 1 of the stream, to 3 significant digits.</summary>
    public static double MeasureResidualScale(PatchPairSampler sampler, int scale, int batches)
    {
        ArgumentNullException.ThrowIfNull(sampler);
        ArgumentOutOfRangeException.ThrowIfLessThan(batches, 1);
        double sumSquares = 0;
        long count = 0;
        for (int k = 0; k < batches; k++)
        {
            (Tensor lr, Tensor hr) = sampler.SampleBatch(k);
            Tensor up = ConditionUpsampler.Upsample(lr, scale);
            for (int i = 0; i < hr.Data.Length; i++)
            {
                double d = hr.Data[i] - up.Data[i];
                sumSquares += d * d;
            }

            count += hr.Data.Length;
        }

        double rms = Math.Sqrt(sumSquares / count);
        if (!(rms > 1e-6))
        {
            throw new InvalidOperationException("The training patches have no residual over bicubic upsampling to scale (flat images?); give the residual scale explicitly.");
        }

        return double.Parse((1 / rms).ToString("G3", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    /// <summary>The timesteps and noise of iteration <paramref name="step"/>: one t in [0, T) and one ε per patch,
    /// each a function of (seed, step, patch) alone.</summary>
    public (int[] Timesteps, Tensor Noise) SampleNoise(long step, int batch, int height, int width)
    {
        var timesteps = new int[batch];
        var noise = new Tensor(batch, DiffusionArchitecture.ImageChannels, height, width);
        int steps = _denoiser.Model.Schedule.Timesteps;
        for (int b = 0; b < batch; b++)
        {
            var random = new Random(StableHash.Seed(Options.Seed ^ NoiseSalt, step, b));
            timesteps[b] = random.Next(steps);
            GaussianNoise.Fill(noise.GetImage(b), (ulong)random.NextInt64());
        }

        return (timesteps, noise);
    }

    /// <summary>The EMA model, as shipped, with provenance metadata.</summary>
    public DiffusionModel EmaModel()
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["training_stage"] = "diffusion",
            ["training_iterations"] = Step.ToString(CultureInfo.InvariantCulture),
            ["training_batch"] = $"{Options.BatchSize}x{Options.PatchSize}x{Options.PatchSize}",
        };
        DiffusionModel current = _denoiser.Model;
        return new DiffusionModel(current.Architecture, current.Schedule, current.ResidualScale, Ema.ToDictionary(), metadata);
    }

    /// <summary>The training loss (MSE to ε, to x0 or to v, as the model predicts) of <paramref name="model"/> on one batch with given timesteps and noise
    /// (validation: fixed t and ε make runs comparable).</summary>
    public static double Loss(DiffusionModel model, Tensor lowResolution, Tensor highResolution, int[] timesteps, Tensor noise)
    {
        ArgumentNullException.ThrowIfNull(model);
        var denoiser = new ConditionalDenoiser(model);
        Tensor up = ConditionUpsampler.Upsample(lowResolution, model.Architecture.Scale);
        Tensor residual = model.ToResidual(highResolution, up);
        Tensor noisy = model.Schedule.QSample(residual, noise, timesteps);
        return Losses.Mse(denoiser.Forward(noisy, up, timesteps), Target(model, residual, noise, timesteps)).Loss;
    }

    /// <summary>What the network learns to output: the noise, the clean scaled residual x0 or the velocity (<see cref="DiffusionPrediction"/>).</summary>
    private static Tensor Target(DiffusionModel model, Tensor residual, Tensor noise, int[] timesteps) => model.Architecture.Prediction switch
    {
        DiffusionPrediction.Sample => residual,
        DiffusionPrediction.Velocity => model.Schedule.Velocity(residual, noise, timesteps),
        _ => noise,
    };

    /// <inheritdoc/>
    public override void SaveEmaModel(string path) => DiffusionModelFile.Save(EmaModel(), path);

    /// <inheritdoc/>
    public override void SaveCheckpoint(string checkpointDirectory, string? outputModel, double elapsedSeconds)
    {
        DiffusionModel ema = EmaModel();
        new TrainingCheckpoint
        {
            Options = Options,
            Step = Step,
            ElapsedSeconds = elapsedSeconds,
            Denoiser = _denoiser.Model,
            DenoiserEma = ema,
            AdamSteps = [Adam.Step],
            State = OptimizerState(),
        }.Save(checkpointDirectory);
        if (outputModel is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outputModel))!);
            DiffusionModelFile.Save(ema, outputModel);
        }
    }

    /// <inheritdoc/>
    private protected override (double Loss, double Adversarial, double Discriminator) TrainStep(long step, double learningRate)
    {
        (Tensor lr, Tensor hr) = _sampler.SampleBatch(step);
        DiffusionModel model = _denoiser.Model;
        Tensor up = ConditionUpsampler.Upsample(lr, model.Architecture.Scale);
        (int[] timesteps, Tensor noise) = SampleNoise(step, hr.Batch, hr.Height, hr.Width);
        Tensor residual = model.ToResidual(hr, up);
        Tensor noisy = model.Schedule.QSample(residual, noise, timesteps);
        _denoiser.ZeroGradients();
        (double loss, Tensor gradient) = Losses.Mse(_denoiser.Forward(noisy, up, timesteps), Target(model, residual, noise, timesteps));
        _denoiser.Backward(gradient);
        Adam.Update(learningRate);
        Ema.Update();
        return (loss, double.NaN, double.NaN);
    }
}
