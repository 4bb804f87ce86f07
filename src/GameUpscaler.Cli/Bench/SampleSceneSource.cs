namespace GameUpscaler.Cli.Bench;

using GameUpscaler.Imaging;
using GameUpscaler.Scene;
using GameUpscaler.Scene.Host;
using GameUpscaler.Vulkan;

/// <summary>
/// The sample game's scene (<c>src/GameUpscaler.Scene</c>) rendered headless on the bench's device: frame k
/// of the camera path, so consecutive frames differ as in the game. Unlike the synthetic source it renders every
/// frame, so the host frame time includes rendering the scene and reading it back, as a game's frame includes its
/// scene; the GPU upscale times are unaffected.
/// </summary>
internal sealed class SampleSceneSource : IBenchFrameSource, IDisposable
{
    private readonly HostGpu _gpu;
    private readonly SceneSnapshot _snapshot;

    /// <summary>
    /// Creates the scene renderer for render sizes up to <paramref name="maxRenderSize"/> (the display size covers
    /// every mode), on the bench's device through its public handles, as a game would share its device.
    /// </summary>
    public SampleSceneSource(VulkanDevice device, Size2D maxRenderSize)
    {
        _gpu = new HostGpu(device.PhysicalDevice, device.Handle, device.Queue, device.QueueFamilyIndex);
        try
        {
            _snapshot = new SceneSnapshot(_gpu, maxRenderSize);
        }
        catch
        {
            _gpu.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public string Description => "sample: the sample game's scene (src/GameUpscaler.Scene), frame k of its camera path, rendered every frame";

    /// <inheritdoc />
    public PlanarImage Render(Size2D renderSize, int frame) => _snapshot.Render(frame, renderSize).ToPlanar();

    /// <inheritdoc />
    public void Dispose()
    {
        _snapshot.Dispose();
        _gpu.Dispose();
    }
}
