namespace GameUpscaler.Vulkan.Interop;

// Instance-level structures (vulkan_core.h, VK_EXT_debug_utils). Field order and types follow the C headers; the
// layout test in tests/GameUpscaler.Vulkan.Tests compares every size and offset with the compiler's.
#pragma warning disable SA1649, CA1051 // interop structs mirror C: public fields, several per file by API area

internal unsafe struct VkApplicationInfo
{
    public VkStructureType SType;
    public void* PNext;
    public byte* PApplicationName;
    public uint ApplicationVersion;
    public byte* PEngineName;
    public uint EngineVersion;
    public uint ApiVersion;
}

internal unsafe struct VkInstanceCreateInfo
{
    public VkStructureType SType;
    public void* PNext;
    public uint Flags;
    public VkApplicationInfo* PApplicationInfo;
    public uint EnabledLayerCount;
    public byte** PpEnabledLayerNames;
    public uint EnabledExtensionCount;
    public byte** PpEnabledExtensionNames;
}

internal unsafe struct VkLayerProperties
{
    public fixed byte LayerName[256];
    public uint SpecVersion;
    public uint ImplementationVersion;
    public fixed byte Description[256];
}

internal unsafe struct VkExtensionProperties
{
    public fixed byte ExtensionName[256];
    public uint SpecVersion;
}

internal unsafe struct VkDebugUtilsMessengerCreateInfoEXT
{
    public VkStructureType SType;
    public void* PNext;
    public uint Flags;
    public uint MessageSeverity;
    public uint MessageType;
    public delegate* unmanaged<uint, uint, VkDebugUtilsMessengerCallbackDataEXT*, void*, uint> PfnUserCallback;
    public void* PUserData;
}

internal unsafe struct VkDebugUtilsMessengerCallbackDataEXT
{
    public VkStructureType SType;
    public void* PNext;
    public uint Flags;
    public byte* PMessageIdName;
    public int MessageIdNumber;
    public byte* PMessage;
    public uint QueueLabelCount;
    public void* PQueueLabels;
    public uint CmdBufLabelCount;
    public void* PCmdBufLabels;
    public uint ObjectCount;
    public void* PObjects;
}

internal unsafe struct VkDebugUtilsObjectNameInfoEXT
{
    public VkStructureType SType;
    public void* PNext;
    public VkObjectType ObjectType;
    public ulong ObjectHandle;
    public byte* PObjectName;
}
