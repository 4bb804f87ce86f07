namespace GameUpscaler.Cli;

using GameUpscaler.Vulkan;

/// <summary>The Vulkan lines of <c>gameupscaler info</c>: every device, which one would be used, and the features the passes use.</summary>
internal static class VulkanInfo
{
    public static void Print()
    {
        IReadOnlyList<VulkanDeviceInfo> devices;
        try
        {
            devices = VulkanDevice.EnumerateDevices();
        }
        catch (UpscalerException e)
        {
            Console.WriteLine($"  vulkan       unavailable: {e.Message}");
            return;
        }

        Console.WriteLine($"  vulkan       {devices.Count} device(s); pick with --device N|NAME or {VulkanDeviceOptions.DeviceEnvironmentVariable} (default: discrete > integrated > cpu)");
        foreach (VulkanDeviceInfo d in devices)
        {
            string features = string.Join(", ", new[]
            {
                "fp32",
                d.Float16Storage ? "fp16 storage" : null,
                d.Float16Arithmetic ? "fp16 arithmetic" : null,
                d.Timestamps ? $"timestamps ({d.TimestampPeriodNanoseconds:G3} ns)" : null,
            }.Where(f => f is not null));
            Console.WriteLine(
                $"    {d.Index}: {d.Name} ({d.Type}, Vulkan {d.ApiVersion}, {d.DeviceLocalMemoryBytes / (1024 * 1024)} MiB){(d.IsUsable ? string.Empty : " [not usable: needs Vulkan 1.2 compute]")}");
            Console.WriteLine($"       features used: {features}");
        }
    }
}
