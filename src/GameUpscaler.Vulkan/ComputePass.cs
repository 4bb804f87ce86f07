using Silk.NET.Vulkan;

namespace GameUpscaler.Vulkan;

/// <summary>
/// One dispatch of a pass list (networks as data): a pipeline, its descriptor set, the workgroup counts and the
/// push constants. <see cref="RecordAll"/> is the generic loop every pass list goes through.
/// </summary>
/// <param name="Label">Name for timings and debugging.</param>
/// <param name="Pipeline">What runs.</param>
/// <param name="DescriptorSet">Its descriptor set and the buffers bound to it.</param>
/// <param name="GroupsX">Workgroups along x.</param>
/// <param name="GroupsY">Workgroups along y.</param>
/// <param name="GroupsZ">Workgroups along z.</param>
/// <param name="PushConstants">32-bit push-constant words (floats as their bits).</param>
internal sealed record ComputePass(
    string Label, ComputePipeline Pipeline, BoundDescriptorSet DescriptorSet, uint GroupsX, uint GroupsY, uint GroupsZ, uint[] PushConstants)
{
    /// <summary>Workgroups of 8 × 8 covering a width × height grid.</summary>
    public static (uint X, uint Y) Groups8x8(int width, int height) => ((uint)((width + 7) / 8), (uint)((height + 7) / 8));

    /// <summary>
    /// Records the passes in order and, when a query pool is given, a timestamp before the first pass and after each
    /// one (query i + 1 ends pass i). Barriers come from tracked state, as the best backends place them: each
    /// binding's access is known from its shader (<c>readonly</c>/<c>writeonly</c>, <see cref="ShaderAccess"/>), and a
    /// barrier is recorded only before a pass that reads or writes a buffer an earlier pass wrote (buffer memory
    /// barriers for the written buffers) or writes one an earlier pass read (an execution dependency); passes that
    /// touch disjoint buffers, or only read the same ones, follow each other without any. What the caller records
    /// after the list (copies) still needs its own barrier, as before.
    /// </summary>
    public static unsafe void RecordAll(VkDeviceApi api, nint commandBuffer, IReadOnlyList<ComputePass> passes, ulong queryPool)
    {
        if (queryPool != 0)
        {
            api.CmdResetQueryPool(commandBuffer, queryPool, 0, (uint)passes.Count + 1);
            api.CmdWriteTimestamp(commandBuffer, PipelineStageFlags.ComputeShaderBit, queryPool, 0);
        }

        // Accesses since the last barrier: buffers written (whose writes must be made visible) and buffers read.
        var written = new HashSet<GpuBuffer>(ReferenceEqualityComparer.Instance);
        var read = new HashSet<GpuBuffer>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < passes.Count; i++)
        {
            ComputePass pass = passes[i];
            IReadOnlyList<ShaderBinding> bindings = pass.Pipeline.Interface.Bindings;
            // Image bindings (null here) are host images; DispatchCore places their barriers around the list.
            IReadOnlyList<GpuBuffer?> buffers = pass.DescriptorSet.Buffers;
            bool hazard = false;
            for (int b = 0; b < buffers.Count; b++)
            {
                if (buffers[b] is not { } buffer)
                {
                    continue;
                }

                ShaderAccess access = bindings[b].Access;
                hazard |= written.Contains(buffer) || ((access & ShaderAccess.Write) != 0 && read.Contains(buffer));
            }

            if (hazard)
            {
                BufferBarriers(api, commandBuffer, written);
                written.Clear();
                read.Clear();
            }

            for (int b = 0; b < buffers.Count; b++)
            {
                if (buffers[b] is not { } buffer)
                {
                    continue;
                }

                ShaderAccess access = bindings[b].Access;
                if ((access & ShaderAccess.Write) != 0)
                {
                    written.Add(buffer);
                }

                if ((access & ShaderAccess.Read) != 0)
                {
                    read.Add(buffer);
                }
            }

            api.CmdBindPipeline(commandBuffer, PipelineBindPoint.Compute, pass.Pipeline.Handle);
            ulong set = pass.DescriptorSet.Handle;
            api.CmdBindDescriptorSets(commandBuffer, PipelineBindPoint.Compute, pass.Pipeline.Layout, 0, 1, &set, 0, null);
            if (pass.PushConstants.Length > 0)
            {
                fixed (uint* words = pass.PushConstants)
                {
                    api.CmdPushConstants(commandBuffer, pass.Pipeline.Layout, ShaderStageFlags.ComputeBit, 0, (uint)(pass.PushConstants.Length * 4), words);
                }
            }

            api.CmdDispatch(commandBuffer, pass.GroupsX, pass.GroupsY, pass.GroupsZ);
            if (queryPool != 0)
            {
                api.CmdWriteTimestamp(commandBuffer, PipelineStageFlags.ComputeShaderBit, queryPool, (uint)i + 1);
            }
        }
    }

    /// <summary>
    /// A compute→compute dependency making the writes to <paramref name="written"/> visible to later reads and writes
    /// (one buffer memory barrier each; with none, an execution dependency only, which is all a write-after-read needs).
    /// </summary>
    private static unsafe void BufferBarriers(VkDeviceApi api, nint commandBuffer, HashSet<GpuBuffer> written)
    {
        var barriers = stackalloc BufferMemoryBarrier[Math.Max(1, written.Count)];
        int count = 0;
        foreach (GpuBuffer buffer in written)
        {
            barriers[count++] = new BufferMemoryBarrier
            {
                SType = StructureType.BufferMemoryBarrier,
                SrcAccessMask = AccessFlags.ShaderWriteBit,
                DstAccessMask = AccessFlags.ShaderReadBit | AccessFlags.ShaderWriteBit,
                SrcQueueFamilyIndex = VulkanLoader.QueueFamilyIgnored,
                DstQueueFamilyIndex = VulkanLoader.QueueFamilyIgnored,
                Buffer = new Silk.NET.Vulkan.Buffer(buffer.Handle),
                Offset = 0,
                Size = ulong.MaxValue, // VK_WHOLE_SIZE
            };
        }

        api.CmdPipelineBarrier(
            commandBuffer, PipelineStageFlags.ComputeShaderBit, PipelineStageFlags.ComputeShaderBit, 0, 0, null, (uint)count, barriers, 0, null);
    }

    /// <summary>A layout transition of a whole colour image with the given access scopes.</summary>
    public static unsafe void ImageBarrier(
        VkDeviceApi api, nint commandBuffer, ulong image, ImageLayout oldLayout, ImageLayout newLayout, PipelineStageFlags srcStage, AccessFlags srcAccess,
        PipelineStageFlags dstStage, AccessFlags dstAccess)
    {
        var barrier = new ImageMemoryBarrier
        {
            SType = StructureType.ImageMemoryBarrier,
            SrcAccessMask = srcAccess,
            DstAccessMask = dstAccess,
            OldLayout = oldLayout,
            NewLayout = newLayout,
            SrcQueueFamilyIndex = VulkanLoader.QueueFamilyIgnored,
            DstQueueFamilyIndex = VulkanLoader.QueueFamilyIgnored,
            Image = new Image(image),
            SubresourceRange = new ImageSubresourceRange { AspectMask = ImageAspectFlags.ColorBit, LevelCount = 1, LayerCount = 1 },
        };
        api.CmdPipelineBarrier(commandBuffer, srcStage, dstStage, 0, 0, null, 0, null, 1, &barrier);
    }

    /// <summary>A global memory barrier (covers buffers and images).</summary>
    public static unsafe void Barrier(VkDeviceApi api, nint commandBuffer, PipelineStageFlags srcStage, AccessFlags srcAccess, PipelineStageFlags dstStage, AccessFlags dstAccess)
    {
        var barrier = new MemoryBarrier { SType = StructureType.MemoryBarrier, SrcAccessMask = srcAccess, DstAccessMask = dstAccess };
        api.CmdPipelineBarrier(commandBuffer, srcStage, dstStage, 0, 1, &barrier, 0, null, 0, null);
    }
}
