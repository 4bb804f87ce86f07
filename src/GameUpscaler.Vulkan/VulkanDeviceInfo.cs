namespace GameUpscaler.Vulkan;

/// <summary>What the backend knows about one Vulkan physical device.</summary>
/// <param name="Index">Position in the driver's enumeration (what <see cref="VulkanDeviceOptions.Device"/> takes).</param>
/// <param name="Name">The driver's device name.</param>
/// <param name="Type">discrete, integrated, virtual, cpu or other.</param>
/// <param name="ApiVersion">The device's Vulkan version, e.g. 1.3.230.</param>
/// <param name="Float16Storage">storageBuffer16BitAccess: tensors can be stored as fp16.</param>
/// <param name="Float16Arithmetic">shaderFloat16: convolutions can compute in fp16.</param>
/// <param name="Timestamps">Compute queues write timestamps (per-pass timings are available).</param>
/// <param name="TimestampPeriodNanoseconds">Nanoseconds per timestamp tick.</param>
/// <param name="DeviceLocalMemoryBytes">Size of the largest device-local heap.</param>
/// <param name="IsUsable">Whether the backend can run on it (Vulkan 1.2 and a compute queue).</param>
public sealed record VulkanDeviceInfo(
    int Index,
    string Name,
    string Type,
    string ApiVersion,
    bool Float16Storage,
    bool Float16Arithmetic,
    bool Timestamps,
    double TimestampPeriodNanoseconds,
    ulong DeviceLocalMemoryBytes,
    bool IsUsable)
{
    /// <summary>Selection rank: lower is preferred (discrete, integrated, virtual, CPU, other).</summary>
    internal int Rank => Type switch
    {
        "discrete" => 0,
        "integrated" => 1,
        "virtual" => 2,
        "cpu" => 3,
        _ => 4,
    };
}
