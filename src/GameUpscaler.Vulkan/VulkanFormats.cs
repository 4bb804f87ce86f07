using Silk.NET.Vulkan;
namespace GameUpscaler.Vulkan;

/// <summary>
/// The image formats the passes read and write, as the codes the shaders use (<c>FORMAT_*</c> in
/// shaders/common.glsl, equal to the <see cref="UpscalerFormat"/> values) and their packed sizes.
/// </summary>
internal static class VulkanFormats
{
    /// <summary>Whether the passes can read and write the format.</summary>
    public static bool IsSupported(UpscalerFormat format) => format is
        UpscalerFormat.R8G8B8A8Unorm or UpscalerFormat.R8G8B8A8Srgb or UpscalerFormat.B8G8R8A8Unorm or
        UpscalerFormat.B8G8R8A8Srgb or UpscalerFormat.R16G16B16A16Float or UpscalerFormat.R32G32B32A32Float;

    /// <summary>
    /// Whether a temporal input in this format can be sampled by the temporal-inputs pass: motion vectors in any float
    /// format with two or more channels (read .xy), depth in any float format (read .x).
    /// </summary>
    public static bool IsTemporalInputSupported(UpscalerFormat format, bool motion) => format switch
    {
        UpscalerFormat.R16G16Float or UpscalerFormat.R32G32Float or UpscalerFormat.R16G16B16A16Float or UpscalerFormat.R32G32B32A32Float => true,
        UpscalerFormat.R16Float or UpscalerFormat.R32Float => !motion,
        _ => false,
    };

    /// <summary>The error for a motion-vector or depth format the temporal pass cannot read.</summary>
    public static UpscalerException UnsupportedTemporalInput(UpscalerFormat format, bool motion) => new(
        UpscalerErrorCode.UnsupportedFormat,
        motion
            ? $"The motion-vector format {format} is not supported; use R16G16_SFLOAT or R32G32_SFLOAT (or an RGBA float format, read .xy)."
            : $"The depth format {format} is not supported; copy the depth buffer to R32_SFLOAT or R16_SFLOAT (or an RG/RGBA float format, read .x).");

    /// <summary>The shader's format code.</summary>
    public static uint ShaderCode(UpscalerFormat format) => (uint)format;

    /// <summary>Bytes per pixel.</summary>
    public static int BytesPerPixel(UpscalerFormat format) => format switch
    {
        UpscalerFormat.R16G16B16A16Float or UpscalerFormat.R32G32Float => 8,
        UpscalerFormat.R32G32B32A32Float => 16,
        UpscalerFormat.R16Float => 2,
        _ => 4,
    };

    /// <summary>The VkFormat of a format (colour, HUD, output or temporal input).</summary>
    public static Format ToVk(UpscalerFormat format) => format switch
    {
        UpscalerFormat.R8G8B8A8Unorm => Format.R8G8B8A8Unorm,
        UpscalerFormat.R8G8B8A8Srgb => Format.R8G8B8A8Srgb,
        UpscalerFormat.B8G8R8A8Unorm => Format.B8G8R8A8Unorm,
        UpscalerFormat.B8G8R8A8Srgb => Format.B8G8R8A8Srgb,
        UpscalerFormat.R16G16B16A16Float => Format.R16G16B16A16Sfloat,
        UpscalerFormat.R32G32B32A32Float => Format.R32G32B32A32Sfloat,
        UpscalerFormat.R16G16Float => Format.R16G16Sfloat,
        UpscalerFormat.R32G32Float => Format.R32G32Sfloat,
        UpscalerFormat.R16Float => Format.R16Sfloat,
        UpscalerFormat.R32Float => Format.R32Sfloat,
        _ => throw Unsupported(format, "image"),
    };

    /// <summary>
    /// The format of a host's <c>VkFormat</c> value (the C API's images), the inverse of <see cref="ToVk"/>;
    /// <see cref="UpscalerFormat.Undefined"/> for any format the backend does not read or write.
    /// </summary>
    public static UpscalerFormat FromVk(Format format) => format switch
    {
        Format.R8G8B8A8Unorm => UpscalerFormat.R8G8B8A8Unorm,
        Format.R8G8B8A8Srgb => UpscalerFormat.R8G8B8A8Srgb,
        Format.B8G8R8A8Unorm => UpscalerFormat.B8G8R8A8Unorm,
        Format.B8G8R8A8Srgb => UpscalerFormat.B8G8R8A8Srgb,
        Format.R16G16B16A16Sfloat => UpscalerFormat.R16G16B16A16Float,
        Format.R32G32B32A32Sfloat => UpscalerFormat.R32G32B32A32Float,
        Format.R16G16Sfloat => UpscalerFormat.R16G16Float,
        Format.R32G32Sfloat => UpscalerFormat.R32G32Float,
        Format.R16Sfloat => UpscalerFormat.R16Float,
        Format.R32Sfloat => UpscalerFormat.R32Float,
        _ => UpscalerFormat.Undefined,
    };

    /// <summary>
    /// The SPIR-V image format a shader stores this format with, or null where there is none (BGRA has no SPIR-V
    /// format, and sRGB formats are not storable): such outputs are written through a copy.
    /// </summary>
    public static string? StorageQualifier(UpscalerFormat format) => format switch
    {
        UpscalerFormat.R8G8B8A8Unorm => "rgba8",
        UpscalerFormat.R16G16B16A16Float => "rgba16f",
        UpscalerFormat.R32G32B32A32Float => "rgba32f",
        _ => null,
    };

    /// <summary>The error for a format the backend cannot handle.</summary>
    public static UpscalerException Unsupported(UpscalerFormat format, string role) => new(
        UpscalerErrorCode.UnsupportedFormat,
        $"The {role} format {format} is not supported by the Vulkan backend; use R8G8B8A8/B8G8R8A8 (UNORM or SRGB), R16G16B16A16_SFLOAT or R32G32B32A32_SFLOAT.");
}
