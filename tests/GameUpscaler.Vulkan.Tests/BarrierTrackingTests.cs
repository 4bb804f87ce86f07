using GameUpscaler.Imaging;
using GameUpscaler.Inference;
using GameUpscaler.Models;

namespace GameUpscaler.Vulkan.Tests;

/// <summary>
/// Barriers from tracked state: bindings know from their shader whether they are read or written, and a pass list
/// gets a barrier only where a pass depends on an earlier one. Synchronization validation (which sees hazards a
/// serial CPU device hides) checks that the barriers that remain are enough for a whole generator frame.
/// </summary>
[Collection("Vulkan")]
public sealed class BarrierTrackingTests(VulkanFixture fixture)
{
    [Fact]
    public void Readonly_and_writeonly_reach_the_reflected_bindings()
    {
        ShaderInterface conv = ShaderInterface.Reflect(ShaderLibrary.Get("conv3x3_fp32"), "conv3x3_fp32");
        Assert.Equal([ShaderAccess.Read, ShaderAccess.Write, ShaderAccess.Read, ShaderAccess.Read], conv.Bindings.Select(b => b.Access));
        ShaderInterface finish = ShaderInterface.Reflect(ShaderLibrary.Get("finish"), "finish");
        Assert.Equal([ShaderAccess.Read, ShaderAccess.Read, ShaderAccess.Write], finish.Bindings.Select(b => b.Access));
    }

    [Fact]
    public void Independent_passes_get_no_barrier_and_a_dependent_one_gets_one()
    {
        VulkanDevice device = fixture.Device;
        const int side = 8;
        ulong bytes = side * side * 16;
        GpuBuffer[] buffers = [.. Enumerable.Range(0, 5).Select(i => new GpuBuffer(device, bytes, $"barrier test {i}", hostVisible: true))];
        try
        {
            buffers[0].Upload<float>(TestData.Uniform(side * side * 4, seed: 1));
            buffers[2].Upload<float>(TestData.Uniform(side * side * 4, seed: 2));
            using var pipeline = new ComputePipeline(device, "resample", 2, 16, [], "barrier test resample");
            using var arena = new DescriptorArena(device, 3, 6, "barrier test descriptors");
            uint[] push = [side, side, side, side];
            ComputePass Pass(int from, int to) => new($"{from}->{to}", pipeline, arena.Allocate(pipeline, [buffers[from], buffers[to]]), 1, 1, 1, push);
            ComputePass[] passes = [Pass(0, 1), Pass(2, 3), Pass(1, 4)]; // 0→1 and 2→3 are independent; 1→4 reads what the first wrote

            long before = device.Api.BarrierCount;
            device.SubmitAndWait(cb =>
            {
                ComputePass.RecordAll(device.Api, cb, passes, 0);
                ComputePass.Barrier(device.Api, cb, Silk.NET.Vulkan.PipelineStageFlags.ComputeShaderBit, Silk.NET.Vulkan.AccessFlags.ShaderWriteBit,
                    Silk.NET.Vulkan.PipelineStageFlags.HostBit, Silk.NET.Vulkan.AccessFlags.HostReadBit);
            });

            Assert.Equal(2, device.Api.BarrierCount - before); // one inside the list (before 1→4), one to the host
            float[] copied = new float[side * side * 4];
            buffers[4].CopyTo(System.Runtime.InteropServices.MemoryMarshal.AsBytes(copied.AsSpan()));
            float[] source = new float[side * side * 4];
            buffers[0].CopyTo(System.Runtime.InteropServices.MemoryMarshal.AsBytes(source.AsSpan()));
            TestData.AssertClose(source, copied, TestData.Fp32Tolerance, "a same-size resample of a same-size resample is the source");
            fixture.AssertValidationSilent();
        }
        finally
        {
            foreach (GpuBuffer buffer in buffers)
            {
                buffer.Dispose();
            }
        }
    }

    [Fact]
    public void A_whole_generator_frame_is_free_of_hazards_under_synchronization_validation()
    {
        using VulkanDevice device = VulkanDevice.Create(new VulkanDeviceOptions
        {
            EnableValidation = true,
            EnableSynchronizationValidation = true,
            PipelineCacheDirectory = VulkanFixture.CacheDirectory,
        });
        GeneratorWeights weights = GeneratorTests.RandomModel(2, channels: 8, bodyConvs: 2, seed: 3);
        var display = new Size2D(24, 18);
        PlanarImage color = TestData.Image(16, 12, 3, seed: 4); // ratio 1.5: the resample pass runs too
        PlanarImage expected = FrameReference.Upscale(weights, color, display, 0.3f, hdr: false, hud: null);

        using var upscaler = new VulkanOfflineUpscaler(device, weights, VulkanPermutation.Float32);
        PlanarImage actual = upscaler.Upscale(color, display, 0.3f);

        TestData.AssertClose(expected.Data, actual.Data, TestData.Fp32Tolerance, "generator frame under synchronization validation");
        string[] messages = [.. device.ValidationMessages];
        Assert.True(messages.Length == 0, "Synchronization validation reported:\n" + string.Join("\n", messages));
    }
}
