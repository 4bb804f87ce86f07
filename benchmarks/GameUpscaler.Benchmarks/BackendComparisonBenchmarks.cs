using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using GameUpscaler.Imaging;
using GameUpscaler.Inference;
using GameUpscaler.OnnxRuntime;
using GameUpscaler.Vulkan;

namespace GameUpscaler.Benchmarks;

/// <summary>
/// One 960×540 frame upscaled by every model (<see cref="BenchmarkModel.All"/>) on each backend, same weights and
/// same input frame: our CPU reference generator against ONNX Runtime's CPU provider, both held to
/// <see cref="Threads"/> threads (ORT's intra-op pool set to the same count, inter-op 1) so the comparison is fair.
/// </summary>
/// <remarks>
/// The Vulkan case runs a whole offline frame through <see cref="VulkanOfflineUpscaler"/> on the machine's default
/// Vulkan device (lavapipe, a CPU device, on the build machine): upload, dispatch, wait, read back, with the precision
/// permutation the device's features select. lavapipe's thread count is its own (LP_NUM_THREADS), not
/// <see cref="Threads"/>.
/// </remarks>
[Config(typeof(Config))]
public class BackendComparisonBenchmarks
{
    /// <summary>Input width.</summary>
    public const int Width = 960;

    /// <summary>Input height.</summary>
    public const int Height = 540;

    private Action _run = null!;
    private readonly List<IDisposable> _resources = [];

    /// <summary>The backends measured.</summary>
    public enum BackendKind
    {
        /// <summary><see cref="CpuGenerator"/>, our tiled fp32 SIMD path.</summary>
        OursCpu,

        /// <summary><see cref="OnnxGenerator"/> on ONNX Runtime's CPU execution provider.</summary>
        OnnxRuntimeCpu,

        /// <summary><see cref="VulkanOfflineUpscaler"/> on the default Vulkan device, whole frame.</summary>
        Vulkan,
    }

    /// <summary>The models measured.</summary>
    public static IEnumerable<BenchmarkModel> Models => BenchmarkModel.All();

    /// <summary>The model.</summary>
    [ParamsSource(nameof(Models))]
    public BenchmarkModel Model { get; set; } = null!;

    /// <summary>The environment variable that keeps only the listed backends (comma-separated names of <see cref="BackendKind"/>).</summary>
    public const string BackendFilterVariable = "GAMEUPSCALER_BENCH_BACKENDS";

    /// <summary>Every backend, or those <see cref="BackendFilterVariable"/> lists (e.g. <c>OursCpu,OnnxRuntimeCpu</c> without a GPU).</summary>
    public static IEnumerable<BackendKind> Backends =>
        Environment.GetEnvironmentVariable(BackendFilterVariable) is { Length: > 0 } list
            ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(name => Enum.Parse<BackendKind>(name, ignoreCase: true))
            : Enum.GetValues<BackendKind>();

    /// <summary>The backend.</summary>
    [ParamsSource(nameof(Backends))]
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
                _resources.Add(generator);
                _run = () => generator.Run(input, output);
                break;
            }

            case BackendKind.Vulkan:
            {
                VulkanDevice device = VulkanDevice.Create();
                var upscaler = new VulkanOfflineUpscaler(device, Model.Weights);
                _resources.Add(upscaler);
                _resources.Add(device);
                var display = new Size2D(output.Width, output.Height);
                _run = () => upscaler.Upscale(input, display);
                break;
            }
        }

        _run();
    }

    /// <summary>Releases the ORT sessions and the Vulkan upscaler and device (in that order).</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        foreach (IDisposable resource in _resources)
        {
            resource.Dispose();
        }

        _resources.Clear();
    }

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
