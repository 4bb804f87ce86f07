namespace GameUpscaler.Vulkan;

/// <summary>
/// What the backend holds on a device at one moment, for leak checks: objects it created and has not destroyed,
/// and its device-memory allocations. Compare a snapshot before and after a workload.
/// </summary>
/// <param name="Objects">Live Vulkan objects (buffers, images, pipelines, layouts, pools, fences, query pools, …).</param>
/// <param name="MemoryAllocations">Live <c>vkAllocateMemory</c> allocations.</param>
/// <param name="MemoryBytes">Their total size in bytes.</param>
public readonly record struct VulkanResourceCounts(long Objects, int MemoryAllocations, ulong MemoryBytes);
