namespace GameUpscaler;

/// <summary>
/// An image the host owns, passed to a dispatch without exposing native types in the public API: the backend
/// interprets <see cref="NativeImage"/> and <see cref="NativeView"/> (for Vulkan, a <c>VkImage</c> and a
/// <c>VkImageView</c> as 64-bit handles). The host keeps the image alive until the GPU work that uses it is done.
/// </summary>
/// <param name="NativeImage">The backend's image handle.</param>
/// <param name="NativeView">The backend's view of the whole image in <paramref name="Format"/>; 0 lets the backend make
/// one per frame (correct, but a host that passes its views saves that work, as FSR2 hosts do).</param>
/// <param name="Format">The pixel format.</param>
/// <param name="Size">The size in pixels.</param>
public readonly record struct UpscalerResource(ulong NativeImage, ulong NativeView, UpscalerFormat Format, Size2D Size)
{
    /// <summary>The empty resource (no image).</summary>
    public static UpscalerResource None => default;

    /// <summary>
    /// What the image was created for. The backend binds an image directly where its usage and format allow (an
    /// output with <see cref="UpscalerResourceUsage.Storage"/> in a format shaders can store) and copies it otherwise.
    /// </summary>
    public UpscalerResourceUsage Usage { get; init; }

    /// <summary>Whether this is the empty resource.</summary>
    public bool IsNone => NativeImage == 0;
}
