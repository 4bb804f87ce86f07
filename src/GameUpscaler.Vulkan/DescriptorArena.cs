using GameUpscaler.Vulkan.Interop;

namespace GameUpscaler.Vulkan;

/// <summary>A descriptor pool sized for a known number of buffer sets, with set allocation and writes.</summary>
internal sealed unsafe class DescriptorArena : IDisposable
{
    private readonly VulkanDevice _device;

    public DescriptorArena(VulkanDevice device, int maxSets, int maxBuffers, string name)
    {
        _device = device;
        var sizes = stackalloc VkDescriptorPoolSize[2];
        sizes[0] = new VkDescriptorPoolSize { Type = VkFlags.DescriptorTypeStorageBuffer, DescriptorCount = (uint)Math.Max(1, maxBuffers) };
        sizes[1] = new VkDescriptorPoolSize { Type = VkFlags.DescriptorTypeUniformBuffer, DescriptorCount = (uint)Math.Max(1, maxSets) };
        var info = new VkDescriptorPoolCreateInfo
        {
            SType = VkStructureType.DescriptorPoolCreateInfo,
            MaxSets = (uint)Math.Max(1, maxSets),
            PoolSizeCount = 2,
            PPoolSizes = sizes,
        };
        ulong pool;
        device.Api.CreateDescriptorPool(&info, &pool);
        Handle = pool;
        device.SetName(VkObjectType.DescriptorPool, pool, name);
    }

    public ulong Handle { get; }

    /// <summary>Allocates a set for <paramref name="pipeline"/> and points binding i at <paramref name="buffers"/>[i] (whole buffers).</summary>
    public ulong Allocate(ComputePipeline pipeline, ReadOnlySpan<GpuBuffer> buffers)
    {
        if (buffers.Length != pipeline.BufferCount)
        {
            throw new ArgumentException($"{pipeline} takes {pipeline.BufferCount} buffers; {buffers.Length} were given.", nameof(buffers));
        }

        ulong layout = pipeline.SetLayout;
        var allocate = new VkDescriptorSetAllocateInfo
        {
            SType = VkStructureType.DescriptorSetAllocateInfo,
            DescriptorPool = Handle,
            DescriptorSetCount = 1,
            PSetLayouts = &layout,
        };
        ulong set;
        _device.Api.AllocateDescriptorSets(&allocate, &set);
        _device.SetName(VkObjectType.DescriptorSet, set, pipeline.Label + " set");
        var infos = stackalloc VkDescriptorBufferInfo[buffers.Length];
        var writes = stackalloc VkWriteDescriptorSet[buffers.Length];
        for (int i = 0; i < buffers.Length; i++)
        {
            infos[i] = new VkDescriptorBufferInfo { Buffer = buffers[i].Handle, Offset = 0, Range = ulong.MaxValue };
            writes[i] = new VkWriteDescriptorSet
            {
                SType = VkStructureType.WriteDescriptorSet,
                DstSet = set,
                DstBinding = (uint)i,
                DescriptorCount = 1,
                DescriptorType = pipeline.DescriptorType(i),
                PBufferInfo = &infos[i],
            };
        }

        _device.Api.UpdateDescriptorSets((uint)buffers.Length, writes, 0, null);
        return set;
    }

    public void Dispose() => _device.Api.DestroyDescriptorPool(Handle);
}
