namespace GameUpscaler.Vulkan.Interop;

// Command pools and buffers, submission, synchronisation and queries (vulkan_core.h).
#pragma warning disable SA1649, CA1051 // interop structs mirror C: public fields, several per file by API area

internal unsafe struct VkCommandPoolCreateInfo
{
    public VkStructureType SType;
    public void* PNext;
    public uint Flags;
    public uint QueueFamilyIndex;
}

internal unsafe struct VkCommandBufferAllocateInfo
{
    public VkStructureType SType;
    public void* PNext;
    public ulong CommandPool;
    public uint Level;
    public uint CommandBufferCount;
}

internal unsafe struct VkCommandBufferBeginInfo
{
    public VkStructureType SType;
    public void* PNext;
    public uint Flags;
    public void* PInheritanceInfo;
}

internal unsafe struct VkSubmitInfo
{
    public VkStructureType SType;
    public void* PNext;
    public uint WaitSemaphoreCount;
    public ulong* PWaitSemaphores;
    public uint* PWaitDstStageMask;
    public uint CommandBufferCount;
    public nint* PCommandBuffers;
    public uint SignalSemaphoreCount;
    public ulong* PSignalSemaphores;
}

internal unsafe struct VkFenceCreateInfo
{
    public VkStructureType SType;
    public void* PNext;
    public uint Flags;
}

internal unsafe struct VkMemoryBarrier
{
    public VkStructureType SType;
    public void* PNext;
    public uint SrcAccessMask;
    public uint DstAccessMask;
}

internal unsafe struct VkImageMemoryBarrier
{
    public VkStructureType SType;
    public void* PNext;
    public uint SrcAccessMask;
    public uint DstAccessMask;
    public uint OldLayout;
    public uint NewLayout;
    public uint SrcQueueFamilyIndex;
    public uint DstQueueFamilyIndex;
    public ulong Image;
    public VkImageSubresourceRange SubresourceRange;
}

internal unsafe struct VkQueryPoolCreateInfo
{
    public VkStructureType SType;
    public void* PNext;
    public uint Flags;
    public uint QueryType;
    public uint QueryCount;
    public uint PipelineStatistics;
}
