using System.Runtime.InteropServices;
using Silk.NET.Vulkan;
using SilkVk = Silk.NET.Vulkan.Vk;

namespace GameUpscaler.Vulkan;

/// <summary>
/// The loader-level Vulkan functions, through Silk.NET's binding (one <see cref="SilkVk"/> for the process; Silk
/// resolves each function from the loader the first time it is called). Every call that returns a VkResult is
/// checked (<see cref="VkResultCheck.Check"/>); handles cross into the rest of the backend as <c>nint</c>/<c>ulong</c>.
/// </summary>
internal static unsafe class VulkanLoader
{
    /// <summary>The Vulkan loader's file name on Linux (Silk loads the same one).</summary>
    public const string LibraryName = "libvulkan.so.1";

    /// <summary>VK_QUEUE_FAMILY_IGNORED.</summary>
    public const uint QueueFamilyIgnored = ~0u;

    /// <summary>VK_API_VERSION_1_2.</summary>
    public const uint ApiVersion12 = (1u << 22) | (2u << 12);

    private static readonly Lazy<SilkVk> Lazy = new(CreateApi, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// Where functions come from when the backend runs inside a Vulkan layer (<see cref="UseLayerChain"/>): a layer
    /// must call the next layer down, never the loader's entry points (they would re-enter the chain from its top, with
    /// handles the loader's trampolines do not know). Null outside a layer.
    /// </summary>
    private static Func<string, nint>? s_layerResolver;

    /// <summary>The loader's vkSetDeviceLoaderData inside a layer: every dispatchable object a layer creates must be passed to it.</summary>
    private static Action<nint, nint>? s_setDeviceLoaderData;

    /// <summary>Silk's function table.</summary>
    public static SilkVk Api => Lazy.Value;

    /// <summary>
    /// Makes the process's function table resolve every function through the next layer of a Vulkan layer chain
    /// (<paramref name="resolve"/>: the next layer's vkGetDeviceProcAddr, then its vkGetInstanceProcAddr) and hands every
    /// command buffer the backend allocates to the loader's vkSetDeviceLoaderData. Call once, before the first Vulkan
    /// call of the process; the GameUpscaler layer (src/GameUpscaler.Layer) is the only caller.
    /// </summary>
    /// <exception cref="InvalidOperationException">The function table was already made.</exception>
    internal static void UseLayerChain(Func<string, nint> resolve, Action<nint, nint> setDeviceLoaderData)
    {
        if (Lazy.IsValueCreated)
        {
            throw new InvalidOperationException("The Vulkan function table was made before the layer chain was given.");
        }

        s_layerResolver = resolve;
        s_setDeviceLoaderData = setDeviceLoaderData;
    }

    /// <summary>Tells the loader about a dispatchable object the backend created inside a layer (a no-op elsewhere).</summary>
    internal static void OnDispatchableCreated(nint device, nint dispatchable) => s_setDeviceLoaderData?.Invoke(device, dispatchable);

    private static SilkVk CreateApi() =>
        s_layerResolver is { } resolve ? new SilkVk(new Silk.NET.Core.Contexts.LamdaNativeContext(resolve)) : SilkVk.GetApi();

    /// <summary>Whether the loader library can be loaded at all (without it Silk throws from deep inside).</summary>
    public static bool IsLoaderAvailable()
    {
        if (NativeLibrary.TryLoad(LibraryName, out nint handle))
        {
            NativeLibrary.Free(handle);
            return true;
        }

        return false;
    }

    public static void CreateInstance(InstanceCreateInfo* info, nint* instance) =>
        Api.CreateInstance(info, null, (Instance*)instance).Check("vkCreateInstance");

    public static void DestroyInstance(nint instance) => Api.DestroyInstance(new Instance(instance), null);

    public static LayerProperties[] EnumerateInstanceLayerProperties()
    {
        uint count = 0;
        Api.EnumerateInstanceLayerProperties(&count, null).Check("vkEnumerateInstanceLayerProperties");
        var layers = new LayerProperties[count];
        fixed (LayerProperties* p = layers)
        {
            Api.EnumerateInstanceLayerProperties(&count, p).Check("vkEnumerateInstanceLayerProperties");
        }

        return layers[..(int)count];
    }

    public static ExtensionProperties[] EnumerateInstanceExtensionProperties(byte* layer)
    {
        uint count = 0;
        Api.EnumerateInstanceExtensionProperties(layer, &count, null).Check("vkEnumerateInstanceExtensionProperties");
        var extensions = new ExtensionProperties[count];
        fixed (ExtensionProperties* p = extensions)
        {
            Api.EnumerateInstanceExtensionProperties(layer, &count, p).Check("vkEnumerateInstanceExtensionProperties");
        }

        return extensions[..(int)count];
    }

    public static nint[] EnumeratePhysicalDevices(nint instance)
    {
        uint count = 0;
        Api.EnumeratePhysicalDevices(new Instance(instance), &count, null).Check("vkEnumeratePhysicalDevices");
        var devices = new nint[count];
        fixed (nint* p = devices)
        {
            Api.EnumeratePhysicalDevices(new Instance(instance), &count, (PhysicalDevice*)p).Check("vkEnumeratePhysicalDevices");
        }

        return devices[..(int)count];
    }

    public static void GetPhysicalDeviceProperties(nint physicalDevice, PhysicalDeviceProperties* properties) =>
        Api.GetPhysicalDeviceProperties(new PhysicalDevice(physicalDevice), properties);

    public static void GetPhysicalDeviceFeatures2(nint physicalDevice, PhysicalDeviceFeatures2* features) =>
        Api.GetPhysicalDeviceFeatures2(new PhysicalDevice(physicalDevice), features);

    public static void GetPhysicalDeviceFormatProperties(nint physicalDevice, Format format, FormatProperties* properties) =>
        Api.GetPhysicalDeviceFormatProperties(new PhysicalDevice(physicalDevice), format, properties);

    public static void GetPhysicalDeviceMemoryProperties(nint physicalDevice, PhysicalDeviceMemoryProperties* properties) =>
        Api.GetPhysicalDeviceMemoryProperties(new PhysicalDevice(physicalDevice), properties);

    public static QueueFamilyProperties[] GetPhysicalDeviceQueueFamilyProperties(nint physicalDevice)
    {
        uint count = 0;
        Api.GetPhysicalDeviceQueueFamilyProperties(new PhysicalDevice(physicalDevice), &count, null);
        var families = new QueueFamilyProperties[count];
        fixed (QueueFamilyProperties* p = families)
        {
            Api.GetPhysicalDeviceQueueFamilyProperties(new PhysicalDevice(physicalDevice), &count, p);
        }

        return families;
    }

    public static void CreateDevice(nint physicalDevice, DeviceCreateInfo* info, nint* device) =>
        Api.CreateDevice(new PhysicalDevice(physicalDevice), info, null, (Device*)device).Check("vkCreateDevice");

    /// <summary>An instance-level function (an extension's), or BackendUnavailable when the driver lacks it.</summary>
    public static nint GetInstanceProcAddr(nint instance, ReadOnlySpan<byte> nameUtf8z)
    {
        fixed (byte* name = nameUtf8z)
        {
            nint function = (nint)Api.GetInstanceProcAddr(new Instance(instance), name);
            return function != 0 ? function : throw MissingFunction(nameUtf8z);
        }
    }

    /// <summary>A device-level function (an extension's), or BackendUnavailable when the driver lacks it.</summary>
    public static nint GetDeviceProcAddr(nint device, ReadOnlySpan<byte> nameUtf8z)
    {
        fixed (byte* name = nameUtf8z)
        {
            nint function = (nint)Api.GetDeviceProcAddr(new Device(device), name);
            return function != 0 ? function : throw MissingFunction(nameUtf8z);
        }
    }

    private static UpscalerException MissingFunction(ReadOnlySpan<byte> nameUtf8z) =>
        new(UpscalerErrorCode.BackendUnavailable, $"The Vulkan driver does not provide {System.Text.Encoding.UTF8.GetString(nameUtf8z.TrimEnd((byte)0))}.");
}
