using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using GameUpscaler.Imaging;
using GameUpscaler.Inference;
using GameUpscaler.Models;

namespace GameUpscaler.Benchmarks;

/// <summary>
/// The CPU reference generator on a 960×540 or 1920×1080 frame upscaled ×2 (540p → 1080p, 1080p → 2160p), random
/// weights, with a GFLOP/s column (2 · MACs per input pixel · pixels / mean time; halo recomputation and padding lanes
/// not counted).
/// </summary>
[Config(typeof(Config))]
public class CpuGeneratorBenchmarks
{

    private CpuGenerator _generator = null!;
    private PlanarImage _input = null!;
    private PlanarImage _output = null!;

    /// <summary>The model sizes measured: C=16/N=4 (real-time class) and C=32/N=6.</summary>
    public static IEnumerable<GeneratorArchitecture> Models => [new(2, 16, 4), new(2, 32, 6)];

    /// <summary>The model.</summary>
    [ParamsSource(nameof(Models))]
    public GeneratorArchitecture Model { get; set; } = null!;

    /// <summary>Input height (the width is 16:9 of it): 540 or 1080.</summary>
    [Params(540, 1080)]
    public int Height { get; set; }

    /// <summary>Input width.</summary>
    public int Width => WidthFor(Height);

    /// <summary>The 16:9 width of an input <paramref name="height"/> high.</summary>
    public static int WidthFor(int height) => height * 16 / 9;

    /// <summary>Worker threads (one core vs both on the 2-core build machine).</summary>
    [Params(1, 2)]
    public int Threads { get; set; }

    /// <summary>Builds the generator and a random frame.</summary>
    [GlobalSetup]
    public void Setup()
    {
        GeneratorWeights weights = GeneratorWeights.CreateRandom(Model, seed: 1);
        _generator = new CpuGenerator(weights, new CpuGeneratorOptions { MaxDegreeOfParallelism = Threads });
        _input = new PlanarImage(Width, Height, 3);
        var random = new Random(1);
        for (int i = 0; i < _input.Data.Length; i++)
        {
            _input.Data[i] = (float)random.NextDouble();
        }

        _output = new PlanarImage(Width * Model.Scale, Height * Model.Scale, 3);
        _generator.Run(_input, _output); // first run: JIT and the per-thread workspaces
    }

    /// <summary>One frame, ×2.</summary>
    [Benchmark]
    public PlanarImage Upscale()
    {
        _generator.Run(_input, _output);
        return _output;
    }

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            AddColumn(new GflopsColumn(benchmarkCase =>
            {
                var model = (GeneratorArchitecture)benchmarkCase.Parameters["Model"];
                int height = (int)benchmarkCase.Parameters["Height"];
                return 2.0 * model.MacsPerInputPixel * WidthFor(height) * height;
            }));
        }
    }
}
