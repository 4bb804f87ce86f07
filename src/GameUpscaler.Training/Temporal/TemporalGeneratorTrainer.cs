using System.Globalization;
using GameUpscaler.Capture;
using GameUpscaler.Imaging;
using GameUpscaler.Models;
using GameUpscaler.Temporal;
using GameUpscaler.Training.Data;
using GameUpscaler.Training.Layers;
using GameUpscaler.Training.Optimization;
using GameUpscaler.Training.Training;

namespace GameUpscaler.Training.Temporal;

/// <summary>
/// Trains a temporal generator (<see cref="GeneratorArchitecture.Temporal"/>) on sequences rolled out through the
/// temporal pipeline with its own weights (<see cref="TemporalRolloutPool"/>: no gradient through time, see there why).
/// L1 stage: <c>L1(out, ref) + TemporalWeight·L1(out − W(out_prev) − (ref − W(ref_prev)))</c>. GAN stage: the same
/// plus the non-saturating adversarial term of a patch discriminator that judges a frame together with the warped
/// previous frame (6 planes), so flicker and lag look fake as blur does (TecoGAN's idea, with a pair instead of a
/// triplet). The network starts as the accumulation itself: its last convolution is zero, so the first output is
/// exactly the TAAU's and training can only move away from it where that lowers the loss.
/// </summary>
public sealed class TemporalGeneratorTrainer : ModelTrainer
{
    private readonly TrainableGenerator _generator;
    private readonly PatchDiscriminator? _discriminator;
    private readonly AdamOptimizer? _discriminatorAdam;
    private readonly TemporalRolloutPool _pool;
    private readonly TemporalSequence? _validation;
    private readonly PatchPairSampler? _stills;
    private readonly int _stillsPerBatch;

    private TemporalGeneratorTrainer(TrainingOptions options, TrainableGenerator generator, ImageCorpus? corpus, Action<string>? log)
        : base(options, generator.Parameters)
    {
        _generator = generator;
        _stillsPerBatch = (int)Math.Round(options.StillShare * options.BatchSize);
        if (_stillsPerBatch > 0)
        {
            if (corpus is null)
            {
                throw new ArgumentException("Still-image first frames need the natural-image corpus (--data).");
            }

            _stills = new PatchPairSampler(options.ToSamplerOptions() with { BatchSize = _stillsPerBatch }, corpus);
        }

        if (options.Stage == TrainingStage.Gan)
        {
            _discriminator = new PatchDiscriminator(options.DiscriminatorChannels, options.Seed, inputChannels: 6);
            _discriminatorAdam = new AdamOptimizer(_discriminator.Parameters, beta1: 0.9, beta2: 0.99);
        }

        var sequences = new List<TemporalSequence>();
        foreach (string capture in options.Captures)
        {
            sequences.Add(new CaptureSequence(capture, options.Scale));
        }

        for (int i = 0; i < options.ProceduralSequences; i++)
        {
            sequences.Add(new ProceduralSequence(unchecked((options.Seed * 7919) + i), new Size2D(96, 64), options.Scale, 24));
        }

        _validation = options.ValidationCapture is null ? null : new CaptureSequence(options.ValidationCapture, options.Scale);
        _pool = new TemporalRolloutPool(sequences, generator.Architecture, options.PatchSize, options.CropsPerFrame, options.Seed);
        _pool.Fill(generator.Weights, log);
    }

    /// <inheritdoc/>
    public override bool UsesCorpus => false;

    /// <summary>Where validation scores are appended (CSV: step, psnr_y, psnr_y_from_frame8); null for none.</summary>
    public string? EvalLog { get; set; }

    /// <summary>The generator's current (not averaged) weights.</summary>
    public GeneratorWeights CurrentWeights => _generator.Weights;

    /// <summary>Starts a run: from the per-frame twin or a temporal model (<see cref="TrainingOptions.InitialModel"/>) or random weights; see the class remarks.</summary>
    /// <exception cref="ArgumentException">Invalid options, or an initial model of another size.</exception>
    public static TemporalGeneratorTrainer Create(TrainingOptions options, Action<string>? log = null, ImageCorpus? corpus = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (!options.Temporal || options.Stage is not (TrainingStage.L1 or TrainingStage.Gan))
        {
            throw new ArgumentException("The temporal trainer runs the L1 and GAN stages of a temporal generator.", nameof(options));
        }

        var architecture = new GeneratorArchitecture(options.Scale, options.Channels, options.BodyConvs, temporal: true);
        GeneratorWeights weights = options.InitialModel is { } initial
            ? FromInitial(KnownModels.Resolve(initial), architecture, options.Stage)
            : StartAsAccumulation(GeneratorWeights.CreateRandom(architecture, options.Seed));
        return new TemporalGeneratorTrainer(options, new TrainableGenerator(weights), corpus, log);
    }

    /// <summary>Continues a run from its checkpoint (the rollouts are made again with the checkpoint's weights).</summary>
    /// <exception cref="InvalidDataException">The checkpoint holds no temporal generator or its state does not match.</exception>
    public static TemporalGeneratorTrainer Resume(TrainingCheckpoint checkpoint, Action<string>? log = null, ImageCorpus? corpus = null)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        TrainingOptions options = checkpoint.Options;
        options.Validate();
        if (checkpoint.Generator is null || checkpoint.Ema is null || !checkpoint.Generator.Architecture.Temporal)
        {
            throw new InvalidDataException("The checkpoint holds no temporal generator.");
        }

        var trainer = new TemporalGeneratorTrainer(options, new TrainableGenerator(checkpoint.Generator), corpus, log);
        Queue<float[]> state = trainer.Restore(checkpoint, checkpoint.Ema.Tensors);
        RestoreDiscriminator(checkpoint, state, trainer._discriminator, trainer._discriminatorAdam);

        return trainer;
    }

    /// <summary>
    /// The initial weights: a temporal model of the same size as it is (GAN stage, or a continued L1 run), or the
    /// per-frame twin's: every tensor copied, the first convolution's weights on the history and confidence planes
    /// zero, and the last convolution zero, so the start is exactly the accumulation while the body keeps the twin's
    /// features.
    /// </summary>
    private static GeneratorWeights FromInitial(GeneratorWeights initial, GeneratorArchitecture architecture, TrainingStage stage)
    {
        if (initial.Architecture.Equals(architecture))
        {
            return new GeneratorWeights(architecture, initial.Tensors.ToDictionary(kv => kv.Key, kv => (float[])kv.Value.Clone(), StringComparer.Ordinal));
        }

        if (stage == TrainingStage.Gan || !initial.Architecture.Equals(architecture.PerFrame))
        {
            throw new ArgumentException(
                $"The initial model is {initial.Architecture}; this run trains {architecture} and starts from the same model " +
                (stage == TrainingStage.Gan ? "(the L1 stage's)." : $"or its per-frame twin {architecture.PerFrame}."));
        }

        var tensors = initial.Tensors.ToDictionary(kv => kv.Key, kv => (float[])kv.Value.Clone(), StringComparer.Ordinal);
        string first = GeneratorArchitecture.ConvWeightName(0);
        int c = architecture.Channels, cin = architecture.InputChannels, twinIn = GeneratorArchitecture.ImageChannels;
        float[] twin = tensors[first];
        var expanded = new float[c * cin * 9];
        for (int co = 0; co < c; co++)
        {
            Array.Copy(twin, co * twinIn * 9, expanded, co * cin * 9, twinIn * 9);
        }

        tensors[first] = expanded;
        return StartAsAccumulation(new GeneratorWeights(architecture, tensors));
    }

    private static GeneratorWeights StartAsAccumulation(GeneratorWeights weights)
    {
        int last = weights.Architecture.ConvCount - 1;
        Array.Clear(weights.GetTensor(GeneratorArchitecture.ConvWeightName(last)));
        Array.Clear(weights.GetTensor(GeneratorArchitecture.ConvBiasName(last)));
        return weights;
    }

    /// <summary>The EMA weights, as shipped, with provenance metadata.</summary>
    public GeneratorWeights EmaWeights()
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["training_stage"] = Options.Stage.ToString().ToLowerInvariant(),
            ["training_iterations"] = Step.ToString(CultureInfo.InvariantCulture),
            ["training_batch"] = string.Create(CultureInfo.InvariantCulture, $"{Options.BatchSize}x{Options.PatchSize}x{Options.PatchSize} (render-size crops)"),
            ["training_data"] = string.Create(CultureInfo.InvariantCulture, $"{Options.Captures.Count} captures, {Options.ProceduralSequences} procedural sequences"),
        };
        return new GeneratorWeights(_generator.Architecture, Ema.ToDictionary(), metadata);
    }

    /// <summary>Scores <paramref name="weights"/> on the validation capture: Y-PSNR over all frames and over frames ≥ 8 (CAPTURE.md).</summary>
    public (double All, double Settled)? Validate(GeneratorWeights weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (_validation is null)
        {
            return null;
        }

        Size2D render = _validation.RenderSize;
        var grid = new Size2D(render.Width * Options.Scale, render.Height * Options.Scale);
        var pipeline = new TemporalGeneratorReference(weights, render, grid);
        double all = 0, settled = 0;
        int settledCount = 0;
        for (int t = 0; t < _validation.FrameCount; t++)
        {
            TemporalTrainingFrame frame = _validation.ReadFrame(t);
            Image8 output = pipeline.Upscale(frame.Color, TaauMethod.MotionPairs(frame.Motion), frame.Depth?.Data ?? [], frame.JitterX, frame.JitterY, frame.Reset || t == 0);
            double psnr = CaptureScoring.PsnrY(frame.Reference, output);
            all += psnr;
            if (t >= CaptureScoring.SettledFrame)
            {
                settled += psnr;
                settledCount++;
            }
        }

        return (all / _validation.FrameCount, settledCount > 0 ? settled / settledCount : double.NaN);
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
        if (step > 0 && step % Options.RefreshEvery == 0)
        {
            _pool.Refresh(_generator.Weights);
        }

        if (EvalLog is not null && Options.EvalEvery > 0 && step % Options.EvalEvery == 0 && Validate(EmaWeights()) is { } score)
        {
            if (!File.Exists(EvalLog))
            {
                File.WriteAllText(EvalLog, "step,psnr_y,psnr_y_from_frame8\n");
            }

            File.AppendAllText(EvalLog, string.Create(CultureInfo.InvariantCulture, $"{step},{score.All:F4},{score.Settled:F4}\n"));
        }

        int batch = Options.BatchSize, p = Options.PatchSize, s = Options.Scale, gp = p * s;
        GeneratorArchitecture arch = _generator.Architecture;
        var input = new Tensor(batch, arch.InputChannels, p, p);
        var reference = new Tensor(batch, 3, gp, gp);
        var warpedOutput = new Tensor(batch, 3, gp, gp);
        var warpedReference = new Tensor(batch, 3, gp, gp);
        var hasPrevious = new bool[batch];
        (Tensor Low, Tensor High)? stills = _stills?.SampleBatch(step);
        for (int b = 0; b < batch; b++)
        {
            TemporalCrop crop = stills is { } pairs && b < _stillsPerBatch ? StillCrop(pairs.Low, pairs.High, b) : _pool.Sample();
            crop.Input.CopyTo(input.GetImage(b));
            crop.Reference.CopyTo(reference.GetImage(b));
            hasPrevious[b] = crop.WarpedPreviousOutput is not null;
            (crop.WarpedPreviousOutput ?? crop.Reference).CopyTo(warpedOutput.GetImage(b));
            (crop.WarpedPreviousReference ?? crop.Reference).CopyTo(warpedReference.GetImage(b));
        }

        _generator.ZeroGradients();
        Tensor output = _generator.Forward(input);
        (double l1, Tensor gradient) = Losses.L1(output, reference);
        float temporalUnit = (float)Options.TemporalWeight / output.Data.Length;
        int image = output.ImageLength;
        for (int b = 0; b < batch; b++)
        {
            if (!hasPrevious[b])
            {
                continue;
            }

            Span<float> o = output.GetImage(b), g = gradient.GetImage(b), r = reference.GetImage(b), wo = warpedOutput.GetImage(b), wr = warpedReference.GetImage(b);
            for (int i = 0; i < image; i++)
            {
                float d = (o[i] - wo[i]) - (r[i] - wr[i]);
                g[i] += d > 0f ? temporalUnit : d < 0f ? -temporalUnit : 0f;
            }
        }

        double adversarial = double.NaN, discriminatorLoss = double.NaN;
        int[] judged = Enumerable.Range(0, batch).Where(b => hasPrevious[b]).ToArray();
        if (_discriminator is not null && judged.Length == 0)
        {
            MixAdversarialGradient(gradient, pairGradient: null, judged, (float)Options.L1Weight, 0f);
        }
        else if (_discriminator is not null)
        {
            // Only frames with a previous one are judged (and only they get the adversarial gradient): a first frame
            // after a reset or a still image holds too few samples for the generator to invent detail honestly —
            // adversarial pressure there oversharpened the stills by 2 dB (models/TRAINING.md) — so it learns L1 only,
            // as its per-frame twin's L1 stage did, and the discriminator sees time in every pair it judges.
            Tensor fake = Pair(output, warpedOutput, judged);
            Tensor real = Pair(reference, warpedReference, judged);
            (adversarial, Tensor logitGradient) = Losses.BceWithLogits(_discriminator.Forward(fake), 1f);
            Tensor pairGradient = _discriminator.Backward(logitGradient);
            MixAdversarialGradient(gradient, pairGradient, judged, (float)Options.L1Weight, (float)Options.AdversarialWeight);

            _discriminator.ZeroGradients();
            (double realLoss, Tensor realGradient) = Losses.BceWithLogits(_discriminator.Forward(real), 1f);
            _discriminator.Backward(realGradient, imageGradient: false);
            (double fakeLoss, Tensor fakeGradient) = Losses.BceWithLogits(_discriminator.Forward(fake), 0f);
            _discriminator.Backward(fakeGradient, imageGradient: false);
            _discriminatorAdam!.Update(Options.DiscriminatorLearningRate * (learningRate / Options.LearningRate));
            discriminatorLoss = realLoss + fakeLoss;
        }

        _generator.Backward(gradient);
        Adam.Update(learningRate);
        Ema.Update();
        return (l1, adversarial, discriminatorLoss);
    }

    /// <summary>A still image's first frame: the LR patch through the accumulation's reset, the HR patch as the reference.</summary>
    private TemporalCrop StillCrop(Tensor low, Tensor high, int index)
    {
        int p = low.Width, s = Options.Scale;
        var color = new Image8(p, low.Height, 3);
        Span<float> planes = low.GetImage(index);
        int n = p * low.Height;
        for (int i = 0; i < n; i++)
        {
            for (int c = 0; c < 3; c++)
            {
                color.Pixels[(3 * i) + c] = PlanarImage.ToByte(planes[(c * n) + i]);
            }
        }

        var accumulation = new TemporalUpscalerReference(new Size2D(p, low.Height), new Size2D(p * s, low.Height * s));
        accumulation.Accumulate(color, new float[n * 2], [], 0, 0, reset: true);
        PlanarImage input = TemporalGeneratorInput.Build(_generator.Architecture, color, accumulation.LastOutput, accumulation.HistoryWeight, TemporalUpscalerSettings.Default.MaxHistoryWeight);
        return new TemporalCrop(input.Data, high.GetImage(index).ToArray(), null, null);
    }

    /// <summary>
    /// The GAN stage's generator gradient, in place: <c>wl1·g</c> for every image, plus <c>wadv·</c> the adversarial
    /// gradient of the frame planes for the judged images (<paramref name="pairGradient"/>'s image j is batch image
    /// judged[j]); images not judged get no adversarial gradient at all.
    /// </summary>
    internal static void MixAdversarialGradient(Tensor gradient, Tensor? pairGradient, int[] judged, float wl1, float wadv)
    {
        if (pairGradient is null != (judged.Length == 0))
        {
            throw new ArgumentException("An adversarial gradient comes with the images it judged.", nameof(pairGradient));
        }

        foreach (ref float g in gradient.Data.AsSpan())
        {
            g *= wl1;
        }

        int image = gradient.ImageLength;
        for (int j = 0; j < judged.Length; j++)
        {
            Span<float> g = gradient.GetImage(judged[j]);
            ReadOnlySpan<float> adv = pairGradient!.GetImage(j)[..image];
            for (int i = 0; i < image; i++)
            {
                g[i] += wadv * adv[i];
            }
        }
    }

    /// <summary>The discriminator's 6-plane input of the chosen batch images: the frame, then its warped previous frame.</summary>
    private static Tensor Pair(Tensor frame, Tensor previous, int[] images)
    {
        var pair = new Tensor(images.Length, 6, frame.Height, frame.Width);
        int image = frame.ImageLength;
        for (int j = 0; j < images.Length; j++)
        {
            Span<float> target = pair.GetImage(j);
            frame.GetImage(images[j]).CopyTo(target[..image]);
            previous.GetImage(images[j]).CopyTo(target[image..]);
        }

        return pair;
    }
}
