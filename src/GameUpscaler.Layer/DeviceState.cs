using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using GameUpscaler.Vulkan;
using Silk.NET.Vulkan;

namespace GameUpscaler.Layer;

/// <summary>
/// A device the layer sits in: the next layer's functions, the queue families of the queues the game took, its
/// swapchains, and what presents need (a backend device wrapper made at the first present, command pools per queue
/// family, a ring of fences, one per present in flight).
/// </summary>
internal sealed unsafe class DeviceState
{
    /// <summary>Presents in flight before the layer waits for the oldest one's upscale (each holds one fence).</summary>
    public const int PresentsInFlight = 3;

    private static int s_chainBound;
    private static DeviceState? s_latest;
    private static Vk? s_vk;

    private readonly ConcurrentDictionary<string, nint> _functions = new(StringComparer.Ordinal);
    private readonly Dictionary<uint, ulong> _pools = [];
    private readonly ulong[] _fences = new ulong[PresentsInFlight];
    private readonly bool[] _submitted = new bool[PresentsInFlight];

    public DeviceState(InstanceState instance, nint physicalDevice, nint device, nint nextGetDeviceProcAddr, nint setDeviceLoaderData)
    {
        Instance = instance;
        PhysicalDevice = physicalDevice;
        Device = device;
        NextGetDeviceProcAddr = nextGetDeviceProcAddr;
        SetDeviceLoaderData = setDeviceLoaderData;
        // The backend's function table is the process's; inside the layer it must resolve down the chain. Functions
        // are looked up through the newest live device (the driver's and the lower layers' functions are the same for
        // every device of a driver), so a game that destroys its device and makes a new one keeps a valid chain.
        s_latest = this;
        if (Interlocked.Exchange(ref s_chainBound, 1) == 0)
        {
            VulkanInterop.UseLayerChain(ResolveLive, (d, o) => MarkDispatchable(d, o));
            s_vk = new Vk(new Silk.NET.Core.Contexts.LamdaNativeContext(ResolveLive));
        }
    }

    public InstanceState Instance { get; }

    public nint PhysicalDevice { get; }

    public nint Device { get; }

    public nint NextGetDeviceProcAddr { get; }

    /// <summary>The loader's vkSetDeviceLoaderData (0 if the loader gave none).</summary>
    public nint SetDeviceLoaderData { get; }

    public ConcurrentDictionary<nint, uint> QueueFamilies { get; } = new();

    public ConcurrentDictionary<ulong, SwapchainUpscaler> Swapchains { get; } = new();

    /// <summary>Held while a present is recorded and submitted (pools and the fence ring are not thread-safe).</summary>
    public Lock Gate { get; } = new();

    /// <summary>The backend's view of the game's device, made at the first present (it needs a queue); null before, or if it failed.</summary>
    public VulkanDevice? Backend { get; private set; }

    public bool BackendFailed { get; private set; }

    public long Presents { get; private set; }

    /// <summary>
    /// Set when a call of the layer's own returned VK_ERROR_DEVICE_LOST: from then on presents go straight down the
    /// chain (the game learns of the loss from its own calls and recovers or quits as it would without the layer),
    /// and no summary waits on or reads from the device.
    /// </summary>
    public bool Lost { get; private set; }

    /// <summary>Marks the device lost and says so in the log, once (later presents no longer reach the layer's work).</summary>
    public void MarkLost(string cause)
    {
        Lost = true;
        LayerLog.Error($"the device was lost at present {Presents} ({cause}); the layer stops upscaling and hands every present to the driver, which tells the game");
    }

    /// <summary>Waits until the device is idle, unless it is lost; whether it is (so its timings may be read).</summary>
    public bool TryWaitIdle() => !Lost && Vk.DeviceWaitIdle(new Device(Device)) == Result.Success;

    /// <summary>The layer's own Vulkan calls, resolved down the chain like the backend's (bound by the first device).</summary>
    public static Vk Vk => s_vk ?? throw new InvalidOperationException("No device has bound the layer's function table yet.");

    /// <summary>Looks up, now, the next layer's versions of the intercepted device functions (see <see cref="InstanceState.ResolveIntercepted"/>).</summary>
    public void ResolveIntercepted()
    {
        foreach (string name in (string[])["vkDestroyDevice", "vkGetDeviceQueue", "vkGetDeviceQueue2", "vkCreateSwapchainKHR", "vkDestroySwapchainKHR", "vkGetSwapchainImagesKHR", "vkQueuePresentKHR"])
        {
            _ = Next(name);
        }
    }

    /// <summary>The next layer's device function, or 0.</summary>
    public nint Next(string name) => _functions.GetOrAdd(name, n => LoaderChain.Lookup(NextGetDeviceProcAddr, Device, n));

    /// <summary>The backend device for a present on <paramref name="queue"/>, made on first use; null when it cannot be made (logged once).</summary>
    public VulkanDevice? EnsureBackend(nint queue)
    {
        if (Backend is not null || BackendFailed)
        {
            return Backend;
        }

        try
        {
            Backend = VulkanDevice.FromHost(Instance.Instance, PhysicalDevice, Device, queue, FamilyOf(queue));
            LayerLog.Info($"device: {Backend.Info.Name}");
        }
        catch (Exception e)
        {
            BackendFailed = true;
            LayerLog.Error($"the upscaler cannot use this device ({e.Message}); frames are scaled by a plain blit");
        }

        return Backend;
    }

    public uint FamilyOf(nint queue) => QueueFamilies.TryGetValue(queue, out uint family) ? family : 0;

    /// <summary>A command pool of the queue's family, made on first use.</summary>
    public ulong Pool(nint queue)
    {
        uint family = FamilyOf(queue);
        if (!_pools.TryGetValue(family, out ulong pool))
        {
            var info = new CommandPoolCreateInfo
            {
                SType = StructureType.CommandPoolCreateInfo,
                Flags = CommandPoolCreateFlags.ResetCommandBufferBit,
                QueueFamilyIndex = family,
            };
            CommandPool created;
            Vk.CreateCommandPool(new Device(Device), &info, null, &created).Check("vkCreateCommandPool");
            pool = created.Handle;
            _pools[family] = pool;
        }

        return pool;
    }

    /// <summary>The next present's fence, after waiting for the present that used it <see cref="PresentsInFlight"/> presents ago.</summary>
    public (int Slot, ulong Fence) BeginPresent()
    {
        int slot = (int)(Presents % PresentsInFlight);
        if (_fences[slot] == 0)
        {
            var info = new FenceCreateInfo { SType = StructureType.FenceCreateInfo };
            Fence fence;
            Vk.CreateFence(new Device(Device), &info, null, &fence).Check("vkCreateFence");
            _fences[slot] = fence.Handle;
        }
        else if (_submitted[slot])
        {
            Fence fence = new(_fences[slot]);
            Vk.WaitForFences(new Device(Device), 1, &fence, true, ulong.MaxValue).Check("vkWaitForFences");
            Vk.ResetFences(new Device(Device), 1, &fence).Check("vkResetFences");
            _submitted[slot] = false;
        }

        return (slot, _fences[slot]);
    }

    /// <summary>Counts the present and remembers that its fence will be signalled.</summary>
    public void EndPresent(int slot, bool submitted)
    {
        _submitted[slot] = submitted;
        Presents++;
    }

    /// <summary>Waits for the fence of a slot if it was submitted (capture reads the frame back right away).</summary>
    public void WaitSlot(int slot)
    {
        if (_submitted[slot])
        {
            Fence fence = new(_fences[slot]);
            Vk.WaitForFences(new Device(Device), 1, &fence, true, ulong.MaxValue).Check("vkWaitForFences");
        }
    }

    /// <summary>Hands a dispatchable object the layer created (a command buffer) to the loader.</summary>
    public void MarkDispatchable(nint dispatchable) => MarkDispatchable(Device, dispatchable);

    /// <summary>Releases what the layer made on this device; the game's device itself is destroyed by the caller.</summary>
    public void Release()
    {
        foreach (SwapchainUpscaler swapchain in Swapchains.Values)
        {
            swapchain.Dispose();
        }

        Swapchains.Clear();
        foreach (ulong fence in _fences.Where(f => f != 0))
        {
            Vk.DestroyFence(new Device(Device), new Fence(fence), null);
        }

        foreach (ulong pool in _pools.Values)
        {
            Vk.DestroyCommandPool(new Device(Device), new CommandPool(pool), null);
        }

        _pools.Clear();
        Backend?.Dispose();
        Backend = null;
        if (s_latest == this)
        {
            s_latest = LayerEntry.Devices.Values.FirstOrDefault(d => d != this);
        }
    }

    private static void MarkDispatchable(nint device, nint dispatchable)
    {
        if (LayerEntry.Devices.TryGetValue(LoaderChain.Key(device), out DeviceState? state) && state.SetDeviceLoaderData != 0)
        {
            int result = ((delegate* unmanaged<nint, nint, int>)state.SetDeviceLoaderData)(device, dispatchable);
            if (result != 0)
            {
                throw new UpscalerException(UpscalerErrorCode.NativeCallFailed, $"vkSetDeviceLoaderData failed ({result}).");
            }
        }
    }

    private static nint ResolveLive(string name) =>
        s_latest?.Resolve(name) ?? throw new InvalidOperationException($"No live device to resolve {name} through.");

    private nint Resolve(string name)
    {
        if (name == "vkGetDeviceProcAddr")
        {
            return NextGetDeviceProcAddr;
        }

        if (name == "vkGetInstanceProcAddr")
        {
            return Instance.NextGetInstanceProcAddr;
        }

        nint function = Next(name);
        return function != 0 ? function : Instance.Next(name);
    }
}
