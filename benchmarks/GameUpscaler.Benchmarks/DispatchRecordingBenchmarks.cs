using BenchmarkDotNet.Attributes;
using GameUpscaler.Governor;
using GameUpscaler.Models;
using GameUpscaler.Vulkan;

namespace GameUpscaler.Benchmarks;

/// <summary>
/// The CPU cost of recording one frame's upscale into a command buffer (what a game pays on its render thread each
/// frame): barriers, copies, descriptor binds, push constants and dispatches of every pass, never submitted. On
/// lavapipe the GPU is the CPU too, which is why only recording is measured here; GPU time is the bench command's job.
/// Baseline: the spatial fallback (fewest passes). 960×540 → 1920×1080.
/// </summary>
[MemoryDiagnoser]
public class DispatchRecordingBenchmarks : IDisposable
{
    private static readonly Size2D Render = new(960, 540);
    private static readonly Size2D Display = new(1920, 1080);
    private VulkanDevice _device = null!;
    private VulkanUpscalerContext _spatial = null!;
    private VulkanUpscalerContext _generator = null!;
    private GovernedVulkanUpscalerContext _governed = null!;
    private GpuImage _color = null!;
    private GpuImage _output = null!;

    /// <summary>Creates the device, the contexts and the images (timestamps on, as the governor needs them).</summary>
    [GlobalSetup]
    public void Setup()
    {
        _device = VulkanDevice.Create();
        var description = new UpscalerContextDescription(Render, Display) { Flags = UpscalerContextFlags.EnableTimestamps };
        GeneratorWeights model = GeneratorWeights.CreateRandom(new GeneratorArchitecture(2, 16, 4), seed: 1);
        _spatial = VulkanUpscalerContext.Create(_device, description);
        _generator = VulkanUpscalerContext.Create(_device, description, model);
        _governed = GovernedVulkanUpscalerContext.Create(_device, description, [null, model], new BudgetGovernorOptions { BudgetMilliseconds = 2 });
        _color = new GpuImage(_device, UpscalerFormat.R8G8B8A8Unorm, Render, "bench color");
        _output = new GpuImage(_device, UpscalerFormat.R8G8B8A8Unorm, Display, "bench output");
    }

    /// <summary>Spatial fallback: input, spatial, finish.</summary>
    [Benchmark(Baseline = true)]
    public void RecordSpatial() => _device.RecordOnly(cb => _spatial.Dispatch(Dispatch(cb)));

    /// <summary>C16/N4 generator: input, 6 convs, reconstruct, finish.</summary>
    [Benchmark]
    public void RecordGenerator() => _device.RecordOnly(cb => _generator.Dispatch(Dispatch(cb)));

    /// <summary>Governed context: the governor's decision plus the chosen variant's recording.</summary>
    [Benchmark]
    public void RecordGoverned() => _device.RecordOnly(cb => _governed.Dispatch(Dispatch(cb)));

    /// <summary>Releases everything.</summary>
    [GlobalCleanup]
    public void Dispose()
    {
        _governed?.Dispose();
        _generator?.Dispose();
        _spatial?.Dispose();
        _color?.Dispose();
        _output?.Dispose();
        _device?.Dispose();
        GC.SuppressFinalize(this);
    }

    private UpscalerDispatchDescription Dispatch(nint cb) => new(cb, _color.AsResource(), _output.AsResource(), Render);
}
