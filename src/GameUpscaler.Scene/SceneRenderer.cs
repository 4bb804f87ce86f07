using GameUpscaler.Imaging;
using GameUpscaler.Vulkan;
using Silk.NET.Vulkan;

namespace GameUpscaler.Scene;

/// <summary>
/// Renders the sample world (Shaders/scene.comp) into a colour image: one compute dispatch into a packed RGBA8 buffer,
/// then a copy into the image's top-left region, left in SHADER_READ_ONLY_OPTIMAL as a post-processing chain would.
/// </summary>
internal sealed class SceneRenderer : IDisposable
{
    /// <summary>Frames per second of the camera path: frame k is at time k / 30 s.</summary>
    public const double PathFramesPerSecond = 30.0;

    private readonly VulkanDevice _device;
    private readonly ComputePipeline _pipeline;
    private readonly DescriptorArena _descriptors;
    private readonly GpuBuffer _pixels;
    private readonly BoundDescriptorSet _set = null!;

    public SceneRenderer(VulkanDevice device, Size2D maxSize)
    {
        _device = device;
        MaxSize = maxSize;
        _pipeline = new ComputePipeline(device, SampleShaders.Get("scene"), "scene", 1, 16, [], "scene");
        try
        {
            _descriptors = new DescriptorArena(device, 1, 1, "scene descriptors");
            _pixels = new GpuBuffer(device, (ulong)(maxSize.Area * 4), "scene pixels", hostVisible: false);
            _set = _descriptors.Allocate(_pipeline, [_pixels]);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public Size2D MaxSize { get; }

    /// <summary>The time on the camera path of frame <paramref name="frameIndex"/>.</summary>
    public static float TimeOfFrame(int frameIndex) => (float)(frameIndex / PathFramesPerSecond);

    /// <summary>Records the scene at <paramref name="size"/> with samplesPerAxis² samples per pixel into the image.</summary>
    public void Record(nint cb, GpuImage target, Size2D size, float time, int samplesPerAxis = 1)
    {
        if (size.Width > MaxSize.Width || size.Height > MaxSize.Height)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, $"The scene renderer was made for at most {MaxSize}.");
        }

        (uint gx, uint gy) = ComputePass.Groups8x8(size.Width, size.Height);
        var pass = new ComputePass(
            "scene", _pipeline, _set, gx, gy, 1, [(uint)size.Width, (uint)size.Height, (uint)samplesPerAxis, BitConverter.SingleToUInt32Bits(time)]);

        // The previous frame's copy may still read the buffer.
        ComputePass.Barrier(_device.Api, cb, PipelineStageFlags.AllCommandsBit, AccessFlags.MemoryReadBit,
            PipelineStageFlags.ComputeShaderBit, AccessFlags.ShaderWriteBit);
        ComputePass.RecordAll(_device.Api, cb, [pass], 0);
        ComputePass.Barrier(_device.Api, cb, PipelineStageFlags.ComputeShaderBit, AccessFlags.ShaderWriteBit,
            PipelineStageFlags.TransferBit, AccessFlags.TransferReadBit);
        target.RecordUpload(cb, _pixels, size, GpuImage.ShaderReadOnlyLayout);
    }

    /// <summary>
    /// Renders frame <paramref name="frameIndex"/> at <paramref name="size"/> into the top-left of
    /// <paramref name="target"/> (whose size is <paramref name="targetSize"/>), waits, downloads it through
    /// <paramref name="readback"/> and returns the region as RGB. Used for headless snapshots and training pairs.
    /// </summary>
    public Image8 RenderToImage(
        VulkanDevice device, GpuImage target, GpuBuffer readback, Size2D targetSize, int frameIndex, Size2D size, int samplesPerAxis = 1)
    {
        device.SubmitAndWait(cb =>
        {
            Record(cb, target, size, TimeOfFrame(frameIndex), samplesPerAxis);
            ComputePass.ImageBarrier(
                device.Api, cb, target.Handle, ImageLayout.ShaderReadOnlyOptimal, ImageLayout.TransferSrcOptimal,
                PipelineStageFlags.TransferBit, AccessFlags.TransferWriteBit, PipelineStageFlags.TransferBit, AccessFlags.TransferReadBit);
            target.RecordDownload(cb, readback);
            ComputePass.ImageBarrier(
                device.Api, cb, target.Handle, ImageLayout.TransferSrcOptimal, ImageLayout.ShaderReadOnlyOptimal,
                PipelineStageFlags.TransferBit, 0, PipelineStageFlags.AllCommandsBit, 0);
        });

        // The download copies the whole image; the scene occupies the top-left region, packed at the image's width.
        var rgba = new byte[targetSize.Area * 4];
        readback.CopyTo(rgba);
        var image = new Image8(size.Width, size.Height, 3);
        for (int y = 0; y < size.Height; y++)
        {
            for (int x = 0; x < size.Width; x++)
            {
                int i = ((y * targetSize.Width) + x) * 4;
                int j = ((y * size.Width) + x) * 3;
                image.Pixels[j] = rgba[i];
                image.Pixels[j + 1] = rgba[i + 1];
                image.Pixels[j + 2] = rgba[i + 2];
            }
        }

        return image;
    }

    public void Dispose()
    {
        _pixels?.Dispose();
        _descriptors?.Dispose();
        _pipeline.Dispose();
    }
}
