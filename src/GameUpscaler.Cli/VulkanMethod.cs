namespace GameUpscaler.Cli;

using GameUpscaler.Evaluation;
using GameUpscaler.Imaging;
using GameUpscaler.Models;
using GameUpscaler.Resampling;
using GameUpscaler.Vulkan;

/// <summary>
/// <c>--backend vulkan</c>: the generator (or, without a model, the spatial fallback) on a Vulkan device, through the
/// same context and passes a game uses. The model runs without sharpening, like the CPU model method, so the two
/// backends produce the same image; the spatial method sharpens with <c>--sharpness</c> as on the CPU.
/// </summary>
internal sealed class VulkanMethod : IUpscaleMethod, IDisposable
{
    private readonly VulkanDevice _device;
    private readonly VulkanOfflineUpscaler _upscaler;
    private readonly float _sharpness;
    private readonly Lock _gate = new();

    private VulkanMethod(VulkanDevice device, GeneratorWeights? weights, float sharpness)
    {
        _device = device;
        _upscaler = new VulkanOfflineUpscaler(device, weights);
        _sharpness = weights is null ? sharpness : 0f;
        Name = weights is null
            ? $"spatial-vulkan"
            : $"model-x{weights.Architecture.Scale}-{weights.Architecture.SizeName}-vulkan";

        // The CLI never disposes its methods; release the device (and save its pipeline cache) on exit.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Dispose();
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <summary>Creates the method for <c>--method model</c> (with weights) or <c>--method spatial</c> (without).</summary>
    public static VulkanMethod Create(GeneratorWeights? weights, float sharpness, string? device)
    {
        VulkanDevice vulkan = VulkanDevice.Create(new VulkanDeviceOptions { Device = device });
        try
        {
            return new VulkanMethod(vulkan, weights, sharpness);
        }
        catch
        {
            vulkan.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public Image8 Upscale(Image8 lowResolution, Size2D outputSize)
    {
        ArgumentNullException.ThrowIfNull(lowResolution);
        PlanarImage rgba;
        lock (_gate)
        {
            // One device queue and command buffer: frames are recorded and submitted one at a time.
            rgba = _upscaler.Upscale(lowResolution.ToRgb().ToPlanar(), outputSize, _sharpness);
        }

        var rgb = new PlanarImage(outputSize.Width, outputSize.Height, 3);
        rgba.Data.AsSpan(0, rgb.Data.Length).CopyTo(rgb.Data);
        Image8 upscaled = rgb.ToImage8();
        return AlphaCarrier.Attach(lowResolution, upscaled);
    }

    /// <summary>Releases the upscaler and the device.</summary>
    public void Dispose()
    {
        _upscaler.Dispose();
        _device.Dispose();
    }
}
