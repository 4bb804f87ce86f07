using System.Diagnostics;
using System.Globalization;
using GameUpscaler.Training.Optimization;

namespace GameUpscaler.Training.Training;

/// <summary>
/// What every training run shares, whatever it trains: Adam and the EMA of the trained parameters, the loop with its
/// cosine learning-rate plan, progress reports, loss log (CSV), time budget and cancellation, periodic checkpoints,
/// and the optimizer state that checkpoints carry. <see cref="GeneratorTrainer"/> and
/// <see cref="Diffusion.DiffusionTrainer"/> supply one training step and their checkpoint's model files.
/// </summary>
public abstract class ModelTrainer
{
    private protected ModelTrainer(TrainingOptions options, IReadOnlyList<Parameter> parameters)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(parameters);
        Options = options;
        Adam = new AdamOptimizer(parameters);
        Ema = new ExponentialMovingAverage(parameters, options.EmaDecay);
    }

    /// <summary>The run's definition.</summary>
    public TrainingOptions Options { get; }

    /// <summary>Iterations done.</summary>
    public long Step { get; private protected set; }

    /// <summary>Whether natural images feed the run.</summary>
    public abstract bool UsesCorpus { get; }

    /// <summary>Adam over the trained parameters (its moments go into checkpoints).</summary>
    private protected AdamOptimizer Adam { get; }

    /// <summary>The EMA of the trained parameters: what the output model receives.</summary>
    private protected ExponentialMovingAverage Ema { get; }

    /// <summary>Training time before this process (from the checkpoint).</summary>
    private protected double ElapsedBefore { get; set; }

    /// <summary>The main loss's name in reports and the loss log.</summary>
    private protected virtual string LossName => "L1";

    /// <summary>
    /// Where EMA snapshots go (<c>step-NNNNNNN.safetensors</c>, every <see cref="SnapshotEvery"/> iterations), so an eval
    /// curve can be scored afterwards on data and with settings chosen then (a diffusion model at K steps on a
    /// validation split costs too much to run inside the training loop); null for none.
    /// </summary>
    public string? SnapshotDirectory { get; set; }

    /// <summary>Iterations between EMA snapshots (0: none).</summary>
    public int SnapshotEvery { get; set; }

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
            File.WriteAllText(lossLog, $"step,elapsed_s,{LossName.ToLowerInvariant()},g_adv,d_loss,lr,it_per_s\n");
        }

        var total = Stopwatch.StartNew();
        var window = Stopwatch.StartNew();
        var sinceCheckpoint = Stopwatch.StartNew();
        double lossSum = 0, advSum = 0, dSum = 0;
        int inWindow = 0;
        long start = Step;
        while (Step < Options.Iterations && !cancellation.IsCancellationRequested
            && (timeBudget is null || total.Elapsed < timeBudget.Value))
        {
            double lr = Options.LearningRateAt(Step, Options.LearningRate);
            (double loss, double adv, double d) = TrainStep(Step, lr);
            Step++;
            lossSum += loss;
            advSum += adv;
            dSum += d;
            inWindow++;
            if (inWindow == reportEvery || Step == Options.Iterations)
            {
                double rate = inWindow / Math.Max(1e-9, window.Elapsed.TotalSeconds);
                var progress = new TrainingProgress(Step, Options.Iterations, lossSum / inWindow, advSum / inWindow, dSum / inWindow, rate, lr,
                    TimeSpan.FromSeconds(ElapsedBefore + total.Elapsed.TotalSeconds), LossName);
                report?.Invoke(progress);
                if (lossLog is not null)
                {
                    File.AppendAllText(lossLog, string.Create(CultureInfo.InvariantCulture,
                        $"{Step},{progress.Elapsed.TotalSeconds:F1},{progress.Loss:G6},{progress.GeneratorAdversarialLoss:G6},{progress.DiscriminatorLoss:G6},{lr:G4},{rate:F3}\n"));
                }

                lossSum = advSum = dSum = 0;
                inWindow = 0;
                window.Restart();
            }

            if (SnapshotDirectory is not null && SnapshotEvery > 0 && Step % SnapshotEvery == 0)
            {
                Directory.CreateDirectory(SnapshotDirectory);
                SaveEmaModel(Path.Combine(SnapshotDirectory, string.Create(CultureInfo.InvariantCulture, $"step-{Step:D7}.safetensors")));
            }

            if (sinceCheckpoint.Elapsed >= checkpointInterval)
            {
                SaveCheckpoint(checkpointDirectory, outputModel, ElapsedBefore + total.Elapsed.TotalSeconds);
                sinceCheckpoint.Restart();
            }
        }

        SaveCheckpoint(checkpointDirectory, outputModel, ElapsedBefore + total.Elapsed.TotalSeconds);
        return Step - start;
    }

    /// <summary>Writes the EMA weights as a model file (written whole or not at all).</summary>
    public abstract void SaveEmaModel(string path);

    /// <summary>Writes the checkpoint and (if given) the EMA weights as the output model.</summary>
    public abstract void SaveCheckpoint(string checkpointDirectory, string? outputModel, double elapsedSeconds);

    /// <summary>One iteration at learning rate <paramref name="learningRate"/>: the main loss, and the GAN stage's
    /// adversarial and discriminator losses (NaN elsewhere).</summary>
    private protected abstract (double Loss, double Adversarial, double Discriminator) TrainStep(long step, double learningRate);

    /// <summary>
    /// Writes a generator run's checkpoint (current and EMA weights, Adam's state, and in the GAN stage the
    /// discriminator's values, moments and step after it) and the EMA weights as the output model, if given.
    /// </summary>
    private protected void SaveGeneratorCheckpoint(
        string checkpointDirectory, string? outputModel, double elapsedSeconds, Models.GeneratorWeights current, Models.GeneratorWeights ema,
        PatchDiscriminator? discriminator, AdamOptimizer? discriminatorAdam)
    {
        List<float[]> state = OptimizerState();
        var steps = new List<long> { Adam.Step };
        if (discriminator is not null)
        {
            state.AddRange(discriminator.Parameters.Select(p => p.Value));
            state.AddRange(discriminatorAdam!.FirstMoments.Zip(discriminatorAdam.SecondMoments).SelectMany(mv => new[] { mv.First, mv.Second }));
            steps.Add(discriminatorAdam.Step);
        }

        new TrainingCheckpoint
        {
            Options = Options,
            Step = Step,
            ElapsedSeconds = elapsedSeconds,
            Generator = current,
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

    /// <summary>Restores the GAN stage's discriminator (values, moments, step) from what follows the generator's moments in <paramref name="state"/>; nothing without one.</summary>
    private protected static void RestoreDiscriminator(TrainingCheckpoint checkpoint, Queue<float[]> state, PatchDiscriminator? discriminator, AdamOptimizer? discriminatorAdam)
    {
        if (discriminator is null)
        {
            return;
        }

        foreach (Parameter p in discriminator.Parameters)
        {
            Dequeue(state, p.Value.Length).CopyTo(p.Value, 0);
        }

        RestoreMoments(discriminatorAdam!, state);
        discriminatorAdam!.Step = checkpoint.AdamSteps.Length > 1 ? checkpoint.AdamSteps[1] : 0;
    }

    /// <summary>The optimizer state a checkpoint stores first: Adam's m and v per parameter.</summary>
    private protected List<float[]> OptimizerState() =>
        [.. Adam.FirstMoments.Zip(Adam.SecondMoments).SelectMany(mv => new[] { mv.First, mv.Second })];

    /// <summary>
    /// Restores step, elapsed time, EMA and Adam from a checkpoint and returns the rest of its state (the GAN stage's
    /// discriminator follows the generator's moments).
    /// </summary>
    /// <exception cref="InvalidDataException">The checkpoint's arrays do not match this model.</exception>
    private protected Queue<float[]> Restore(TrainingCheckpoint checkpoint, IReadOnlyDictionary<string, float[]> ema)
    {
        Step = checkpoint.Step;
        ElapsedBefore = checkpoint.ElapsedSeconds;
        for (int p = 0; p < Adam.Parameters.Count; p++)
        {
            string name = Adam.Parameters[p].Name;
            if (!ema.TryGetValue(name, out float[]? shadow) || shadow.Length != Ema.Shadows[p].Length)
            {
                throw new InvalidDataException($"The checkpoint's EMA weights lack '{name}' or have another shape (another architecture?).");
            }

            shadow.CopyTo(Ema.Shadows[p], 0);
        }

        var state = new Queue<float[]>(checkpoint.State);
        RestoreMoments(Adam, state);
        Adam.Step = checkpoint.AdamSteps[0];
        Ema.Updates = checkpoint.AdamSteps[0]; // one EMA update per step
        return state;
    }

    /// <summary>Copies m and v of every parameter of <paramref name="adam"/> from the front of <paramref name="state"/>.</summary>
    private protected static void RestoreMoments(AdamOptimizer adam, Queue<float[]> state)
    {
        for (int p = 0; p < adam.Parameters.Count; p++)
        {
            Dequeue(state, adam.FirstMoments[p].Length).CopyTo(adam.FirstMoments[p], 0);
            Dequeue(state, adam.SecondMoments[p].Length).CopyTo(adam.SecondMoments[p], 0);
        }
    }

    /// <summary>The next array of the state, which must have <paramref name="length"/> values.</summary>
    private protected static float[] Dequeue(Queue<float[]> state, int length)
    {
        if (!state.TryDequeue(out float[]? array) || array.Length != length)
        {
            throw new InvalidDataException("The checkpoint's optimizer state does not match the model (another architecture or stage?).");
        }

        return array;
    }
}
