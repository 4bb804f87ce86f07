namespace GameUpscaler.Vulkan;

/// <summary>How <see cref="VulkanDevice.Create"/> picks and sets up a device.</summary>
public sealed record VulkanDeviceOptions
{
    /// <summary>
    /// The environment variable consulted when <see cref="Device"/> is null (an explicit option wins): a device index
    /// or part of its name, so a user can pick the device of any tool or game without a code change.
    /// </summary>
    public const string DeviceEnvironmentVariable = "GAMEUPSCALER_VULKAN_DEVICE";

    /// <summary>
    /// A device index (as <see cref="VulkanDevice.EnumerateDevices"/> lists) or a case-insensitive part of a device
    /// name; null picks automatically: discrete GPU, then integrated, then virtual, then CPU.
    /// </summary>
    public string? Device { get; init; }

    /// <summary>
    /// Enables the Khronos validation layer and collects its warnings and errors in
    /// <see cref="VulkanDevice.ValidationMessages"/>. Needs the layer installed (Debian: vulkan-validationlayers).
    /// </summary>
    public bool EnableValidation { get; init; }

    /// <summary>
    /// With <see cref="EnableValidation"/>: also the layer's synchronization validation, which reports missing or
    /// wrong barriers (read-after-write hazards and the like) that a serial CPU device such as lavapipe would hide.
    /// Slow; for tests.
    /// </summary>
    public bool EnableSynchronizationValidation { get; init; }

    /// <summary>
    /// Folder of the on-disk pipeline cache; null for the user cache folder (<c>$XDG_CACHE_HOME/gameupscaler</c> or
    /// <c>~/.cache/gameupscaler</c>), empty to disable the disk cache.
    /// </summary>
    public string? PipelineCacheDirectory { get; init; }

    /// <summary>
    /// Extra instance extensions, e.g. what <c>SDL_Vulkan_GetInstanceExtensions</c> lists for a window
    /// (VK_KHR_surface and a platform surface extension); empty for offscreen use.
    /// </summary>
    public IReadOnlyList<string> InstanceExtensions { get; init; } = [];

    /// <summary>Defaults: automatic selection, no validation, the user's pipeline cache.</summary>
    public static VulkanDeviceOptions Default { get; } = new();
}
