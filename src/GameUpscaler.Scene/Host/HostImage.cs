using Silk.NET.Vulkan;

namespace GameUpscaler.Scene.Host;

/// <summary>
/// A 2D image a game owns, with a view: sampled, storage (where the format allows it), transfer source and
/// destination. <see cref="AsResource"/> hands it to the upscaler as handles plus the usage it was created with, so the
/// plugin can bind it directly.
/// </summary>
public sealed unsafe class HostImage : IDisposable
{
    private readonly HostGpu _gpu;
    private readonly DeviceMemory _memory;
    private readonly Format _vkFormat;
    private readonly Dictionary<int, ImageView> _channelViews = [];

    public HostImage(HostGpu gpu, UpscalerFormat format, Size2D size, Format vkFormat, bool storage)
    {
        _gpu = gpu;
        _vkFormat = vkFormat;
        Format = format;
        Size = size;
        Usage = UpscalerResourceUsage.Sampled | UpscalerResourceUsage.CopySource | UpscalerResourceUsage.CopyDestination |
            (storage ? UpscalerResourceUsage.Storage : 0);
        var info = new ImageCreateInfo
        {
            SType = StructureType.ImageCreateInfo,
            ImageType = ImageType.Type2D,
            Format = vkFormat,
            Extent = new Extent3D((uint)size.Width, (uint)size.Height, 1),
            MipLevels = 1,
            ArrayLayers = 1,
            Samples = SampleCountFlags.Count1Bit,
            Tiling = ImageTiling.Optimal,
            Usage = ImageUsageFlags.SampledBit | ImageUsageFlags.TransferSrcBit | ImageUsageFlags.TransferDstBit | (storage ? ImageUsageFlags.StorageBit : 0),
            InitialLayout = ImageLayout.Undefined,
        };
        Image image;
        HostGpu.Check(gpu.Vk.CreateImage(gpu.Device, &info, null, &image), "vkCreateImage");
        Handle = image;
        MemoryRequirements requirements;
        gpu.Vk.GetImageMemoryRequirements(gpu.Device, image, &requirements);
        _memory = gpu.Allocate(requirements, MemoryPropertyFlags.DeviceLocalBit);
        HostGpu.Check(gpu.Vk.BindImageMemory(gpu.Device, image, _memory, 0), "vkBindImageMemory");
        var viewInfo = new ImageViewCreateInfo
        {
            SType = StructureType.ImageViewCreateInfo,
            Image = image,
            ViewType = ImageViewType.Type2D,
            Format = vkFormat,
            SubresourceRange = new ImageSubresourceRange { AspectMask = ImageAspectFlags.ColorBit, LevelCount = 1, LayerCount = 1 },
        };
        ImageView view;
        HostGpu.Check(gpu.Vk.CreateImageView(gpu.Device, &viewInfo, null, &view), "vkCreateImageView");
        View = view;
    }

    public Image Handle { get; }

    public ImageView View { get; }

    public UpscalerFormat Format { get; }

    public Size2D Size { get; }

    public UpscalerResourceUsage Usage { get; }

    /// <summary>The image as the upscaler takes it: handles as integers, the format, size and usage.</summary>
    public UpscalerResource AsResource() => new(Handle.Handle, View.Handle, Format, Size) { Usage = Usage };

    /// <summary>
    /// The image as a resource whose view reads channel <paramref name="channel"/> (0 = R … 3 = A) as its first: how a
    /// game hands the upscaler one channel of a packed target (the sample's depth is the B of its motion-and-depth
    /// image) without a copy. The view is made once and lives as long as the image.
    /// </summary>
    public UpscalerResource AsChannelResource(int channel)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(channel);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(channel, 3);
        if (!_channelViews.TryGetValue(channel, out ImageView view))
        {
            var source = (ComponentSwizzle)((int)ComponentSwizzle.R + channel);
            var viewInfo = new ImageViewCreateInfo
            {
                SType = StructureType.ImageViewCreateInfo,
                Image = Handle,
                ViewType = ImageViewType.Type2D,
                Format = _vkFormat,
                Components = new ComponentMapping(source, source, source, source),
                SubresourceRange = new ImageSubresourceRange { AspectMask = ImageAspectFlags.ColorBit, LevelCount = 1, LayerCount = 1 },
            };
            HostGpu.Check(_gpu.Vk.CreateImageView(_gpu.Device, &viewInfo, null, &view), "vkCreateImageView");
            _channelViews[channel] = view;
        }

        return new UpscalerResource(Handle.Handle, view.Handle, Format, Size) { Usage = Usage };
    }

    /// <summary>Records a copy of the top-left <paramref name="region"/> into <paramref name="target"/> (tightly packed); the image must be in TRANSFER_SRC_OPTIMAL.</summary>
    public void RecordCopyTo(CommandBuffer cb, HostBuffer target, Size2D region)
    {
        var copy = new BufferImageCopy
        {
            ImageSubresource = new ImageSubresourceLayers { AspectMask = ImageAspectFlags.ColorBit, LayerCount = 1 },
            ImageExtent = new Extent3D((uint)region.Width, (uint)region.Height, 1),
        };
        _gpu.Vk.CmdCopyImageToBuffer(cb, Handle, ImageLayout.TransferSrcOptimal, target.Handle, 1, &copy);
    }

    /// <summary>Records a copy of the whole image from <paramref name="source"/> (tightly packed); the image must be in TRANSFER_DST_OPTIMAL.</summary>
    public void RecordCopyFrom(CommandBuffer cb, HostBuffer source)
    {
        var copy = new BufferImageCopy
        {
            ImageSubresource = new ImageSubresourceLayers { AspectMask = ImageAspectFlags.ColorBit, LayerCount = 1 },
            ImageExtent = new Extent3D((uint)Size.Width, (uint)Size.Height, 1),
        };
        _gpu.Vk.CmdCopyBufferToImage(cb, source.Handle, Handle, ImageLayout.TransferDstOptimal, 1, &copy);
    }

    public void Dispose()
    {
        foreach (ImageView channelView in _channelViews.Values)
        {
            _gpu.Vk.DestroyImageView(_gpu.Device, channelView, null);
        }

        _gpu.Vk.DestroyImageView(_gpu.Device, View, null);
        _gpu.Vk.DestroyImage(_gpu.Device, Handle, null);
        _gpu.Vk.FreeMemory(_gpu.Device, _memory, null);
    }
}
