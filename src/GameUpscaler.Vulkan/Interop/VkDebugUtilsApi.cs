namespace GameUpscaler.Vulkan.Interop;

/// <summary>VK_EXT_debug_utils functions of one instance (loaded through <c>vkGetInstanceProcAddr</c>).</summary>
internal sealed unsafe class VkDebugUtilsApi
{
    private readonly delegate* unmanaged<nint, VkDebugUtilsMessengerCreateInfoEXT*, void*, ulong*, VkResult> _createMessenger;
    private readonly delegate* unmanaged<nint, ulong, void*, void> _destroyMessenger;
    private readonly delegate* unmanaged<nint, VkDebugUtilsObjectNameInfoEXT*, VkResult> _setObjectName;

    public VkDebugUtilsApi(nint instance)
    {
        Instance = instance;
        _createMessenger = (delegate* unmanaged<nint, VkDebugUtilsMessengerCreateInfoEXT*, void*, ulong*, VkResult>)
            Vk.GetInstanceProcAddr(instance, "vkCreateDebugUtilsMessengerEXT"u8);
        _destroyMessenger = (delegate* unmanaged<nint, ulong, void*, void>)Vk.GetInstanceProcAddr(instance, "vkDestroyDebugUtilsMessengerEXT"u8);
        _setObjectName = (delegate* unmanaged<nint, VkDebugUtilsObjectNameInfoEXT*, VkResult>)
            Vk.GetInstanceProcAddr(instance, "vkSetDebugUtilsObjectNameEXT"u8);
    }

    public nint Instance { get; }

    public void CreateDebugUtilsMessenger(VkDebugUtilsMessengerCreateInfoEXT* info, ulong* messenger) =>
        _createMessenger(Instance, info, null, messenger).Check("vkCreateDebugUtilsMessengerEXT");

    public void DestroyDebugUtilsMessenger(ulong messenger) => _destroyMessenger(Instance, messenger, null);

    public void SetDebugUtilsObjectName(nint device, VkDebugUtilsObjectNameInfoEXT* info) =>
        _setObjectName(device, info).Check("vkSetDebugUtilsObjectNameEXT");
}
