namespace GameUpscaler.Vulkan.Interop;

// Structures of VK_KHR_surface and VK_KHR_swapchain (and the semaphores presentation needs), as in vulkan_core.h.
// StructLayoutTests checks every one against the C headers.

internal struct VkExtent2D
{
    public uint Width;
    public uint Height;
}

internal struct VkSurfaceCapabilitiesKHR
{
    public uint MinImageCount;
    public uint MaxImageCount;
    public VkExtent2D CurrentExtent;
    public VkExtent2D MinImageExtent;
    public VkExtent2D MaxImageExtent;
    public uint MaxImageArrayLayers;
    public uint SupportedTransforms;
    public uint CurrentTransform;
    public uint SupportedCompositeAlpha;
    public uint SupportedUsageFlags;
}

internal struct VkSurfaceFormatKHR
{
    public VkFormat Format;
    public uint ColorSpace;
}

internal unsafe struct VkSwapchainCreateInfoKHR
{
    public VkStructureType SType;
    public void* PNext;
    public uint Flags;
    public ulong Surface;
    public uint MinImageCount;
    public VkFormat ImageFormat;
    public uint ImageColorSpace;
    public VkExtent2D ImageExtent;
    public uint ImageArrayLayers;
    public uint ImageUsage;
    public uint ImageSharingMode;
    public uint QueueFamilyIndexCount;
    public uint* PQueueFamilyIndices;
    public uint PreTransform;
    public uint CompositeAlpha;
    public uint PresentMode;
    public uint Clipped;
    public ulong OldSwapchain;
}

internal unsafe struct VkPresentInfoKHR
{
    public VkStructureType SType;
    public void* PNext;
    public uint WaitSemaphoreCount;
    public ulong* PWaitSemaphores;
    public uint SwapchainCount;
    public ulong* PSwapchains;
    public uint* PImageIndices;
    public VkResult* PResults;
}

internal unsafe struct VkSemaphoreCreateInfo
{
    public VkStructureType SType;
    public void* PNext;
    public uint Flags;
}
