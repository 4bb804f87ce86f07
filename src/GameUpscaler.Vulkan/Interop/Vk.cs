using System.Runtime.InteropServices;

namespace GameUpscaler.Vulkan.Interop;

/// <summary>
/// Loader exports of libvulkan.so.1 (global and instance-level functions). Every wrapper checks its result through
/// <see cref="VkResultCheck.Check"/>; the raw imports are private. Device-level functions are in
/// <see cref="VkDeviceApi"/>, loaded through <c>vkGetDeviceProcAddr</c> to skip the loader trampoline.
/// </summary>
internal static unsafe partial class Vk
{
    public const string LibraryName = "libvulkan.so.1";

    /// <summary>VK_MAKE_API_VERSION(0, 1, 2, 0): the backend needs Vulkan 1.2 (its shaders target it).</summary>
    public const uint ApiVersion12 = (1u << 22) | (2u << 12);

    /// <summary>Whether the loader library can be loaded at all (no exception, for device listing).</summary>
    public static bool IsLoaderAvailable()
    {
        if (NativeLibrary.TryLoad(LibraryName, out nint handle))
        {
            NativeLibrary.Free(handle);
            return true;
        }

        return false;
    }

    public static void CreateInstance(VkInstanceCreateInfo* info, nint* instance) =>
        vkCreateInstance(info, null, instance).Check("vkCreateInstance");

    public static void DestroyInstance(nint instance) => vkDestroyInstance(instance, null);

    public static VkLayerProperties[] EnumerateInstanceLayerProperties()
    {
        uint count = 0;
        vkEnumerateInstanceLayerProperties(&count, null).Check("vkEnumerateInstanceLayerProperties");
        var layers = new VkLayerProperties[count];
        fixed (VkLayerProperties* p = layers)
        {
            vkEnumerateInstanceLayerProperties(&count, p).Check("vkEnumerateInstanceLayerProperties");
        }

        return layers[..(int)count];
    }

    public static VkExtensionProperties[] EnumerateInstanceExtensionProperties(byte* layer)
    {
        uint count = 0;
        vkEnumerateInstanceExtensionProperties(layer, &count, null).Check("vkEnumerateInstanceExtensionProperties");
        var extensions = new VkExtensionProperties[count];
        fixed (VkExtensionProperties* p = extensions)
        {
            vkEnumerateInstanceExtensionProperties(layer, &count, p).Check("vkEnumerateInstanceExtensionProperties");
        }

        return extensions[..(int)count];
    }

    public static nint[] EnumeratePhysicalDevices(nint instance)
    {
        uint count = 0;
        vkEnumeratePhysicalDevices(instance, &count, null).Check("vkEnumeratePhysicalDevices");
        var devices = new nint[count];
        fixed (nint* p = devices)
        {
            vkEnumeratePhysicalDevices(instance, &count, p).Check("vkEnumeratePhysicalDevices");
        }

        return devices[..(int)count];
    }

    public static void GetPhysicalDeviceProperties(nint physicalDevice, VkPhysicalDeviceProperties* properties) =>
        vkGetPhysicalDeviceProperties(physicalDevice, properties);

    public static void GetPhysicalDeviceFeatures2(nint physicalDevice, VkPhysicalDeviceFeatures2* features) =>
        vkGetPhysicalDeviceFeatures2(physicalDevice, features);

    public static void GetPhysicalDeviceMemoryProperties(nint physicalDevice, VkPhysicalDeviceMemoryProperties* properties) =>
        vkGetPhysicalDeviceMemoryProperties(physicalDevice, properties);

    public static VkQueueFamilyProperties[] GetPhysicalDeviceQueueFamilyProperties(nint physicalDevice)
    {
        uint count = 0;
        vkGetPhysicalDeviceQueueFamilyProperties(physicalDevice, &count, null);
        var families = new VkQueueFamilyProperties[count];
        fixed (VkQueueFamilyProperties* p = families)
        {
            vkGetPhysicalDeviceQueueFamilyProperties(physicalDevice, &count, p);
        }

        return families;
    }

    public static void CreateDevice(nint physicalDevice, VkDeviceCreateInfo* info, nint* device) =>
        vkCreateDevice(physicalDevice, info, null, device).Check("vkCreateDevice");

    /// <summary>An instance-level (or extension) function pointer; throws when the driver does not provide it.</summary>
    public static nint GetInstanceProcAddr(nint instance, ReadOnlySpan<byte> nameUtf8z)
    {
        fixed (byte* name = nameUtf8z)
        {
            nint function = vkGetInstanceProcAddr(instance, name);
            return function != 0 ? function : throw MissingFunction(nameUtf8z);
        }
    }

    /// <summary>A device-level function pointer; throws when the driver does not provide it.</summary>
    public static nint GetDeviceProcAddr(nint device, ReadOnlySpan<byte> nameUtf8z)
    {
        fixed (byte* name = nameUtf8z)
        {
            nint function = vkGetDeviceProcAddr(device, name);
            return function != 0 ? function : throw MissingFunction(nameUtf8z);
        }
    }

    private static UpscalerException MissingFunction(ReadOnlySpan<byte> nameUtf8z) =>
        new(UpscalerErrorCode.BackendUnavailable, $"The Vulkan driver does not provide {System.Text.Encoding.UTF8.GetString(nameUtf8z.TrimEnd((byte)0))}.");

    [LibraryImport(LibraryName)]
    private static partial VkResult vkCreateInstance(VkInstanceCreateInfo* info, void* allocator, nint* instance);

    [LibraryImport(LibraryName)]
    private static partial void vkDestroyInstance(nint instance, void* allocator);

    [LibraryImport(LibraryName)]
    private static partial VkResult vkEnumerateInstanceLayerProperties(uint* count, VkLayerProperties* properties);

    [LibraryImport(LibraryName)]
    private static partial VkResult vkEnumerateInstanceExtensionProperties(byte* layer, uint* count, VkExtensionProperties* properties);

    [LibraryImport(LibraryName)]
    private static partial VkResult vkEnumeratePhysicalDevices(nint instance, uint* count, nint* devices);

    [LibraryImport(LibraryName)]
    private static partial void vkGetPhysicalDeviceProperties(nint physicalDevice, VkPhysicalDeviceProperties* properties);

    [LibraryImport(LibraryName)]
    private static partial void vkGetPhysicalDeviceFeatures2(nint physicalDevice, VkPhysicalDeviceFeatures2* features);

    [LibraryImport(LibraryName)]
    private static partial void vkGetPhysicalDeviceMemoryProperties(nint physicalDevice, VkPhysicalDeviceMemoryProperties* properties);

    [LibraryImport(LibraryName)]
    private static partial void vkGetPhysicalDeviceQueueFamilyProperties(nint physicalDevice, uint* count, VkQueueFamilyProperties* families);

    [LibraryImport(LibraryName)]
    private static partial VkResult vkCreateDevice(nint physicalDevice, VkDeviceCreateInfo* info, void* allocator, nint* device);

    [LibraryImport(LibraryName)]
    private static partial nint vkGetInstanceProcAddr(nint instance, byte* name);

    [LibraryImport(LibraryName)]
    private static partial nint vkGetDeviceProcAddr(nint device, byte* name);
}
