namespace GameUpscaler.Vulkan.Interop;

// Shader modules, layouts, compute pipelines and the pipeline cache (vulkan_core.h).
#pragma warning disable SA1649, CA1051 // interop structs mirror C: public fields, several per file by API area

internal unsafe struct VkShaderModuleCreateInfo
{
    public VkStructureType SType;
    public void* PNext;
    public uint Flags;
    public nuint CodeSize;
    public uint* PCode;
}

internal unsafe struct VkDescriptorSetLayoutBinding
{
    public uint Binding;
    public uint DescriptorType;
    public uint DescriptorCount;
    public uint StageFlags;
    public ulong* PImmutableSamplers;
}

internal unsafe struct VkDescriptorSetLayoutCreateInfo
{
    public VkStructureType SType;
    public void* PNext;
    public uint Flags;
    public uint BindingCount;
    public VkDescriptorSetLayoutBinding* PBindings;
}

internal struct VkPushConstantRange
{
    public uint StageFlags;
    public uint Offset;
    public uint Size;
}

internal unsafe struct VkPipelineLayoutCreateInfo
{
    public VkStructureType SType;
    public void* PNext;
    public uint Flags;
    public uint SetLayoutCount;
    public ulong* PSetLayouts;
    public uint PushConstantRangeCount;
    public VkPushConstantRange* PPushConstantRanges;
}

internal struct VkSpecializationMapEntry
{
    public uint ConstantId;
    public uint Offset;
    public nuint Size;
}

internal unsafe struct VkSpecializationInfo
{
    public uint MapEntryCount;
    public VkSpecializationMapEntry* PMapEntries;
    public nuint DataSize;
    public void* PData;
}

internal unsafe struct VkPipelineShaderStageCreateInfo
{
    public VkStructureType SType;
    public void* PNext;
    public uint Flags;
    public uint Stage;
    public ulong Module;
    public byte* PName;
    public VkSpecializationInfo* PSpecializationInfo;
}

internal unsafe struct VkComputePipelineCreateInfo
{
    public VkStructureType SType;
    public void* PNext;
    public uint Flags;
    public VkPipelineShaderStageCreateInfo Stage;
    public ulong Layout;
    public ulong BasePipelineHandle;
    public int BasePipelineIndex;
}

internal unsafe struct VkPipelineCacheCreateInfo
{
    public VkStructureType SType;
    public void* PNext;
    public uint Flags;
    public nuint InitialDataSize;
    public void* PInitialData;
}
