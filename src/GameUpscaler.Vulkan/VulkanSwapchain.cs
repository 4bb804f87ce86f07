using GameUpscaler.Vulkan.Interop;
using Silk.NET.Vulkan;

namespace GameUpscaler.Vulkan;

/// <summary>
/// A swapchain on a window surface, for hosts and samples that present what the upscaler wrote: images are
/// B8G8R8A8_UNORM (the upscaler writes display-encoded values as stored) with TRANSFER_DST usage, FIFO present
/// mode. One frame in flight: <see cref="PresentFrame"/> acquires an image, records the frame into it, submits,
/// waits and presents. Out-of-date or suboptimal swapchains are re-created at the window's current size.
/// </summary>
public sealed unsafe class VulkanSwapchain : IDisposable
{
    /// <summary>VK_IMAGE_LAYOUT_PRESENT_SRC_KHR, the layout the upscaler must leave a swapchain image in.</summary>
    public const uint PresentLayout = (uint)ImageLayout.PresentSrcKhr;

    private readonly VulkanDevice _device;
    private readonly VkSwapchainApi _api;
    private readonly ulong _surface;
    private readonly ulong _imageAcquired;
    private readonly ulong _renderDone;
    private ulong _swapchain;
    private ulong[] _images = [];
    private bool _disposed;

    /// <summary>Creates the swapchain on <paramref name="surface"/>, which it then owns (destroyed with it).</summary>
    /// <param name="device">A device created with <see cref="VulkanDeviceOptions.EnablePresentation"/> and the window's instance extensions.</param>
    /// <param name="surface">A <c>VkSurfaceKHR</c> (e.g. from <c>SDL_Vulkan_CreateSurface</c>) on the device's instance.</param>
    /// <param name="size">The window's drawable size, used when the surface leaves the extent to the application.</param>
    /// <exception cref="ArgumentNullException">The device is null.</exception>
    /// <exception cref="UpscalerException">The queue cannot present to the surface, the format is missing, or a native failure.</exception>
    public VulkanSwapchain(VulkanDevice device, ulong surface, Size2D size)
    {
        ArgumentNullException.ThrowIfNull(device);
        _device = device;
        _surface = surface;
        _api = new VkSwapchainApi(device.Instance, device.Handle);
        try
        {
            if (!_api.GetSurfaceSupport(device.PhysicalDevice, device.QueueFamilyIndex, surface))
            {
                throw new UpscalerException(UpscalerErrorCode.FeatureNotSupported, $"{device.Info.Name}'s queue cannot present to this window surface.");
            }

            if (!_api.GetSurfaceFormats(device.PhysicalDevice, surface).Any(f => f.Format == Format.B8G8R8A8Unorm))
            {
                throw new UpscalerException(UpscalerErrorCode.UnsupportedFormat, "The window surface does not offer B8G8R8A8_UNORM.");
            }

            ulong semaphore;
            _api.CreateSemaphore(&semaphore);
            _imageAcquired = semaphore;
            device.SetName(ObjectType.Semaphore, semaphore, "swapchain image acquired");
            _api.CreateSemaphore(&semaphore);
            _renderDone = semaphore;
            device.SetName(ObjectType.Semaphore, semaphore, "swapchain frame rendered");
            Recreate(size);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The size of the swapchain images (the display size).</summary>
    public Size2D Size { get; private set; }

    /// <summary>The number of swapchain images.</summary>
    public int ImageCount => _images.Length;

    /// <summary>How many times the swapchain was (re-)created.</summary>
    public int Generation { get; private set; }

    /// <summary>
    /// Re-creates the swapchain for <paramref name="size"/> (or the surface's current extent when it dictates one),
    /// after the device is idle.
    /// </summary>
    /// <exception cref="UpscalerException">A native failure.</exception>
    public void Recreate(Size2D size)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _device.WaitIdle();
        SurfaceCapabilitiesKHR caps = _api.GetSurfaceCapabilities(_device.PhysicalDevice, _surface);
        const ImageUsageFlags usage = ImageUsageFlags.TransferDstBit | ImageUsageFlags.TransferSrcBit;
        if ((caps.SupportedUsageFlags & usage) != usage)
        {
            // The upscaler copies its result into the image; a surface without transfer usage cannot take it.
            throw new UpscalerException(UpscalerErrorCode.FeatureNotSupported, "The window surface's images do not support TRANSFER_DST/TRANSFER_SRC usage.");
        }

        Extent2D extent = caps.CurrentExtent.Width != uint.MaxValue
            ? caps.CurrentExtent
            : new Extent2D
            {
                Width = Math.Clamp((uint)size.Width, caps.MinImageExtent.Width, caps.MaxImageExtent.Width),
                Height = Math.Clamp((uint)size.Height, caps.MinImageExtent.Height, caps.MaxImageExtent.Height),
            };
        uint imageCount = caps.MaxImageCount == 0 ? caps.MinImageCount + 1 : Math.Min(caps.MinImageCount + 1, caps.MaxImageCount);
        ulong old = _swapchain;
        var info = new SwapchainCreateInfoKHR
        {
            SType = StructureType.SwapchainCreateInfoKhr,
            Surface = new SurfaceKHR(_surface),
            MinImageCount = imageCount,
            ImageFormat = Format.B8G8R8A8Unorm,
            ImageColorSpace = ColorSpaceKHR.SpaceSrgbNonlinearKhr,
            ImageExtent = extent,
            ImageArrayLayers = 1,
            ImageUsage = usage,
            PreTransform = caps.CurrentTransform,
            CompositeAlpha = CompositeAlphaFlagsKHR.OpaqueBitKhr,
            PresentMode = PresentModeKHR.FifoKhr,
            Clipped = true,
            OldSwapchain = new SwapchainKHR(old),
        };
        ulong swapchain;
        _api.CreateSwapchain(&info, &swapchain);
        _swapchain = swapchain;
        if (old != 0)
        {
            _api.DestroySwapchain(old);
        }

        _device.SetName(ObjectType.SwapchainKhr, swapchain, "swapchain");
        _images = _api.GetSwapchainImages(swapchain);
        for (int i = 0; i < _images.Length; i++)
        {
            _device.SetName(ObjectType.Image, _images[i], $"swapchain image {i}");
        }

        Size = new Size2D((int)extent.Width, (int)extent.Height);
        Generation++;
    }

    /// <summary>
    /// Acquires the next image, lets <paramref name="record"/> record the frame into the device's command buffer with
    /// that image as the output (it must end in <see cref="PresentLayout"/>), submits, waits and presents.
    /// </summary>
    /// <param name="record">Records the frame: (command buffer, swapchain image as a resource).</param>
    /// <returns>False when the swapchain was out of date or suboptimal: call <see cref="Recreate"/> (the frame may not have been shown).</returns>
    /// <exception cref="UpscalerException">A native failure (surface or device lost …).</exception>
    public bool PresentFrame(Action<nint, UpscalerResource> record)
    {
        ArgumentNullException.ThrowIfNull(record);
        ObjectDisposedException.ThrowIf(_disposed, this);
        uint index;
        Result acquired = _api.AcquireNextImage(_swapchain, ulong.MaxValue, _imageAcquired, &index);
        if (acquired == Result.ErrorOutOfDateKhr)
        {
            return false;
        }

        var image = new UpscalerResource(_images[index], 0, UpscalerFormat.B8G8R8A8Unorm, Size);
        _device.SubmitAndWait(cb => record(cb, image), _imageAcquired, PipelineStageFlags.AllCommandsBit, _renderDone);
        ulong swapchain = _swapchain;
        ulong wait = _renderDone;
        var present = new PresentInfoKHR
        {
            SType = StructureType.PresentInfoKhr,
            WaitSemaphoreCount = 1,
            PWaitSemaphores = (Silk.NET.Vulkan.Semaphore*)&wait,
            SwapchainCount = 1,
            PSwapchains = (SwapchainKHR*)&swapchain,
            PImageIndices = &index,
        };
        Result presented = _api.QueuePresent(_device.Queue, &present);
        return acquired == Result.Success && presented == Result.Success;
    }

    /// <summary>Destroys the swapchain, its semaphores and the surface after the device is idle.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            _device.WaitIdle();
        }
        catch (UpscalerException)
        {
            // Device lost: nothing runs any more; destroy anyway.
        }

        if (_swapchain != 0)
        {
            _api.DestroySwapchain(_swapchain);
        }

        if (_renderDone != 0)
        {
            _api.DestroySemaphore(_renderDone);
        }

        if (_imageAcquired != 0)
        {
            _api.DestroySemaphore(_imageAcquired);
        }

        _api.DestroySurface(_surface);
    }
}
