using GameUpscaler.Cli.Bench;
using GameUpscaler.Imaging;

namespace GameUpscaler.Vulkan.Tests;

/// <summary>The bench's sample-scene frame source on lavapipe with the validation layer on.</summary>
[Collection("Vulkan")]
public sealed class SampleSceneSourceTests(VulkanFixture fixture)
{
    [Fact]
    public void Renders_the_camera_path_at_the_asked_size_and_refuses_sizes_above_its_maximum()
    {
        using var source = new SampleSceneSource(fixture.Device, new Size2D(48, 32));
        PlanarImage first = source.Render(new Size2D(24, 16), 0);
        PlanarImage again = source.Render(new Size2D(24, 16), 0);
        PlanarImage later = source.Render(new Size2D(24, 16), 30);
        PlanarImage full = source.Render(new Size2D(48, 32), 0);

        Assert.Equal((24, 16), (first.Width, first.Height));
        Assert.Equal((48, 32), (full.Width, full.Height));
        Assert.Equal(first.Data, again.Data); // frame k is deterministic
        Assert.NotEqual(first.Data, later.Data); // the camera moves along its path
        Assert.Throws<ArgumentOutOfRangeException>(() => source.Render(new Size2D(49, 32), 0));
        fixture.AssertValidationSilent();
    }
}
