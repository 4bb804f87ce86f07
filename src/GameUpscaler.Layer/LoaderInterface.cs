using System.Runtime.InteropServices;

namespace GameUpscaler.Layer;

// The loader-layer interface of vk_layer.h (loader interface version 2): what the loader hands a layer at
// negotiation and in the pNext chains of vkCreateInstance and vkCreateDevice.

/// <summary><c>VkNegotiateLayerInterface</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct NegotiateLayerInterface
{
    /// <summary>LAYER_NEGOTIATE_INTERFACE_STRUCT.</summary>
    public const int StructType = 1;

    public int SType;
    public void* PNext;
    public uint LoaderLayerInterfaceVersion;
    public nint GetInstanceProcAddr;
    public nint GetDeviceProcAddr;
    public nint GetPhysicalDeviceProcAddr;
}

/// <summary><c>VkLayerInstanceLink</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct LayerInstanceLink
{
    public LayerInstanceLink* Next;
    public nint NextGetInstanceProcAddr;
    public nint NextGetPhysicalDeviceProcAddr;
}

/// <summary><c>VkLayerInstanceCreateInfo</c> / <c>VkLayerDeviceCreateInfo</c>: sType, pNext, function, then a union whose first member is the link or the callback.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct LayerCreateInfo
{
    /// <summary>VK_STRUCTURE_TYPE_LOADER_INSTANCE_CREATE_INFO.</summary>
    public const int InstanceStructType = 47;

    /// <summary>VK_STRUCTURE_TYPE_LOADER_DEVICE_CREATE_INFO.</summary>
    public const int DeviceStructType = 48;

    /// <summary>VK_LAYER_LINK_INFO.</summary>
    public const int LinkInfo = 0;

    /// <summary>VK_LOADER_DATA_CALLBACK.</summary>
    public const int LoaderDataCallback = 1;

    public int SType;
    public void* PNext;
    public int Function;
    public void* Union;
}

/// <summary><c>VkLayerDeviceLink</c>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct LayerDeviceLink
{
    public LayerDeviceLink* Next;
    public nint NextGetInstanceProcAddr;
    public nint NextGetDeviceProcAddr;
}

/// <summary>Walking the create infos' pNext chains for the loader's structs.</summary>
internal static unsafe class LoaderChain
{
    /// <summary>The first loader struct of <paramref name="structType"/> with <paramref name="function"/> in a pNext chain.</summary>
    public static LayerCreateInfo* Find(void* next, int structType, int function)
    {
        for (var item = (LayerCreateInfo*)next; item is not null; item = (LayerCreateInfo*)item->PNext)
        {
            if (item->SType == structType && item->Function == function)
            {
                return item;
            }
        }

        return null;
    }

    /// <summary>The dispatch key of a dispatchable handle: the loader's table pointer in its first word, shared by an
    /// instance and its physical devices, and by a device and its queues and command buffers.</summary>
    public static nint Key(nint dispatchable) => *(nint*)dispatchable;

    /// <summary>Asks a vkGetInstanceProcAddr or vkGetDeviceProcAddr for a function by name (0 when it has none).</summary>
    public static nint Lookup(nint getProcAddr, nint handle, string name)
    {
        byte* utf8 = (byte*)Marshal.StringToCoTaskMemUTF8(name);
        try
        {
            return ((delegate* unmanaged<nint, byte*, nint>)getProcAddr)(handle, utf8);
        }
        finally
        {
            Marshal.FreeCoTaskMem((nint)utf8);
        }
    }
}
