using BenchmarkDotNet.Attributes;
using GameUpscaler.Governor;
using GameUpscaler.Imaging;
using GameUpscaler.Metrics;
using GameUpscaler.Models;

namespace GameUpscaler.Benchmarks;

/// <summary>
/// CPU-side costs around the upscaler: loading a model file, PNG encode/decode of a 1080p frame, a 720p progressive JPEG decode, the SR metrics on
/// it, and one governor step (decide + report). Baseline: PNG decode.
/// </summary>
[MemoryDiagnoser]
public class CpuSideBenchmarks
{
    private const int Width = 1920;
    private const int Height = 1080;
    private readonly BudgetGovernor _governor = new(
        [GovernorVariant.Spatial, GovernorVariant.ForGenerator(new GeneratorArchitecture(2, 16, 4))], new BudgetGovernorOptions { BudgetMilliseconds = 1 });

    private string _modelPath = null!;
    private Image8 _frame = null!;
    private Image8 _distorted = null!;
    private byte[] _png = null!;
    private byte[] _jpeg = null!;
    private int _step;

    /// <summary>Writes a C32/N6 model file and renders the test scene at 1080p (and a shifted copy to score).</summary>
    [GlobalSetup]
    public void Setup()
    {
        _modelPath = Path.Combine(Path.GetTempPath(), $"gameupscaler-bench-{Environment.ProcessId}.safetensors");
        GeneratorWeights.CreateRandom(new GeneratorArchitecture(2, 32, 6), seed: 1).Save(_modelPath);
        _frame = TestScene.Render(Width, Height);
        _distorted = TestScene.Render(Width, Height, samplesPerAxis: 2);
        _png = PngCodec.Encode(_frame);
        _jpeg = File.ReadAllBytes(FindEvaluationFile(Path.Combine("games_flightgear", "Splash5.jpg")));
    }

    /// <summary>Load a C32/N6 model (safetensors, header parse, checks).</summary>
    [Benchmark]
    public GeneratorWeights LoadModel() => GeneratorWeights.Load(_modelPath);

    /// <summary>Decode a 1080p PNG of the test scene.</summary>
    [Benchmark(Baseline = true)]
    public Image8 DecodePng() => PngCodec.Decode(_png);

    /// <summary>Decode a 1280×720 progressive JPEG (FlightGear's Splash5 from the evaluation set).</summary>
    [Benchmark]
    public Image8 DecodeProgressiveJpeg() => JpegCodec.Decode(_jpeg);

    /// <summary>Encode a 1080p frame as PNG (default compression).</summary>
    [Benchmark]
    public byte[] EncodePng() => PngCodec.Encode(_frame);

    /// <summary>Y-PSNR of a 1080p frame.</summary>
    [Benchmark]
    public double PsnrY() => ImageQuality.PsnrY(_frame, _distorted, 2);

    /// <summary>Y-SSIM (11×11 Gaussian) of a 1080p frame.</summary>
    [Benchmark]
    public double SsimY() => ImageQuality.SsimY(_frame, _distorted, 2);

    /// <summary>One governor step: report a frame's GPU time, decide the next.</summary>
    [Benchmark]
    public GovernorDecision GovernorStep()
    {
        _governor.ReportFrame(_governor.CurrentVariant, new Size2D(Width, Height), 0.5 + ((_step++ % 7) * 0.01));
        return _governor.Decide(new Size2D(Width, Height));
    }

    /// <summary>Removes the model file.</summary>
    [GlobalCleanup]
    public void Cleanup() => File.Delete(_modelPath);

    private static string FindEvaluationFile(string relative)
    {
        // BenchmarkDotNet runs from a generated folder under the repository: walk up to the checkout with ../shared beside it.
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            string candidate = Path.Combine(directory.FullName, "shared", "data", "eval", relative);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException($"No shared/data/eval/{relative} beside the repository.");
    }
}
