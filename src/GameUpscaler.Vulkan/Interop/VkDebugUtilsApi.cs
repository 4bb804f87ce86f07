using Silk.NET.Vulkan;
namespace GameUpscaler.Vulkan.Interop;

/// <summary>VK_EXT_debug_utils functions of one instance (loaded through <c>vkGetInstanceProcAddr</c>).</summary>
internal sealed unsafe class VkDebugUtilsApi
{
    private readonly delegate* unmanaged<nint, DebugUtilsMessengerCreateInfoEXT*, void*, ulong*, Result> _createMessenger;
    private readonly delegate* unmanaged<nint, ulong, void*, void> _destroyMessenger;
    private readonly delegate* unmanaged<nint, DebugUtilsObjectNameInfoEXT*, Result> _setObjectName;

    public VkDebugUtilsApi(nint instance)
    {
        Instance = instance;
        _createMessenger = (delegate* unmanaged<nint, DebugUtilsMessengerCreateInfoEXT*, void*, ulong*, Result>)
            VulkanLoader.GetInstanceProcAddr(instance, "vkCreateDebugUtilsMessengerEXT"u8);
        _destroyMessenger = (delegate* unmanaged<nint, ulong, void*, void>)VulkanLoader.GetInstanceProcAddr(instance, "vkDestroyDebugUtilsMessengerEXT"u8);
        _setObjectName = (delegate* unmanaged<nint, DebugUtilsObjectNameInfoEXT*, Result>)
            VulkanLoader.GetInstanceProcAddr(instance, "vkSetDebugUtilsObjectNameEXT"u8);
    }

    public nint Instance { get; }

    public void CreateDebugUtilsMessenger(DebugUtilsMessengerCreateInfoEXT* info, ulong* messenger) =>
        _createMessenger(Instance, info, null, messenger).Check("vkCreateDebugUtilsMessengerEXT");

    public void DestroyDebugUtilsMessenger(ulong messenger) => _destroyMessenger(Instance, messenger, null);

    public void SetDebugUtilsObjectName(nint device, DebugUtilsObjectNameInfoEXT* info) =>
        _setObjectName(device, info).Check("vkSetDebugUtilsObjectNameEXT");
}
