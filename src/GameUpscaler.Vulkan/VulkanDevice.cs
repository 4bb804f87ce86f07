using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using GameUpscaler.Vulkan.Interop;
using Silk.NET.Vulkan;

namespace GameUpscaler.Vulkan;

/// <summary>
/// A Vulkan device the backend runs on: either created here with its own instance (tools, tests, the CLI) or
/// handed in by a host engine (<see cref="FromHost"/>, the plugin case), in which case the host keeps ownership.
/// </summary>
/// <remarks>
/// Not thread-safe: record and submit from one thread at a time (as Vulkan requires for one queue).
/// </remarks>
public sealed unsafe class VulkanDevice : IDisposable
{
    private readonly bool _ownsDevice;
    private readonly VkDebugUtilsApi? _debugUtils;
    private readonly ulong _messenger;
    private readonly GCHandle _sinkHandle;
    private readonly ConcurrentQueue<string> _validationMessages = new();
    private readonly PhysicalDeviceMemoryProperties _memory;
    private readonly ConcurrentDictionary<UpscalerFormat, (bool Storage, bool Sampled)> _formatSupport = new();
    private ulong _commandPool;
    private nint _commandBuffer;
    private ulong _fence;
    private bool _disposed;

    private VulkanDevice(
        nint instance, nint physicalDevice, nint device, nint queue, uint queueFamily, VulkanDeviceInfo info,
        bool ownsDevice, VkDebugUtilsApi? debugUtils, ulong messenger, GCHandle sinkHandle,
        bool float16Storage, bool float16Arithmetic, string? pipelineCacheDirectory)
    {
        Instance = instance;
        PhysicalDevice = physicalDevice;
        Queue = queue;
        QueueFamilyIndex = queueFamily;
        Info = info;
        _ownsDevice = ownsDevice;
        _debugUtils = debugUtils;
        _messenger = messenger;
        _sinkHandle = sinkHandle;
        Float16Storage = float16Storage;
        Float16Arithmetic = float16Arithmetic;
        Api = new VkDeviceApi(device);
        PhysicalDeviceMemoryProperties memory;
        VulkanLoader.GetPhysicalDeviceMemoryProperties(physicalDevice, &memory);
        _memory = memory;
        PhysicalDeviceProperties properties;
        VulkanLoader.GetPhysicalDeviceProperties(physicalDevice, &properties);
        MaxStorageBufferRange = properties.Limits.MaxStorageBufferRange;
        MaxUniformBufferRange = properties.Limits.MaxUniformBufferRange;
        MaxWorkGroupCount = (properties.Limits.MaxComputeWorkGroupCount[0], properties.Limits.MaxComputeWorkGroupCount[1], properties.Limits.MaxComputeWorkGroupCount[2]);
        PipelineCache = new PipelineCacheStore(this, properties, pipelineCacheDirectory);
    }

    /// <summary>The device's description.</summary>
    public VulkanDeviceInfo Info { get; }

    /// <summary>The VkInstance handle.</summary>
    public nint Instance { get; }

    /// <summary>The VkPhysicalDevice handle.</summary>
    public nint PhysicalDevice { get; }

    /// <summary>The VkDevice handle.</summary>
    public nint Handle => Api.Device;

    /// <summary>The VkQueue the backend submits its own work to (uploads, tools).</summary>
    public nint Queue { get; }

    /// <summary>The queue family of <see cref="Queue"/> (it supports compute).</summary>
    public uint QueueFamilyIndex { get; }

    /// <summary>Whether fp16 storage (storageBuffer16BitAccess) is enabled on this device.</summary>
    public bool Float16Storage { get; }

    /// <summary>Whether fp16 arithmetic (shaderFloat16) is enabled on this device.</summary>
    public bool Float16Arithmetic { get; }

    /// <summary>Validation-layer warnings and errors received so far (empty without validation).</summary>
    public IReadOnlyCollection<string> ValidationMessages => _validationMessages;

    /// <summary>Whether the Khronos validation layer is active on this device.</summary>
    public bool IsValidationEnabled => _messenger != 0;

    internal VkDeviceApi Api { get; }

    internal uint MaxStorageBufferRange { get; }

    internal uint MaxUniformBufferRange { get; }

    /// <summary>
    /// Whether images of <paramref name="format"/> with optimal tiling can be storage images on this device (the
    /// output can then be written directly) and sampled (the inputs can be read directly).
    /// </summary>
    internal (bool Storage, bool Sampled) FormatSupport(UpscalerFormat format) => _formatSupport.GetOrAdd(format, f =>
    {
        FormatProperties properties;
        VulkanLoader.GetPhysicalDeviceFormatProperties(PhysicalDevice, VulkanFormats.ToVk(f), &properties);
        return ((properties.OptimalTilingFeatures & FormatFeatureFlags.StorageImageBit) != 0,
            (properties.OptimalTilingFeatures & FormatFeatureFlags.SampledImageBit) != 0);
    });

    internal (uint X, uint Y, uint Z) MaxWorkGroupCount { get; }

    internal PipelineCacheStore PipelineCache { get; }

    /// <summary>Lists the physical devices of the installed drivers.</summary>
    /// <exception cref="UpscalerException"><see cref="UpscalerErrorCode.BackendUnavailable"/>: no Vulkan loader or driver.</exception>
    public static IReadOnlyList<VulkanDeviceInfo> EnumerateDevices()
    {
        nint instance = CreateInstance(enableValidation: false, [], null, out _, out _, out _);
        try
        {
            nint[] devices = VulkanLoader.EnumeratePhysicalDevices(instance);
            return [.. devices.Select((d, i) => Describe(d, i, out _, out _))];
        }
        finally
        {
            VulkanLoader.DestroyInstance(instance);
        }
    }

    /// <summary>Creates an instance and a device of its own, picking the device as <paramref name="options"/> says.</summary>
    /// <exception cref="UpscalerException">
    /// <see cref="UpscalerErrorCode.BackendUnavailable"/>: no Vulkan driver, no usable device, the requested device or
    /// the validation layer is missing (the message says what to install).
    /// </exception>
    public static VulkanDevice Create(VulkanDeviceOptions? options = null)
    {
        options ??= VulkanDeviceOptions.Default;
        var sink = new ConcurrentQueue<string>();
        bool synchronization = options.EnableValidation && options.EnableSynchronizationValidation;
        IReadOnlyList<string> instanceExtensions = synchronization ? [.. options.InstanceExtensions, "VK_EXT_validation_features"] : options.InstanceExtensions;
        nint instance = CreateInstance(
            options.EnableValidation, instanceExtensions, sink, out VkDebugUtilsApi? debugUtils, out ulong messenger, out GCHandle sinkHandle, synchronization);
        try
        {
            nint[] physicalDevices = VulkanLoader.EnumeratePhysicalDevices(instance);
            var infos = physicalDevices.Select((d, i) => Describe(d, i, out _, out _)).ToArray();
            VulkanDeviceInfo chosen = Choose(infos, options.Device ?? Environment.GetEnvironmentVariable(VulkanDeviceOptions.DeviceEnvironmentVariable));
            nint physical = physicalDevices[chosen.Index];
            Describe(physical, chosen.Index, out uint family, out _);

            // Enable only what the passes use: 16-bit storage and fp16 arithmetic where available.
            var features12 = new PhysicalDeviceVulkan12Features
            {
                SType = StructureType.PhysicalDeviceVulkan12Features,
                ShaderFloat16 = chosen.Float16Arithmetic ? 1u : 0u,
            };
            var features11 = new PhysicalDeviceVulkan11Features
            {
                SType = StructureType.PhysicalDeviceVulkan11Features,
                PNext = &features12,
                StorageBuffer16BitAccess = chosen.Float16Storage ? 1u : 0u,
            };
            var features = new PhysicalDeviceFeatures2 { SType = StructureType.PhysicalDeviceFeatures2, PNext = &features11 };
            float priority = 1f;
            var queueInfo = new DeviceQueueCreateInfo
            {
                SType = StructureType.DeviceQueueCreateInfo,
                QueueFamilyIndex = family,
                QueueCount = 1,
                PQueuePriorities = &priority,
            };
            var deviceInfo = new DeviceCreateInfo
            {
                SType = StructureType.DeviceCreateInfo,
                PNext = &features,
                QueueCreateInfoCount = 1,
                PQueueCreateInfos = &queueInfo,
            };
            nint device;
            VulkanLoader.CreateDevice(physical, &deviceInfo, &device);
            VulkanDevice result;
            try
            {
                var api = new VkDeviceApi(device);
                nint queue;
                api.GetDeviceQueue(family, 0, &queue);
                result = new VulkanDevice(
                    instance, physical, device, queue, family, chosen, ownsDevice: true, debugUtils, messenger, sinkHandle,
                    chosen.Float16Storage, chosen.Float16Arithmetic, options.PipelineCacheDirectory);
            }
            catch
            {
                // The instance is destroyed below; the device must go first.
                ((delegate* unmanaged<nint, void*, void>)VulkanLoader.GetDeviceProcAddr(device, "vkDestroyDevice"u8))(device, null);
                throw;
            }

            result.DrainSink(sink);
            result.SetName(ObjectType.Queue, (ulong)result.Queue, "GameUpscaler queue");
            return result;
        }
        catch
        {
            if (messenger != 0)
            {
                debugUtils!.DestroyDebugUtilsMessenger(messenger);
                sinkHandle.Free();
            }

            VulkanLoader.DestroyInstance(instance);
            throw;
        }
    }

    /// <summary>
    /// Wraps a device the host engine created (the plugin case). The host keeps ownership: disposing this object
    /// releases only what the backend created. Pass the features the host enabled on its device.
    /// </summary>
    /// <param name="instance">The host's VkInstance.</param>
    /// <param name="physicalDevice">The host's VkPhysicalDevice.</param>
    /// <param name="device">The host's VkDevice (Vulkan 1.2 or later).</param>
    /// <param name="queue">A queue of a family with compute, for the backend's own uploads.</param>
    /// <param name="queueFamilyIndex">That queue's family.</param>
    /// <param name="float16StorageEnabled">Whether the host enabled storageBuffer16BitAccess.</param>
    /// <param name="float16ArithmeticEnabled">Whether the host enabled shaderFloat16.</param>
    /// <param name="pipelineCacheDirectory">See <see cref="VulkanDeviceOptions.PipelineCacheDirectory"/>.</param>
    /// <exception cref="ArgumentException">A handle is zero.</exception>
    /// <exception cref="UpscalerException"><see cref="UpscalerErrorCode.BackendUnavailable"/>: the Vulkan loader is missing.</exception>
    public static VulkanDevice FromHost(
        nint instance, nint physicalDevice, nint device, nint queue, uint queueFamilyIndex,
        bool float16StorageEnabled = false, bool float16ArithmeticEnabled = false, string? pipelineCacheDirectory = null)
    {
        if (instance == 0 || physicalDevice == 0 || device == 0 || queue == 0)
        {
            throw new ArgumentException("The host's instance, physical device, device and queue handles must all be given.");
        }

        EnsureLoader();
        VulkanDeviceInfo info = Describe(physicalDevice, 0, out _, out _);
        return new VulkanDevice(
            instance, physicalDevice, device, queue, queueFamilyIndex, info, ownsDevice: false, null, 0, default,
            float16StorageEnabled && info.Float16Storage, float16ArithmeticEnabled && float16StorageEnabled && info.Float16Arithmetic,
            pipelineCacheDirectory);
    }

    /// <summary>Forgets the validation messages collected so far.</summary>
    public void ClearValidationMessages() => _validationMessages.Clear();

    /// <summary>
    /// Objects and device memory the backend currently holds on this device (created through it and not yet
    /// released), for leak checks around a workload.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The device was disposed.</exception>
    public VulkanResourceCounts GetResourceCounts()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        (int count, ulong bytes) = Api.LiveAllocations;
        return new VulkanResourceCounts(Api.LiveObjectCount, count, bytes);
    }

    /// <summary>Waits until the device has finished all submitted work.</summary>
    /// <exception cref="UpscalerException">The device was lost.</exception>
    public void WaitIdle()
    {
        ThrowIfDisposed();
        Api.DeviceWaitIdle();
    }

    /// <summary>Releases what the backend created; the instance and device too when they are its own.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            Api.DeviceWaitIdle();
        }
        catch (UpscalerException)
        {
            // A lost device is still destroyed; nothing is waiting on it any more.
        }

        PipelineCache.Dispose();
        if (_fence != 0)
        {
            Api.DestroyFence(_fence);
        }

        if (_commandPool != 0)
        {
            Api.DestroyCommandPool(_commandPool);
        }

        if (_ownsDevice)
        {
            Api.DestroyDevice();
            if (_messenger != 0)
            {
                _debugUtils!.DestroyDebugUtilsMessenger(_messenger);
                _sinkHandle.Free();
            }

            VulkanLoader.DestroyInstance(Instance);
        }
    }

    /// <summary>Records commands into a one-time command buffer, submits it and waits for it (tools and uploads).</summary>
    internal void SubmitAndWait(Action<nint> record)
    {
        RecordOnly(record);
        nint commandBuffer = _commandBuffer;
        var submit = new SubmitInfo { SType = StructureType.SubmitInfo, CommandBufferCount = 1, PCommandBuffers = (CommandBuffer*)&commandBuffer };
        ulong fence = _fence;
        Api.ResetFences(1, &fence);
        Api.QueueSubmit(Queue, 1, &submit, fence);
        Api.WaitForFences(1, &fence, 1, ulong.MaxValue);
    }

    /// <summary>Records commands into the device's command buffer (reset first) and ends it, for <see cref="SubmitAndWait"/> to submit.</summary>
    private void RecordOnly(Action<nint> record)
    {
        ThrowIfDisposed();
        EnsureCommandBuffer();
        Api.ResetCommandBuffer(_commandBuffer, 0);
        var begin = new CommandBufferBeginInfo { SType = StructureType.CommandBufferBeginInfo, Flags = CommandBufferUsageFlags.OneTimeSubmitBit };
        Api.BeginCommandBuffer(_commandBuffer, &begin);
        record(_commandBuffer);
        Api.EndCommandBuffer(_commandBuffer);
    }

    /// <summary>Index of a memory type allowed by <paramref name="typeBits"/> with all <paramref name="required"/> flags, preferring <paramref name="preferred"/>.</summary>
    internal uint FindMemoryType(uint typeBits, MemoryPropertyFlags required, MemoryPropertyFlags preferred)
    {
        int fallback = -1;
        for (int i = 0; i < _memory.MemoryTypeCount; i++)
        {
            MemoryPropertyFlags flags = _memory.MemoryTypes[i].PropertyFlags;
            if ((typeBits & (1u << i)) == 0 || (flags & required) != required)
            {
                continue;
            }

            if ((flags & preferred) == preferred)
            {
                return (uint)i;
            }

            fallback = fallback < 0 ? i : fallback;
        }

        return fallback >= 0
            ? (uint)fallback
            : throw new UpscalerException(UpscalerErrorCode.OutOfMemory, $"No memory type with flags 0x{required:X} fits the resource.");
    }

    /// <summary>Whether a memory type index is host-visible.</summary>
    internal bool IsHostVisible(uint memoryType) => (_memory.MemoryTypes[(int)memoryType].PropertyFlags & MemoryPropertyFlags.HostVisibleBit) != 0;

    /// <summary>Gives a Vulkan object a debug name (shown by validation messages and GPU debuggers).</summary>
    internal void SetName(ObjectType type, ulong handle, string name)
    {
        if (_debugUtils is null || handle == 0)
        {
            return;
        }

        byte[] utf8 = Encoding.UTF8.GetBytes(name + "\0");
        fixed (byte* p = utf8)
        {
            var info = new DebugUtilsObjectNameInfoEXT
            {
                SType = StructureType.DebugUtilsObjectNameInfoExt,
                ObjectType = type,
                ObjectHandle = handle,
                PObjectName = p,
            };
            _debugUtils.SetDebugUtilsObjectName(Handle, &info);
        }
    }

    internal void ThrowIfDisposed()
    {
        if (_disposed)
        {
            throw new UpscalerException(UpscalerErrorCode.Disposed, "The Vulkan device was disposed.");
        }
    }

    private void EnsureCommandBuffer()
    {
        if (_commandPool != 0)
        {
            return;
        }

        var poolInfo = new CommandPoolCreateInfo
        {
            SType = StructureType.CommandPoolCreateInfo,
            Flags = CommandPoolCreateFlags.ResetCommandBufferBit,
            QueueFamilyIndex = QueueFamilyIndex,
        };
        ulong pool;
        Api.CreateCommandPool(&poolInfo, &pool);
        _commandPool = pool;
        SetName(ObjectType.CommandPool, pool, "GameUpscaler tool command pool");
        var allocate = new CommandBufferAllocateInfo
        {
            SType = StructureType.CommandBufferAllocateInfo,
            CommandPool = new CommandPool(pool),
            Level = CommandBufferLevel.Primary,
            CommandBufferCount = 1,
        };
        nint commandBuffer;
        Api.AllocateCommandBuffers(&allocate, &commandBuffer);
        _commandBuffer = commandBuffer;
        SetName(ObjectType.CommandBuffer, (ulong)commandBuffer, "GameUpscaler tool command buffer");
        var fenceInfo = new FenceCreateInfo { SType = StructureType.FenceCreateInfo };
        ulong fence;
        Api.CreateFence(&fenceInfo, &fence);
        _fence = fence;
        SetName(ObjectType.Fence, fence, "GameUpscaler tool fence");
    }

    private void DrainSink(ConcurrentQueue<string> sink)
    {
        // Messages from instance creation arrive before this object exists; the sink handle keeps receiving later ones.
        while (sink.TryDequeue(out string? message))
        {
            _validationMessages.Enqueue(message);
        }

        if (_sinkHandle.IsAllocated)
        {
            ((MessageSink)_sinkHandle.Target!).Target = _validationMessages;
        }
    }

    private static void EnsureLoader()
    {
        if (!VulkanLoader.IsLoaderAvailable())
        {
            throw new UpscalerException(
                UpscalerErrorCode.BackendUnavailable,
                $"The Vulkan loader ({VulkanLoader.LibraryName}) is not installed. Install a Vulkan driver: on Debian/Ubuntu " +
                "'apt-get install libvulkan1 mesa-vulkan-drivers' (mesa-vulkan-drivers includes lavapipe, a CPU device); elsewhere your GPU vendor's driver.");
        }
    }

    private static nint CreateInstance(
        bool enableValidation, IReadOnlyList<string> extraExtensions, ConcurrentQueue<string>? sink, out VkDebugUtilsApi? debugUtils, out ulong messenger, out GCHandle sinkHandle,
        bool synchronizationValidation = false)
    {
        EnsureLoader();
        debugUtils = null;
        messenger = 0;
        sinkHandle = default;
        byte[] validationLayer = "VK_LAYER_KHRONOS_validation\0"u8.ToArray();
        byte[] debugUtilsExtension = "VK_EXT_debug_utils\0"u8.ToArray();
        bool hasDebugUtils = VulkanLoader.EnumerateInstanceExtensionProperties(null).Any(e => NameEquals(e.ExtensionName, debugUtilsExtension));
        if (enableValidation)
        {
            bool hasLayer = VulkanLoader.EnumerateInstanceLayerProperties().Any(l => NameEquals(l.LayerName, validationLayer));
            if (!hasLayer)
            {
                throw new UpscalerException(
                    UpscalerErrorCode.BackendUnavailable,
                    "Validation was requested but VK_LAYER_KHRONOS_validation is not installed (Debian/Ubuntu: apt-get install vulkan-validationlayers).");
            }

            hasDebugUtils = true; // the validation layer provides it
        }

        fixed (byte* appName = "GameUpscaler\0"u8)
        fixed (byte* layer = validationLayer)
        fixed (byte* extension = debugUtilsExtension)
        {
            var app = new ApplicationInfo
            {
                SType = StructureType.ApplicationInfo,
                PApplicationName = appName,
                PEngineName = appName,
                ApiVersion = VulkanLoader.ApiVersion12,
            };
            byte* layers = layer;
            // VK_EXT_debug_utils (when present) first, then what the caller asked for (a window's surface extensions).
            int extensionCount = (hasDebugUtils ? 1 : 0) + extraExtensions.Count;
            nint[] extraNames = [.. extraExtensions.Select(Marshal.StringToCoTaskMemUTF8)];
            byte** extensions = stackalloc byte*[Math.Max(1, extensionCount)];
            int next = 0;
            if (hasDebugUtils)
            {
                extensions[next++] = extension;
            }

            foreach (nint name in extraNames)
            {
                extensions[next++] = (byte*)name;
            }

            DebugUtilsMessengerCreateInfoEXT messengerInfo = default;
            ValidationFeatureEnableEXT synchronizationFeature = ValidationFeatureEnableEXT.SynchronizationValidationExt;
            var validationFeatures = new ValidationFeaturesEXT
            {
                SType = StructureType.ValidationFeaturesExt,
                EnabledValidationFeatureCount = 1,
                PEnabledValidationFeatures = &synchronizationFeature,
            };
            if (enableValidation)
            {
                sinkHandle = GCHandle.Alloc(new MessageSink { Target = sink! });
                messengerInfo = new DebugUtilsMessengerCreateInfoEXT
                {
                    SType = StructureType.DebugUtilsMessengerCreateInfoExt,
                    MessageSeverity = DebugUtilsMessageSeverityFlagsEXT.WarningBitExt | DebugUtilsMessageSeverityFlagsEXT.ErrorBitExt,
                    MessageType = DebugUtilsMessageTypeFlagsEXT.GeneralBitExt | DebugUtilsMessageTypeFlagsEXT.ValidationBitExt | DebugUtilsMessageTypeFlagsEXT.PerformanceBitExt,
                    PfnUserCallback = new PfnDebugUtilsMessengerCallbackEXT((delegate* unmanaged[Cdecl]<DebugUtilsMessageSeverityFlagsEXT, DebugUtilsMessageTypeFlagsEXT, DebugUtilsMessengerCallbackDataEXT*, void*, Silk.NET.Core.Bool32>)(delegate* unmanaged<DebugUtilsMessageSeverityFlagsEXT, DebugUtilsMessageTypeFlagsEXT, DebugUtilsMessengerCallbackDataEXT*, void*, uint>)&OnDebugMessage),
                    PUserData = (void*)GCHandle.ToIntPtr(sinkHandle),
                    PNext = synchronizationValidation ? &validationFeatures : null,
                };
            }

            var info = new InstanceCreateInfo
            {
                SType = StructureType.InstanceCreateInfo,
                PNext = enableValidation ? &messengerInfo : null,
                PApplicationInfo = &app,
                EnabledLayerCount = enableValidation ? 1u : 0u,
                PpEnabledLayerNames = &layers,
                EnabledExtensionCount = (uint)extensionCount,
                PpEnabledExtensionNames = extensions,
            };
            nint instance;
            try
            {
                VulkanLoader.CreateInstance(&info, &instance);
            }
            catch
            {
                if (sinkHandle.IsAllocated)
                {
                    sinkHandle.Free();
                }

                throw;
            }
            finally
            {
                foreach (nint name in extraNames)
                {
                    Marshal.FreeCoTaskMem(name);
                }
            }

            if (hasDebugUtils)
            {
                debugUtils = new VkDebugUtilsApi(instance);
            }

            if (enableValidation)
            {
                ulong handle;
                debugUtils!.CreateDebugUtilsMessenger(&messengerInfo, &handle);
                messenger = handle;
            }

            return instance;
        }
    }

    private static VulkanDeviceInfo Describe(nint physicalDevice, int index, out uint computeFamily, out bool timestamps)
    {
        PhysicalDeviceProperties properties;
        VulkanLoader.GetPhysicalDeviceProperties(physicalDevice, &properties);
        var features12 = new PhysicalDeviceVulkan12Features { SType = StructureType.PhysicalDeviceVulkan12Features };
        var features11 = new PhysicalDeviceVulkan11Features { SType = StructureType.PhysicalDeviceVulkan11Features, PNext = &features12 };
        var features = new PhysicalDeviceFeatures2 { SType = StructureType.PhysicalDeviceFeatures2, PNext = &features11 };
        bool vulkan12 = properties.ApiVersion >= VulkanLoader.ApiVersion12;
        if (vulkan12)
        {
            VulkanLoader.GetPhysicalDeviceFeatures2(physicalDevice, &features);
        }

        QueueFamilyProperties[] families = VulkanLoader.GetPhysicalDeviceQueueFamilyProperties(physicalDevice);
        int family = Array.FindIndex(families, f => (f.QueueFlags & QueueFlags.ComputeBit) != 0 && f.QueueCount > 0);
        computeFamily = family < 0 ? 0 : (uint)family;
        timestamps = family >= 0 && families[family].TimestampValidBits > 0;
        PhysicalDeviceMemoryProperties memory;
        VulkanLoader.GetPhysicalDeviceMemoryProperties(physicalDevice, &memory);
        ulong local = 0;
        for (int i = 0; i < memory.MemoryHeapCount; i++)
        {
            local = Math.Max(local, memory.MemoryHeaps[i].Size);
        }

        string type = properties.DeviceType switch
        {
            PhysicalDeviceType.DiscreteGpu => "discrete",
            PhysicalDeviceType.IntegratedGpu => "integrated",
            PhysicalDeviceType.VirtualGpu => "virtual",
            PhysicalDeviceType.Cpu => "cpu",
            _ => "other",
        };
        uint v = properties.ApiVersion;
        string version = string.Create(CultureInfo.InvariantCulture, $"{(v >> 22) & 0x7F}.{(v >> 12) & 0x3FF}.{v & 0xFFF}");
        bool storage16 = vulkan12 && features11.StorageBuffer16BitAccess;
        return new VulkanDeviceInfo(
            index,
            Marshal.PtrToStringUTF8((nint)properties.DeviceName) ?? "?",
            type,
            version,
            storage16,
            storage16 && features12.ShaderFloat16,
            timestamps,
            properties.Limits.TimestampPeriod,
            local,
            vulkan12 && family >= 0);
    }

    private static VulkanDeviceInfo Choose(VulkanDeviceInfo[] devices, string? request)
    {
        var usable = devices.Where(d => d.IsUsable).ToArray();
        if (usable.Length == 0)
        {
            throw new UpscalerException(
                UpscalerErrorCode.BackendUnavailable,
                devices.Length == 0
                    ? "No Vulkan device was found. Install a Vulkan driver: on Debian/Ubuntu 'apt-get install mesa-vulkan-drivers' (lavapipe, a CPU device) or your GPU's driver."
                    : $"No Vulkan device supports Vulkan 1.2 compute (found: {string.Join(", ", devices.Select(d => $"{d.Name} {d.ApiVersion}"))}).");
        }

        if (string.IsNullOrWhiteSpace(request))
        {
            return usable.OrderBy(d => d.Rank).ThenBy(d => d.Index).First();
        }

        VulkanDeviceInfo? match = int.TryParse(request, NumberStyles.Integer, CultureInfo.InvariantCulture, out int index)
            ? usable.FirstOrDefault(d => d.Index == index)
            : usable.FirstOrDefault(d => d.Name.Contains(request.Trim(), StringComparison.OrdinalIgnoreCase));
        return match ?? throw new UpscalerException(
            UpscalerErrorCode.BackendUnavailable,
            $"No usable Vulkan device matches '{request}' (from --device or {VulkanDeviceOptions.DeviceEnvironmentVariable}); " +
            $"available: {string.Join(", ", usable.Select(d => $"{d.Index}: {d.Name}"))}.");
    }

    private static bool NameEquals(byte* fixedName, ReadOnlySpan<byte> nameUtf8z)
    {
        var name = new ReadOnlySpan<byte>(fixedName, 256);
        int end = name.IndexOf((byte)0);
        return name[..(end < 0 ? 256 : end)].SequenceEqual(nameUtf8z.TrimEnd((byte)0));
    }

    [UnmanagedCallersOnly]
    private static uint OnDebugMessage(DebugUtilsMessageSeverityFlagsEXT severity, DebugUtilsMessageTypeFlagsEXT types, DebugUtilsMessengerCallbackDataEXT* data, void* userData)
    {
        // Never throw across the native boundary: record the message and let the caller (tests) decide.
        try
        {
            var sink = (MessageSink)GCHandle.FromIntPtr((nint)userData).Target!;
            string text = Marshal.PtrToStringUTF8((nint)data->PMessage) ?? "(no message)";
            string level = (severity & DebugUtilsMessageSeverityFlagsEXT.ErrorBitExt) != 0 ? "error" : "warning";
            sink.Target.Enqueue($"{level}: {text}");
        }
        catch (InvalidOperationException)
        {
        }

        return 0;
    }

    /// <summary>Where the debug callback puts messages; re-pointed at the device's queue once it exists.</summary>
    private sealed class MessageSink
    {
        public ConcurrentQueue<string> Target { get; set; } = new();
    }
}
