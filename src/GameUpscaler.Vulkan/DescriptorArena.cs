using Silk.NET.Vulkan;

namespace GameUpscaler.Vulkan;

/// <summary>
/// A descriptor pool sized for a known number of sets, with set allocation and writes. Buffers are written once at
/// allocation; image bindings (host images, which change per frame) are written by <see cref="WriteImage"/>.
/// </summary>
internal sealed unsafe class DescriptorArena : IDisposable
{
    private readonly VulkanDevice _device;

    public DescriptorArena(VulkanDevice device, int maxSets, int maxBuffers, string name, int maxImages = 0)
    {
        _device = device;
        var sizes = stackalloc DescriptorPoolSize[4];
        sizes[0] = new DescriptorPoolSize { Type = DescriptorType.StorageBuffer, DescriptorCount = (uint)Math.Max(1, maxBuffers) };
        sizes[1] = new DescriptorPoolSize { Type = DescriptorType.UniformBuffer, DescriptorCount = (uint)Math.Max(1, maxSets) };
        sizes[2] = new DescriptorPoolSize { Type = DescriptorType.CombinedImageSampler, DescriptorCount = (uint)Math.Max(1, maxImages) };
        sizes[3] = new DescriptorPoolSize { Type = DescriptorType.StorageImage, DescriptorCount = (uint)Math.Max(1, maxImages) };
        var info = new DescriptorPoolCreateInfo
        {
            SType = StructureType.DescriptorPoolCreateInfo,
            MaxSets = (uint)Math.Max(1, maxSets),
            PoolSizeCount = 4,
            PPoolSizes = sizes,
        };
        ulong pool;
        device.Api.CreateDescriptorPool(&info, &pool);
        Handle = pool;
        device.SetName(ObjectType.DescriptorPool, pool, name);
    }

    public ulong Handle { get; }

    /// <summary>
    /// Allocates a set for <paramref name="pipeline"/> and points binding i at <paramref name="buffers"/>[i] (whole
    /// buffers); a null entry is an image binding, written later with <see cref="WriteImage"/>.
    /// </summary>
    /// <returns>The set with its buffers, so the passes that use it can track what they read and write.</returns>
    public BoundDescriptorSet Allocate(ComputePipeline pipeline, ReadOnlySpan<GpuBuffer?> buffers)
    {
        if (buffers.Length != pipeline.BufferCount)
        {
            throw new ArgumentException($"{pipeline} takes {pipeline.BufferCount} buffers; {buffers.Length} were given.", nameof(buffers));
        }

        // Checked before the set is taken from the pool, so a refused call leaves the pool as it was.
        for (int i = 0; i < buffers.Length; i++)
        {
            bool imageBinding = pipeline.DescriptorTypeOf(i) is DescriptorType.CombinedImageSampler or DescriptorType.StorageImage;
            if (imageBinding != buffers[i] is null)
            {
                throw new ArgumentException(
                    $"{pipeline} binding {i} is {(imageBinding ? "an image (pass null, then WriteImage)" : "a buffer (pass the buffer)")}.", nameof(buffers));
            }
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
        uint count = 0;
        for (int i = 0; i < buffers.Length; i++)
        {
            if (buffers[i] is not { } buffer)
            {
                continue;
            }

            infos[i] = new DescriptorBufferInfo { Buffer = new Silk.NET.Vulkan.Buffer(buffer.Handle), Offset = 0, Range = ulong.MaxValue };
            writes[count++] = new WriteDescriptorSet
            {
                SType = StructureType.WriteDescriptorSet,
                DstSet = new DescriptorSet(set),
                DstBinding = (uint)i,
                DescriptorCount = 1,
                DescriptorType = pipeline.DescriptorTypeOf(i),
                PBufferInfo = &infos[i],
            };
        }

        _device.Api.UpdateDescriptorSets(count, writes, 0, null);
        return new BoundDescriptorSet(set, pipeline, buffers.ToArray());
    }

    /// <summary>
    /// Points an image binding of <paramref name="set"/> at <paramref name="view"/> (with <paramref name="sampler"/>
    /// for a sampled image), in <paramref name="layout"/> when the pass runs. The set must not be in use by the GPU.
    /// </summary>
    public void WriteImage(BoundDescriptorSet set, int binding, ulong view, ulong sampler, ImageLayout layout)
    {
        var image = new DescriptorImageInfo { Sampler = new Sampler(sampler), ImageView = new ImageView(view), ImageLayout = layout };
        var write = new WriteDescriptorSet
        {
            SType = StructureType.WriteDescriptorSet,
            DstSet = new DescriptorSet(set.Handle),
            DstBinding = (uint)binding,
            DescriptorCount = 1,
            DescriptorType = set.Pipeline.DescriptorTypeOf(binding),
            PImageInfo = &image,
        };
        _device.Api.UpdateDescriptorSets(1, &write, 0, null);
    }

    public void Dispose() => _device.Api.DestroyDescriptorPool(Handle);
}

/// <summary>A descriptor set and the buffers its bindings point at (binding i → Buffers[i]; null for an image binding).</summary>
/// <param name="Handle">The VkDescriptorSet.</param>
/// <param name="Pipeline">The pipeline whose layout it was allocated with.</param>
/// <param name="Buffers">The buffers, in binding order.</param>
internal sealed record BoundDescriptorSet(ulong Handle, ComputePipeline Pipeline, IReadOnlyList<GpuBuffer?> Buffers);
