namespace GameUpscaler.Cli;

using GameUpscaler.Capture;
using GameUpscaler.Imaging;
using GameUpscaler.Vulkan;

/// <summary>
/// <c>--method taau --backend vulkan</c>: the TAAU passes on a Vulkan device (<see cref="VulkanTemporalUpscaler"/>);
/// with a temporal generator (<c>--method temporal</c>) that model inside them.
/// </summary>
internal sealed class VulkanTaauMethod : ITemporalUpscaleMethod, IDisposable
{
    private readonly VulkanDevice _device;
    private readonly Models.GeneratorWeights? _generator;
    private VulkanTemporalUpscaler? _upscaler;

    public VulkanTaauMethod(string? device, Models.GeneratorWeights? generator = null, string? label = null)
    {
        _generator = generator;
        Name = generator is null ? "taau-vulkan" : (label ?? generator.Architecture.ToString()) + "-vulkan";
        _device = VulkanDevice.Create(new VulkanDeviceOptions { Device = device });
        // The CLI never disposes its methods; release the device on exit.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Dispose();
    }

    public string Name { get; }

    public Image8 Upscale(TemporalInput input, Size2D displaySize)
    {
        ArgumentNullException.ThrowIfNull(input);
        var render = new Size2D(input.Color.Width, input.Color.Height);
        bool resized = _upscaler is null || _upscaler.RenderSize != render || _upscaler.DisplaySize != displaySize;
        if (resized)
        {
            _upscaler?.Dispose();
            _upscaler = new VulkanTemporalUpscaler(_device, render, displaySize, _generator);
        }

        return _upscaler!.Upscale(input.Color, TaauMethod.MotionPairs(input.Motion), input.Depth?.Data ?? [], input.JitterX, input.JitterY, input.Reset || resized);
    }

    public void Dispose()
    {
        _upscaler?.Dispose();
        _upscaler = null;
        _device.Dispose();
    }
}
