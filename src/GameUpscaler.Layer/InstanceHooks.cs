using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using GameUpscaler.Interop;
using GameUpscaler.Models;
using GameUpscaler.Vulkan;
using Silk.NET.Vulkan;

namespace GameUpscaler.Layer;

/// <summary>An instance the layer sits in: the next layer's vkGetInstanceProcAddr, the settings for this game.</summary>
internal sealed unsafe class InstanceState(nint instance, nint nextGetInstanceProcAddr, LayerConfig config)
{
    private readonly ConcurrentDictionary<string, nint> _functions = new(StringComparer.Ordinal);

    public nint Instance { get; } = instance;

    public nint NextGetInstanceProcAddr { get; } = nextGetInstanceProcAddr;

    public LayerConfig Config { get; } = config;

    /// <summary>Whether the player's toggle key has the upscaler on (it starts on).</summary>
    public bool UpscalingOn { get; set; } = true;

    /// <summary>
    /// Looks up, now, the next layer's versions of the functions this layer intercepts. Asked later, the loader's
    /// bottom of the chain answers from the instance's dispatch table, which by then holds this layer's own functions
    /// (measured: vkGetPhysicalDeviceSurfaceCapabilitiesKHR came back as ours and recursed), as layers resolve their
    /// whole dispatch table inside vkCreateInstance for the same reason.
    /// </summary>
    public void ResolveIntercepted()
    {
        foreach (string name in (string[])["vkDestroyInstance", "vkCreateDevice", "vkGetPhysicalDeviceSurfaceCapabilitiesKHR", "vkGetPhysicalDeviceSurfaceCapabilities2KHR"])
        {
            _ = Next(name);
        }
    }

    /// <summary>The next layer's function, or 0 when it has none.</summary>
    public nint Next(string name) => _functions.GetOrAdd(name, n => LoaderChain.Lookup(NextGetInstanceProcAddr, Instance, n));
}

/// <summary>The instance-level intercepts.</summary>
internal static unsafe class InstanceHooks
{
    private const int VkErrorInitializationFailed = -3;

    /// <summary>The Vulkan version the backend's passes are written against; an application asking for less gets it raised.</summary>
    private const uint MinimumApiVersion = (1u << 22) | (2u << 12);

    [UnmanagedCallersOnly]
    public static int CreateInstance(InstanceCreateInfo* info, void* allocator, nint* instance)
    {
        LayerCreateInfo* chain = LoaderChain.Find(info->PNext, LayerCreateInfo.InstanceStructType, LayerCreateInfo.LinkInfo);
        if (chain is null || chain->Union is null)
        {
            LayerLog.Error("vkCreateInstance: the loader gave no layer link; the layer cannot sit in this chain");
            return VkErrorInitializationFailed;
        }

        var link = (LayerInstanceLink*)chain->Union;
        nint nextGetInstanceProcAddr = link->NextGetInstanceProcAddr;
        chain->Union = link->Next;
        var create = (delegate* unmanaged<InstanceCreateInfo*, void*, nint*, int>)LoaderChain.Lookup(nextGetInstanceProcAddr, 0, "vkCreateInstance");

        // The passes need Vulkan 1.2 (and its physical-device queries); the driver decides what it offers, the
        // application's own use of the instance is unchanged by a higher requested version.
        InstanceCreateInfo raised = *info;
        ApplicationInfo application = info->PApplicationInfo is not null ? *info->PApplicationInfo : new ApplicationInfo { SType = StructureType.ApplicationInfo };
        if (application.ApiVersion < MinimumApiVersion)
        {
            application.ApiVersion = MinimumApiVersion;
        }

        raised.PApplicationInfo = &application;
        int result = create(&raised, allocator, instance);
        if (result != 0)
        {
            // A driver without 1.2 refuses the raised version: the game gets its own request, the layer passes through.
            result = create(info, allocator, instance);
            if (result != 0)
            {
                return result;
            }

            LayerLog.Error("vkCreateInstance: the driver refused Vulkan 1.2; frames pass through unscaled");
        }

        KnownModels.NativeLibraryDirectory ??= NativeLibraryLocation.Directory;
        ExitSummary.Register();

        // Registered whatever happens next: vkDestroyInstance must always find the next layer's function.
        string executable = Path.GetFileName(Environment.ProcessPath ?? "unknown");
        LayerConfig config;
        try
        {
            var problems = new List<string>();
            config = LayerConfig.Load(executable, Environment.GetEnvironmentVariable, problems);
            problems.ForEach(LayerLog.Error);
        }
        catch (Exception e)
        {
            LayerLog.Error($"vkCreateInstance: the settings cannot be read ({e.Message}); the layer is off for this instance");
            config = new LayerConfig { Enabled = false, Source = "error" };
        }

        var state = new InstanceState(*instance, nextGetInstanceProcAddr, config);
        state.ResolveIntercepted();
        LayerEntry.Instances[LoaderChain.Key(*instance)] = state;
        LayerLog.Info($"{LayerEntry.LayerName} in {executable}: {(config.Enabled ? "on" : "off")}, mode {QualityModes.GetName(config.Mode)}, model {config.Model ?? "none (spatial)"}, sharpness {config.Sharpness:0.##}, toggle {config.ToggleKey} ({config.Source})");
        return 0;
    }

    [UnmanagedCallersOnly]
    public static void DestroyInstance(nint instance, void* allocator)
    {
        if (instance == 0 || !LayerEntry.Instances.TryRemove(LoaderChain.Key(instance), out InstanceState? state))
        {
            return;
        }

        ((delegate* unmanaged<nint, void*, void>)state.Next("vkDestroyInstance"))(instance, allocator);
        LayerLog.Info("instance destroyed");
    }

    [UnmanagedCallersOnly]
    public static int CreateDevice(nint physicalDevice, DeviceCreateInfo* info, void* allocator, nint* device)
    {
        LayerCreateInfo* chain = LoaderChain.Find(info->PNext, LayerCreateInfo.DeviceStructType, LayerCreateInfo.LinkInfo);
        LayerCreateInfo* loaderData = LoaderChain.Find(info->PNext, LayerCreateInfo.DeviceStructType, LayerCreateInfo.LoaderDataCallback);
        if (chain is null || chain->Union is null || !LayerEntry.Instances.TryGetValue(LoaderChain.Key(physicalDevice), out InstanceState? instance))
        {
            LayerLog.Error("vkCreateDevice: no layer link or unknown instance; the layer cannot sit in this chain");
            return VkErrorInitializationFailed;
        }

        var link = (LayerDeviceLink*)chain->Union;
        nint nextGetDeviceProcAddr = link->NextGetDeviceProcAddr;
        chain->Union = link->Next;
        var create = (delegate* unmanaged<nint, DeviceCreateInfo*, void*, nint*, int>)instance.Next("vkCreateDevice");
        int result = create(physicalDevice, info, allocator, device);
        if (result != 0)
        {
            return result;
        }

        // Registered whatever happens next: vkDestroyDevice must always find the next layer's function.
        var state = new DeviceState(instance, physicalDevice, *device, nextGetDeviceProcAddr, loaderData is null ? 0 : (nint)loaderData->Union);
        state.ResolveIntercepted();
        LayerEntry.Devices[LoaderChain.Key(*device)] = state;
        return 0;
    }

    [UnmanagedCallersOnly]
    public static int GetSurfaceCapabilities(nint physicalDevice, ulong surface, SurfaceCapabilitiesKHR* capabilities)
    {
        if (!LayerEntry.Instances.TryGetValue(LoaderChain.Key(physicalDevice), out InstanceState? instance))
        {
            return VkErrorInitializationFailed;
        }

        int result = ((delegate* unmanaged<nint, ulong, SurfaceCapabilitiesKHR*, int>)instance.Next("vkGetPhysicalDeviceSurfaceCapabilitiesKHR"))(physicalDevice, surface, capabilities);
        if (result == 0)
        {
            ShrinkToRenderSize(instance, capabilities);
        }

        return result;
    }

    [UnmanagedCallersOnly]
    public static int GetSurfaceCapabilities2(nint physicalDevice, PhysicalDeviceSurfaceInfo2KHR* info, SurfaceCapabilities2KHR* capabilities)
    {
        if (!LayerEntry.Instances.TryGetValue(LoaderChain.Key(physicalDevice), out InstanceState? instance))
        {
            return VkErrorInitializationFailed;
        }

        int result = ((delegate* unmanaged<nint, PhysicalDeviceSurfaceInfo2KHR*, SurfaceCapabilities2KHR*, int>)instance.Next("vkGetPhysicalDeviceSurfaceCapabilities2KHR"))(physicalDevice, info, capabilities);
        if (result == 0)
        {
            ShrinkToRenderSize(instance, &capabilities->SurfaceCapabilities);
        }

        return result;
    }

    /// <summary>The real window extent's render size for the configured mode, the size the application is told to render at.</summary>
    public static Extent2D RenderExtent(LayerConfig config, Extent2D window)
    {
        Size2D render = QualityModes.GetRenderResolution(config.Mode, new Size2D((int)window.Width, (int)window.Height));
        return new Extent2D((uint)render.Width, (uint)render.Height);
    }

    /// <summary>Whether the layer upscales a window of this extent (large enough, defined, and the layer on).</summary>
    public static bool Upscales(LayerConfig config, Extent2D window) =>
        config.Enabled && window.Width != uint.MaxValue && window.Width >= QualityModes.MinimumDisplayDimension && window.Height >= QualityModes.MinimumDisplayDimension
        && config.Mode != QualityMode.NativeAA;

    private static void ShrinkToRenderSize(InstanceState instance, SurfaceCapabilitiesKHR* capabilities)
    {
        // The application must create its swapchain at currentExtent when that is defined (X11, most compositors), so
        // telling it the render size is what makes an unmodified game render smaller. An undefined extent (the
        // application chooses) is left alone: the layer then has nothing to upscale and passes frames through.
        if (!Upscales(instance.Config, capabilities->CurrentExtent))
        {
            return;
        }

        Extent2D render = RenderExtent(instance.Config, capabilities->CurrentExtent);
        capabilities->CurrentExtent = render;
        // Any extent below the window is fine: the game draws into the layer's images, which are upscaled into the
        // window, so a game that keeps its own resolution setting (vkd3d's demos, a game's "render resolution") is
        // upscaled from there rather than refused (X11 reports min = max = the window).
        capabilities->MinImageExtent = new Extent2D(1, 1);
    }
}
