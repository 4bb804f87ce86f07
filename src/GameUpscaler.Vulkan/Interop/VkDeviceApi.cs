namespace GameUpscaler.Vulkan.Interop;

/// <summary>
/// Device-level Vulkan functions of one VkDevice, loaded once through <c>vkGetDeviceProcAddr</c> (direct driver
/// entry points, no loader trampoline). Methods mirror the C functions without the leading <c>vk</c> and the device
/// argument; every one that returns a VkResult checks it (<see cref="VkResultCheck.Check"/>) and returns nothing.
/// Command-buffer functions take the command buffer first, as in C.
/// </summary>
internal sealed unsafe class VkDeviceApi
{
    // Live object and memory counts, so tests can prove that a workload returns to its baseline (no leaked handles).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<ulong, ulong> _allocations = new();
    private long _liveObjects;

    private readonly delegate* unmanaged<nint, void*, void> _destroyDevice;
    private readonly delegate* unmanaged<nint, uint, uint, nint*, void> _getDeviceQueue;
    private readonly delegate* unmanaged<nint, VkResult> _deviceWaitIdle;
    private readonly delegate* unmanaged<nint, uint, VkSubmitInfo*, ulong, VkResult> _queueSubmit;
    private readonly delegate* unmanaged<nint, VkResult> _queueWaitIdle;
    private readonly delegate* unmanaged<nint, VkBufferCreateInfo*, void*, ulong*, VkResult> _createBuffer;
    private readonly delegate* unmanaged<nint, ulong, void*, void> _destroyBuffer;
    private readonly delegate* unmanaged<nint, ulong, VkMemoryRequirements*, void> _getBufferMemoryRequirements;
    private readonly delegate* unmanaged<nint, VkMemoryAllocateInfo*, void*, ulong*, VkResult> _allocateMemory;
    private readonly delegate* unmanaged<nint, ulong, void*, void> _freeMemory;
    private readonly delegate* unmanaged<nint, ulong, ulong, ulong, VkResult> _bindBufferMemory;
    private readonly delegate* unmanaged<nint, ulong, ulong, ulong, uint, void**, VkResult> _mapMemory;
    private readonly delegate* unmanaged<nint, ulong, void> _unmapMemory;
    private readonly delegate* unmanaged<nint, VkImageCreateInfo*, void*, ulong*, VkResult> _createImage;
    private readonly delegate* unmanaged<nint, ulong, void*, void> _destroyImage;
    private readonly delegate* unmanaged<nint, ulong, VkMemoryRequirements*, void> _getImageMemoryRequirements;
    private readonly delegate* unmanaged<nint, ulong, ulong, ulong, VkResult> _bindImageMemory;
    private readonly delegate* unmanaged<nint, VkShaderModuleCreateInfo*, void*, ulong*, VkResult> _createShaderModule;
    private readonly delegate* unmanaged<nint, ulong, void*, void> _destroyShaderModule;
    private readonly delegate* unmanaged<nint, VkDescriptorSetLayoutCreateInfo*, void*, ulong*, VkResult> _createDescriptorSetLayout;
    private readonly delegate* unmanaged<nint, ulong, void*, void> _destroyDescriptorSetLayout;
    private readonly delegate* unmanaged<nint, VkPipelineLayoutCreateInfo*, void*, ulong*, VkResult> _createPipelineLayout;
    private readonly delegate* unmanaged<nint, ulong, void*, void> _destroyPipelineLayout;
    private readonly delegate* unmanaged<nint, ulong, uint, VkComputePipelineCreateInfo*, void*, ulong*, VkResult> _createComputePipelines;
    private readonly delegate* unmanaged<nint, ulong, void*, void> _destroyPipeline;
    private readonly delegate* unmanaged<nint, VkPipelineCacheCreateInfo*, void*, ulong*, VkResult> _createPipelineCache;
    private readonly delegate* unmanaged<nint, ulong, void*, void> _destroyPipelineCache;
    private readonly delegate* unmanaged<nint, ulong, nuint*, void*, VkResult> _getPipelineCacheData;
    private readonly delegate* unmanaged<nint, VkDescriptorPoolCreateInfo*, void*, ulong*, VkResult> _createDescriptorPool;
    private readonly delegate* unmanaged<nint, ulong, void*, void> _destroyDescriptorPool;
    private readonly delegate* unmanaged<nint, VkDescriptorSetAllocateInfo*, ulong*, VkResult> _allocateDescriptorSets;
    private readonly delegate* unmanaged<nint, uint, VkWriteDescriptorSet*, uint, void*, void> _updateDescriptorSets;
    private readonly delegate* unmanaged<nint, VkCommandPoolCreateInfo*, void*, ulong*, VkResult> _createCommandPool;
    private readonly delegate* unmanaged<nint, ulong, void*, void> _destroyCommandPool;
    private readonly delegate* unmanaged<nint, VkCommandBufferAllocateInfo*, nint*, VkResult> _allocateCommandBuffers;
    private readonly delegate* unmanaged<nint, VkCommandBufferBeginInfo*, VkResult> _beginCommandBuffer;
    private readonly delegate* unmanaged<nint, VkResult> _endCommandBuffer;
    private readonly delegate* unmanaged<nint, uint, VkResult> _resetCommandBuffer;
    private readonly delegate* unmanaged<nint, VkFenceCreateInfo*, void*, ulong*, VkResult> _createFence;
    private readonly delegate* unmanaged<nint, ulong, void*, void> _destroyFence;
    private readonly delegate* unmanaged<nint, uint, ulong*, uint, ulong, VkResult> _waitForFences;
    private readonly delegate* unmanaged<nint, uint, ulong*, VkResult> _resetFences;
    private readonly delegate* unmanaged<nint, VkQueryPoolCreateInfo*, void*, ulong*, VkResult> _createQueryPool;
    private readonly delegate* unmanaged<nint, ulong, void*, void> _destroyQueryPool;
    private readonly delegate* unmanaged<nint, ulong, uint, uint, nuint, void*, ulong, uint, VkResult> _getQueryPoolResults;
    private readonly delegate* unmanaged<nint, ulong, uint, uint, void> _cmdResetQueryPool;
    private readonly delegate* unmanaged<nint, uint, ulong, uint, void> _cmdWriteTimestamp;
    private readonly delegate* unmanaged<nint, uint, ulong, void> _cmdBindPipeline;
    private readonly delegate* unmanaged<nint, uint, ulong, uint, uint, ulong*, uint, uint*, void> _cmdBindDescriptorSets;
    private readonly delegate* unmanaged<nint, ulong, uint, uint, uint, void*, void> _cmdPushConstants;
    private readonly delegate* unmanaged<nint, uint, uint, uint, void> _cmdDispatch;
    private readonly delegate* unmanaged<nint, uint, uint, uint, uint, VkMemoryBarrier*, uint, void*, uint, VkImageMemoryBarrier*, void> _cmdPipelineBarrier;
    private readonly delegate* unmanaged<nint, ulong, ulong, uint, VkBufferCopy*, void> _cmdCopyBuffer;
    private readonly delegate* unmanaged<nint, ulong, uint, ulong, uint, VkBufferImageCopy*, void> _cmdCopyImageToBuffer;
    private readonly delegate* unmanaged<nint, ulong, ulong, uint, uint, VkBufferImageCopy*, void> _cmdCopyBufferToImage;
    private readonly delegate* unmanaged<nint, ulong, uint, ulong, uint, uint, VkImageCopy*, void> _cmdCopyImage;
    private readonly delegate* unmanaged<nint, ulong, ulong, ulong, uint, void> _cmdFillBuffer;

    /// <summary>Loads every function of the table for <paramref name="device"/>.</summary>
    public VkDeviceApi(nint device)
    {
        Device = device;
        _destroyDevice = (delegate* unmanaged<nint, void*, void>)Vk.GetDeviceProcAddr(device, "vkDestroyDevice"u8);
        _getDeviceQueue = (delegate* unmanaged<nint, uint, uint, nint*, void>)Vk.GetDeviceProcAddr(device, "vkGetDeviceQueue"u8);
        _deviceWaitIdle = (delegate* unmanaged<nint, VkResult>)Vk.GetDeviceProcAddr(device, "vkDeviceWaitIdle"u8);
        _queueSubmit = (delegate* unmanaged<nint, uint, VkSubmitInfo*, ulong, VkResult>)Vk.GetDeviceProcAddr(device, "vkQueueSubmit"u8);
        _queueWaitIdle = (delegate* unmanaged<nint, VkResult>)Vk.GetDeviceProcAddr(device, "vkQueueWaitIdle"u8);
        _createBuffer = (delegate* unmanaged<nint, VkBufferCreateInfo*, void*, ulong*, VkResult>)Vk.GetDeviceProcAddr(device, "vkCreateBuffer"u8);
        _destroyBuffer = (delegate* unmanaged<nint, ulong, void*, void>)Vk.GetDeviceProcAddr(device, "vkDestroyBuffer"u8);
        _getBufferMemoryRequirements = (delegate* unmanaged<nint, ulong, VkMemoryRequirements*, void>)Vk.GetDeviceProcAddr(device, "vkGetBufferMemoryRequirements"u8);
        _allocateMemory = (delegate* unmanaged<nint, VkMemoryAllocateInfo*, void*, ulong*, VkResult>)Vk.GetDeviceProcAddr(device, "vkAllocateMemory"u8);
        _freeMemory = (delegate* unmanaged<nint, ulong, void*, void>)Vk.GetDeviceProcAddr(device, "vkFreeMemory"u8);
        _bindBufferMemory = (delegate* unmanaged<nint, ulong, ulong, ulong, VkResult>)Vk.GetDeviceProcAddr(device, "vkBindBufferMemory"u8);
        _mapMemory = (delegate* unmanaged<nint, ulong, ulong, ulong, uint, void**, VkResult>)Vk.GetDeviceProcAddr(device, "vkMapMemory"u8);
        _unmapMemory = (delegate* unmanaged<nint, ulong, void>)Vk.GetDeviceProcAddr(device, "vkUnmapMemory"u8);
        _createImage = (delegate* unmanaged<nint, VkImageCreateInfo*, void*, ulong*, VkResult>)Vk.GetDeviceProcAddr(device, "vkCreateImage"u8);
        _destroyImage = (delegate* unmanaged<nint, ulong, void*, void>)Vk.GetDeviceProcAddr(device, "vkDestroyImage"u8);
        _getImageMemoryRequirements = (delegate* unmanaged<nint, ulong, VkMemoryRequirements*, void>)Vk.GetDeviceProcAddr(device, "vkGetImageMemoryRequirements"u8);
        _bindImageMemory = (delegate* unmanaged<nint, ulong, ulong, ulong, VkResult>)Vk.GetDeviceProcAddr(device, "vkBindImageMemory"u8);
        _createShaderModule = (delegate* unmanaged<nint, VkShaderModuleCreateInfo*, void*, ulong*, VkResult>)Vk.GetDeviceProcAddr(device, "vkCreateShaderModule"u8);
        _destroyShaderModule = (delegate* unmanaged<nint, ulong, void*, void>)Vk.GetDeviceProcAddr(device, "vkDestroyShaderModule"u8);
        _createDescriptorSetLayout = (delegate* unmanaged<nint, VkDescriptorSetLayoutCreateInfo*, void*, ulong*, VkResult>)Vk.GetDeviceProcAddr(device, "vkCreateDescriptorSetLayout"u8);
        _destroyDescriptorSetLayout = (delegate* unmanaged<nint, ulong, void*, void>)Vk.GetDeviceProcAddr(device, "vkDestroyDescriptorSetLayout"u8);
        _createPipelineLayout = (delegate* unmanaged<nint, VkPipelineLayoutCreateInfo*, void*, ulong*, VkResult>)Vk.GetDeviceProcAddr(device, "vkCreatePipelineLayout"u8);
        _destroyPipelineLayout = (delegate* unmanaged<nint, ulong, void*, void>)Vk.GetDeviceProcAddr(device, "vkDestroyPipelineLayout"u8);
        _createComputePipelines = (delegate* unmanaged<nint, ulong, uint, VkComputePipelineCreateInfo*, void*, ulong*, VkResult>)Vk.GetDeviceProcAddr(device, "vkCreateComputePipelines"u8);
        _destroyPipeline = (delegate* unmanaged<nint, ulong, void*, void>)Vk.GetDeviceProcAddr(device, "vkDestroyPipeline"u8);
        _createPipelineCache = (delegate* unmanaged<nint, VkPipelineCacheCreateInfo*, void*, ulong*, VkResult>)Vk.GetDeviceProcAddr(device, "vkCreatePipelineCache"u8);
        _destroyPipelineCache = (delegate* unmanaged<nint, ulong, void*, void>)Vk.GetDeviceProcAddr(device, "vkDestroyPipelineCache"u8);
        _getPipelineCacheData = (delegate* unmanaged<nint, ulong, nuint*, void*, VkResult>)Vk.GetDeviceProcAddr(device, "vkGetPipelineCacheData"u8);
        _createDescriptorPool = (delegate* unmanaged<nint, VkDescriptorPoolCreateInfo*, void*, ulong*, VkResult>)Vk.GetDeviceProcAddr(device, "vkCreateDescriptorPool"u8);
        _destroyDescriptorPool = (delegate* unmanaged<nint, ulong, void*, void>)Vk.GetDeviceProcAddr(device, "vkDestroyDescriptorPool"u8);
        _allocateDescriptorSets = (delegate* unmanaged<nint, VkDescriptorSetAllocateInfo*, ulong*, VkResult>)Vk.GetDeviceProcAddr(device, "vkAllocateDescriptorSets"u8);
        _updateDescriptorSets = (delegate* unmanaged<nint, uint, VkWriteDescriptorSet*, uint, void*, void>)Vk.GetDeviceProcAddr(device, "vkUpdateDescriptorSets"u8);
        _createCommandPool = (delegate* unmanaged<nint, VkCommandPoolCreateInfo*, void*, ulong*, VkResult>)Vk.GetDeviceProcAddr(device, "vkCreateCommandPool"u8);
        _destroyCommandPool = (delegate* unmanaged<nint, ulong, void*, void>)Vk.GetDeviceProcAddr(device, "vkDestroyCommandPool"u8);
        _allocateCommandBuffers = (delegate* unmanaged<nint, VkCommandBufferAllocateInfo*, nint*, VkResult>)Vk.GetDeviceProcAddr(device, "vkAllocateCommandBuffers"u8);
        _beginCommandBuffer = (delegate* unmanaged<nint, VkCommandBufferBeginInfo*, VkResult>)Vk.GetDeviceProcAddr(device, "vkBeginCommandBuffer"u8);
        _endCommandBuffer = (delegate* unmanaged<nint, VkResult>)Vk.GetDeviceProcAddr(device, "vkEndCommandBuffer"u8);
        _resetCommandBuffer = (delegate* unmanaged<nint, uint, VkResult>)Vk.GetDeviceProcAddr(device, "vkResetCommandBuffer"u8);
        _createFence = (delegate* unmanaged<nint, VkFenceCreateInfo*, void*, ulong*, VkResult>)Vk.GetDeviceProcAddr(device, "vkCreateFence"u8);
        _destroyFence = (delegate* unmanaged<nint, ulong, void*, void>)Vk.GetDeviceProcAddr(device, "vkDestroyFence"u8);
        _waitForFences = (delegate* unmanaged<nint, uint, ulong*, uint, ulong, VkResult>)Vk.GetDeviceProcAddr(device, "vkWaitForFences"u8);
        _resetFences = (delegate* unmanaged<nint, uint, ulong*, VkResult>)Vk.GetDeviceProcAddr(device, "vkResetFences"u8);
        _createQueryPool = (delegate* unmanaged<nint, VkQueryPoolCreateInfo*, void*, ulong*, VkResult>)Vk.GetDeviceProcAddr(device, "vkCreateQueryPool"u8);
        _destroyQueryPool = (delegate* unmanaged<nint, ulong, void*, void>)Vk.GetDeviceProcAddr(device, "vkDestroyQueryPool"u8);
        _getQueryPoolResults = (delegate* unmanaged<nint, ulong, uint, uint, nuint, void*, ulong, uint, VkResult>)Vk.GetDeviceProcAddr(device, "vkGetQueryPoolResults"u8);
        _cmdResetQueryPool = (delegate* unmanaged<nint, ulong, uint, uint, void>)Vk.GetDeviceProcAddr(device, "vkCmdResetQueryPool"u8);
        _cmdWriteTimestamp = (delegate* unmanaged<nint, uint, ulong, uint, void>)Vk.GetDeviceProcAddr(device, "vkCmdWriteTimestamp"u8);
        _cmdBindPipeline = (delegate* unmanaged<nint, uint, ulong, void>)Vk.GetDeviceProcAddr(device, "vkCmdBindPipeline"u8);
        _cmdBindDescriptorSets = (delegate* unmanaged<nint, uint, ulong, uint, uint, ulong*, uint, uint*, void>)Vk.GetDeviceProcAddr(device, "vkCmdBindDescriptorSets"u8);
        _cmdPushConstants = (delegate* unmanaged<nint, ulong, uint, uint, uint, void*, void>)Vk.GetDeviceProcAddr(device, "vkCmdPushConstants"u8);
        _cmdDispatch = (delegate* unmanaged<nint, uint, uint, uint, void>)Vk.GetDeviceProcAddr(device, "vkCmdDispatch"u8);
        _cmdPipelineBarrier = (delegate* unmanaged<nint, uint, uint, uint, uint, VkMemoryBarrier*, uint, void*, uint, VkImageMemoryBarrier*, void>)Vk.GetDeviceProcAddr(device, "vkCmdPipelineBarrier"u8);
        _cmdCopyBuffer = (delegate* unmanaged<nint, ulong, ulong, uint, VkBufferCopy*, void>)Vk.GetDeviceProcAddr(device, "vkCmdCopyBuffer"u8);
        _cmdCopyImageToBuffer = (delegate* unmanaged<nint, ulong, uint, ulong, uint, VkBufferImageCopy*, void>)Vk.GetDeviceProcAddr(device, "vkCmdCopyImageToBuffer"u8);
        _cmdCopyBufferToImage = (delegate* unmanaged<nint, ulong, ulong, uint, uint, VkBufferImageCopy*, void>)Vk.GetDeviceProcAddr(device, "vkCmdCopyBufferToImage"u8);
        _cmdCopyImage = (delegate* unmanaged<nint, ulong, uint, ulong, uint, uint, VkImageCopy*, void>)Vk.GetDeviceProcAddr(device, "vkCmdCopyImage"u8);
        _cmdFillBuffer = (delegate* unmanaged<nint, ulong, ulong, ulong, uint, void>)Vk.GetDeviceProcAddr(device, "vkCmdFillBuffer"u8);
    }

    /// <summary>The VkDevice these functions act on.</summary>
    public nint Device { get; }

    public void DestroyDevice() => _destroyDevice(Device, null);

    public void GetDeviceQueue(uint family, uint index, nint* queue) => _getDeviceQueue(Device, family, index, queue);

    public void DeviceWaitIdle() => _deviceWaitIdle(Device).Check("vkDeviceWaitIdle");

    public void QueueSubmit(nint queue, uint count, VkSubmitInfo* submits, ulong fence) => _queueSubmit(queue, count, submits, fence).Check("vkQueueSubmit");

    public void QueueWaitIdle(nint queue) => _queueWaitIdle(queue).Check("vkQueueWaitIdle");

    public void CreateBuffer(VkBufferCreateInfo* info, ulong* buffer)
    {
        _createBuffer(Device, info, null, buffer).Check("vkCreateBuffer");
        Interlocked.Increment(ref _liveObjects);
    }

    public void DestroyBuffer(ulong buffer)
    {
        if (buffer != 0)
        {
            Interlocked.Decrement(ref _liveObjects);
        }

        _destroyBuffer(Device, buffer, null);
    }

    public void GetBufferMemoryRequirements(ulong buffer, VkMemoryRequirements* requirements) => _getBufferMemoryRequirements(Device, buffer, requirements);

    public void AllocateMemory(VkMemoryAllocateInfo* info, ulong* memory)
    {
        _allocateMemory(Device, info, null, memory).Check("vkAllocateMemory");
        _allocations[*memory] = info->AllocationSize;
    }

    public void FreeMemory(ulong memory)
    {
        _allocations.TryRemove(memory, out _);
        _freeMemory(Device, memory, null);
    }

    /// <summary>Objects created through this table and not yet destroyed (buffers, images, pipelines, pools, …).</summary>
    public long LiveObjectCount => Interlocked.Read(ref _liveObjects);

    /// <summary>Device-memory allocations not yet freed, and their total size in bytes.</summary>
    public (int Count, ulong Bytes) LiveAllocations
    {
        get
        {
            ulong bytes = 0;
            int count = 0;
            foreach (ulong size in _allocations.Values)
            {
                bytes += size;
                count++;
            }

            return (count, bytes);
        }
    }

    public void BindBufferMemory(ulong buffer, ulong memory, ulong offset) => _bindBufferMemory(Device, buffer, memory, offset).Check("vkBindBufferMemory");

    public void MapMemory(ulong memory, ulong offset, ulong size, uint flags, void** data) => _mapMemory(Device, memory, offset, size, flags, data).Check("vkMapMemory");

    public void UnmapMemory(ulong memory) => _unmapMemory(Device, memory);

    public void CreateImage(VkImageCreateInfo* info, ulong* image)
    {
        _createImage(Device, info, null, image).Check("vkCreateImage");
        Interlocked.Increment(ref _liveObjects);
    }

    public void DestroyImage(ulong image)
    {
        if (image != 0)
        {
            Interlocked.Decrement(ref _liveObjects);
        }

        _destroyImage(Device, image, null);
    }

    public void GetImageMemoryRequirements(ulong image, VkMemoryRequirements* requirements) => _getImageMemoryRequirements(Device, image, requirements);

    public void BindImageMemory(ulong image, ulong memory, ulong offset) => _bindImageMemory(Device, image, memory, offset).Check("vkBindImageMemory");

    public void CreateShaderModule(VkShaderModuleCreateInfo* info, ulong* module)
    {
        _createShaderModule(Device, info, null, module).Check("vkCreateShaderModule");
        Interlocked.Increment(ref _liveObjects);
    }

    public void DestroyShaderModule(ulong module)
    {
        if (module != 0)
        {
            Interlocked.Decrement(ref _liveObjects);
        }

        _destroyShaderModule(Device, module, null);
    }

    public void CreateDescriptorSetLayout(VkDescriptorSetLayoutCreateInfo* info, ulong* layout)
    {
        _createDescriptorSetLayout(Device, info, null, layout).Check("vkCreateDescriptorSetLayout");
        Interlocked.Increment(ref _liveObjects);
    }

    public void DestroyDescriptorSetLayout(ulong layout)
    {
        if (layout != 0)
        {
            Interlocked.Decrement(ref _liveObjects);
        }

        _destroyDescriptorSetLayout(Device, layout, null);
    }

    public void CreatePipelineLayout(VkPipelineLayoutCreateInfo* info, ulong* layout)
    {
        _createPipelineLayout(Device, info, null, layout).Check("vkCreatePipelineLayout");
        Interlocked.Increment(ref _liveObjects);
    }

    public void DestroyPipelineLayout(ulong layout)
    {
        if (layout != 0)
        {
            Interlocked.Decrement(ref _liveObjects);
        }

        _destroyPipelineLayout(Device, layout, null);
    }

    public void CreateComputePipelines(ulong cache, uint count, VkComputePipelineCreateInfo* infos, ulong* pipelines)
    {
        _createComputePipelines(Device, cache, count, infos, null, pipelines).Check("vkCreateComputePipelines");
        Interlocked.Add(ref _liveObjects, count);
    }

    public void DestroyPipeline(ulong pipeline)
    {
        if (pipeline != 0)
        {
            Interlocked.Decrement(ref _liveObjects);
        }

        _destroyPipeline(Device, pipeline, null);
    }

    public void CreatePipelineCache(VkPipelineCacheCreateInfo* info, ulong* cache)
    {
        _createPipelineCache(Device, info, null, cache).Check("vkCreatePipelineCache");
        Interlocked.Increment(ref _liveObjects);
    }

    public void DestroyPipelineCache(ulong cache)
    {
        if (cache != 0)
        {
            Interlocked.Decrement(ref _liveObjects);
        }

        _destroyPipelineCache(Device, cache, null);
    }

    public void GetPipelineCacheData(ulong cache, nuint* size, void* data) => _getPipelineCacheData(Device, cache, size, data).Check("vkGetPipelineCacheData");

    public void CreateDescriptorPool(VkDescriptorPoolCreateInfo* info, ulong* pool)
    {
        _createDescriptorPool(Device, info, null, pool).Check("vkCreateDescriptorPool");
        Interlocked.Increment(ref _liveObjects);
    }

    public void DestroyDescriptorPool(ulong pool)
    {
        if (pool != 0)
        {
            Interlocked.Decrement(ref _liveObjects);
        }

        _destroyDescriptorPool(Device, pool, null);
    }

    public void AllocateDescriptorSets(VkDescriptorSetAllocateInfo* info, ulong* sets) => _allocateDescriptorSets(Device, info, sets).Check("vkAllocateDescriptorSets");

    public void UpdateDescriptorSets(uint writeCount, VkWriteDescriptorSet* writes, uint copyCount, void* copies) => _updateDescriptorSets(Device, writeCount, writes, copyCount, copies);

    public void CreateCommandPool(VkCommandPoolCreateInfo* info, ulong* pool)
    {
        _createCommandPool(Device, info, null, pool).Check("vkCreateCommandPool");
        Interlocked.Increment(ref _liveObjects);
    }

    public void DestroyCommandPool(ulong pool)
    {
        if (pool != 0)
        {
            Interlocked.Decrement(ref _liveObjects);
        }

        _destroyCommandPool(Device, pool, null);
    }

    public void AllocateCommandBuffers(VkCommandBufferAllocateInfo* info, nint* buffers) => _allocateCommandBuffers(Device, info, buffers).Check("vkAllocateCommandBuffers");

    public void BeginCommandBuffer(nint commandBuffer, VkCommandBufferBeginInfo* info) => _beginCommandBuffer(commandBuffer, info).Check("vkBeginCommandBuffer");

    public void EndCommandBuffer(nint commandBuffer) => _endCommandBuffer(commandBuffer).Check("vkEndCommandBuffer");

    public void ResetCommandBuffer(nint commandBuffer, uint flags) => _resetCommandBuffer(commandBuffer, flags).Check("vkResetCommandBuffer");

    public void CreateFence(VkFenceCreateInfo* info, ulong* fence)
    {
        _createFence(Device, info, null, fence).Check("vkCreateFence");
        Interlocked.Increment(ref _liveObjects);
    }

    public void DestroyFence(ulong fence)
    {
        if (fence != 0)
        {
            Interlocked.Decrement(ref _liveObjects);
        }

        _destroyFence(Device, fence, null);
    }

    public void WaitForFences(uint count, ulong* fences, uint waitAll, ulong timeout) => _waitForFences(Device, count, fences, waitAll, timeout).Check("vkWaitForFences");

    public void ResetFences(uint count, ulong* fences) => _resetFences(Device, count, fences).Check("vkResetFences");

    public void CreateQueryPool(VkQueryPoolCreateInfo* info, ulong* pool)
    {
        _createQueryPool(Device, info, null, pool).Check("vkCreateQueryPool");
        Interlocked.Increment(ref _liveObjects);
    }

    public void DestroyQueryPool(ulong pool)
    {
        if (pool != 0)
        {
            Interlocked.Decrement(ref _liveObjects);
        }

        _destroyQueryPool(Device, pool, null);
    }

    public void GetQueryPoolResults(ulong pool, uint first, uint count, nuint dataSize, void* data, ulong stride, uint flags) => _getQueryPoolResults(Device, pool, first, count, dataSize, data, stride, flags).Check("vkGetQueryPoolResults");

    public void CmdResetQueryPool(nint commandBuffer, ulong pool, uint first, uint count) => _cmdResetQueryPool(commandBuffer, pool, first, count);

    public void CmdWriteTimestamp(nint commandBuffer, uint stage, ulong pool, uint query) => _cmdWriteTimestamp(commandBuffer, stage, pool, query);

    public void CmdBindPipeline(nint commandBuffer, uint bindPoint, ulong pipeline) => _cmdBindPipeline(commandBuffer, bindPoint, pipeline);

    public void CmdBindDescriptorSets(nint commandBuffer, uint bindPoint, ulong layout, uint firstSet, uint count, ulong* sets, uint dynamicCount, uint* dynamicOffsets) => _cmdBindDescriptorSets(commandBuffer, bindPoint, layout, firstSet, count, sets, dynamicCount, dynamicOffsets);

    public void CmdPushConstants(nint commandBuffer, ulong layout, uint stages, uint offset, uint size, void* values) => _cmdPushConstants(commandBuffer, layout, stages, offset, size, values);

    public void CmdDispatch(nint commandBuffer, uint x, uint y, uint z) => _cmdDispatch(commandBuffer, x, y, z);

    public void CmdPipelineBarrier(nint commandBuffer, uint srcStages, uint dstStages, uint dependencyFlags, uint memoryBarrierCount, VkMemoryBarrier* memoryBarriers, uint bufferBarrierCount, void* bufferBarriers, uint imageBarrierCount, VkImageMemoryBarrier* imageBarriers) => _cmdPipelineBarrier(commandBuffer, srcStages, dstStages, dependencyFlags, memoryBarrierCount, memoryBarriers, bufferBarrierCount, bufferBarriers, imageBarrierCount, imageBarriers);

    public void CmdCopyBuffer(nint commandBuffer, ulong source, ulong destination, uint count, VkBufferCopy* regions) => _cmdCopyBuffer(commandBuffer, source, destination, count, regions);

    public void CmdCopyImageToBuffer(nint commandBuffer, ulong image, uint layout, ulong buffer, uint count, VkBufferImageCopy* regions) => _cmdCopyImageToBuffer(commandBuffer, image, layout, buffer, count, regions);

    public void CmdCopyBufferToImage(nint commandBuffer, ulong buffer, ulong image, uint layout, uint count, VkBufferImageCopy* regions) => _cmdCopyBufferToImage(commandBuffer, buffer, image, layout, count, regions);

    public void CmdCopyImage(nint commandBuffer, ulong source, uint sourceLayout, ulong destination, uint destinationLayout, uint count, VkImageCopy* regions) => _cmdCopyImage(commandBuffer, source, sourceLayout, destination, destinationLayout, count, regions);

    public void CmdFillBuffer(nint commandBuffer, ulong buffer, ulong offset, ulong size, uint data) => _cmdFillBuffer(commandBuffer, buffer, offset, size, data);
}
