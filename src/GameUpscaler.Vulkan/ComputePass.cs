using GameUpscaler.Vulkan.Interop;

namespace GameUpscaler.Vulkan;

/// <summary>
/// One dispatch of a pass list (networks as data): a pipeline, its descriptor set, the workgroup counts and the
/// push constants. <see cref="RecordAll"/> is the generic loop every pass list goes through.
/// </summary>
/// <param name="Label">Name for timings and debugging.</param>
/// <param name="Pipeline">What runs.</param>
/// <param name="DescriptorSet">Its buffers.</param>
/// <param name="GroupsX">Workgroups along x.</param>
/// <param name="GroupsY">Workgroups along y.</param>
/// <param name="GroupsZ">Workgroups along z.</param>
/// <param name="PushConstants">32-bit push-constant words (floats as their bits).</param>
internal sealed record ComputePass(
    string Label, ComputePipeline Pipeline, ulong DescriptorSet, uint GroupsX, uint GroupsY, uint GroupsZ, uint[] PushConstants)
{
    /// <summary>Workgroups of 8 × 8 covering a width × height grid.</summary>
    public static (uint X, uint Y) Groups8x8(int width, int height) => ((uint)((width + 7) / 8), (uint)((height + 7) / 8));

    /// <summary>
    /// Records the passes in order with a compute→compute memory barrier between them and, when a query pool is
    /// given, a timestamp before the first pass and after each one (query i + 1 ends pass i).
    /// </summary>
    public static unsafe void RecordAll(VkDeviceApi api, nint commandBuffer, IReadOnlyList<ComputePass> passes, ulong queryPool)
    {
        if (queryPool != 0)
        {
            api.CmdResetQueryPool(commandBuffer, queryPool, 0, (uint)passes.Count + 1);
            api.CmdWriteTimestamp(commandBuffer, VkFlags.PipelineStageComputeShader, queryPool, 0);
        }

        for (int i = 0; i < passes.Count; i++)
        {
            ComputePass pass = passes[i];
            if (i > 0)
            {
                Barrier(api, commandBuffer, VkFlags.PipelineStageComputeShader, VkFlags.AccessShaderWrite, VkFlags.PipelineStageComputeShader, VkFlags.AccessShaderRead);
            }

            api.CmdBindPipeline(commandBuffer, 1 /* VK_PIPELINE_BIND_POINT_COMPUTE */, pass.Pipeline.Handle);
            ulong set = pass.DescriptorSet;
            api.CmdBindDescriptorSets(commandBuffer, 1, pass.Pipeline.Layout, 0, 1, &set, 0, null);
            if (pass.PushConstants.Length > 0)
            {
                fixed (uint* words = pass.PushConstants)
                {
                    api.CmdPushConstants(commandBuffer, pass.Pipeline.Layout, VkFlags.ShaderStageCompute, 0, (uint)(pass.PushConstants.Length * 4), words);
                }
            }

            api.CmdDispatch(commandBuffer, pass.GroupsX, pass.GroupsY, pass.GroupsZ);
            if (queryPool != 0)
            {
                api.CmdWriteTimestamp(commandBuffer, VkFlags.PipelineStageComputeShader, queryPool, (uint)i + 1);
            }
        }
    }

    /// <summary>A layout transition of a whole colour image with the given access scopes.</summary>
    public static unsafe void ImageBarrier(
        VkDeviceApi api, nint commandBuffer, ulong image, uint oldLayout, uint newLayout, uint srcStage, uint srcAccess, uint dstStage, uint dstAccess)
    {
        var barrier = new VkImageMemoryBarrier
        {
            SType = VkStructureType.ImageMemoryBarrier,
            SrcAccessMask = srcAccess,
            DstAccessMask = dstAccess,
            OldLayout = oldLayout,
            NewLayout = newLayout,
            SrcQueueFamilyIndex = VkFlags.QueueFamilyIgnored,
            DstQueueFamilyIndex = VkFlags.QueueFamilyIgnored,
            Image = image,
            SubresourceRange = new VkImageSubresourceRange { AspectMask = VkFlags.ImageAspectColor, LevelCount = 1, LayerCount = 1 },
        };
        api.CmdPipelineBarrier(commandBuffer, srcStage, dstStage, 0, 0, null, 0, null, 1, &barrier);
    }

    /// <summary>A global memory barrier (covers buffers and images).</summary>
    public static unsafe void Barrier(VkDeviceApi api, nint commandBuffer, uint srcStage, uint srcAccess, uint dstStage, uint dstAccess)
    {
        var barrier = new VkMemoryBarrier { SType = VkStructureType.MemoryBarrier, SrcAccessMask = srcAccess, DstAccessMask = dstAccess };
        api.CmdPipelineBarrier(commandBuffer, srcStage, dstStage, 0, 1, &barrier, 0, null, 0, null);
    }
}
