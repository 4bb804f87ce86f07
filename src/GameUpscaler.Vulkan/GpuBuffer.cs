using Silk.NET.Vulkan;

namespace GameUpscaler.Vulkan;

/// <summary>
/// A storage buffer with its own memory. Host-visible buffers stay mapped; device-local ones are filled through a
/// staging copy. Disposing destroys at once: owners dispose only after the GPU work that used the buffer is done
/// (contexts wait for their last frame in Dispose).
/// </summary>
internal sealed unsafe class GpuBuffer : IDisposable
{
    private readonly VulkanDevice _device;
    private bool _disposed;

    public GpuBuffer(VulkanDevice device, ulong size, string name, bool hostVisible)
    {
        _device = device;
        Size = Math.Max(size, 16);
        if (Size > device.MaxStorageBufferRange)
        {
            throw new UpscalerException(
                UpscalerErrorCode.OutOfMemory,
                $"Buffer '{name}' needs {Size} bytes; the device's largest storage buffer is {device.MaxStorageBufferRange} bytes. Use a smaller render size or model.");
        }

        var info = new BufferCreateInfo
        {
            SType = StructureType.BufferCreateInfo,
            Size = Size,
            Usage = BufferUsageFlags.StorageBufferBit | BufferUsageFlags.UniformBufferBit | BufferUsageFlags.TransferSrcBit | BufferUsageFlags.TransferDstBit,
        };
        ulong buffer;
        device.Api.CreateBuffer(&info, &buffer);
        Handle = buffer;
        try
        {
            MemoryRequirements requirements;
            device.Api.GetBufferMemoryRequirements(buffer, &requirements);
            uint type = hostVisible
                ? device.FindMemoryType(requirements.MemoryTypeBits, MemoryPropertyFlags.HostVisibleBit | MemoryPropertyFlags.HostCoherentBit, MemoryPropertyFlags.DeviceLocalBit)
                : device.FindMemoryType(requirements.MemoryTypeBits, MemoryPropertyFlags.DeviceLocalBit, MemoryPropertyFlags.DeviceLocalBit);
            var allocate = new MemoryAllocateInfo { SType = StructureType.MemoryAllocateInfo, AllocationSize = requirements.Size, MemoryTypeIndex = type };
            ulong memory;
            device.Api.AllocateMemory(&allocate, &memory);
            Memory = memory;
            device.Api.BindBufferMemory(buffer, memory, 0);
            if (device.IsHostVisible(type))
            {
                void* mapped;
                device.Api.MapMemory(memory, 0, ulong.MaxValue, 0, &mapped);
                Mapped = (byte*)mapped;
            }
        }
        catch
        {
            Dispose();
            throw;
        }

        device.SetName(ObjectType.Buffer, buffer, name);
        device.SetName(ObjectType.DeviceMemory, Memory, name + " memory");
    }

    public ulong Handle { get; }

    public ulong Memory { get; }

    public ulong Size { get; }

    /// <summary>The persistent mapping, or null for device-only memory.</summary>
    public byte* Mapped { get; }

    /// <summary>Copies bytes into the buffer (mapped write, or a staging buffer and a waited copy).</summary>
    public void Upload<T>(ReadOnlySpan<T> values, ulong offset = 0)
        where T : unmanaged
    {
        ReadOnlySpan<byte> bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(values);
        if (offset + (ulong)bytes.Length > Size)
        {
            throw new ArgumentOutOfRangeException(nameof(values), "The data does not fit the buffer.");
        }

        if (Mapped is not null)
        {
            bytes.CopyTo(new Span<byte>(Mapped + offset, bytes.Length));
            return;
        }

        using var staging = new GpuBuffer(_device, (ulong)bytes.Length, "staging upload", hostVisible: true);
        bytes.CopyTo(new Span<byte>(staging.Mapped, bytes.Length));
        ulong target = Handle;
        ulong length = (ulong)bytes.Length;
        _device.SubmitAndWait(cb =>
        {
            var region = new BufferCopy { SrcOffset = 0, DstOffset = offset, Size = length };
            _device.Api.CmdCopyBuffer(cb, staging.Handle, target, 1, &region);
        });
    }

    /// <summary>Copies the first <paramref name="target"/>.Length bytes of a host-visible buffer out (readbacks).</summary>
    public void CopyTo(Span<byte> target)
    {
        if (Mapped is null || (ulong)target.Length > Size)
        {
            throw new InvalidOperationException($"Only host-visible buffers can be read, and at most {Size} bytes.");
        }

        new ReadOnlySpan<byte>(Mapped, target.Length).CopyTo(target);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _device.Api.DestroyBuffer(Handle);
        if (Memory != 0)
        {
            _device.Api.FreeMemory(Memory);
        }
    }
}
