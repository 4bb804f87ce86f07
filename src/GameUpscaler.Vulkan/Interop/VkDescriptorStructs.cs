namespace GameUpscaler.Vulkan.Interop;

// Descriptor pools, sets and updates (vulkan_core.h).
#pragma warning disable SA1649, CA1051 // interop structs mirror C: public fields, several per file by API area

internal struct VkDescriptorPoolSize
{
    public uint Type;
    public uint DescriptorCount;
}

internal unsafe struct VkDescriptorPoolCreateInfo
{
    public VkStructureType SType;
    public void* PNext;
    public uint Flags;
    public uint MaxSets;
    public uint PoolSizeCount;
    public VkDescriptorPoolSize* PPoolSizes;
}

internal unsafe struct VkDescriptorSetAllocateInfo
{
    public VkStructureType SType;
    public void* PNext;
    public ulong DescriptorPool;
    public uint DescriptorSetCount;
    public ulong* PSetLayouts;
}

internal struct VkDescriptorBufferInfo
{
    public ulong Buffer;
    public ulong Offset;
    public ulong Range;
}

internal unsafe struct VkWriteDescriptorSet
{
    public VkStructureType SType;
    public void* PNext;
    public ulong DstSet;
    public uint DstBinding;
    public uint DstArrayElement;
    public uint DescriptorCount;
    public uint DescriptorType;
    public void* PImageInfo;
    public VkDescriptorBufferInfo* PBufferInfo;
    public void* PTexelBufferView;
}
