using BenchmarkDotNet.Attributes;
using GameUpscaler.Governor;
using GameUpscaler.Models;
using GameUpscaler.Scene.Host;
using GameUpscaler.Vulkan;
using Silk.NET.Vulkan;

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
    private HostGpu _host = null!;
    private HostImage _color = null!;
    private HostImage _output = null!;

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
        // The images as a game makes them (host code on the device's handles); the output is stored directly.
        _host = new HostGpu(_device.PhysicalDevice, _device.Handle, _device.Queue, _device.QueueFamilyIndex);
        _color = new HostImage(_host, UpscalerFormat.R8G8B8A8Unorm, Render, Format.R8G8B8A8Unorm, storage: false);
        _output = new HostImage(_host, UpscalerFormat.R8G8B8A8Unorm, Display, Format.R8G8B8A8Unorm, storage: true);
    }

    /// <summary>Spatial fallback: input, spatial, finish.</summary>
    [Benchmark(Baseline = true)]
    public void RecordSpatial() => _host.RecordOnly(cb => _spatial.Dispatch(Dispatch(cb.Handle)));

    /// <summary>C16/N4 generator: input, 6 convs, reconstruct, finish.</summary>
    [Benchmark]
    public void RecordGenerator() => _host.RecordOnly(cb => _generator.Dispatch(Dispatch(cb.Handle)));

    /// <summary>Governed context: the governor's decision plus the chosen variant's recording.</summary>
    [Benchmark]
    public void RecordGoverned() => _host.RecordOnly(cb => _governed.Dispatch(Dispatch(cb.Handle)));

    /// <summary>Releases everything.</summary>
    [GlobalCleanup]
    public void Dispose()
    {
        _governed?.Dispose();
        _generator?.Dispose();
        _spatial?.Dispose();
        _color?.Dispose();
        _output?.Dispose();
        _host?.Dispose();
        _device?.Dispose();
        GC.SuppressFinalize(this);
    }

    private UpscalerDispatchDescription Dispatch(nint cb) => new(cb, _color.AsResource(), _output.AsResource(), Render);
}
