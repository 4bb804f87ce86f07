using Silk.NET.Vulkan;

namespace GameUpscaler.Vulkan;

/// <summary>
/// What a native binding of the backend needs beyond the managed API, with Vulkan's own values as plain integers (no
/// binding's types in the public surface): the C API (src/GameUpscaler.Native) maps the host's <c>VkFormat</c>, and a
/// Vulkan layer (src/GameUpscaler.Layer) points the backend at the next layer of its chain.
/// </summary>
public static class VulkanInterop
{
    /// <summary>
    /// The format of a <c>VkFormat</c> value, the inverse of <see cref="ToVkFormat"/>; <see cref="UpscalerFormat.Undefined"/>
    /// for any format the backend neither reads nor writes.
    /// </summary>
    public static UpscalerFormat FromVkFormat(int vkFormat) => VulkanFormats.FromVk((Format)vkFormat);

    /// <summary>The <c>VkFormat</c> value of a format.</summary>
    /// <exception cref="UpscalerException"><see cref="UpscalerErrorCode.UnsupportedFormat"/> for <see cref="UpscalerFormat.Undefined"/>.</exception>
    public static int ToVkFormat(UpscalerFormat format) => (int)VulkanFormats.ToVk(format);

    /// <summary>
    /// Runs the backend inside a Vulkan layer: every Vulkan function the process's backend calls is resolved through
    /// <paramref name="resolveFunction"/> (the next layer's vkGetDeviceProcAddr, then its vkGetInstanceProcAddr; a
    /// layer must call down its chain, never the loader's entry points, which would re-enter the chain at its top with
    /// handles the loader's trampolines do not know), and every command buffer the backend allocates is handed to
    /// <paramref name="onDispatchableCreated"/>(device, commandBuffer) — the loader's vkSetDeviceLoaderData, which
    /// every dispatchable object a layer creates must go through. Call once, before the backend's first Vulkan call.
    /// </summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="InvalidOperationException">The backend already made its function table.</exception>
    public static void UseLayerChain(Func<string, nint> resolveFunction, Action<nint, nint> onDispatchableCreated)
    {
        ArgumentNullException.ThrowIfNull(resolveFunction);
        ArgumentNullException.ThrowIfNull(onDispatchableCreated);
        VulkanLoader.UseLayerChain(resolveFunction, onDispatchableCreated);
    }
}
