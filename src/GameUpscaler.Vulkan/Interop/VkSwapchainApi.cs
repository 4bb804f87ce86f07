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
    private readonly delegate* unmanaged<nint, uint, ulong, uint*, VkResult> _getSurfaceSupport;
    private readonly delegate* unmanaged<nint, ulong, VkSurfaceCapabilitiesKHR*, VkResult> _getSurfaceCapabilities;
    private readonly delegate* unmanaged<nint, ulong, uint*, VkSurfaceFormatKHR*, VkResult> _getSurfaceFormats;
    private readonly delegate* unmanaged<nint, ulong, void*, void> _destroySurface;
    private readonly delegate* unmanaged<nint, VkSwapchainCreateInfoKHR*, void*, ulong*, VkResult> _createSwapchain;
    private readonly delegate* unmanaged<nint, ulong, void*, void> _destroySwapchain;
    private readonly delegate* unmanaged<nint, ulong, uint*, ulong*, VkResult> _getSwapchainImages;
    private readonly delegate* unmanaged<nint, ulong, ulong, ulong, ulong, uint*, VkResult> _acquireNextImage;
    private readonly delegate* unmanaged<nint, VkPresentInfoKHR*, VkResult> _queuePresent;
    private readonly delegate* unmanaged<nint, VkSemaphoreCreateInfo*, void*, ulong*, VkResult> _createSemaphore;
    private readonly delegate* unmanaged<nint, ulong, void*, void> _destroySemaphore;

    public VkSwapchainApi(nint instance, nint device)
    {
        _instance = instance;
        _device = device;
        _getSurfaceSupport = (delegate* unmanaged<nint, uint, ulong, uint*, VkResult>)Load(instance, "vkGetPhysicalDeviceSurfaceSupportKHR"u8);
        _getSurfaceCapabilities = (delegate* unmanaged<nint, ulong, VkSurfaceCapabilitiesKHR*, VkResult>)Load(instance, "vkGetPhysicalDeviceSurfaceCapabilitiesKHR"u8);
        _getSurfaceFormats = (delegate* unmanaged<nint, ulong, uint*, VkSurfaceFormatKHR*, VkResult>)Load(instance, "vkGetPhysicalDeviceSurfaceFormatsKHR"u8);
        _destroySurface = (delegate* unmanaged<nint, ulong, void*, void>)Load(instance, "vkDestroySurfaceKHR"u8);
        _createSwapchain = (delegate* unmanaged<nint, VkSwapchainCreateInfoKHR*, void*, ulong*, VkResult>)LoadDevice(device, "vkCreateSwapchainKHR"u8);
        _destroySwapchain = (delegate* unmanaged<nint, ulong, void*, void>)LoadDevice(device, "vkDestroySwapchainKHR"u8);
        _getSwapchainImages = (delegate* unmanaged<nint, ulong, uint*, ulong*, VkResult>)LoadDevice(device, "vkGetSwapchainImagesKHR"u8);
        _acquireNextImage = (delegate* unmanaged<nint, ulong, ulong, ulong, ulong, uint*, VkResult>)LoadDevice(device, "vkAcquireNextImageKHR"u8);
        _queuePresent = (delegate* unmanaged<nint, VkPresentInfoKHR*, VkResult>)LoadDevice(device, "vkQueuePresentKHR"u8);
        _createSemaphore = (delegate* unmanaged<nint, VkSemaphoreCreateInfo*, void*, ulong*, VkResult>)LoadDevice(device, "vkCreateSemaphore"u8);
        _destroySemaphore = (delegate* unmanaged<nint, ulong, void*, void>)LoadDevice(device, "vkDestroySemaphore"u8);
    }

    public bool GetSurfaceSupport(nint physicalDevice, uint family, ulong surface)
    {
        uint supported;
        _getSurfaceSupport(physicalDevice, family, surface, &supported).Check("vkGetPhysicalDeviceSurfaceSupportKHR");
        return supported != 0;
    }

    public VkSurfaceCapabilitiesKHR GetSurfaceCapabilities(nint physicalDevice, ulong surface)
    {
        VkSurfaceCapabilitiesKHR capabilities;
        _getSurfaceCapabilities(physicalDevice, surface, &capabilities).Check("vkGetPhysicalDeviceSurfaceCapabilitiesKHR");
        return capabilities;
    }

    public VkSurfaceFormatKHR[] GetSurfaceFormats(nint physicalDevice, ulong surface)
    {
        uint count;
        _getSurfaceFormats(physicalDevice, surface, &count, null).Check("vkGetPhysicalDeviceSurfaceFormatsKHR");
        var formats = new VkSurfaceFormatKHR[count];
        fixed (VkSurfaceFormatKHR* p = formats)
        {
            _getSurfaceFormats(physicalDevice, surface, &count, p).Check("vkGetPhysicalDeviceSurfaceFormatsKHR");
        }

        return formats[..(int)count];
    }

    public void DestroySurface(ulong surface) => _destroySurface(_instance, surface, null);

    public void CreateSwapchain(VkSwapchainCreateInfoKHR* info, ulong* swapchain) => _createSwapchain(_device, info, null, swapchain).Check("vkCreateSwapchainKHR");

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
    public VkResult AcquireNextImage(ulong swapchain, ulong timeout, ulong semaphore, uint* index) =>
        Filter(_acquireNextImage(_device, swapchain, timeout, semaphore, 0, index), "vkAcquireNextImageKHR");

    /// <summary>Returns Success, SuboptimalKhr or ErrorOutOfDateKhr; throws on anything else.</summary>
    public VkResult QueuePresent(nint queue, VkPresentInfoKHR* info) => Filter(_queuePresent(queue, info), "vkQueuePresentKHR");

    public void CreateSemaphore(ulong* semaphore)
    {
        var info = new VkSemaphoreCreateInfo { SType = VkStructureType.SemaphoreCreateInfo };
        _createSemaphore(_device, &info, null, semaphore).Check("vkCreateSemaphore");
    }

    public void DestroySemaphore(ulong semaphore) => _destroySemaphore(_device, semaphore, null);

    private static VkResult Filter(VkResult result, string function)
    {
        if (result is VkResult.ErrorOutOfDateKhr or VkResult.SuboptimalKhr)
        {
            return result;
        }

        result.Check(function);
        return result;
    }

    // Vk.GetInstanceProcAddr/GetDeviceProcAddr throw BackendUnavailable naming the function when it is missing
    // (an instance without VK_KHR_surface or a device without VK_KHR_swapchain).
    private static nint Load(nint instance, ReadOnlySpan<byte> name) => Vk.GetInstanceProcAddr(instance, name);

    private static nint LoadDevice(nint device, ReadOnlySpan<byte> name) => Vk.GetDeviceProcAddr(device, name);
}
