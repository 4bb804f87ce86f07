namespace GameUpscaler;

/// <summary>
/// What the host created an image for (for Vulkan, the <c>VkImageUsageFlags</c> that matter to the upscaler), so the
/// backend can bind it directly instead of copying it. <see cref="Unknown"/> keeps the conservative paths: inputs are
/// sampled (their documented requirement), outputs are written through a copy.
/// </summary>
[Flags]
public enum UpscalerResourceUsage
{
    /// <summary>Not stated by the host.</summary>
    Unknown = 0,

    /// <summary>Can be sampled by shaders (VK_IMAGE_USAGE_SAMPLED_BIT).</summary>
    Sampled = 1,

    /// <summary>Can be read and written as a storage image (VK_IMAGE_USAGE_STORAGE_BIT).</summary>
    Storage = 2,

    /// <summary>Can be the source of a copy (VK_IMAGE_USAGE_TRANSFER_SRC_BIT).</summary>
    CopySource = 4,

    /// <summary>Can be the destination of a copy (VK_IMAGE_USAGE_TRANSFER_DST_BIT).</summary>
    CopyDestination = 8,
}
