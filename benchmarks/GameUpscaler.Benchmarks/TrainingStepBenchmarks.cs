using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using GameUpscaler.Models;
using GameUpscaler.Training;
using GameUpscaler.Training.Layers;

namespace GameUpscaler.Benchmarks;

/// <summary>
/// One generator training step (forward, L1 loss, backward) on a batch of LR patches, single-threaded, as
/// <c>gameupscaler train</c> runs it. FLOPs counted: 2 per multiply-add, forward plus backward (weight gradient
/// for every conv, input gradient for all but the first), i.e. the work of the convolutions; the element-wise
/// layers are counted as free and so lower the figure honestly.
/// </summary>
[Config(typeof(Config))]
public class TrainingStepBenchmarks
{
    /// <summary>LR patches per batch.</summary>
    public const int Batch = 8;

    /// <summary>LR patch side.</summary>
    public const int Patch = 64;

    private TrainableGenerator _generator = null!;
    private Tensor _input = null!;
    private Tensor _target = null!;

    /// <summary>The shipped sizes.</summary>
    public static IEnumerable<GeneratorArchitecture> Models => [new(2, 8, 2), new(2, 16, 4), new(2, 32, 6)];

    /// <summary>The generator size.</summary>
    [ParamsSource(nameof(Models))]
    public GeneratorArchitecture Model { get; set; } = null!;

    /// <summary>Random weights and data; one warm-up step.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _generator = new TrainableGenerator(GeneratorWeights.CreateRandom(Model, seed: 1));
        var random = new Random(1);
        _input = new Tensor(Batch, 3, Patch, Patch);
        _target = new Tensor(Batch, 3, Patch * Model.Scale, Patch * Model.Scale);
        for (int i = 0; i < _input.Data.Length; i++)
        {
            _input.Data[i] = (float)random.NextDouble();
        }

        for (int i = 0; i < _target.Data.Length; i++)
        {
            _target.Data[i] = (float)random.NextDouble();
        }

        Step();
    }

    /// <summary>Forward, loss, backward.</summary>
    [Benchmark]
    public double Step()
    {
        _generator.ZeroGradients();
        Tensor output = _generator.Forward(_input);
        (double loss, Tensor gradient) = Losses.L1(output, _target);
        _generator.Backward(gradient);
        return loss;
    }

    /// <summary>Convolution FLOPs of one training step of <paramref name="model"/>.</summary>
    public static double StepFlops(GeneratorArchitecture model)
    {
        ArgumentNullException.ThrowIfNull(model);
        double pixels = (double)Batch * Patch * Patch;
        double forward = model.MacsPerInputPixel * pixels;
        double firstConv = 9.0 * 3 * model.Channels * pixels;
        return 2 * ((3 * forward) - firstConv);
    }

    private sealed class Config : ManualConfig
    {
        public Config() =>
            AddColumn(new GflopsColumn(benchmarkCase => StepFlops((GeneratorArchitecture)benchmarkCase.Parameters["Model"])));
    }
}
