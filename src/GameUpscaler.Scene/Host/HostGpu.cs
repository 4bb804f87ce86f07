using Silk.NET.Vulkan;
using SilkVk = Silk.NET.Vulkan.Vk;
using Semaphore = Silk.NET.Vulkan.Semaphore;

namespace GameUpscaler.Scene.Host;

/// <summary>
/// The game side of Vulkan, as an engine has it: Silk.NET calls on the host's own device, with nothing from the
/// upscaler's internals. It takes the device as handles (as <see cref="Vulkan.VulkanDevice.FromHost"/> does the other
/// way round), owns a command pool and a fence for one-off submissions, and checks every VkResult.
/// </summary>
public sealed unsafe class HostGpu : IDisposable
{
    private readonly CommandPool _pool;
    private readonly Fence _fence;
    private readonly PhysicalDeviceMemoryProperties _memory;

    /// <param name="physicalDevice">The VkPhysicalDevice.</param>
    /// <param name="device">The VkDevice.</param>
    /// <param name="queue">A queue with compute and transfer support.</param>
    /// <param name="queueFamily">Its family.</param>
    public HostGpu(nint physicalDevice, nint device, nint queue, uint queueFamily)
    {
        Vk = SilkVk.GetApi();
        PhysicalDevice = new PhysicalDevice(physicalDevice);
        Device = new Device(device);
        Queue = new Queue(queue);
        PhysicalDeviceMemoryProperties memory;
        Vk.GetPhysicalDeviceMemoryProperties(PhysicalDevice, &memory);
        _memory = memory;
        var poolInfo = new CommandPoolCreateInfo
        {
            SType = StructureType.CommandPoolCreateInfo,
            Flags = CommandPoolCreateFlags.ResetCommandBufferBit,
            QueueFamilyIndex = queueFamily,
        };
        CommandPool pool;
        Check(Vk.CreateCommandPool(Device, &poolInfo, null, &pool), "vkCreateCommandPool");
        _pool = pool;
        var fenceInfo = new FenceCreateInfo { SType = StructureType.FenceCreateInfo };
        Fence fence;
        Check(Vk.CreateFence(Device, &fenceInfo, null, &fence), "vkCreateFence");
        _fence = fence;
    }

    /// <summary>Silk.NET's Vulkan API object.</summary>
    public SilkVk Vk { get; }

    public PhysicalDevice PhysicalDevice { get; }

    public Device Device { get; }

    public Queue Queue { get; }

    /// <summary>Throws when a Vulkan call failed, naming the call and its result.</summary>
    /// <exception cref="InvalidOperationException">The result is an error.</exception>
    public static void Check(Result result, string call)
    {
        if (result < 0)
        {
            throw new InvalidOperationException($"{call} failed: {result}.");
        }
    }

    /// <summary>Records <paramref name="record"/> into a fresh command buffer, submits it and waits for it.</summary>
    public void SubmitAndWait(Action<CommandBuffer> record) => RecordOneTime(record, submit: true, default, 0, default);

    /// <summary>
    /// As <see cref="SubmitAndWait(Action{CommandBuffer})"/>, with the submission waiting on <paramref name="wait"/> at
    /// <paramref name="waitStage"/> and signalling <paramref name="signal"/> (a swapchain image's acquire and present).
    /// </summary>
    public void SubmitAndWait(Action<CommandBuffer> record, Semaphore wait, PipelineStageFlags waitStage, Semaphore signal) =>
        RecordOneTime(record, submit: true, wait, waitStage, signal);

    /// <summary>
    /// Records <paramref name="record"/> into a command buffer that is never submitted, then discards it: what a
    /// render thread pays to record work (benchmarks of recording cost).
    /// </summary>
    public void RecordOnly(Action<CommandBuffer> record) => RecordOneTime(record, submit: false, default, 0, default);

    private void RecordOneTime(Action<CommandBuffer> record, bool submit, Semaphore wait, PipelineStageFlags waitStage, Semaphore signal)
    {
        var allocate = new CommandBufferAllocateInfo
        {
            SType = StructureType.CommandBufferAllocateInfo,
            CommandPool = _pool,
            Level = CommandBufferLevel.Primary,
            CommandBufferCount = 1,
        };
        CommandBuffer cb;
        Check(Vk.AllocateCommandBuffers(Device, &allocate, &cb), "vkAllocateCommandBuffers");
        try
        {
            var begin = new CommandBufferBeginInfo { SType = StructureType.CommandBufferBeginInfo, Flags = CommandBufferUsageFlags.OneTimeSubmitBit };
            Check(Vk.BeginCommandBuffer(cb, &begin), "vkBeginCommandBuffer");
            record(cb);
            Check(Vk.EndCommandBuffer(cb), "vkEndCommandBuffer");
            if (submit)
            {
                var info = new SubmitInfo
                {
                    SType = StructureType.SubmitInfo,
                    CommandBufferCount = 1,
                    PCommandBuffers = &cb,
                    WaitSemaphoreCount = wait.Handle != 0 ? 1u : 0u,
                    PWaitSemaphores = &wait,
                    PWaitDstStageMask = &waitStage,
                    SignalSemaphoreCount = signal.Handle != 0 ? 1u : 0u,
                    PSignalSemaphores = &signal,
                };
                Fence fence = _fence;
                Check(Vk.ResetFences(Device, 1, &fence), "vkResetFences");
                Check(Vk.QueueSubmit(Queue, 1, &info, fence), "vkQueueSubmit");
                Check(Vk.WaitForFences(Device, 1, &fence, true, ulong.MaxValue), "vkWaitForFences");
            }
        }
        finally
        {
            Vk.FreeCommandBuffers(Device, _pool, 1, &cb);
        }
    }

    /// <summary>Allocates memory for <paramref name="requirements"/> with the wanted properties; device-local falls back to any type.</summary>
    internal DeviceMemory Allocate(MemoryRequirements requirements, MemoryPropertyFlags wanted)
    {
        int index = FindMemoryType(requirements.MemoryTypeBits, wanted);
        if (index < 0 && (wanted & MemoryPropertyFlags.HostVisibleBit) == 0)
        {
            index = FindMemoryType(requirements.MemoryTypeBits, 0);
        }

        if (index < 0)
        {
            throw new InvalidOperationException($"No memory type fits (types 0x{requirements.MemoryTypeBits:x}, wanted {wanted}).");
        }

        var info = new MemoryAllocateInfo { SType = StructureType.MemoryAllocateInfo, AllocationSize = requirements.Size, MemoryTypeIndex = (uint)index };
        DeviceMemory memory;
        Check(Vk.AllocateMemory(Device, &info, null, &memory), "vkAllocateMemory");
        return memory;
    }

    private int FindMemoryType(uint allowedTypes, MemoryPropertyFlags wanted)
    {
        for (int i = 0; i < _memory.MemoryTypeCount; i++)
        {
            if ((allowedTypes & (1u << i)) != 0 && (_memory.MemoryTypes[i].PropertyFlags & wanted) == wanted)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>A layout transition of a whole colour image with the given access scopes.</summary>
    public void ImageBarrier(
        CommandBuffer cb, Image image, ImageLayout from, ImageLayout to, PipelineStageFlags srcStage, AccessFlags srcAccess,
        PipelineStageFlags dstStage, AccessFlags dstAccess)
    {
        var barrier = new ImageMemoryBarrier
        {
            SType = StructureType.ImageMemoryBarrier,
            SrcAccessMask = srcAccess,
            DstAccessMask = dstAccess,
            OldLayout = from,
            NewLayout = to,
            SrcQueueFamilyIndex = SilkVk.QueueFamilyIgnored,
            DstQueueFamilyIndex = SilkVk.QueueFamilyIgnored,
            Image = image,
            SubresourceRange = new ImageSubresourceRange { AspectMask = ImageAspectFlags.ColorBit, LevelCount = 1, LayerCount = 1 },
        };
        Vk.CmdPipelineBarrier(cb, srcStage, dstStage, 0, 0, null, 0, null, 1, &barrier);
    }

    public void Dispose()
    {
        Vk.DestroyFence(Device, _fence, null);
        Vk.DestroyCommandPool(Device, _pool, null);
    }
}
