using Silk.NET.Vulkan;
namespace GameUpscaler.Vulkan.Interop;

/// <summary>
/// VK_KHR_surface (instance level) and VK_KHR_swapchain (device level) functions plus semaphores, loaded through
/// the proc-addr functions. Acquire and present return their VkResult: out-of-date and suboptimal are not failures
/// but signals to re-create the swapchain; every other failure throws.
/// </summary>
internal sealed unsafe class VkSwapchainApi
{
    private readonly nint _instance;
    private readonly nint _device;
    private readonly delegate* unmanaged<nint, uint, ulong, uint*, Result> _getSurfaceSupport;
    private readonly delegate* unmanaged<nint, ulong, SurfaceCapabilitiesKHR*, Result> _getSurfaceCapabilities;
    private readonly delegate* unmanaged<nint, ulong, uint*, SurfaceFormatKHR*, Result> _getSurfaceFormats;
    private readonly delegate* unmanaged<nint, ulong, void*, void> _destroySurface;
    private readonly delegate* unmanaged<nint, SwapchainCreateInfoKHR*, void*, ulong*, Result> _createSwapchain;
    private readonly delegate* unmanaged<nint, ulong, void*, void> _destroySwapchain;
    private readonly delegate* unmanaged<nint, ulong, uint*, ulong*, Result> _getSwapchainImages;
    private readonly delegate* unmanaged<nint, ulong, ulong, ulong, ulong, uint*, Result> _acquireNextImage;
    private readonly delegate* unmanaged<nint, PresentInfoKHR*, Result> _queuePresent;
    private readonly delegate* unmanaged<nint, SemaphoreCreateInfo*, void*, ulong*, Result> _createSemaphore;
    private readonly delegate* unmanaged<nint, ulong, void*, void> _destroySemaphore;

    public VkSwapchainApi(nint instance, nint device)
    {
        _instance = instance;
        _device = device;
        _getSurfaceSupport = (delegate* unmanaged<nint, uint, ulong, uint*, Result>)Load(instance, "vkGetPhysicalDeviceSurfaceSupportKHR"u8);
        _getSurfaceCapabilities = (delegate* unmanaged<nint, ulong, SurfaceCapabilitiesKHR*, Result>)Load(instance, "vkGetPhysicalDeviceSurfaceCapabilitiesKHR"u8);
        _getSurfaceFormats = (delegate* unmanaged<nint, ulong, uint*, SurfaceFormatKHR*, Result>)Load(instance, "vkGetPhysicalDeviceSurfaceFormatsKHR"u8);
        _destroySurface = (delegate* unmanaged<nint, ulong, void*, void>)Load(instance, "vkDestroySurfaceKHR"u8);
        _createSwapchain = (delegate* unmanaged<nint, SwapchainCreateInfoKHR*, void*, ulong*, Result>)LoadDevice(device, "vkCreateSwapchainKHR"u8);
        _destroySwapchain = (delegate* unmanaged<nint, ulong, void*, void>)LoadDevice(device, "vkDestroySwapchainKHR"u8);
        _getSwapchainImages = (delegate* unmanaged<nint, ulong, uint*, ulong*, Result>)LoadDevice(device, "vkGetSwapchainImagesKHR"u8);
        _acquireNextImage = (delegate* unmanaged<nint, ulong, ulong, ulong, ulong, uint*, Result>)LoadDevice(device, "vkAcquireNextImageKHR"u8);
        _queuePresent = (delegate* unmanaged<nint, PresentInfoKHR*, Result>)LoadDevice(device, "vkQueuePresentKHR"u8);
        _createSemaphore = (delegate* unmanaged<nint, SemaphoreCreateInfo*, void*, ulong*, Result>)LoadDevice(device, "vkCreateSemaphore"u8);
        _destroySemaphore = (delegate* unmanaged<nint, ulong, void*, void>)LoadDevice(device, "vkDestroySemaphore"u8);
    }

    public bool GetSurfaceSupport(nint physicalDevice, uint family, ulong surface)
    {
        uint supported;
        _getSurfaceSupport(physicalDevice, family, surface, &supported).Check("vkGetPhysicalDeviceSurfaceSupportKHR");
        return supported != 0;
    }

    public SurfaceCapabilitiesKHR GetSurfaceCapabilities(nint physicalDevice, ulong surface)
    {
        SurfaceCapabilitiesKHR capabilities;
        _getSurfaceCapabilities(physicalDevice, surface, &capabilities).Check("vkGetPhysicalDeviceSurfaceCapabilitiesKHR");
        return capabilities;
    }

    public SurfaceFormatKHR[] GetSurfaceFormats(nint physicalDevice, ulong surface)
    {
        uint count;
        _getSurfaceFormats(physicalDevice, surface, &count, null).Check("vkGetPhysicalDeviceSurfaceFormatsKHR");
        var formats = new SurfaceFormatKHR[count];
        fixed (SurfaceFormatKHR* p = formats)
        {
            _getSurfaceFormats(physicalDevice, surface, &count, p).Check("vkGetPhysicalDeviceSurfaceFormatsKHR");
        }

        return formats[..(int)count];
    }

    public void DestroySurface(ulong surface) => _destroySurface(_instance, surface, null);

    public void CreateSwapchain(SwapchainCreateInfoKHR* info, ulong* swapchain) => _createSwapchain(_device, info, null, swapchain).Check("vkCreateSwapchainKHR");

    public void DestroySwapchain(ulong swapchain) => _destroySwapchain(_device, swapchain, null);

    public ulong[] GetSwapchainImages(ulong swapchain)
    {
        uint count;
        _getSwapchainImages(_device, swapchain, &count, null).Check("vkGetSwapchainImagesKHR");
        var images = new ulong[count];
        fixed (ulong* p = images)
        {
            _getSwapchainImages(_device, swapchain, &count, p).Check("vkGetSwapchainImagesKHR");
        }

        return images[..(int)count];
    }

    /// <summary>Returns Success, SuboptimalKhr or ErrorOutOfDateKhr; throws on anything else.</summary>
    public Result AcquireNextImage(ulong swapchain, ulong timeout, ulong semaphore, uint* index) =>
        Filter(_acquireNextImage(_device, swapchain, timeout, semaphore, 0, index), "vkAcquireNextImageKHR");

    /// <summary>Returns Success, SuboptimalKhr or ErrorOutOfDateKhr; throws on anything else.</summary>
    public Result QueuePresent(nint queue, PresentInfoKHR* info) => Filter(_queuePresent(queue, info), "vkQueuePresentKHR");

    public void CreateSemaphore(ulong* semaphore)
    {
        var info = new SemaphoreCreateInfo { SType = StructureType.SemaphoreCreateInfo };
        _createSemaphore(_device, &info, null, semaphore).Check("vkCreateSemaphore");
    }

    public void DestroySemaphore(ulong semaphore) => _destroySemaphore(_device, semaphore, null);

    private static Result Filter(Result result, string function)
    {
        if (result is Result.ErrorOutOfDateKhr or Result.SuboptimalKhr)
        {
            return result;
        }

        result.Check(function);
        return result;
    }

    // VulkanLoader.GetInstanceProcAddr/GetDeviceProcAddr throw BackendUnavailable naming the function when it is missing
    // (an instance without VK_KHR_surface or a device without VK_KHR_swapchain).
    private static nint Load(nint instance, ReadOnlySpan<byte> name) => VulkanLoader.GetInstanceProcAddr(instance, name);

    private static nint LoadDevice(nint device, ReadOnlySpan<byte> name) => VulkanLoader.GetDeviceProcAddr(device, name);
}
