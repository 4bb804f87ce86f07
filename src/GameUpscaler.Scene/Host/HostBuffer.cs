using Silk.NET.Vulkan;

namespace GameUpscaler.Scene.Host;

/// <summary>A host-visible buffer for uploads and readbacks, mapped for its lifetime.</summary>
public sealed unsafe class HostBuffer : IDisposable
{
    private readonly HostGpu _gpu;
    private readonly DeviceMemory _memory;

    public HostBuffer(HostGpu gpu, long bytes, BufferUsageFlags usage)
    {
        _gpu = gpu;
        Bytes = bytes;
        var info = new BufferCreateInfo { SType = StructureType.BufferCreateInfo, Size = (ulong)bytes, Usage = usage, SharingMode = SharingMode.Exclusive };
        Silk.NET.Vulkan.Buffer buffer;
        HostGpu.Check(gpu.Vk.CreateBuffer(gpu.Device, &info, null, &buffer), "vkCreateBuffer");
        Handle = buffer;
        MemoryRequirements requirements;
        gpu.Vk.GetBufferMemoryRequirements(gpu.Device, buffer, &requirements);
        _memory = gpu.Allocate(requirements, MemoryPropertyFlags.HostVisibleBit | MemoryPropertyFlags.HostCoherentBit);
        HostGpu.Check(gpu.Vk.BindBufferMemory(gpu.Device, buffer, _memory, 0), "vkBindBufferMemory");
        void* mapped;
        HostGpu.Check(gpu.Vk.MapMemory(gpu.Device, _memory, 0, (ulong)bytes, 0, &mapped), "vkMapMemory");
        Mapped = (nint)mapped;
    }

    public Silk.NET.Vulkan.Buffer Handle { get; }

    public long Bytes { get; }

    /// <summary>The mapped memory.</summary>
    public nint Mapped { get; }

    /// <summary>The buffer's bytes (the caller waited for the GPU).</summary>
    public Span<byte> Span => new((void*)Mapped, checked((int)Bytes));

    public void Dispose()
    {
        _gpu.Vk.DestroyBuffer(_gpu.Device, Handle, null);
        _gpu.Vk.FreeMemory(_gpu.Device, _memory, null);
    }
}
