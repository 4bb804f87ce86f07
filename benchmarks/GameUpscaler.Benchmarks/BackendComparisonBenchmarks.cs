using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using GameUpscaler.Imaging;
using GameUpscaler.Inference;
using GameUpscaler.OnnxRuntime;

namespace GameUpscaler.Benchmarks;

/// <summary>
/// One 960×540 frame upscaled by every model (<see cref="BenchmarkModel.All"/>) on each backend, same weights and
/// same input frame: our CPU reference generator against ONNX Runtime's CPU provider, both held to
/// <see cref="Threads"/> threads (ORT's intra-op pool set to the same count, inter-op 1) so the comparison is fair.
/// </summary>
/// <remarks>
/// The Vulkan backend (lavapipe here) is not in this branch; when it is merged, add a <c>Vulkan</c> value to
/// <see cref="Backend"/> and its case to <see cref="Setup"/>. Until then the report leaves its column empty, labelled.
/// </remarks>
[Config(typeof(Config))]
public class BackendComparisonBenchmarks
{
    /// <summary>Input width.</summary>
    public const int Width = 960;

    /// <summary>Input height.</summary>
    public const int Height = 540;

    private Action _run = null!;
    private IDisposable? _resource;

    /// <summary>The backends measured.</summary>
    public enum BackendKind
    {
        /// <summary><see cref="CpuGenerator"/>, our tiled fp32 SIMD path.</summary>
        OursCpu,

        /// <summary><see cref="OnnxGenerator"/> on ONNX Runtime's CPU execution provider.</summary>
        OnnxRuntimeCpu,
    }

    /// <summary>The models measured.</summary>
    public static IEnumerable<BenchmarkModel> Models => BenchmarkModel.All();

    /// <summary>The model.</summary>
    [ParamsSource(nameof(Models))]
    public BenchmarkModel Model { get; set; } = null!;

    /// <summary>The backend.</summary>
    [ParamsAllValues]
    public BackendKind Backend { get; set; }

    /// <summary>Threads for both backends (1: one core of the shared 2-core build machine).</summary>
    [Params(1)]
    public int Threads { get; set; }

    /// <summary>Builds the backend and the frame, and runs once (JIT, workspaces, ORT session and its memory plan).</summary>
    [GlobalSetup]
    public void Setup()
    {
        var input = new PlanarImage(Width, Height, 3);
        var random = new Random(1);
        for (int i = 0; i < input.Data.Length; i++)
        {
            input.Data[i] = (float)random.NextDouble();
        }

        int s = Model.Weights.Architecture.Scale;
        var output = new PlanarImage(Width * s, Height * s, 3);
        switch (Backend)
        {
            case BackendKind.OursCpu:
            {
                var generator = new CpuGenerator(Model.Weights, new CpuGeneratorOptions { MaxDegreeOfParallelism = Threads });
                _run = () => generator.Run(input, output);
                break;
            }

            case BackendKind.OnnxRuntimeCpu:
            {
                var generator = new OnnxGenerator(Model.Weights, new OnnxRuntimeOptions { ExecutionProvider = OnnxExecutionProvider.Cpu, IntraOpThreads = Threads });
                _resource = generator;
                _run = () => generator.Run(input, output);
                break;
            }
        }

        _run();
    }

    /// <summary>Releases the ORT sessions.</summary>
    [GlobalCleanup]
    public void Cleanup() => _resource?.Dispose();

    /// <summary>One 960×540 frame to 960·s × 540·s.</summary>
    [Benchmark]
    public void Upscale() => _run();

    private sealed class Config : ManualConfig
    {
        public Config()
        {
            SummaryStyle = SummaryStyle.Default.WithMaxParameterColumnWidth(40);
            AddColumn(new GflopsColumn(benchmarkCase =>
            {
                var model = (BenchmarkModel)benchmarkCase.Parameters["Model"];
                return 2.0 * model.Weights.Architecture.MacsPerInputPixel * Width * Height;
            }));
        }
    }
}
