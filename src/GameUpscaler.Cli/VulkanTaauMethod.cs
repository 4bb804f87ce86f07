namespace GameUpscaler.Cli;

using GameUpscaler.Capture;
using GameUpscaler.Imaging;
using GameUpscaler.Vulkan;

/// <summary><c>--method taau --backend vulkan</c>: the TAAU pass on a Vulkan device (<see cref="VulkanTemporalUpscaler"/>).</summary>
internal sealed class VulkanTaauMethod : ITemporalUpscaleMethod, IDisposable
{
    private readonly VulkanDevice _device;
    private VulkanTemporalUpscaler? _upscaler;

    public VulkanTaauMethod(string? device)
    {
        _device = VulkanDevice.Create(new VulkanDeviceOptions { Device = device });
        // The CLI never disposes its methods; release the device on exit.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Dispose();
    }

    public string Name => "taau-vulkan";

    public Image8 Upscale(TemporalInput input, Size2D displaySize)
    {
        ArgumentNullException.ThrowIfNull(input);
        var render = new Size2D(input.Color.Width, input.Color.Height);
        bool resized = _upscaler is null || _upscaler.RenderSize != render || _upscaler.DisplaySize != displaySize;
        if (resized)
        {
            _upscaler?.Dispose();
            _upscaler = new VulkanTemporalUpscaler(_device, render, displaySize);
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
