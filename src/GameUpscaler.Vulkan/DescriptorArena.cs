using Silk.NET.Vulkan;

namespace GameUpscaler.Vulkan;

/// <summary>A descriptor pool sized for a known number of buffer sets, with set allocation and writes.</summary>
internal sealed unsafe class DescriptorArena : IDisposable
{
    private readonly VulkanDevice _device;

    public DescriptorArena(VulkanDevice device, int maxSets, int maxBuffers, string name)
    {
        _device = device;
        var sizes = stackalloc DescriptorPoolSize[2];
        sizes[0] = new DescriptorPoolSize { Type = DescriptorType.StorageBuffer, DescriptorCount = (uint)Math.Max(1, maxBuffers) };
        sizes[1] = new DescriptorPoolSize { Type = DescriptorType.UniformBuffer, DescriptorCount = (uint)Math.Max(1, maxSets) };
        var info = new DescriptorPoolCreateInfo
        {
            SType = StructureType.DescriptorPoolCreateInfo,
            MaxSets = (uint)Math.Max(1, maxSets),
            PoolSizeCount = 2,
            PPoolSizes = sizes,
        };
        ulong pool;
        device.Api.CreateDescriptorPool(&info, &pool);
        Handle = pool;
        device.SetName(ObjectType.DescriptorPool, pool, name);
    }

    public ulong Handle { get; }

    /// <summary>Allocates a set for <paramref name="pipeline"/> and points binding i at <paramref name="buffers"/>[i] (whole buffers).</summary>
    /// <returns>The set with its buffers, so the passes that use it can track what they read and write.</returns>
    public BoundDescriptorSet Allocate(ComputePipeline pipeline, ReadOnlySpan<GpuBuffer> buffers)
    {
        if (buffers.Length != pipeline.BufferCount)
        {
            throw new ArgumentException($"{pipeline} takes {pipeline.BufferCount} buffers; {buffers.Length} were given.", nameof(buffers));
        }

        ulong layout = pipeline.SetLayout;
        var allocate = new DescriptorSetAllocateInfo
        {
            SType = StructureType.DescriptorSetAllocateInfo,
            DescriptorPool = new DescriptorPool(Handle),
            DescriptorSetCount = 1,
            PSetLayouts = (DescriptorSetLayout*)&layout,
        };
        ulong set;
        _device.Api.AllocateDescriptorSets(&allocate, &set);
        _device.SetName(ObjectType.DescriptorSet, set, pipeline.Label + " set");
        var infos = stackalloc DescriptorBufferInfo[buffers.Length];
        var writes = stackalloc WriteDescriptorSet[buffers.Length];
        for (int i = 0; i < buffers.Length; i++)
        {
            infos[i] = new DescriptorBufferInfo { Buffer = new Silk.NET.Vulkan.Buffer(buffers[i].Handle), Offset = 0, Range = ulong.MaxValue };
            writes[i] = new WriteDescriptorSet
            {
                SType = StructureType.WriteDescriptorSet,
                DstSet = new DescriptorSet(set),
                DstBinding = (uint)i,
                DescriptorCount = 1,
                DescriptorType = pipeline.DescriptorTypeOf(i),
                PBufferInfo = &infos[i],
            };
        }

        _device.Api.UpdateDescriptorSets((uint)buffers.Length, writes, 0, null);
        return new BoundDescriptorSet(set, buffers.ToArray());
    }

    public void Dispose() => _device.Api.DestroyDescriptorPool(Handle);
}

/// <summary>A descriptor set and the buffers its bindings point at (binding i → Buffers[i]).</summary>
/// <param name="Handle">The VkDescriptorSet.</param>
/// <param name="Buffers">The buffers, in binding order.</param>
internal sealed record BoundDescriptorSet(ulong Handle, IReadOnlyList<GpuBuffer> Buffers);
