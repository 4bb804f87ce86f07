using System.Runtime.InteropServices;
using Silk.NET.Core.Native;
using Silk.NET.Vulkan;
using SilkVk = Silk.NET.Vulkan.Vk;

namespace GameUpscaler.Scene.Host;

/// <summary>
/// A Vulkan instance and device created the way a game creates its own, with Silk.NET: Vulkan 1.2, the first device
/// with a compute queue (GPUs before CPU devices such as lavapipe), the fp16 features the upscaler can use enabled where
/// present, and VK_KHR_swapchain when the game presents. The game then hands the handles to the plugin with
/// <see cref="Vulkan.VulkanDevice.FromHost"/> and keeps ownership: dispose it after the plugin's objects.
/// </summary>
public sealed unsafe class HostDevice : IDisposable
{
    private readonly SilkVk _vk;

    private HostDevice(SilkVk vk, Instance instance, PhysicalDevice physical, Device device, Queue queue, uint family, bool fp16Storage, bool fp16Arithmetic, string name)
    {
        _vk = vk;
        Instance = instance.Handle;
        PhysicalDevice = physical.Handle;
        Device = device.Handle;
        Queue = queue.Handle;
        QueueFamily = family;
        Float16Storage = fp16Storage;
        Float16Arithmetic = fp16Arithmetic;
        Name = name;
    }

    public nint Instance { get; }

    public nint PhysicalDevice { get; }

    public nint Device { get; }

    public nint Queue { get; }

    public uint QueueFamily { get; }

    /// <summary>Whether storageBuffer16BitAccess was enabled.</summary>
    public bool Float16Storage { get; }

    /// <summary>Whether shaderFloat16 was enabled.</summary>
    public bool Float16Arithmetic { get; }

    /// <summary>The physical device's name.</summary>
    public string Name { get; }

    /// <summary>Creates the instance (with <paramref name="instanceExtensions"/>, e.g. the window system's) and the device.</summary>
    /// <exception cref="InvalidOperationException">No Vulkan device with a compute queue, or a Vulkan call failed (the message names it).</exception>
    public static HostDevice Create(IReadOnlyList<string> instanceExtensions, bool presentation)
    {
        ArgumentNullException.ThrowIfNull(instanceExtensions);
        SilkVk vk = SilkVk.GetApi();
        var names = new List<nint>();
        try
        {
            byte** extensions = stackalloc byte*[Math.Max(1, instanceExtensions.Count)];
            for (int i = 0; i < instanceExtensions.Count; i++)
            {
                names.Add(SilkMarshal.StringToPtr(instanceExtensions[i]));
                extensions[i] = (byte*)names[^1];
            }

            var app = new ApplicationInfo { SType = StructureType.ApplicationInfo, ApiVersion = SilkVk.Version12 };
            var instanceInfo = new InstanceCreateInfo
            {
                SType = StructureType.InstanceCreateInfo,
                PApplicationInfo = &app,
                EnabledExtensionCount = (uint)instanceExtensions.Count,
                PpEnabledExtensionNames = extensions,
            };
            Instance instance;
            HostGpu.Check(vk.CreateInstance(&instanceInfo, null, &instance), "vkCreateInstance");
            try
            {
                return CreateDevice(vk, instance, presentation);
            }
            catch
            {
                vk.DestroyInstance(instance, null);
                throw;
            }
        }
        finally
        {
            names.ForEach(n => SilkMarshal.Free(n));
        }
    }

    public void Dispose()
    {
        _vk.DeviceWaitIdle(new Device(Device));
        _vk.DestroyDevice(new Device(Device), null);
        _vk.DestroyInstance(new Instance(Instance), null);
    }

    private static HostDevice CreateDevice(SilkVk vk, Instance instance, bool presentation)
    {
        uint count = 0;
        HostGpu.Check(vk.EnumeratePhysicalDevices(instance, &count, null), "vkEnumeratePhysicalDevices");
        var devices = new PhysicalDevice[count];
        fixed (PhysicalDevice* p = devices)
        {
            HostGpu.Check(vk.EnumeratePhysicalDevices(instance, &count, p), "vkEnumeratePhysicalDevices");
        }

        // A game prefers a GPU; a CPU device (lavapipe) is the last resort.
        foreach (PhysicalDevice physical in devices.OrderBy(d => Properties(vk, d).DeviceType == PhysicalDeviceType.Cpu ? 1 : 0))
        {
            uint families = 0;
            vk.GetPhysicalDeviceQueueFamilyProperties(physical, &families, null);
            var properties = new QueueFamilyProperties[families];
            fixed (QueueFamilyProperties* p = properties)
            {
                vk.GetPhysicalDeviceQueueFamilyProperties(physical, &families, p);
            }

            int family = Array.FindIndex(properties, f => (f.QueueFlags & QueueFlags.ComputeBit) != 0);
            if (family >= 0)
            {
                return CreateDevice(vk, instance, physical, (uint)family, presentation);
            }
        }

        throw new InvalidOperationException("No Vulkan device has a compute queue.");
    }

    private static PhysicalDeviceProperties Properties(SilkVk vk, PhysicalDevice device)
    {
        PhysicalDeviceProperties properties;
        vk.GetPhysicalDeviceProperties(device, &properties);
        return properties;
    }

    private static HostDevice CreateDevice(SilkVk vk, Instance instance, PhysicalDevice physical, uint family, bool presentation)
    {
        var supported12 = new PhysicalDeviceVulkan12Features { SType = StructureType.PhysicalDeviceVulkan12Features };
        var supported11 = new PhysicalDeviceVulkan11Features { SType = StructureType.PhysicalDeviceVulkan11Features, PNext = &supported12 };
        var supported = new PhysicalDeviceFeatures2 { SType = StructureType.PhysicalDeviceFeatures2, PNext = &supported11 };
        vk.GetPhysicalDeviceFeatures2(physical, &supported);
        bool fp16Storage = (bool)supported11.StorageBuffer16BitAccess;
        bool fp16Arithmetic = fp16Storage && (bool)supported12.ShaderFloat16;
        var features12 = new PhysicalDeviceVulkan12Features { SType = StructureType.PhysicalDeviceVulkan12Features, ShaderFloat16 = fp16Arithmetic };
        var features11 = new PhysicalDeviceVulkan11Features
        {
            SType = StructureType.PhysicalDeviceVulkan11Features,
            PNext = &features12,
            StorageBuffer16BitAccess = fp16Storage,
        };
        var features = new PhysicalDeviceFeatures2 { SType = StructureType.PhysicalDeviceFeatures2, PNext = &features11 };
        float priority = 1f;
        var queueInfo = new DeviceQueueCreateInfo { SType = StructureType.DeviceQueueCreateInfo, QueueFamilyIndex = family, QueueCount = 1, PQueuePriorities = &priority };
        nint swapchainName = SilkMarshal.StringToPtr("VK_KHR_swapchain");
        try
        {
            byte* extension = (byte*)swapchainName;
            var deviceInfo = new DeviceCreateInfo
            {
                SType = StructureType.DeviceCreateInfo,
                PNext = &features,
                QueueCreateInfoCount = 1,
                PQueueCreateInfos = &queueInfo,
                EnabledExtensionCount = presentation ? 1u : 0u,
                PpEnabledExtensionNames = &extension,
            };
            Device device;
            HostGpu.Check(vk.CreateDevice(physical, &deviceInfo, null, &device), "vkCreateDevice");
            Queue queue;
            vk.GetDeviceQueue(device, family, 0, &queue);
            PhysicalDeviceProperties properties = Properties(vk, physical);
            string name = Marshal.PtrToStringUTF8((nint)properties.DeviceName) ?? "unknown";
            return new HostDevice(vk, instance, physical, device, queue, family, fp16Storage, fp16Arithmetic, name);
        }
        finally
        {
            SilkMarshal.Free(swapchainName);
        }
    }
}
