using Silk.NET.Vulkan;
using SilkVk = Silk.NET.Vulkan.Vk;

namespace GameUpscaler.Scene.Host;

/// <summary>
/// The game's own swapchain on a window surface, made with Silk.NET the way an engine makes one: B8G8R8A8_UNORM images
/// (the upscaler writes display-encoded values as stored), FIFO present mode, one frame in flight
/// (<see cref="PresentFrame"/> acquires, records, submits, waits and presents). Out-of-date or suboptimal swapchains
/// are re-created at the window's current size. The plugin sees only the acquired image, as an
/// <see cref="UpscalerResource"/> with the usage the game gave it.
/// </summary>
/// <remarks>
/// Silk.NET's core package has the KHR structs but not the KHR functions (its Extensions.KHR package is not served
/// here), so they are loaded with vkGetInstanceProcAddr/vkGetDeviceProcAddr, as a C engine does.
/// </remarks>
public sealed unsafe class HostSwapchain : IDisposable
{
    /// <summary>VK_IMAGE_LAYOUT_PRESENT_SRC_KHR: the layout the upscaler must leave a swapchain image in.</summary>
    public const uint PresentLayout = (uint)ImageLayout.PresentSrcKhr;

    // The upscaler copies its result into a BGRA image (its shaders store RGBA only); a game that also reads the image
    // back (screenshots) needs TRANSFER_SRC.
    private const ImageUsageFlags Usage = ImageUsageFlags.TransferDstBit | ImageUsageFlags.TransferSrcBit;

    private readonly HostGpu _gpu;
    private readonly Instance _instance;
    private readonly SurfaceKHR _surface;
    private readonly KhrFunctions _khr;
    private readonly Silk.NET.Vulkan.Semaphore _imageAcquired;
    private readonly Silk.NET.Vulkan.Semaphore _renderDone;
    private SwapchainKHR _swapchain;
    private Image[] _images = [];
    private bool _disposed;

    /// <summary>Creates the swapchain on <paramref name="surface"/>, which it then owns (destroyed with it).</summary>
    /// <param name="host">The game's device, created with presentation (VK_KHR_swapchain) and the window's instance extensions.</param>
    /// <param name="surface">A VkSurfaceKHR on the host's instance (e.g. from SDL_Vulkan_CreateSurface).</param>
    /// <param name="size">The window's drawable size, used when the surface leaves the extent to the application.</param>
    /// <exception cref="InvalidOperationException">The queue cannot present to the surface, the surface lacks the format or usage, or a Vulkan call failed (the message names it).</exception>
    public HostSwapchain(HostDevice host, ulong surface, Size2D size)
    {
        ArgumentNullException.ThrowIfNull(host);
        _instance = new Instance(host.Instance);
        _surface = new SurfaceKHR(surface);
        _gpu = new HostGpu(host.PhysicalDevice, host.Device, host.Queue, host.QueueFamily);
        try
        {
            _khr = new KhrFunctions(_gpu.Vk, _instance, _gpu.Device);
            uint supported;
            HostGpu.Check(_khr.GetSurfaceSupport(_gpu.PhysicalDevice, host.QueueFamily, _surface, &supported), "vkGetPhysicalDeviceSurfaceSupportKHR");
            if (supported == 0)
            {
                throw new InvalidOperationException($"{host.Name}'s queue cannot present to this window surface.");
            }

            if (!SurfaceFormats().Any(f => f.Format == Format.B8G8R8A8Unorm))
            {
                throw new InvalidOperationException("The window surface does not offer B8G8R8A8_UNORM.");
            }

            _imageAcquired = CreateSemaphore();
            _renderDone = CreateSemaphore();
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
    /// <exception cref="InvalidOperationException">The surface's images lack transfer usage, or a Vulkan call failed.</exception>
    public void Recreate(Size2D size)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        HostGpu.Check(_gpu.Vk.DeviceWaitIdle(_gpu.Device), "vkDeviceWaitIdle");
        SurfaceCapabilitiesKHR caps;
        HostGpu.Check(_khr.GetSurfaceCapabilities(_gpu.PhysicalDevice, _surface, &caps), "vkGetPhysicalDeviceSurfaceCapabilitiesKHR");
        if ((caps.SupportedUsageFlags & Usage) != Usage)
        {
            throw new InvalidOperationException("The window surface's images do not support TRANSFER_DST/TRANSFER_SRC usage.");
        }

        Extent2D extent = caps.CurrentExtent.Width != uint.MaxValue
            ? caps.CurrentExtent
            : new Extent2D
            {
                Width = Math.Clamp((uint)size.Width, caps.MinImageExtent.Width, caps.MaxImageExtent.Width),
                Height = Math.Clamp((uint)size.Height, caps.MinImageExtent.Height, caps.MaxImageExtent.Height),
            };
        uint imageCount = caps.MaxImageCount == 0 ? caps.MinImageCount + 1 : Math.Min(caps.MinImageCount + 1, caps.MaxImageCount);
        SwapchainKHR old = _swapchain;
        var info = new SwapchainCreateInfoKHR
        {
            SType = StructureType.SwapchainCreateInfoKhr,
            Surface = _surface,
            MinImageCount = imageCount,
            ImageFormat = Format.B8G8R8A8Unorm,
            ImageColorSpace = ColorSpaceKHR.SpaceSrgbNonlinearKhr,
            ImageExtent = extent,
            ImageArrayLayers = 1,
            ImageUsage = Usage,
            PreTransform = caps.CurrentTransform,
            CompositeAlpha = CompositeAlphaFlagsKHR.OpaqueBitKhr,
            PresentMode = PresentModeKHR.FifoKhr,
            Clipped = true,
            OldSwapchain = old,
        };
        SwapchainKHR swapchain;
        HostGpu.Check(_khr.CreateSwapchain(_gpu.Device, &info, null, &swapchain), "vkCreateSwapchainKHR");
        _swapchain = swapchain;
        if (old.Handle != 0)
        {
            _khr.DestroySwapchain(_gpu.Device, old, null);
        }

        uint count;
        HostGpu.Check(_khr.GetSwapchainImages(_gpu.Device, swapchain, &count, null), "vkGetSwapchainImagesKHR");
        var images = new Image[count];
        fixed (Image* p = images)
        {
            HostGpu.Check(_khr.GetSwapchainImages(_gpu.Device, swapchain, &count, p), "vkGetSwapchainImagesKHR");
        }

        _images = images[..(int)count];
        Size = new Size2D((int)extent.Width, (int)extent.Height);
        Generation++;
    }

    /// <summary>
    /// Acquires the next image, lets <paramref name="record"/> record the frame into a command buffer with that image
    /// as the output (it must end in <see cref="PresentLayout"/>), submits, waits and presents.
    /// </summary>
    /// <param name="record">Records the frame: (command buffer, the swapchain image as a resource).</param>
    /// <returns>False when the swapchain was out of date or suboptimal: call <see cref="Recreate"/> (the frame may not have been shown).</returns>
    /// <exception cref="InvalidOperationException">A Vulkan failure other than out-of-date/suboptimal (surface or device lost …).</exception>
    public bool PresentFrame(Action<CommandBuffer, UpscalerResource> record)
    {
        ArgumentNullException.ThrowIfNull(record);
        ObjectDisposedException.ThrowIf(_disposed, this);
        uint index;
        Result acquired = Signal(_khr.AcquireNextImage(_gpu.Device, _swapchain, ulong.MaxValue, _imageAcquired, default, &index), "vkAcquireNextImageKHR");
        if (acquired == Result.ErrorOutOfDateKhr)
        {
            return false;
        }

        var image = new UpscalerResource(_images[index].Handle, 0, UpscalerFormat.B8G8R8A8Unorm, Size) { Usage = UpscalerResourceUsage.CopyDestination | UpscalerResourceUsage.CopySource };
        _gpu.SubmitAndWait(cb => record(cb, image), _imageAcquired, PipelineStageFlags.AllCommandsBit, _renderDone);
        SwapchainKHR swapchain = _swapchain;
        Silk.NET.Vulkan.Semaphore wait = _renderDone;
        var present = new PresentInfoKHR
        {
            SType = StructureType.PresentInfoKhr,
            WaitSemaphoreCount = 1,
            PWaitSemaphores = &wait,
            SwapchainCount = 1,
            PSwapchains = &swapchain,
            PImageIndices = &index,
        };
        Result presented = Signal(_khr.QueuePresent(_gpu.Queue, &present), "vkQueuePresentKHR");
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
        // A lost device fails the wait; nothing runs any more, so destroy anyway.
        _ = _gpu.Vk.DeviceWaitIdle(_gpu.Device);
        if (_khr is not null)
        {
            if (_swapchain.Handle != 0)
            {
                _khr.DestroySwapchain(_gpu.Device, _swapchain, null);
            }

            _khr.DestroySurface(_instance, _surface, null);
        }

        if (_renderDone.Handle != 0)
        {
            _gpu.Vk.DestroySemaphore(_gpu.Device, _renderDone, null);
        }

        if (_imageAcquired.Handle != 0)
        {
            _gpu.Vk.DestroySemaphore(_gpu.Device, _imageAcquired, null);
        }

        _gpu.Dispose();
    }

    private SurfaceFormatKHR[] SurfaceFormats()
    {
        uint count;
        HostGpu.Check(_khr.GetSurfaceFormats(_gpu.PhysicalDevice, _surface, &count, null), "vkGetPhysicalDeviceSurfaceFormatsKHR");
        var formats = new SurfaceFormatKHR[count];
        fixed (SurfaceFormatKHR* p = formats)
        {
            HostGpu.Check(_khr.GetSurfaceFormats(_gpu.PhysicalDevice, _surface, &count, p), "vkGetPhysicalDeviceSurfaceFormatsKHR");
        }

        return formats[..(int)count];
    }

    private Silk.NET.Vulkan.Semaphore CreateSemaphore()
    {
        var info = new SemaphoreCreateInfo { SType = StructureType.SemaphoreCreateInfo };
        Silk.NET.Vulkan.Semaphore semaphore;
        HostGpu.Check(_gpu.Vk.CreateSemaphore(_gpu.Device, &info, null, &semaphore), "vkCreateSemaphore");
        return semaphore;
    }

    // Out-of-date and suboptimal are signals to re-create the swapchain, not failures; everything else is checked.
    private static Result Signal(Result result, string call)
    {
        if (result is not (Result.ErrorOutOfDateKhr or Result.SuboptimalKhr))
        {
            HostGpu.Check(result, call);
        }

        return result;
    }

    private sealed class KhrFunctions
    {
        public readonly delegate* unmanaged<PhysicalDevice, uint, SurfaceKHR, uint*, Result> GetSurfaceSupport;
        public readonly delegate* unmanaged<PhysicalDevice, SurfaceKHR, SurfaceCapabilitiesKHR*, Result> GetSurfaceCapabilities;
        public readonly delegate* unmanaged<PhysicalDevice, SurfaceKHR, uint*, SurfaceFormatKHR*, Result> GetSurfaceFormats;
        public readonly delegate* unmanaged<Instance, SurfaceKHR, AllocationCallbacks*, void> DestroySurface;
        public readonly delegate* unmanaged<Device, SwapchainCreateInfoKHR*, AllocationCallbacks*, SwapchainKHR*, Result> CreateSwapchain;
        public readonly delegate* unmanaged<Device, SwapchainKHR, AllocationCallbacks*, void> DestroySwapchain;
        public readonly delegate* unmanaged<Device, SwapchainKHR, uint*, Image*, Result> GetSwapchainImages;
        public readonly delegate* unmanaged<Device, SwapchainKHR, ulong, Silk.NET.Vulkan.Semaphore, Fence, uint*, Result> AcquireNextImage;
        public readonly delegate* unmanaged<Queue, PresentInfoKHR*, Result> QueuePresent;

        public KhrFunctions(SilkVk vk, Instance instance, Device device)
        {
            GetSurfaceSupport = (delegate* unmanaged<PhysicalDevice, uint, SurfaceKHR, uint*, Result>)Instance(vk, instance, "vkGetPhysicalDeviceSurfaceSupportKHR");
            GetSurfaceCapabilities = (delegate* unmanaged<PhysicalDevice, SurfaceKHR, SurfaceCapabilitiesKHR*, Result>)Instance(vk, instance, "vkGetPhysicalDeviceSurfaceCapabilitiesKHR");
            GetSurfaceFormats = (delegate* unmanaged<PhysicalDevice, SurfaceKHR, uint*, SurfaceFormatKHR*, Result>)Instance(vk, instance, "vkGetPhysicalDeviceSurfaceFormatsKHR");
            DestroySurface = (delegate* unmanaged<Instance, SurfaceKHR, AllocationCallbacks*, void>)Instance(vk, instance, "vkDestroySurfaceKHR");
            CreateSwapchain = (delegate* unmanaged<Device, SwapchainCreateInfoKHR*, AllocationCallbacks*, SwapchainKHR*, Result>)OfDevice(vk, device, "vkCreateSwapchainKHR");
            DestroySwapchain = (delegate* unmanaged<Device, SwapchainKHR, AllocationCallbacks*, void>)OfDevice(vk, device, "vkDestroySwapchainKHR");
            GetSwapchainImages = (delegate* unmanaged<Device, SwapchainKHR, uint*, Image*, Result>)OfDevice(vk, device, "vkGetSwapchainImagesKHR");
            AcquireNextImage = (delegate* unmanaged<Device, SwapchainKHR, ulong, Silk.NET.Vulkan.Semaphore, Fence, uint*, Result>)OfDevice(vk, device, "vkAcquireNextImageKHR");
            QueuePresent = (delegate* unmanaged<Queue, PresentInfoKHR*, Result>)OfDevice(vk, device, "vkQueuePresentKHR");
        }

        // A missing function means the instance lacks VK_KHR_surface or the device VK_KHR_swapchain: say which.
        private static nint Instance(SilkVk vk, Instance instance, string name)
        {
            nint function = (nint)vk.GetInstanceProcAddr(instance, name).Handle;
            return function != 0 ? function : throw new InvalidOperationException($"{name} is missing: the instance was created without VK_KHR_surface.");
        }

        private static nint OfDevice(SilkVk vk, Device device, string name)
        {
            nint function = (nint)vk.GetDeviceProcAddr(device, name).Handle;
            return function != 0 ? function : throw new InvalidOperationException($"{name} is missing: the device was created without VK_KHR_swapchain.");
        }
    }
}
