using GameUpscaler.Imaging;
using GameUpscaler.Scene.Host;
using Silk.NET.Vulkan;

namespace GameUpscaler.Scene;

/// <summary>
/// The sample scene rendered headless and read back to the host: frame k of the camera path at any size up to a
/// maximum, one sample per pixel (as the game renders it). For tools that need the scene as images, such as
/// <c>gameupscaler bench --source sample</c>; the game itself keeps the scene on the GPU.
/// </summary>
public sealed class SceneSnapshot : IDisposable
{
    private readonly SceneRenderer _scene;
    private readonly HostImage _color;
    private readonly HostBuffer _readback;

    /// <summary>Creates the renderer and its target for sizes up to <paramref name="maxSize"/>.</summary>
    /// <param name="gpu">The device to render on.</param>
    /// <param name="maxSize">The largest size <see cref="Render"/> will be asked for.</param>
    public SceneSnapshot(HostGpu gpu, Size2D maxSize)
    {
        ArgumentNullException.ThrowIfNull(gpu);
        if (maxSize.Width < 1 || maxSize.Height < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxSize), maxSize, "The size must be positive.");
        }

        var owned = new List<IDisposable>();
        try
        {
            _scene = Own(new SceneRenderer(gpu, maxSize, maxTargets: 1));
            _color = Own(new HostImage(gpu, UpscalerFormat.R8G8B8A8Unorm, maxSize, Format.R8G8B8A8Unorm, storage: true));
            _readback = Own(new HostBuffer(gpu, maxSize.Area * 4, BufferUsageFlags.TransferDstBit));
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

        return _scene.RenderToImage(_color, _readback, frameIndex, size);
    }

    /// <summary>Releases the renderer and its target.</summary>
    public void Dispose()
    {
        _readback.Dispose();
        _color.Dispose();
        _scene.Dispose();
    }
}
