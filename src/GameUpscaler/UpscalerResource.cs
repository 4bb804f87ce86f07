namespace GameUpscaler;

/// <summary>
/// An image the host owns, passed to a dispatch without exposing native types in the public API: the backend
/// interprets <see cref="NativeImage"/> and <see cref="NativeView"/> (for Vulkan, a <c>VkImage</c> and a
/// <c>VkImageView</c> as 64-bit handles). The host keeps the image alive until the GPU work that uses it is done.
/// </summary>
/// <param name="NativeImage">The backend's image handle.</param>
/// <param name="NativeView">The backend's view of the whole image (0 if the backend creates its own).</param>
/// <param name="Format">The pixel format.</param>
/// <param name="Size">The size in pixels.</param>
public readonly record struct UpscalerResource(ulong NativeImage, ulong NativeView, UpscalerFormat Format, Size2D Size)
{
    /// <summary>The empty resource (no image).</summary>
    public static UpscalerResource None => default;

    /// <summary>Whether this is the empty resource.</summary>
    public bool IsNone => NativeImage == 0;
}
