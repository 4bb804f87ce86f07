using System.Diagnostics;
using System.Globalization;
using GameUpscaler.Models;
using GameUpscaler.Training.Data;
using GameUpscaler.Training.Layers;
using GameUpscaler.Training.Optimization;

namespace GameUpscaler.Training.Training;

/// <summary>
/// Runs the L1 or GAN stage: samples batches, steps Adam, keeps the EMA, writes checkpoints, the loss log (CSV) and
/// the EMA weights as the output model. GAN generator loss: <c>L1Weight·L1 + AdversarialWeight·BCE(D(G(x)), real)</c>
/// (non-saturating); discriminator loss: <c>BCE(D(y), real) + BCE(D(G(x)), fake)</c>.
/// </summary>
public sealed class GeneratorTrainer
{
    private readonly TrainableGenerator _generator;
    private readonly AdamOptimizer _adam;
    private readonly ExponentialMovingAverage _ema;
    private readonly PatchDiscriminator? _discriminator;
    private readonly AdamOptimizer? _discriminatorAdam;
    private readonly PatchPairSampler _sampler;
    private double _elapsedBefore;

    private GeneratorTrainer(TrainingOptions options, GeneratorWeights weights, PatchPairSampler sampler)
    {
        Options = options;
        _generator = new TrainableGenerator(weights);
        _adam = new AdamOptimizer(_generator.Parameters);
        _ema = new ExponentialMovingAverage(_generator.Parameters, options.EmaDecay);
        _sampler = sampler;
        if (options.Stage == TrainingStage.Gan)
        {
            _discriminator = new PatchDiscriminator(options.DiscriminatorChannels, options.Seed);
            _discriminatorAdam = new AdamOptimizer(_discriminator.Parameters, beta1: 0.9, beta2: 0.99);
        }
    }

    /// <summary>The run's definition.</summary>
    public TrainingOptions Options { get; }

    /// <summary>Iterations done.</summary>
    public long Step { get; private set; }

    /// <summary>Whether natural images feed the run.</summary>
    public bool UsesCorpus => _sampler.HasCorpus;

    /// <summary>Starts a run: random weights (L1) or the initial model (GAN).</summary>
    /// <exception cref="ArgumentException">Invalid options, or an initial model of another architecture.</exception>
    public static GeneratorTrainer Create(TrainingOptions options, ImageCorpus? corpus)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var architecture = new GeneratorArchitecture(options.Scale, options.Channels, options.BodyConvs);
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

        return new GeneratorTrainer(options, weights, new PatchPairSampler(options.ToSamplerOptions(), corpus));
    }

    /// <summary>Continues a run from its checkpoint; <paramref name="iterations"/> (if given) replaces the planned total.</summary>
    public static GeneratorTrainer Resume(TrainingCheckpoint checkpoint, ImageCorpus? corpus, long? iterations = null)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        TrainingOptions options = iterations is { } n ? checkpoint.Options with { Iterations = n } : checkpoint.Options;
        options.Validate();
        var trainer = new GeneratorTrainer(options, checkpoint.Generator, new PatchPairSampler(options.ToSamplerOptions(), corpus))
        {
            Step = checkpoint.Step,
            _elapsedBefore = checkpoint.ElapsedSeconds,
        };
        var ema = checkpoint.Ema.Tensors;
        for (int p = 0; p < trainer._generator.Parameters.Count; p++)
        {
            ema[trainer._generator.Parameters[p].Name].CopyTo(trainer._ema.Shadows[p], 0);
        }

        var state = new Queue<float[]>(checkpoint.State);
        CopyMoments(trainer._adam, state);
        trainer._adam.Step = checkpoint.AdamSteps[0];
        trainer._ema.Updates = checkpoint.AdamSteps[0]; // one EMA update per generator step
        if (trainer._discriminator is not null)
        {
            foreach (Parameter p in trainer._discriminator.Parameters)
            {
                Dequeue(state, p.Value.Length).CopyTo(p.Value, 0);
            }

            CopyMoments(trainer._discriminatorAdam!, state);
            trainer._discriminatorAdam!.Step = checkpoint.AdamSteps.Length > 1 ? checkpoint.AdamSteps[1] : 0;
        }

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
        return new GeneratorWeights(_generator.Architecture, _ema.ToDictionary(), metadata);
    }

    /// <summary>
    /// Trains until the planned iterations, <paramref name="timeBudget"/> or cancellation, reporting every
    /// <paramref name="reportEvery"/> iterations and checkpointing every <paramref name="checkpointInterval"/>
    /// and at the end.
    /// </summary>
    /// <returns>The iterations done in this call.</returns>
    public long Run(
        string checkpointDirectory, string? outputModel, string? lossLog, TimeSpan checkpointInterval,
        Action<TrainingProgress>? report = null, int reportEvery = 20, TimeSpan? timeBudget = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(checkpointDirectory);
        ArgumentOutOfRangeException.ThrowIfLessThan(reportEvery, 1);
        if (lossLog is not null && !File.Exists(lossLog))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(lossLog))!);
            File.WriteAllText(lossLog, "step,elapsed_s,l1,g_adv,d_loss,lr,it_per_s\n");
        }

        var total = Stopwatch.StartNew();
        var window = Stopwatch.StartNew();
        var sinceCheckpoint = Stopwatch.StartNew();
        double l1Sum = 0, advSum = 0, dSum = 0;
        int inWindow = 0;
        long start = Step;
        while (Step < Options.Iterations && !cancellation.IsCancellationRequested
            && (timeBudget is null || total.Elapsed < timeBudget.Value))
        {
            double lr = Options.LearningRateAt(Step, Options.LearningRate);
            (double l1, double adv, double d) = TrainStep(Step, lr);
            Step++;
            l1Sum += l1;
            advSum += adv;
            dSum += d;
            inWindow++;
            if (inWindow == reportEvery || Step == Options.Iterations)
            {
                double rate = inWindow / Math.Max(1e-9, window.Elapsed.TotalSeconds);
                var progress = new TrainingProgress(Step, Options.Iterations, l1Sum / inWindow, advSum / inWindow, dSum / inWindow, rate, lr,
                    TimeSpan.FromSeconds(_elapsedBefore + total.Elapsed.TotalSeconds));
                report?.Invoke(progress);
                if (lossLog is not null)
                {
                    File.AppendAllText(lossLog, string.Create(CultureInfo.InvariantCulture,
                        $"{Step},{progress.Elapsed.TotalSeconds:F1},{progress.L1Loss:G6},{progress.GeneratorAdversarialLoss:G6},{progress.DiscriminatorLoss:G6},{lr:G4},{rate:F3}\n"));
                }

                l1Sum = advSum = dSum = 0;
                inWindow = 0;
                window.Restart();
            }

            if (sinceCheckpoint.Elapsed >= checkpointInterval)
            {
                SaveCheckpoint(checkpointDirectory, outputModel, _elapsedBefore + total.Elapsed.TotalSeconds);
                sinceCheckpoint.Restart();
            }
        }

        SaveCheckpoint(checkpointDirectory, outputModel, _elapsedBefore + total.Elapsed.TotalSeconds);
        return Step - start;
    }

    /// <summary>Writes the checkpoint and (if given) the EMA weights as the output model.</summary>
    public void SaveCheckpoint(string checkpointDirectory, string? outputModel, double elapsedSeconds)
    {
        var state = new List<float[]>();
        state.AddRange(_adam.FirstMoments.Zip(_adam.SecondMoments).SelectMany(mv => new[] { mv.First, mv.Second }));
        var steps = new List<long> { _adam.Step };
        if (_discriminator is not null)
        {
            state.AddRange(_discriminator.Parameters.Select(p => p.Value));
            state.AddRange(_discriminatorAdam!.FirstMoments.Zip(_discriminatorAdam.SecondMoments).SelectMany(mv => new[] { mv.First, mv.Second }));
            steps.Add(_discriminatorAdam.Step);
        }

        GeneratorWeights ema = EmaWeights();
        new TrainingCheckpoint
        {
            Options = Options,
            Step = Step,
            ElapsedSeconds = elapsedSeconds,
            Generator = _generator.Weights,
            Ema = ema,
            AdamSteps = [.. steps],
            State = state,
        }.Save(checkpointDirectory);
        if (outputModel is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outputModel))!);
            ema.Save(outputModel);
        }
    }

    private (double L1, double Adversarial, double Discriminator) TrainStep(long step, double learningRate)
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

        _adam.Update(learningRate);
        _ema.Update();
        return (l1, adversarial, discriminatorLoss);
    }

    private static void CopyMoments(AdamOptimizer adam, Queue<float[]> state)
    {
        for (int p = 0; p < adam.Parameters.Count; p++)
        {
            Dequeue(state, adam.FirstMoments[p].Length).CopyTo(adam.FirstMoments[p], 0);
            Dequeue(state, adam.SecondMoments[p].Length).CopyTo(adam.SecondMoments[p], 0);
        }
    }

    private static float[] Dequeue(Queue<float[]> state, int length)
    {
        if (!state.TryDequeue(out float[]? array) || array.Length != length)
        {
            throw new InvalidDataException("The checkpoint's optimizer state does not match the model (another architecture or stage?).");
        }

        return array;
    }
}
