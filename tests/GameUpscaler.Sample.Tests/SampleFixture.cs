using GameUpscaler.Models;
using GameUpscaler.Vulkan;

namespace GameUpscaler.Sample.Tests;

/// <summary>
/// One validated lavapipe device for the sample tests, and a small generator (C4, one body conv) so that hundreds
/// of frames stay fast on a CPU device while running every pass a real model runs. Vulkan missing is a failure.
/// </summary>
public sealed class SampleFixture : IDisposable
{
    private readonly Lazy<VulkanDevice> _device = new(() =>
    {
        try
        {
            var device = VulkanDevice.Create(new VulkanDeviceOptions
            {
                EnableValidation = true,
                PipelineCacheDirectory = Path.Combine(Path.GetTempPath(), "gameupscaler-sample-tests-pipelines"),
            });
            Assert.True(device.IsValidationEnabled, "The Khronos validation layer is not active.");
            return device;
        }
        catch (UpscalerException e)
        {
            throw new InvalidOperationException(
                "The sample tests need Vulkan and the validation layer (apt-get install libvulkan1 mesa-vulkan-drivers vulkan-validationlayers; scripts/setup.sh does). " + e.Message, e);
        }
    });

    public VulkanDevice Device => _device.Value;

    public static GeneratorWeights SmallGenerator { get; } = GeneratorWeights.CreateRandom(new GeneratorArchitecture(2, 4, 1), 7);

    public static Size2D Display { get; } = new(128, 72);

    /// <summary>
    /// The device's resource counts with its own lazily made objects (the tool command pool and fence) in place, so
    /// that what a test creates and releases is all that can differ.
    /// </summary>
    public VulkanResourceCounts ResourceBaseline()
    {
        Device.SubmitAndWait(_ => { });
        Device.WaitIdle();
        return Device.GetResourceCounts();
    }

    public void AssertValidationSilent()
    {
        string[] messages = [.. Device.ValidationMessages];
        Device.ClearValidationMessages();
        Assert.True(messages.Length == 0, "Validation layer reported:\n" + string.Join("\n", messages));
    }

    public void Dispose()
    {
        if (_device.IsValueCreated)
        {
            _device.Value.Dispose();
        }
    }
}

[CollectionDefinition("Sample")]
public sealed class SampleCollection : ICollectionFixture<SampleFixture>
{
}
