using GameUpscaler.Hooks;
using GameUpscaler.Imaging;
using GameUpscaler.Inference;
using GameUpscaler.Models;
using Silk.NET.Vulkan;

namespace GameUpscaler.Vulkan.Tests;

/// <summary>
/// Two frames in flight, as an engine double-buffers: both recorded into their own command buffers before either
/// runs, submitted together, and afterwards each frame's output is right and each frame's timings can be read (the
/// context keeps one query pool, and one set of host-image descriptors, per frame in flight). With one frame in
/// flight the host waits for each frame before recording the next, and the first frame's timings are gone.
/// </summary>
[Collection("Vulkan")]
public sealed unsafe class FramesInFlightTests(VulkanFixture fixture)
{
    [Theory]
    [InlineData(2)]
    [InlineData(1)]
    public void Two_frames_recorded_before_either_completes_both_come_out_right(int framesInFlight)
    {
        VulkanDevice device = fixture.Device;
        GeneratorWeights weights = GeneratorTests.RandomModel(2, channels: 4, bodyConvs: 1, seed: 21);
        var render = new Size2D(10, 8);
        var display = new Size2D(20, 16);
        PlanarImage[] colors = [TestData.Image(render.Width, render.Height, 3, seed: 22), TestData.Image(render.Width, render.Height, 3, seed: 23)];
        var description = new UpscalerContextDescription(render, display) { Flags = UpscalerContextFlags.EnableTimestamps, FramesInFlight = framesInFlight };
        using var context = VulkanUpscalerContext.Create(device, description, weights, VulkanPermutation.Float32,
            new VulkanImageLayouts(GpuImage.ShaderReadOnlyLayout, (uint)ImageLayout.TransferSrcOptimal));
        GpuImage[] inputs = [.. colors.Select((_, i) => new GpuImage(device, UpscalerFormat.R32G32B32A32Float, render, $"in-flight color {i}"))];
        GpuImage[] outputs = [.. colors.Select((_, i) => new GpuImage(device, UpscalerFormat.R32G32B32A32Float, display, $"in-flight output {i}"))];
        GpuBuffer[] uploads = [.. inputs.Select((image, i) => new GpuBuffer(device, (ulong)image.ByteCount, $"in-flight upload {i}", hostVisible: true))];
        GpuBuffer[] downloads = [.. outputs.Select((image, i) => new GpuBuffer(device, (ulong)image.ByteCount, $"in-flight download {i}", hostVisible: true))];
        VkDeviceApi api = device.Api;
        var poolInfo = new CommandPoolCreateInfo { SType = StructureType.CommandPoolCreateInfo, QueueFamilyIndex = device.QueueFamilyIndex };
        ulong pool;
        api.CreateCommandPool(&poolInfo, &pool);
        try
        {
            var allocate = new CommandBufferAllocateInfo { SType = StructureType.CommandBufferAllocateInfo, CommandPool = new CommandPool(pool), CommandBufferCount = 2 };
            nint* commandBuffers = stackalloc nint[2];
            api.AllocateCommandBuffers(&allocate, commandBuffers);
            for (int frame = 0; frame < 2; frame++)
            {
                uploads[frame].Upload<byte>(VulkanOfflineUpscaler.ToRgba32(colors[frame]));
                nint cb = commandBuffers[frame];
                var begin = new CommandBufferBeginInfo { SType = StructureType.CommandBufferBeginInfo, Flags = CommandBufferUsageFlags.OneTimeSubmitBit };
                api.BeginCommandBuffer(cb, &begin);
                inputs[frame].RecordUpload(cb, uploads[frame]);
                context.Dispatch(new UpscalerDispatchDescription(cb, inputs[frame].AsResource(), outputs[frame].AsResource(), render) { Sharpness = 0f });
                ComputePass.Barrier(api, cb, PipelineStageFlags.AllCommandsBit, AccessFlags.MemoryWriteBit, PipelineStageFlags.TransferBit, AccessFlags.TransferReadBit);
                outputs[frame].RecordDownload(cb, downloads[frame]);
                ComputePass.Barrier(api, cb, PipelineStageFlags.TransferBit, AccessFlags.TransferWriteBit, PipelineStageFlags.HostBit, AccessFlags.HostReadBit);
                api.EndCommandBuffer(cb);
                if (framesInFlight == 1)
                {
                    var one = new SubmitInfo { SType = StructureType.SubmitInfo, CommandBufferCount = 1, PCommandBuffers = (CommandBuffer*)&commandBuffers[frame] };
                    api.QueueSubmit(device.Queue, 1, &one, 0);
                    api.QueueWaitIdle(device.Queue);
                }
            }

            Assert.Equal(2, context.RecordedFrames);
            if (framesInFlight == 2)
            {
                var submit = new SubmitInfo { SType = StructureType.SubmitInfo, CommandBufferCount = 2, PCommandBuffers = (CommandBuffer*)commandBuffers };
                api.QueueSubmit(device.Queue, 1, &submit, 0);
                api.QueueWaitIdle(device.Queue);
            }

            for (int frame = 0; frame < 2; frame++)
            {
                PlanarImage expected = FrameReference.Upscale(weights, colors[frame], display, 0f, hdr: false, hud: null);
                PlanarImage actual = VulkanOfflineUpscaler.FromRgba32(new ReadOnlySpan<byte>(downloads[frame].Mapped, outputs[frame].ByteCount), display);
                TestData.AssertClose(expected.Data, actual.Data, TestData.Fp32Tolerance, $"frame {frame} of 2 in flight");
            }

            IReadOnlyList<UpscalerPassTiming> last = context.ReadTimings(1);
            Assert.Equal(["input", "conv 0", "conv 1", "reconstruct", "finish"], last.Select(t => t.Label));
            Assert.All(last, t => Assert.True(t.Milliseconds >= 0));
            if (framesInFlight == 2)
            {
                IReadOnlyList<UpscalerPassTiming> first = context.ReadTimings(0);
                Assert.Equal(last.Select(t => t.Label), first.Select(t => t.Label));
                Assert.All(first, t => Assert.True(t.Milliseconds >= 0));
            }
            else
            {
                var gone = Assert.Throws<InvalidOperationException>(() => context.ReadTimings(0));
                Assert.Contains("FramesInFlight", gone.Message, StringComparison.Ordinal);
            }

            fixture.AssertValidationSilent();
        }
        finally
        {
            api.DestroyCommandPool(pool);
            foreach (IDisposable item in inputs.Concat<IDisposable>(outputs).Concat(uploads).Concat(downloads))
            {
                item.Dispose();
            }
        }
    }
}
