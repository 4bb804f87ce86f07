using GameUpscaler.Models;
using GameUpscaler.Training.Data;
using GameUpscaler.Training.Layers;
using GameUpscaler.Training.Training;

namespace GameUpscaler.Training.Tests;

public sealed class TrainerTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "gu-trainer-" + Guid.NewGuid().ToString("N"));

    public TrainerTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static TrainingOptions Tiny(long iterations) => new()
    {
        Scale = 2, Channels = 4, BodyConvs = 1, Iterations = iterations, BatchSize = 4, PatchSize = 16, LearningRate = 2e-3,
        ConstantFraction = 1, EmaDecay = 0.9, Seed = 3,
    };

    private static double ValidationL1(GeneratorWeights weights, TrainingOptions options)
    {
        var sampler = new PatchPairSampler(options.ToSamplerOptions() with { Seed = 999, BatchSize = 8 }, corpus: null);
        (Tensor lr, Tensor hr) = sampler.SampleBatch(0);
        return Losses.L1(new TrainableGenerator(weights).Forward(lr), hr).Loss;
    }

    [Fact]
    public void TinyL1RunLowersTheLossOnHeldOutPatches()
    {
        TrainingOptions options = Tiny(150);
        GeneratorTrainer trainer = GeneratorTrainer.Create(options, corpus: null);
        double before = ValidationL1(trainer.CurrentWeights.Clone(), options);
        var reports = new List<TrainingProgress>();
        long done = trainer.Run(Path.Combine(_folder, "ck"), Path.Combine(_folder, "m.safetensors"), Path.Combine(_folder, "loss.csv"),
            TimeSpan.FromHours(1), reports.Add, reportEvery: 25);
        Assert.Equal(150, done);
        double after = ValidationL1(GeneratorWeights.Load(Path.Combine(_folder, "m.safetensors")), options);
        Assert.True(after < 0.9 * before, $"held-out L1 {before:F4} → {after:F4}");
        Assert.All(reports, r => Assert.True(double.IsFinite(r.Loss) && r.IterationsPerSecond > 0));
        Assert.Equal(7, File.ReadAllLines(Path.Combine(_folder, "loss.csv")).Length); // header + 6 reports
        Assert.Equal("150", GeneratorWeights.Load(Path.Combine(_folder, "m.safetensors")).Metadata["training_iterations"]);
    }

    [Fact]
    public void Snapshots_are_the_ema_weights_at_every_kth_iteration()
    {
        TrainingOptions options = Tiny(30);
        GeneratorTrainer trainer = GeneratorTrainer.Create(options, corpus: null);
        trainer.SnapshotDirectory = Path.Combine(_folder, "snapshots");
        trainer.SnapshotEvery = 10;
        trainer.Run(Path.Combine(_folder, "ck-s"), Path.Combine(_folder, "s.safetensors"), lossLog: null, TimeSpan.FromHours(1));
        string[] files = [.. Directory.GetFiles(trainer.SnapshotDirectory).Select(Path.GetFileName).Order(StringComparer.Ordinal)!];
        Assert.Equal(["step-0000010.safetensors", "step-0000020.safetensors", "step-0000030.safetensors"], files);
        Assert.Equal("20", GeneratorWeights.Load(Path.Combine(trainer.SnapshotDirectory, files[1])).Metadata["training_iterations"]);
        // The last snapshot is the weights the run ends with.
        Assert.Equal(File.ReadAllBytes(Path.Combine(_folder, "s.safetensors")), File.ReadAllBytes(Path.Combine(trainer.SnapshotDirectory, files[2])));
    }

    [Theory]
    [InlineData(TrainingStage.L1)]
    [InlineData(TrainingStage.Gan)]
    public void ResumingFromACheckpointGivesTheSameWeightsAsAnUninterruptedRun(TrainingStage stage)
    {
        TrainingOptions options = Tiny(12) with { Stage = stage };
        if (stage == TrainingStage.Gan)
        {
            string init = Path.Combine(_folder, "init.safetensors");
            GeneratorWeights.CreateRandom(new GeneratorArchitecture(2, 4, 1), seed: 8).Save(init);
            options = options with { InitialModel = init, DiscriminatorChannels = 4 };
        }

        GeneratorTrainer straight = GeneratorTrainer.Create(options, corpus: null);
        straight.Run(Path.Combine(_folder, "a"), null, null, TimeSpan.FromHours(1));

        GeneratorTrainer first = GeneratorTrainer.Create(options with { Iterations = 5 }, corpus: null);
        first.Run(Path.Combine(_folder, "b"), null, null, TimeSpan.FromHours(1));
        TrainingCheckpoint checkpoint = TrainingCheckpoint.Load(Path.Combine(_folder, "b"));
        // A resume may re-plan the run, never change what the weights and the data stream belong to.
        Assert.Throws<ArgumentException>(() => checkpoint.WithOptions(checkpoint.Options with { Channels = 8 }));
        Assert.Throws<ArgumentException>(() => checkpoint.WithOptions(checkpoint.Options with { Seed = checkpoint.Options.Seed + 1 }));
        GeneratorTrainer resumed = GeneratorTrainer.Resume(checkpoint.WithOptions(checkpoint.Options with { Iterations = 12 }), corpus: null);
        Assert.Equal(5, resumed.Step);
        resumed.Run(Path.Combine(_folder, "b"), null, null, TimeSpan.FromHours(1));

        foreach ((string name, float[] expected) in straight.CurrentWeights.Tensors)
        {
            Assert.Equal(expected, resumed.CurrentWeights.GetTensor(name));
            Assert.Equal(straight.EmaWeights().GetTensor(name), resumed.EmaWeights().GetTensor(name));
        }
    }

    [Fact]
    public void GanStageReportsFiniteAdversarialAndDiscriminatorLosses()
    {
        string init = Path.Combine(_folder, "init.safetensors");
        GeneratorWeights.CreateRandom(new GeneratorArchitecture(2, 4, 1), seed: 8).Save(init);
        TrainingOptions options = Tiny(6) with { Stage = TrainingStage.Gan, InitialModel = init, DiscriminatorChannels = 4 };
        var reports = new List<TrainingProgress>();
        GeneratorTrainer.Create(options, corpus: null).Run(Path.Combine(_folder, "g"), null, null, TimeSpan.FromHours(1), reports.Add, reportEvery: 3);
        Assert.Equal(2, reports.Count);
        Assert.All(reports, r => Assert.True(double.IsFinite(r.GeneratorAdversarialLoss) && double.IsFinite(r.DiscriminatorLoss) && r.DiscriminatorLoss > 0));
        Assert.Throws<ArgumentException>(() => GeneratorTrainer.Create(options with { InitialModel = null }, corpus: null));
        Assert.Throws<ArgumentException>(() => GeneratorTrainer.Create(options with { Channels = 8 }, corpus: null));
    }
}
