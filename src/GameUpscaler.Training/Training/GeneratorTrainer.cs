using System.Globalization;
using GameUpscaler.Models;
using GameUpscaler.Training.Data;
using GameUpscaler.Training.Layers;
using GameUpscaler.Training.Optimization;

namespace GameUpscaler.Training.Training;

/// <summary>
/// Runs the L1 or GAN stage: samples batches, steps Adam, keeps the EMA, writes checkpoints, the loss log (CSV) and
/// the EMA weights as the output model (the loop is <see cref="ModelTrainer"/>'s). GAN generator loss:
/// <c>L1Weight·L1 + AdversarialWeight·BCE(D(G(x)), real)</c> (non-saturating); discriminator loss:
/// <c>BCE(D(y), real) + BCE(D(G(x)), fake)</c>.
/// </summary>
public sealed class GeneratorTrainer : ModelTrainer
{
    private readonly TrainableGenerator _generator;
    private readonly PatchDiscriminator? _discriminator;
    private readonly AdamOptimizer? _discriminatorAdam;
    private readonly PatchPairSampler _sampler;

    private GeneratorTrainer(TrainingOptions options, TrainableGenerator generator, PatchPairSampler sampler)
        : base(options, generator.Parameters)
    {
        _generator = generator;
        _sampler = sampler;
        if (options.Stage == TrainingStage.Gan)
        {
            _discriminator = new PatchDiscriminator(options.DiscriminatorChannels, options.Seed);
            _discriminatorAdam = new AdamOptimizer(_discriminator.Parameters, beta1: 0.9, beta2: 0.99);
        }
    }

    /// <inheritdoc/>
    public override bool UsesCorpus => _sampler.HasCorpus;

    /// <summary>Starts a run: random weights (L1) or the initial model (GAN).</summary>
    /// <exception cref="ArgumentException">Invalid options, a stage other than L1 or GAN, or an initial model of another architecture.</exception>
    public static GeneratorTrainer Create(TrainingOptions options, ImageCorpus? corpus)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (options.Stage is not (TrainingStage.L1 or TrainingStage.Gan))
        {
            throw new ArgumentException($"The generator trainer runs the L1 and GAN stages, not {options.Stage}.", nameof(options));
        }

        var architecture = new GeneratorArchitecture(options.Scale, options.Channels, options.BodyConvs, backbone: options.Backbone);
        GeneratorWeights weights;
        if (options.Stage == TrainingStage.Gan)
        {
            GeneratorWeights initial = KnownModels.Resolve(options.InitialModel!);
            if (!initial.Architecture.Equals(architecture))
            {
                throw new ArgumentException($"The initial model is {initial.Architecture}; this run trains {architecture}.");
            }

            weights = new GeneratorWeights(architecture, initial.Tensors.ToDictionary(kv => kv.Key, kv => (float[])kv.Value.Clone(), StringComparer.Ordinal));
        }
        else
        {
            weights = GeneratorWeights.CreateRandom(architecture, options.Seed);
        }

        return new GeneratorTrainer(options, new TrainableGenerator(weights), new PatchPairSampler(options.ToSamplerOptions(), corpus));
    }

    /// <summary>Continues a run from its checkpoint (amend its plan first with <see cref="TrainingCheckpoint.WithOptions"/>).</summary>
    /// <exception cref="InvalidDataException">The checkpoint holds no generator (a diffusion run) or its state does not match.</exception>
    public static GeneratorTrainer Resume(TrainingCheckpoint checkpoint, ImageCorpus? corpus)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        TrainingOptions options = checkpoint.Options;
        options.Validate();
        if (checkpoint.Generator is null || checkpoint.Ema is null)
        {
            throw new InvalidDataException($"The checkpoint is of the {options.Stage} stage and holds no generator weights.");
        }

        var trainer = new GeneratorTrainer(options, new TrainableGenerator(checkpoint.Generator), new PatchPairSampler(options.ToSamplerOptions(), corpus));
        Queue<float[]> state = trainer.Restore(checkpoint, checkpoint.Ema.Tensors);
        RestoreDiscriminator(checkpoint, state, trainer._discriminator, trainer._discriminatorAdam);

        return trainer;
    }

    /// <summary>The generator's current (not averaged) weights.</summary>
    public GeneratorWeights CurrentWeights => _generator.Weights;

    /// <summary>The EMA weights, as shipped, with provenance metadata.</summary>
    public GeneratorWeights EmaWeights()
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["training_stage"] = Options.Stage.ToString().ToLowerInvariant(),
            ["training_iterations"] = Step.ToString(CultureInfo.InvariantCulture),
            ["training_batch"] = $"{Options.BatchSize}x{Options.PatchSize}x{Options.PatchSize}",
        };
        return new GeneratorWeights(_generator.Architecture, Ema.ToDictionary(), metadata);
    }

    /// <inheritdoc />
    public override void SaveEmaModel(string path) => EmaWeights().Save(path);

    /// <inheritdoc/>
    public override void SaveCheckpoint(string checkpointDirectory, string? outputModel, double elapsedSeconds)
    {
        SaveGeneratorCheckpoint(checkpointDirectory, outputModel, elapsedSeconds, _generator.Weights, EmaWeights(), _discriminator, _discriminatorAdam);
    }

    /// <inheritdoc/>
    private protected override (double Loss, double Adversarial, double Discriminator) TrainStep(long step, double learningRate)
    {
        (Tensor lr, Tensor hr) = _sampler.SampleBatch(step);
        _generator.ZeroGradients();
        Tensor sr = _generator.Forward(lr);
        (double l1, Tensor l1Gradient) = Losses.L1(sr, hr);
        double adversarial = double.NaN, discriminatorLoss = double.NaN;
        if (_discriminator is null)
        {
            _generator.Backward(l1Gradient);
        }
        else
        {
            // Generator: L1 plus the non-saturating term, whose gradient flows through the discriminator.
            Tensor logits = _discriminator.Forward(sr);
            (adversarial, Tensor logitGradient) = Losses.BceWithLogits(logits, 1f);
            Tensor imageGradient = _discriminator.Backward(logitGradient);
            float wl1 = (float)Options.L1Weight, wadv = (float)Options.AdversarialWeight;
            for (int i = 0; i < l1Gradient.Data.Length; i++)
            {
                l1Gradient.Data[i] = (wl1 * l1Gradient.Data[i]) + (wadv * imageGradient.Data[i]);
            }

            _generator.Backward(l1Gradient);

            // Discriminator: real HR patches against the (detached) generated ones.
            _discriminator.ZeroGradients();
            (double real, Tensor realGradient) = Losses.BceWithLogits(_discriminator.Forward(hr), 1f);
            _discriminator.Backward(realGradient, imageGradient: false);
            (double fake, Tensor fakeGradient) = Losses.BceWithLogits(_discriminator.Forward(sr), 0f);
            _discriminator.Backward(fakeGradient, imageGradient: false);
            _discriminatorAdam!.Update(Options.DiscriminatorLearningRate * (learningRate / Options.LearningRate));
            discriminatorLoss = real + fake;
        }

        Adam.Update(learningRate);
        Ema.Update();
        return (l1, adversarial, discriminatorLoss);
    }
}
