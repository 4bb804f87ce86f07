using System.Runtime.InteropServices;
using GameUpscaler.Vulkan;
using Silk.NET.Vulkan;
using Semaphore = Silk.NET.Vulkan.Semaphore;

namespace GameUpscaler.Layer;

/// <summary>The device-level intercepts: queues, swapchains and the present where the upscale happens.</summary>
internal static unsafe class DeviceHooks
{
    private const int VkIncomplete = 5;
    private const int VkErrorInitializationFailed = -3;
    private const int VkErrorDeviceLost = -4;

    private static readonly string? CaptureDirectory = Environment.GetEnvironmentVariable("GAMEUPSCALER_CAPTURE");
    private static readonly long CaptureLimit = long.TryParse(Environment.GetEnvironmentVariable("GAMEUPSCALER_CAPTURE_FRAMES"), out long limit) ? limit : 300;

    [UnmanagedCallersOnly]
    public static void DestroyDevice(nint device, void* allocator)
    {
        if (device == 0 || !LayerEntry.Devices.TryRemove(LoaderChain.Key(device), out DeviceState? state))
        {
            return;
        }

        try
        {
            bool idle = state.TryWaitIdle();
            foreach (SwapchainUpscaler swapchain in state.Swapchains.Values)
            {
                ExitSummary.Retire(swapchain, deviceIdle: idle);
            }

            state.Release();
            LayerLog.Info($"device destroyed after {state.Presents} presents");
        }
        catch (Exception e)
        {
            LayerLog.Error($"vkDestroyDevice: releasing the layer's objects failed ({e.Message})");
        }

        ((delegate* unmanaged<nint, void*, void>)state.Next("vkDestroyDevice"))(device, allocator);
    }

    [UnmanagedCallersOnly]
    public static void GetDeviceQueue(nint device, uint family, uint index, nint* queue)
    {
        if (!LayerEntry.Devices.TryGetValue(LoaderChain.Key(device), out DeviceState? state))
        {
            *queue = 0;
            return;
        }

        ((delegate* unmanaged<nint, uint, uint, nint*, void>)state.Next("vkGetDeviceQueue"))(device, family, index, queue);
        if (*queue != 0)
        {
            state.QueueFamilies[*queue] = family;
        }
    }

    [UnmanagedCallersOnly]
    public static void GetDeviceQueue2(nint device, DeviceQueueInfo2* info, nint* queue)
    {
        if (!LayerEntry.Devices.TryGetValue(LoaderChain.Key(device), out DeviceState? state))
        {
            *queue = 0;
            return;
        }

        ((delegate* unmanaged<nint, DeviceQueueInfo2*, nint*, void>)state.Next("vkGetDeviceQueue2"))(device, info, queue);
        if (*queue != 0)
        {
            state.QueueFamilies[*queue] = info->QueueFamilyIndex;
        }
    }

    [UnmanagedCallersOnly]
    public static int CreateSwapchain(nint device, SwapchainCreateInfoKHR* info, void* allocator, ulong* swapchain)
    {
        if (!LayerEntry.Devices.TryGetValue(LoaderChain.Key(device), out DeviceState? state))
        {
            return VkErrorInitializationFailed;
        }

        var create = (delegate* unmanaged<nint, SwapchainCreateInfoKHR*, void*, ulong*, int>)state.Next("vkCreateSwapchainKHR");
        Extent2D window = default;
        SurfaceCapabilitiesKHR capabilities = default;
        string? passReason = null;
        try
        {
            var query = (delegate* unmanaged<nint, ulong, SurfaceCapabilitiesKHR*, int>)state.Instance.Next("vkGetPhysicalDeviceSurfaceCapabilitiesKHR");
            int queried = query(state.PhysicalDevice, info->Surface.Handle, &capabilities);
            window = capabilities.CurrentExtent;
            passReason = queried != 0 ? $"the surface capabilities query failed ({queried})"
                : !InstanceHooks.Upscales(state.Instance.Config, window) ? (state.Instance.Config.Enabled ? "the window size is not defined or too small, or the mode is native" : "the layer is off")
                : info->ImageExtent.Width >= window.Width && info->ImageExtent.Height >= window.Height ? "the game renders at the window size (it ignored the smaller extent)"
                : info->ImageArrayLayers != 1 ? "the swapchain has several layers"
                : VulkanInterop.FromVkFormat((int)info->ImageFormat) is not (UpscalerFormat.R8G8B8A8Unorm or UpscalerFormat.R8G8B8A8Srgb or UpscalerFormat.B8G8R8A8Unorm or UpscalerFormat.B8G8R8A8Srgb or UpscalerFormat.R16G16B16A16Float)
                    ? $"the format {info->ImageFormat} is not one the upscaler writes"
                : (capabilities.SupportedUsageFlags & ImageUsageFlags.TransferDstBit) == 0 ? "the surface's images cannot be written by a copy"
                : null;
        }
        catch (Exception e)
        {
            passReason = $"an error ({e.Message})";
        }

        if (passReason is not null)
        {
            LayerLog.Info($"swapchain {info->ImageExtent.Width}x{info->ImageExtent.Height} passes through: {passReason}");
            return create(device, info, allocator, swapchain);
        }

        // The real swapchain is the window's size; the game keeps the extent it was told and draws into images of ours.
        SwapchainCreateInfoKHR real = *info;
        real.ImageExtent = window;
        real.ImageUsage |= ImageUsageFlags.TransferDstBit;
        int result = create(device, &real, allocator, swapchain);
        if (result != 0)
        {
            LayerLog.Error($"the window-size swapchain was refused ({result}); the game's swapchain passes through");
            return create(device, info, allocator, swapchain);
        }

        try
        {
            ulong[] images = NextSwapchainImages(state, device, *swapchain);
            var upscaler = new SwapchainUpscaler(state, *swapchain, info, window, images);
            state.Swapchains[*swapchain] = upscaler;
            LayerLog.Info(upscaler.Describe());
        }
        catch (Exception e)
        {
            // Without images of ours the game would draw into window-size images at its smaller extent: start over
            // with the game's own request, as if the layer were not there.
            LayerLog.Error($"the layer's images could not be made ({e.Message}); the game's swapchain passes through");
            ((delegate* unmanaged<nint, ulong, void*, void>)state.Next("vkDestroySwapchainKHR"))(device, *swapchain, allocator);
            return create(device, info, allocator, swapchain);
        }

        return 0;
    }

    [UnmanagedCallersOnly]
    public static void DestroySwapchain(nint device, ulong swapchain, void* allocator)
    {
        if (!LayerEntry.Devices.TryGetValue(LoaderChain.Key(device), out DeviceState? state))
        {
            return;
        }

        if (swapchain != 0 && state.Swapchains.TryRemove(swapchain, out SwapchainUpscaler? upscaler))
        {
            try
            {
                ExitSummary.Retire(upscaler, deviceIdle: state.TryWaitIdle());
                upscaler.Dispose();
            }
            catch (Exception e)
            {
                LayerLog.Error($"vkDestroySwapchainKHR: releasing the layer's images failed ({e.Message})");
            }
        }

        ((delegate* unmanaged<nint, ulong, void*, void>)state.Next("vkDestroySwapchainKHR"))(device, swapchain, allocator);
    }

    [UnmanagedCallersOnly]
    public static int GetSwapchainImages(nint device, ulong swapchain, uint* count, ulong* images)
    {
        if (!LayerEntry.Devices.TryGetValue(LoaderChain.Key(device), out DeviceState? state))
        {
            return VkErrorInitializationFailed;
        }

        if (!state.Swapchains.TryGetValue(swapchain, out SwapchainUpscaler? upscaler))
        {
            return ((delegate* unmanaged<nint, ulong, uint*, ulong*, int>)state.Next("vkGetSwapchainImagesKHR"))(device, swapchain, count, images);
        }

        uint available = (uint)upscaler.AppImages.Length;
        if (images is null)
        {
            *count = available;
            return 0;
        }

        uint written = Math.Min(*count, available);
        for (int i = 0; i < written; i++)
        {
            images[i] = upscaler.AppImages[i];
        }

        *count = written;
        return written < available ? VkIncomplete : 0;
    }

    [UnmanagedCallersOnly]
    public static int QueuePresent(nint queue, PresentInfoKHR* info)
    {
        if (!LayerEntry.Devices.TryGetValue(LoaderChain.Key(queue), out DeviceState? state))
        {
            return VkErrorInitializationFailed;
        }

        var present = (delegate* unmanaged<nint, PresentInfoKHR*, int>)state.Next("vkQueuePresentKHR");
        int count = (int)info->SwapchainCount;
        bool any = false;
        for (int i = 0; i < count && !any; i++)
        {
            any = state.Swapchains.ContainsKey(info->PSwapchains[i].Handle);
        }

        if (!any || state.Lost)
        {
            return present(queue, info);
        }

        lock (state.Gate)
        {
            int slot = -1;
            bool submitted = false;
            try
            {
                Toggle.Poll(state.Instance);
                (slot, ulong fence) = state.BeginPresent();
                long frame = state.Presents;
                long capture = CaptureDirectory is not null && frame < CaptureLimit ? frame : -1;
                var commands = stackalloc nint[count];
                var signals = stackalloc Semaphore[count];
                var upscalers = new SwapchainUpscaler?[count];
                int recorded = 0;
                for (int i = 0; i < count; i++)
                {
                    if (state.Swapchains.TryGetValue(info->PSwapchains[i].Handle, out SwapchainUpscaler? upscaler))
                    {
                        uint index = info->PImageIndices[i];
                        commands[recorded] = upscaler.Record(queue, slot, index, capture);
                        signals[recorded] = new Semaphore(upscaler.Semaphore(index));
                        upscalers[i] = upscaler;
                        recorded++;
                    }
                }

                // The upscale waits for the game's rendering (its present semaphores) and the present waits for the upscale.
                var stages = stackalloc PipelineStageFlags[(int)Math.Max(1, info->WaitSemaphoreCount)];
                for (int i = 0; i < info->WaitSemaphoreCount; i++)
                {
                    stages[i] = PipelineStageFlags.AllCommandsBit;
                }

                var submit = new SubmitInfo
                {
                    SType = StructureType.SubmitInfo,
                    WaitSemaphoreCount = info->WaitSemaphoreCount,
                    PWaitSemaphores = info->PWaitSemaphores,
                    PWaitDstStageMask = stages,
                    CommandBufferCount = (uint)recorded,
                    PCommandBuffers = (CommandBuffer*)commands,
                    SignalSemaphoreCount = (uint)recorded,
                    PSignalSemaphores = signals,
                };
                DeviceState.Vk.QueueSubmit(new Queue(queue), 1, &submit, new Fence(fence)).Check("vkQueueSubmit");
                submitted = true;

                // Swapchains the layer does not own in the same present still need the game's semaphores: they are
                // consumed by the submit above, so those images wait on the upscale's signal instead (same queue order).
                PresentInfoKHR forwarded = *info;
                forwarded.WaitSemaphoreCount = (uint)recorded;
                forwarded.PWaitSemaphores = signals;
                int result = present(queue, &forwarded);
                state.EndPresent(slot, submitted);
                int presented = slot;
                slot = -1; // counted: the handlers below must not end it again
                if (result == VkErrorDeviceLost)
                {
                    state.MarkLost("the driver's vkQueuePresentKHR");
                }

                if (capture >= 0 && !state.Lost)
                {
                    state.WaitSlot(presented);
                    for (int i = 0; i < count; i++)
                    {
                        upscalers[i]?.WriteCapture(CaptureDirectory!, capture, i);
                    }
                }

                return result;
            }
            catch (UpscalerException e) when (e.ErrorCode == UpscalerErrorCode.DeviceLost)
            {
                state.MarkLost(e.Message);
                if (slot >= 0)
                {
                    state.EndPresent(slot, submitted);
                }

                // After the submit the present has gone down already (only the capture's wait can fail there).
                return submitted ? VkErrorDeviceLost : present(queue, info);
            }
            catch (Exception e)
            {
                LayerLog.Error($"vkQueuePresentKHR: {e.Message}; the frame is presented as it is");
                if (slot >= 0)
                {
                    state.EndPresent(slot, submitted);
                }

                // If nothing was submitted the game's semaphores are still unsignalled-waited: hand them to the present.
                return submitted ? 0 : present(queue, info);
            }
        }
    }

    private static ulong[] NextSwapchainImages(DeviceState state, nint device, ulong swapchain)
    {
        var get = (delegate* unmanaged<nint, ulong, uint*, ulong*, int>)state.Next("vkGetSwapchainImagesKHR");
        uint count = 0;
        get(device, swapchain, &count, null).Check("vkGetSwapchainImagesKHR");
        var images = new ulong[count];
        fixed (ulong* p = images)
        {
            ((Result)get(device, swapchain, &count, p)).Check("vkGetSwapchainImagesKHR");
        }

        return images;
    }
}

/// <summary>The layer's own checks of Vulkan results (the backend checks its calls the same way, inside its assembly).</summary>
internal static class LayerResults
{
    public static void Check(this Result result, string function)
    {
        if (result != Result.Success)
        {
            UpscalerErrorCode code = result switch
            {
                Result.ErrorDeviceLost => UpscalerErrorCode.DeviceLost,
                Result.ErrorOutOfHostMemory or Result.ErrorOutOfDeviceMemory => UpscalerErrorCode.OutOfMemory,
                _ => UpscalerErrorCode.NativeCallFailed,
            };
            throw new UpscalerException(code, $"{function} failed: {result}.");
        }
    }

    public static void Check(this int result, string function) => ((Result)result).Check(function);
}
