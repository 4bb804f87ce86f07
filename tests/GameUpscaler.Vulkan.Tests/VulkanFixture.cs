namespace GameUpscaler.Vulkan.Tests;

/// <summary>
/// One validated device for the whole test run (device creation with the validation layer takes a while). Vulkan
/// missing is a failure with the install command, never a skip: CI always installs lavapipe.
/// </summary>
public sealed class VulkanFixture : IDisposable
{
    private readonly Lazy<VulkanDevice> _device = new(CreateDevice);

    public VulkanDevice Device => _device.Value;

    public static string CacheDirectory { get; } = Path.Combine(Path.GetTempPath(), "gameupscaler-tests-pipelines");

    public void Dispose()
    {
        if (_device.IsValueCreated)
        {
            _device.Value.Dispose();
        }
    }

    /// <summary>Fails the calling test if validation reported anything since the last call, and clears the list.</summary>
    public void AssertValidationSilent()
    {
        string[] messages = [.. Device.ValidationMessages];
        Device.ClearValidationMessages();
        Assert.True(messages.Length == 0, "Validation layer reported:\n" + string.Join("\n", messages));
    }

    private static VulkanDevice CreateDevice()
    {
        try
        {
            var device = VulkanDevice.Create(new VulkanDeviceOptions { EnableValidation = true, PipelineCacheDirectory = CacheDirectory });
            Assert.True(device.IsValidationEnabled, "The Khronos validation layer is not active.");
            return device;
        }
        catch (UpscalerException e)
        {
            throw new InvalidOperationException(
                "The Vulkan tests need a Vulkan driver and the validation layer (Debian/Ubuntu: apt-get install libvulkan1 " +
                "mesa-vulkan-drivers vulkan-validationlayers; scripts/setup.sh installs them). " + e.Message, e);
        }
    }
}

[CollectionDefinition("Vulkan")]
public sealed class VulkanCollection : ICollectionFixture<VulkanFixture>
{
}
