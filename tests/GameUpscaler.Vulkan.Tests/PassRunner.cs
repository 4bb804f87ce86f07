using Silk.NET.Vulkan;
namespace GameUpscaler.Vulkan.Tests;

/// <summary>Runs a single compute pass on buffers the test fills, the way the context records it, and reads one back.</summary>
internal static unsafe class PassRunner
{
    /// <summary>A buffer binding: float data stored as fp32 or fp16, or raw 32-bit words, or an output of a size.</summary>
    public sealed record Binding(float[]? Floats = null, bool Half = false, uint[]? Words = null, int OutputBytes = 0);

    public static byte[] Run(
        VulkanDevice device, string shader, uint[] specialization, uint[] pushConstants, (uint X, uint Y, uint Z) groups,
        Binding[] bindings, int readBinding, uint uniformMask = 0)
    {
        var buffers = new GpuBuffer[bindings.Length];
        try
        {
            for (int i = 0; i < bindings.Length; i++)
            {
                Binding b = bindings[i];
                int bytes = b.Floats is not null ? b.Floats.Length * (b.Half ? 2 : 4) : b.Words is not null ? b.Words.Length * 4 : b.OutputBytes;
                buffers[i] = new GpuBuffer(device, (ulong)bytes, $"test binding {i}", hostVisible: true);
                if (b.Floats is not null)
                {
                    WeightPacking.Upload(buffers[i], b.Floats, b.Half);
                }
                else if (b.Words is not null)
                {
                    buffers[i].Upload<uint>(b.Words);
                }
            }

            using var pipeline = new ComputePipeline(device, shader, bindings.Length, pushConstants.Length * 4, specialization, "test " + shader, uniformMask);
            using var arena = new DescriptorArena(device, 1, bindings.Length, "test descriptors");
            BoundDescriptorSet set = arena.Allocate(pipeline, buffers);
            var pass = new ComputePass("test", pipeline, set, groups.X, groups.Y, groups.Z, pushConstants);
            device.SubmitAndWait(cb =>
            {
                ComputePass.RecordAll(device.Api, cb, [pass], 0);
                ComputePass.Barrier(device.Api, cb, PipelineStageFlags.ComputeShaderBit, AccessFlags.ShaderWriteBit,
                    PipelineStageFlags.HostBit, AccessFlags.HostReadBit);
            });
            GpuBuffer read = buffers[readBinding];
            return new ReadOnlySpan<byte>(read.Mapped, (int)read.Size).ToArray();
        }
        finally
        {
            foreach (GpuBuffer? buffer in buffers)
            {
                buffer?.Dispose();
            }
        }
    }

    public static float[] AsFloats(byte[] bytes, bool half, int count)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = half ? (float)BitConverter.ToHalf(bytes, i * 2) : BitConverter.ToSingle(bytes, i * 4);
        }

        return values;
    }
}
