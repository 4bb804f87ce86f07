using Silk.NET.Vulkan;
namespace GameUpscaler.Vulkan;

/// <summary>
/// The <c>VkImageLayout</c> values host images are in when a recorded dispatch executes, and the one the output
/// is left in. Dispatch reads the inputs in place where shaders can (SHADER_READ_ONLY_OPTIMAL, GENERAL), otherwise
/// transitions them to the layout it reads or copies them in and back, so the host keeps its own layouts.
/// </summary>
/// <param name="Input">Layout of the color and HUD images before and after the dispatch (default
/// <c>VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL</c> = 5, what a post-processing chain leaves its result in; the
/// images need SAMPLED usage, or TRANSFER_SRC for the copy path).</param>
/// <param name="OutputFinal">Layout the output is left in (default <c>VK_IMAGE_LAYOUT_GENERAL</c> = 1; a
/// presenting host may pass <c>VK_IMAGE_LAYOUT_PRESENT_SRC_KHR</c> = 1000001002). Its previous contents are
/// discarded; it needs STORAGE usage (written directly) or TRANSFER_DST (written through a copy).</param>
public readonly record struct VulkanImageLayouts(uint Input, uint OutputFinal)
{
    /// <summary>Shader-read-only input, general output.</summary>
    public static VulkanImageLayouts Default => new(5, 1);
}
