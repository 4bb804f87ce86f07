using GameUpscaler.Imaging;
using GameUpscaler.Vulkan;

namespace GameUpscaler.Scene;

/// <summary>
/// The sample scene rendered headless and read back to the host: frame k of the camera path at any size up to a
/// maximum, one sample per pixel (as the game renders it). For tools that need the scene as images, such as
/// <c>gameupscaler bench --source sample</c>; the game itself keeps the scene on the GPU.
/// </summary>
internal sealed class SceneSnapshot : IDisposable
{
    private readonly VulkanDevice _device;
    private readonly SceneRenderer _scene;
    private readonly GpuImage _color;
    private readonly GpuBuffer _readback;

    /// <summary>Creates the renderer and its target for sizes up to <paramref name="maxSize"/>.</summary>
    /// <param name="device">The device to render on.</param>
    /// <param name="maxSize">The largest size <see cref="Render"/> will be asked for.</param>
    public SceneSnapshot(VulkanDevice device, Size2D maxSize)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (maxSize.Width < 1 || maxSize.Height < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxSize), maxSize, "The size must be positive.");
        }

        _device = device;
        var owned = new List<IDisposable>();
        try
        {
            _scene = Own(new SceneRenderer(device, maxSize));
            _color = Own(new GpuImage(device, UpscalerFormat.R8G8B8A8Unorm, maxSize, "scene snapshot colour"));
            _readback = Own(new GpuBuffer(device, (ulong)(maxSize.Area * 4), "scene snapshot readback", hostVisible: true));
        }
        catch
        {
            owned.ForEach(o => o.Dispose());
            throw;
        }

        T Own<T>(T resource)
            where T : IDisposable
        {
            owned.Add(resource);
            return resource;
        }
    }

    /// <summary>The largest size that can be rendered.</summary>
    public Size2D MaxSize => _scene.MaxSize;

    /// <summary>Renders frame <paramref name="frameIndex"/> of the camera path at <paramref name="size"/>, waits, and returns it as RGB.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The size is not positive or larger than <see cref="MaxSize"/>, or the frame index is negative.</exception>
    public Image8 Render(int frameIndex, Size2D size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frameIndex);
        if (size.Width < 1 || size.Height < 1 || size.Width > MaxSize.Width || size.Height > MaxSize.Height)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, $"The size must be positive and at most {MaxSize}.");
        }

        return _scene.RenderToImage(_device, _color, _readback, MaxSize, frameIndex, size);
    }

    /// <summary>Releases the renderer and its target.</summary>
    public void Dispose()
    {
        _readback.Dispose();
        _color.Dispose();
        _scene.Dispose();
    }
}
