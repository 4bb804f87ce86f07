using Silk.NET.Vulkan;
using SilkVk = Silk.NET.Vulkan.Vk;

namespace GameUpscaler.Vulkan;

/// <summary>
/// Device-level Vulkan functions of one VkDevice, called through Silk.NET's binding. Methods mirror the C functions
/// without the leading <c>vk</c> and the device argument; every one that returns a VkResult checks it
/// (<see cref="VkResultCheck.Check"/>) and returns nothing, and the objects and memory created through the table are
/// counted (tests prove workloads return to baseline). Handles cross as <c>nint</c>/<c>ulong</c> (Silk's handle
/// structs hold exactly that), so the rest of the backend and the public API stay free of native types.
/// Command-buffer functions take the command buffer first, as in C.
/// </summary>
internal sealed unsafe class VkDeviceApi
{
    // Live object and memory counts, so tests can prove that a workload returns to its baseline (no leaked handles).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<ulong, ulong> _allocations = new();
    private long _liveObjects;
    private long _barriers;

    private readonly SilkVk _vk;
    private readonly Device _device;

    /// <summary>The function table for <paramref name="device"/> (Silk.NET's, shared by the process).</summary>
    public VkDeviceApi(nint device)
    {
        Device = device;
        _device = new Device(device);
        _vk = VulkanLoader.Api;
    }

    /// <summary>The VkDevice these functions act on.</summary>
    public nint Device { get; }

    public void DestroyDevice() => _vk.DestroyDevice(_device, null);

    public void GetDeviceQueue(uint family, uint index, nint* queue) => _vk.GetDeviceQueue(_device, family, index, (Queue*)queue);

    public void DeviceWaitIdle() => _vk.DeviceWaitIdle(_device).Check("vkDeviceWaitIdle");

    public void QueueSubmit(nint queue, uint count, SubmitInfo* submits, ulong fence) => _vk.QueueSubmit(new Queue(queue), count, submits, new Fence(fence)).Check("vkQueueSubmit");

    public void QueueWaitIdle(nint queue) => _vk.QueueWaitIdle(new Queue(queue)).Check("vkQueueWaitIdle");

    public void CreateBuffer(BufferCreateInfo* info, ulong* buffer)
    {
        _vk.CreateBuffer(_device, info, null, (Silk.NET.Vulkan.Buffer*)buffer).Check("vkCreateBuffer");
        Interlocked.Increment(ref _liveObjects);
    }

    public void DestroyBuffer(ulong buffer)
    {
        if (buffer != 0)
        {
            Interlocked.Decrement(ref _liveObjects);
        }

        _vk.DestroyBuffer(_device, new Silk.NET.Vulkan.Buffer(buffer), null);
    }

    public void GetBufferMemoryRequirements(ulong buffer, MemoryRequirements* requirements) => _vk.GetBufferMemoryRequirements(_device, new Silk.NET.Vulkan.Buffer(buffer), requirements);

    public void AllocateMemory(MemoryAllocateInfo* info, ulong* memory)
    {
        _vk.AllocateMemory(_device, info, null, (DeviceMemory*)memory).Check("vkAllocateMemory");
        _allocations[*memory] = info->AllocationSize;
    }

    public void FreeMemory(ulong memory)
    {
        _allocations.TryRemove(memory, out _);
        _vk.FreeMemory(_device, new DeviceMemory(memory), null);
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

    public void BindBufferMemory(ulong buffer, ulong memory, ulong offset) => _vk.BindBufferMemory(_device, new Silk.NET.Vulkan.Buffer(buffer), new DeviceMemory(memory), offset).Check("vkBindBufferMemory");

    public void MapMemory(ulong memory, ulong offset, ulong size, uint flags, void** data) => _vk.MapMemory(_device, new DeviceMemory(memory), offset, size, (MemoryMapFlags)flags, data).Check("vkMapMemory");

    public void UnmapMemory(ulong memory) => _vk.UnmapMemory(_device, new DeviceMemory(memory));

    public void CreateImage(ImageCreateInfo* info, ulong* image)
    {
        _vk.CreateImage(_device, info, null, (Image*)image).Check("vkCreateImage");
        Interlocked.Increment(ref _liveObjects);
    }

    public void DestroyImage(ulong image)
    {
        if (image != 0)
        {
            Interlocked.Decrement(ref _liveObjects);
        }

        _vk.DestroyImage(_device, new Image(image), null);
    }

    public void GetImageMemoryRequirements(ulong image, MemoryRequirements* requirements) => _vk.GetImageMemoryRequirements(_device, new Image(image), requirements);

    public void BindImageMemory(ulong image, ulong memory, ulong offset) => _vk.BindImageMemory(_device, new Image(image), new DeviceMemory(memory), offset).Check("vkBindImageMemory");

    public void CreateImageView(ImageViewCreateInfo* info, ulong* view)
    {
        _vk.CreateImageView(_device, info, null, (ImageView*)view).Check("vkCreateImageView");
        Interlocked.Increment(ref _liveObjects);
    }

    public void DestroyImageView(ulong view)
    {
        if (view != 0)
        {
            Interlocked.Decrement(ref _liveObjects);
        }

        _vk.DestroyImageView(_device, new ImageView(view), null);
    }

    public void CreateSampler(SamplerCreateInfo* info, ulong* sampler)
    {
        _vk.CreateSampler(_device, info, null, (Sampler*)sampler).Check("vkCreateSampler");
        Interlocked.Increment(ref _liveObjects);
    }

    public void DestroySampler(ulong sampler)
    {
        if (sampler != 0)
        {
            Interlocked.Decrement(ref _liveObjects);
        }

        _vk.DestroySampler(_device, new Sampler(sampler), null);
    }

    public void CreateShaderModule(ShaderModuleCreateInfo* info, ulong* module)
    {
        _vk.CreateShaderModule(_device, info, null, (ShaderModule*)module).Check("vkCreateShaderModule");
        Interlocked.Increment(ref _liveObjects);
    }

    public void DestroyShaderModule(ulong module)
    {
        if (module != 0)
        {
            Interlocked.Decrement(ref _liveObjects);
        }

        _vk.DestroyShaderModule(_device, new ShaderModule(module), null);
    }

    public void CreateDescriptorSetLayout(DescriptorSetLayoutCreateInfo* info, ulong* layout)
    {
        _vk.CreateDescriptorSetLayout(_device, info, null, (DescriptorSetLayout*)layout).Check("vkCreateDescriptorSetLayout");
        Interlocked.Increment(ref _liveObjects);
    }

    public void DestroyDescriptorSetLayout(ulong layout)
    {
        if (layout != 0)
        {
            Interlocked.Decrement(ref _liveObjects);
        }

        _vk.DestroyDescriptorSetLayout(_device, new DescriptorSetLayout(layout), null);
    }

    public void CreatePipelineLayout(PipelineLayoutCreateInfo* info, ulong* layout)
    {
        _vk.CreatePipelineLayout(_device, info, null, (PipelineLayout*)layout).Check("vkCreatePipelineLayout");
        Interlocked.Increment(ref _liveObjects);
    }

    public void DestroyPipelineLayout(ulong layout)
    {
        if (layout != 0)
        {
            Interlocked.Decrement(ref _liveObjects);
        }

        _vk.DestroyPipelineLayout(_device, new PipelineLayout(layout), null);
    }

    public void CreateComputePipelines(ulong cache, uint count, ComputePipelineCreateInfo* infos, ulong* pipelines)
    {
        _vk.CreateComputePipelines(_device, new PipelineCache(cache), count, infos, null, (Pipeline*)pipelines).Check("vkCreateComputePipelines");
        Interlocked.Add(ref _liveObjects, count);
    }

    public void DestroyPipeline(ulong pipeline)
    {
        if (pipeline != 0)
        {
            Interlocked.Decrement(ref _liveObjects);
        }

        _vk.DestroyPipeline(_device, new Pipeline(pipeline), null);
    }

    public void CreatePipelineCache(PipelineCacheCreateInfo* info, ulong* cache)
    {
        _vk.CreatePipelineCache(_device, info, null, (PipelineCache*)cache).Check("vkCreatePipelineCache");
        Interlocked.Increment(ref _liveObjects);
    }

    public void DestroyPipelineCache(ulong cache)
    {
        if (cache != 0)
        {
            Interlocked.Decrement(ref _liveObjects);
        }

        _vk.DestroyPipelineCache(_device, new PipelineCache(cache), null);
    }

    public void GetPipelineCacheData(ulong cache, nuint* size, void* data) => _vk.GetPipelineCacheData(_device, new PipelineCache(cache), size, data).Check("vkGetPipelineCacheData");

    public void CreateDescriptorPool(DescriptorPoolCreateInfo* info, ulong* pool)
    {
        _vk.CreateDescriptorPool(_device, info, null, (DescriptorPool*)pool).Check("vkCreateDescriptorPool");
        Interlocked.Increment(ref _liveObjects);
    }

    public void DestroyDescriptorPool(ulong pool)
    {
        if (pool != 0)
        {
            Interlocked.Decrement(ref _liveObjects);
        }

        _vk.DestroyDescriptorPool(_device, new DescriptorPool(pool), null);
    }

    public void AllocateDescriptorSets(DescriptorSetAllocateInfo* info, ulong* sets) => _vk.AllocateDescriptorSets(_device, info, (DescriptorSet*)sets).Check("vkAllocateDescriptorSets");

    public void UpdateDescriptorSets(uint writeCount, WriteDescriptorSet* writes, uint copyCount, CopyDescriptorSet* copies) => _vk.UpdateDescriptorSets(_device, writeCount, writes, copyCount, copies);

    public void CreateCommandPool(CommandPoolCreateInfo* info, ulong* pool)
    {
        _vk.CreateCommandPool(_device, info, null, (CommandPool*)pool).Check("vkCreateCommandPool");
        Interlocked.Increment(ref _liveObjects);
    }

    public void DestroyCommandPool(ulong pool)
    {
        if (pool != 0)
        {
            Interlocked.Decrement(ref _liveObjects);
        }

        _vk.DestroyCommandPool(_device, new CommandPool(pool), null);
    }

    public void AllocateCommandBuffers(CommandBufferAllocateInfo* info, nint* buffers)
    {
        _vk.AllocateCommandBuffers(_device, info, (CommandBuffer*)buffers).Check("vkAllocateCommandBuffers");
        for (uint i = 0; i < info->CommandBufferCount; i++)
        {
            VulkanLoader.OnDispatchableCreated(Device, buffers[i]);
        }
    }

    public void BeginCommandBuffer(nint commandBuffer, CommandBufferBeginInfo* info) => _vk.BeginCommandBuffer(new CommandBuffer(commandBuffer), info).Check("vkBeginCommandBuffer");

    public void EndCommandBuffer(nint commandBuffer) => _vk.EndCommandBuffer(new CommandBuffer(commandBuffer)).Check("vkEndCommandBuffer");

    public void ResetCommandBuffer(nint commandBuffer, CommandBufferResetFlags flags) => _vk.ResetCommandBuffer(new CommandBuffer(commandBuffer), flags).Check("vkResetCommandBuffer");

    public void CreateFence(FenceCreateInfo* info, ulong* fence)
    {
        _vk.CreateFence(_device, info, null, (Fence*)fence).Check("vkCreateFence");
        Interlocked.Increment(ref _liveObjects);
    }

    public void DestroyFence(ulong fence)
    {
        if (fence != 0)
        {
            Interlocked.Decrement(ref _liveObjects);
        }

        _vk.DestroyFence(_device, new Fence(fence), null);
    }

    public void WaitForFences(uint count, ulong* fences, uint waitAll, ulong timeout) => _vk.WaitForFences(_device, count, (Fence*)fences, waitAll != 0, timeout).Check("vkWaitForFences");

    public void ResetFences(uint count, ulong* fences) => _vk.ResetFences(_device, count, (Fence*)fences).Check("vkResetFences");

    public void CreateQueryPool(QueryPoolCreateInfo* info, ulong* pool)
    {
        _vk.CreateQueryPool(_device, info, null, (QueryPool*)pool).Check("vkCreateQueryPool");
        Interlocked.Increment(ref _liveObjects);
    }

    public void DestroyQueryPool(ulong pool)
    {
        if (pool != 0)
        {
            Interlocked.Decrement(ref _liveObjects);
        }

        _vk.DestroyQueryPool(_device, new QueryPool(pool), null);
    }

    public void GetQueryPoolResults(ulong pool, uint first, uint count, nuint dataSize, void* data, ulong stride, QueryResultFlags flags) => _vk.GetQueryPoolResults(_device, new QueryPool(pool), first, count, dataSize, data, stride, flags).Check("vkGetQueryPoolResults");

    public void CmdResetQueryPool(nint commandBuffer, ulong pool, uint first, uint count) => _vk.CmdResetQueryPool(new CommandBuffer(commandBuffer), new QueryPool(pool), first, count);

    public void CmdWriteTimestamp(nint commandBuffer, PipelineStageFlags stage, ulong pool, uint query) => _vk.CmdWriteTimestamp(new CommandBuffer(commandBuffer), stage, new QueryPool(pool), query);

    public void CmdBindPipeline(nint commandBuffer, PipelineBindPoint bindPoint, ulong pipeline) => _vk.CmdBindPipeline(new CommandBuffer(commandBuffer), bindPoint, new Pipeline(pipeline));

    public void CmdBindDescriptorSets(nint commandBuffer, PipelineBindPoint bindPoint, ulong layout, uint firstSet, uint count, ulong* sets, uint dynamicCount, uint* dynamicOffsets) => _vk.CmdBindDescriptorSets(new CommandBuffer(commandBuffer), bindPoint, new PipelineLayout(layout), firstSet, count, (DescriptorSet*)sets, dynamicCount, dynamicOffsets);

    public void CmdPushConstants(nint commandBuffer, ulong layout, ShaderStageFlags stages, uint offset, uint size, void* values) => _vk.CmdPushConstants(new CommandBuffer(commandBuffer), new PipelineLayout(layout), stages, offset, size, values);

    public void CmdDispatch(nint commandBuffer, uint x, uint y, uint z) => _vk.CmdDispatch(new CommandBuffer(commandBuffer), x, y, z);

    /// <summary>Pipeline barriers recorded through this table (tests check that independent passes get none).</summary>
    public long BarrierCount => Interlocked.Read(ref _barriers);

    public void CmdPipelineBarrier(nint commandBuffer, PipelineStageFlags srcStages, PipelineStageFlags dstStages, DependencyFlags dependencyFlags, uint memoryBarrierCount, MemoryBarrier* memoryBarriers, uint bufferBarrierCount, BufferMemoryBarrier* bufferBarriers, uint imageBarrierCount, ImageMemoryBarrier* imageBarriers) 
    {
        Interlocked.Increment(ref _barriers);
        _vk.CmdPipelineBarrier(new CommandBuffer(commandBuffer), srcStages, dstStages, dependencyFlags, memoryBarrierCount, memoryBarriers, bufferBarrierCount, bufferBarriers, imageBarrierCount, imageBarriers);
    }

    public void CmdCopyBuffer(nint commandBuffer, ulong source, ulong destination, uint count, BufferCopy* regions) => _vk.CmdCopyBuffer(new CommandBuffer(commandBuffer), new Silk.NET.Vulkan.Buffer(source), new Silk.NET.Vulkan.Buffer(destination), count, regions);

    public void CmdCopyImageToBuffer(nint commandBuffer, ulong image, ImageLayout layout, ulong buffer, uint count, BufferImageCopy* regions) => _vk.CmdCopyImageToBuffer(new CommandBuffer(commandBuffer), new Image(image), layout, new Silk.NET.Vulkan.Buffer(buffer), count, regions);

    public void CmdCopyBufferToImage(nint commandBuffer, ulong buffer, ulong image, ImageLayout layout, uint count, BufferImageCopy* regions) => _vk.CmdCopyBufferToImage(new CommandBuffer(commandBuffer), new Silk.NET.Vulkan.Buffer(buffer), new Image(image), layout, count, regions);

    public void CmdCopyImage(nint commandBuffer, ulong source, ImageLayout sourceLayout, ulong destination, ImageLayout destinationLayout, uint count, ImageCopy* regions) => _vk.CmdCopyImage(new CommandBuffer(commandBuffer), new Image(source), sourceLayout, new Image(destination), destinationLayout, count, regions);

    public void CmdFillBuffer(nint commandBuffer, ulong buffer, ulong offset, ulong size, uint data) => _vk.CmdFillBuffer(new CommandBuffer(commandBuffer), new Silk.NET.Vulkan.Buffer(buffer), offset, size, data);
}
