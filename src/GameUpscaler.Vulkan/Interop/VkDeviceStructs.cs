namespace GameUpscaler.Vulkan.Interop;

// Physical-device queries and device creation (vulkan_core.h). Large structs whose many fields the backend does not
// read are declared as fixed blocks with accessors at header offsets; the layout test checks those offsets.
#pragma warning disable SA1649, CA1051 // interop structs mirror C: public fields, several per file by API area

internal unsafe struct VkPhysicalDeviceProperties
{
    // offsetof(VkPhysicalDeviceLimits, field) of the limits read here; checked by the layout test.
    public const int LimitsMaxUniformBufferRangeOffset = 24;
    public const int LimitsMaxStorageBufferRangeOffset = 28;
    public const int LimitsMaxComputeWorkGroupCountOffset = 220;
    public const int LimitsTimestampComputeAndGraphicsOffset = 420;
    public const int LimitsTimestampPeriodOffset = 424;
    public const int LimitsSize = 504;

    public uint ApiVersion;
    public uint DriverVersion;
    public uint VendorId;
    public uint DeviceId;
    public VkPhysicalDeviceType DeviceType;
    public fixed byte DeviceName[256];
    public fixed byte PipelineCacheUuid[16];
    public fixed ulong Limits[LimitsSize / 8]; // ulong: VkPhysicalDeviceLimits holds VkDeviceSize fields, so it is 8-byte aligned
    public fixed byte SparseProperties[20];

    public uint MaxUniformBufferRange => ReadLimit<uint>(LimitsMaxUniformBufferRangeOffset);

    public uint MaxStorageBufferRange => ReadLimit<uint>(LimitsMaxStorageBufferRangeOffset);

    public uint MaxComputeWorkGroupCountX => ReadLimit<uint>(LimitsMaxComputeWorkGroupCountOffset);

    public uint MaxComputeWorkGroupCountY => ReadLimit<uint>(LimitsMaxComputeWorkGroupCountOffset + 4);

    public uint MaxComputeWorkGroupCountZ => ReadLimit<uint>(LimitsMaxComputeWorkGroupCountOffset + 8);

    public bool TimestampComputeAndGraphics => ReadLimit<uint>(LimitsTimestampComputeAndGraphicsOffset) != 0;

    public float TimestampPeriod => ReadLimit<float>(LimitsTimestampPeriodOffset);

    private readonly T ReadLimit<T>(int offset)
        where T : unmanaged
    {
        fixed (ulong* limits = Limits)
        {
            return *(T*)((byte*)limits + offset);
        }
    }
}

internal unsafe struct VkPhysicalDeviceFeatures2
{
    public VkStructureType SType;
    public void* PNext;
    public fixed uint Features[55];
}

internal unsafe struct VkPhysicalDeviceVulkan11Features
{
    public VkStructureType SType;
    public void* PNext;
    public uint StorageBuffer16BitAccess;
    public uint UniformAndStorageBuffer16BitAccess;
    public uint StoragePushConstant16;
    public uint StorageInputOutput16;
    public fixed uint Others[8];
}

internal unsafe struct VkPhysicalDeviceVulkan12Features
{
    public VkStructureType SType;
    public void* PNext;
    public uint SamplerMirrorClampToEdge;
    public uint DrawIndirectCount;
    public uint StorageBuffer8BitAccess;
    public uint UniformAndStorageBuffer8BitAccess;
    public uint StoragePushConstant8;
    public uint ShaderBufferInt64Atomics;
    public uint ShaderSharedInt64Atomics;
    public uint ShaderFloat16;
    public fixed uint Others[39];
}

internal struct VkExtent3D
{
    public uint Width;
    public uint Height;
    public uint Depth;
}

internal struct VkQueueFamilyProperties
{
    public uint QueueFlags;
    public uint QueueCount;
    public uint TimestampValidBits;
    public VkExtent3D MinImageTransferGranularity;
}

internal struct VkMemoryType
{
    public uint PropertyFlags;
    public uint HeapIndex;
}

internal struct VkMemoryHeap
{
    public ulong Size;
    public uint Flags;
}

internal unsafe struct VkPhysicalDeviceMemoryProperties
{
    public uint MemoryTypeCount;
    public fixed uint MemoryTypes[64]; // VkMemoryType[32] as (propertyFlags, heapIndex) pairs
    public uint MemoryHeapCount;
    public fixed ulong MemoryHeaps[32]; // VkMemoryHeap[16] as (size, flags+padding) pairs

    public readonly VkMemoryType GetMemoryType(int index) =>
        new() { PropertyFlags = MemoryTypes[2 * index], HeapIndex = MemoryTypes[(2 * index) + 1] };

    public readonly ulong GetHeapSize(int index) => MemoryHeaps[2 * index];
}

internal unsafe struct VkDeviceQueueCreateInfo
{
    public VkStructureType SType;
    public void* PNext;
    public uint Flags;
    public uint QueueFamilyIndex;
    public uint QueueCount;
    public float* PQueuePriorities;
}

internal unsafe struct VkDeviceCreateInfo
{
    public VkStructureType SType;
    public void* PNext;
    public uint Flags;
    public uint QueueCreateInfoCount;
    public VkDeviceQueueCreateInfo* PQueueCreateInfos;
    public uint EnabledLayerCount;
    public byte** PpEnabledLayerNames;
    public uint EnabledExtensionCount;
    public byte** PpEnabledExtensionNames;
    public void* PEnabledFeatures;
}
