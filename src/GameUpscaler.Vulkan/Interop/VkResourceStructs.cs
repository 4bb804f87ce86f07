namespace GameUpscaler.Vulkan.Interop;

// Buffers, images, memory and copies (vulkan_core.h).
#pragma warning disable SA1649, CA1051 // interop structs mirror C: public fields, several per file by API area

internal unsafe struct VkBufferCreateInfo
{
    public VkStructureType SType;
    public void* PNext;
    public uint Flags;
    public ulong Size;
    public uint Usage;
    public uint SharingMode;
    public uint QueueFamilyIndexCount;
    public uint* PQueueFamilyIndices;
}

internal struct VkMemoryRequirements
{
    public ulong Size;
    public ulong Alignment;
    public uint MemoryTypeBits;
}

internal unsafe struct VkMemoryAllocateInfo
{
    public VkStructureType SType;
    public void* PNext;
    public ulong AllocationSize;
    public uint MemoryTypeIndex;
}

internal unsafe struct VkImageCreateInfo
{
    public VkStructureType SType;
    public void* PNext;
    public uint Flags;
    public uint ImageType;
    public VkFormat Format;
    public VkExtent3D Extent;
    public uint MipLevels;
    public uint ArrayLayers;
    public uint Samples;
    public uint Tiling;
    public uint Usage;
    public uint SharingMode;
    public uint QueueFamilyIndexCount;
    public uint* PQueueFamilyIndices;
    public uint InitialLayout;
}

internal struct VkOffset3D
{
    public int X;
    public int Y;
    public int Z;
}

internal struct VkImageSubresourceLayers
{
    public uint AspectMask;
    public uint MipLevel;
    public uint BaseArrayLayer;
    public uint LayerCount;
}

internal struct VkImageSubresourceRange
{
    public uint AspectMask;
    public uint BaseMipLevel;
    public uint LevelCount;
    public uint BaseArrayLayer;
    public uint LayerCount;
}

internal struct VkBufferImageCopy
{
    public ulong BufferOffset;
    public uint BufferRowLength;
    public uint BufferImageHeight;
    public VkImageSubresourceLayers ImageSubresource;
    public VkOffset3D ImageOffset;
    public VkExtent3D ImageExtent;
}

internal struct VkBufferCopy
{
    public ulong SrcOffset;
    public ulong DstOffset;
    public ulong Size;
}

internal struct VkImageCopy
{
    public VkImageSubresourceLayers SrcSubresource;
    public VkOffset3D SrcOffset;
    public VkImageSubresourceLayers DstSubresource;
    public VkOffset3D DstOffset;
    public VkExtent3D Extent;
}
