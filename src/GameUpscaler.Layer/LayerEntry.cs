using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using GameUpscaler.Vulkan;
using Silk.NET.Vulkan;

namespace GameUpscaler.Layer;

/// <summary>
/// The layer's entry points: loader negotiation (the only exported symbol, so the library never shadows the loader's
/// own vk* symbols in a process), vkGetInstanceProcAddr/vkGetDeviceProcAddr, and the calls it intercepts. Every
/// intercept calls the next layer first or instead; a failure of our own work is logged and the application's frame
/// passed through, never thrown into the game.
/// </summary>
internal static unsafe class LayerEntry
{
    public const string LayerName = "VK_LAYER_GAMEUPSCALER_upscale";

    private const int VkSuccess = 0;
    private const int VkErrorInitializationFailed = -3;

    internal static readonly ConcurrentDictionary<nint, InstanceState> Instances = new();
    internal static readonly ConcurrentDictionary<nint, DeviceState> Devices = new();

    [UnmanagedCallersOnly(EntryPoint = "vkNegotiateLoaderLayerInterfaceVersion")]
    public static int Negotiate(NegotiateLayerInterface* request)
    {
        if (request is null || request->SType != NegotiateLayerInterface.StructType || request->LoaderLayerInterfaceVersion < 2)
        {
            return VkErrorInitializationFailed;
        }

        request->LoaderLayerInterfaceVersion = 2;
        request->GetInstanceProcAddr = (nint)(delegate* unmanaged<nint, byte*, nint>)&GetInstanceProcAddr;
        request->GetDeviceProcAddr = (nint)(delegate* unmanaged<nint, byte*, nint>)&GetDeviceProcAddr;
        request->GetPhysicalDeviceProcAddr = 0;
        return VkSuccess;
    }

    [UnmanagedCallersOnly]
    public static nint GetInstanceProcAddr(nint instance, byte* name)
    {
        string function = Marshal.PtrToStringUTF8((nint)name) ?? string.Empty;
        nint own = InstanceFunction(function);
        if (own == 0)
        {
            own = DeviceFunction(function);
        }

        if (own != 0)
        {
            return own;
        }

        return instance != 0 && Instances.TryGetValue(LoaderChain.Key(instance), out InstanceState? state)
            ? ((delegate* unmanaged<nint, byte*, nint>)state.NextGetInstanceProcAddr)(instance, name)
            : 0;
    }

    [UnmanagedCallersOnly]
    public static nint GetDeviceProcAddr(nint device, byte* name)
    {
        string function = Marshal.PtrToStringUTF8((nint)name) ?? string.Empty;
        nint own = DeviceFunction(function);
        if (own != 0)
        {
            return own;
        }

        return device != 0 && Devices.TryGetValue(LoaderChain.Key(device), out DeviceState? state)
            ? ((delegate* unmanaged<nint, byte*, nint>)state.NextGetDeviceProcAddr)(device, name)
            : 0;
    }

    private static nint InstanceFunction(string name) => name switch
    {
        "vkGetInstanceProcAddr" => (nint)(delegate* unmanaged<nint, byte*, nint>)&GetInstanceProcAddr,
        "vkCreateInstance" => (nint)(delegate* unmanaged<InstanceCreateInfo*, void*, nint*, int>)&InstanceHooks.CreateInstance,
        "vkDestroyInstance" => (nint)(delegate* unmanaged<nint, void*, void>)&InstanceHooks.DestroyInstance,
        "vkCreateDevice" => (nint)(delegate* unmanaged<nint, DeviceCreateInfo*, void*, nint*, int>)&InstanceHooks.CreateDevice,
        "vkGetPhysicalDeviceSurfaceCapabilitiesKHR" => (nint)(delegate* unmanaged<nint, ulong, SurfaceCapabilitiesKHR*, int>)&InstanceHooks.GetSurfaceCapabilities,
        "vkGetPhysicalDeviceSurfaceCapabilities2KHR" => (nint)(delegate* unmanaged<nint, PhysicalDeviceSurfaceInfo2KHR*, SurfaceCapabilities2KHR*, int>)&InstanceHooks.GetSurfaceCapabilities2,
        _ => 0,
    };

    private static nint DeviceFunction(string name) => name switch
    {
        "vkGetDeviceProcAddr" => (nint)(delegate* unmanaged<nint, byte*, nint>)&GetDeviceProcAddr,
        "vkDestroyDevice" => (nint)(delegate* unmanaged<nint, void*, void>)&DeviceHooks.DestroyDevice,
        "vkGetDeviceQueue" => (nint)(delegate* unmanaged<nint, uint, uint, nint*, void>)&DeviceHooks.GetDeviceQueue,
        "vkGetDeviceQueue2" => (nint)(delegate* unmanaged<nint, DeviceQueueInfo2*, nint*, void>)&DeviceHooks.GetDeviceQueue2,
        "vkCreateSwapchainKHR" => (nint)(delegate* unmanaged<nint, SwapchainCreateInfoKHR*, void*, ulong*, int>)&DeviceHooks.CreateSwapchain,
        "vkDestroySwapchainKHR" => (nint)(delegate* unmanaged<nint, ulong, void*, void>)&DeviceHooks.DestroySwapchain,
        "vkGetSwapchainImagesKHR" => (nint)(delegate* unmanaged<nint, ulong, uint*, ulong*, int>)&DeviceHooks.GetSwapchainImages,
        "vkQueuePresentKHR" => (nint)(delegate* unmanaged<nint, PresentInfoKHR*, int>)&DeviceHooks.QueuePresent,
        _ => 0,
    };
}
