using Silk.NET.Vulkan;

namespace GameUpscaler.Vulkan;

/// <summary>
/// A 2D image owned by the backend's tool path (the offline upscaler, tests, benchmarks): transfer and sampled
/// usage, plus storage where the device supports it for the format (so the upscaler can write it directly), device
/// memory. It starts in <see cref="ShaderReadOnlyLayout"/>, as a host's
/// post-processed frame would be; uploads and downloads transition from and back to the layout they are given.
/// </summary>
internal sealed unsafe class GpuImage : IDisposable
{
    private readonly VulkanDevice _device;

    /// <param name="device">The device.</param>
    /// <param name="format">Pixel format.</param>
    /// <param name="size">Size in pixels.</param>
    /// <param name="name">Debug name.</param>
    /// <param name="transitionNow">Move the image to <see cref="ShaderReadOnlyLayout"/> with a submit of its own now;
    /// false leaves it UNDEFINED (and submits nothing), for images created while a command buffer is recording.</param>
    public GpuImage(VulkanDevice device, UpscalerFormat format, Size2D size, string name, bool transitionNow = true)
    {
        _device = device;
        Format = format;
        Size = size;
        IsStorage = device.FormatSupport(format).Storage;
        var info = new ImageCreateInfo
        {
            SType = StructureType.ImageCreateInfo,
            ImageType = ImageType.Type2D,
            Format = VulkanFormats.ToVk(format),
            Extent = new Extent3D { Width = (uint)size.Width, Height = (uint)size.Height, Depth = 1 },
            MipLevels = 1,
            ArrayLayers = 1,
            Samples = SampleCountFlags.Count1Bit,
            Tiling = ImageTiling.Optimal,
            Usage = ImageUsageFlags.TransferSrcBit | ImageUsageFlags.TransferDstBit | ImageUsageFlags.SampledBit |
                (IsStorage ? ImageUsageFlags.StorageBit : 0),
            InitialLayout = ImageLayout.Undefined,
        };
        ulong created;
        device.Api.CreateImage(&info, &created);
        Handle = created;
        ulong image = created;
        try
        {
            MemoryRequirements requirements;
            device.Api.GetImageMemoryRequirements(image, &requirements);
            var allocate = new MemoryAllocateInfo
            {
                SType = StructureType.MemoryAllocateInfo,
                AllocationSize = requirements.Size,
                MemoryTypeIndex = device.FindMemoryType(requirements.MemoryTypeBits, MemoryPropertyFlags.DeviceLocalBit, MemoryPropertyFlags.DeviceLocalBit),
            };
            ulong memory;
            device.Api.AllocateMemory(&allocate, &memory);
            Memory = memory;
            device.Api.BindImageMemory(image, memory, 0);
            device.SetName(ObjectType.Image, image, name);
            device.SetName(ObjectType.DeviceMemory, memory, name + " memory");

            // A view made once, passed with the resource, so the upscaler binds the image without making one per frame.
            View = CreateView(device, image, format);
            device.SetName(ObjectType.ImageView, View, name + " view");
            if (!transitionNow)
            {
                return;
            }

            device.SubmitAndWait(cb =>
            {
                var barrier = new ImageMemoryBarrier
                {
                    SType = StructureType.ImageMemoryBarrier,
                    DstAccessMask = AccessFlags.TransferReadBit | AccessFlags.TransferWriteBit,
                    OldLayout = ImageLayout.Undefined,
                    NewLayout = (ImageLayout)ShaderReadOnlyLayout,
                    SrcQueueFamilyIndex = VulkanLoader.QueueFamilyIgnored,
                    DstQueueFamilyIndex = VulkanLoader.QueueFamilyIgnored,
                    Image = new Image(image),
                    SubresourceRange = new ImageSubresourceRange { AspectMask = ImageAspectFlags.ColorBit, LevelCount = 1, LayerCount = 1 },
                };
                device.Api.CmdPipelineBarrier(cb, PipelineStageFlags.TopOfPipeBit, PipelineStageFlags.TransferBit, 0, 0, null, 0, null, 1, &barrier);
            });
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>A 2D view of the whole colour image <paramref name="image"/> in <paramref name="format"/>.</summary>
    public static ulong CreateView(VulkanDevice device, ulong image, UpscalerFormat format)
    {
        var info = new ImageViewCreateInfo
        {
            SType = StructureType.ImageViewCreateInfo,
            Image = new Image(image),
            ViewType = ImageViewType.Type2D,
            Format = VulkanFormats.ToVk(format),
            SubresourceRange = new ImageSubresourceRange { AspectMask = ImageAspectFlags.ColorBit, LevelCount = 1, LayerCount = 1 },
        };
        ulong view;
        device.Api.CreateImageView(&info, &view);
        return view;
    }

    /// <summary>VK_IMAGE_LAYOUT_SHADER_READ_ONLY_OPTIMAL, where the image rests between uses.</summary>
    public const uint ShaderReadOnlyLayout = 5;

    public ulong Handle { get; }

    /// <summary>The VkImageView of the whole image.</summary>
    public ulong View { get; private set; }

    /// <summary>Whether the image has STORAGE usage.</summary>
    public bool IsStorage { get; }

    public ulong Memory { get; private set; }

    public UpscalerFormat Format { get; }

    public Size2D Size { get; }

    /// <summary>Size of the tightly packed pixels.</summary>
    public int ByteCount => checked((int)Size.Area * VulkanFormats.BytesPerPixel(Format));

    /// <summary>The image as a dispatch resource, with the usage it was created with.</summary>
    public UpscalerResource AsResource() => new(Handle, View, Format, Size)
    {
        Usage = UpscalerResourceUsage.Sampled | UpscalerResourceUsage.CopySource | UpscalerResourceUsage.CopyDestination |
            (IsStorage ? UpscalerResourceUsage.Storage : 0),
    };

    /// <summary>Records a copy of the whole image from a buffer (tightly packed), leaving it in <paramref name="finalLayout"/>.</summary>
    public void RecordUpload(nint cb, GpuBuffer source, uint finalLayout = ShaderReadOnlyLayout) => RecordUpload(cb, source, Size, finalLayout);

    /// <summary>
    /// Records a copy of the top-left <paramref name="region"/> from a buffer (tightly packed at the region's width),
    /// leaving the image in <paramref name="finalLayout"/>; the rest of the image becomes undefined.
    /// </summary>
    public void RecordUpload(nint cb, GpuBuffer source, Size2D region, uint finalLayout)
    {
        if (region.Width > Size.Width || region.Height > Size.Height)
        {
            throw new ArgumentOutOfRangeException(nameof(region), region, $"The region exceeds the image size {Size}.");
        }

        var copy = new BufferImageCopy
        {
            ImageSubresource = new ImageSubresourceLayers { AspectMask = ImageAspectFlags.ColorBit, LayerCount = 1 },
            ImageExtent = new Extent3D { Width = (uint)region.Width, Height = (uint)region.Height, Depth = 1 },
        };
        VkDeviceApi api = _device.Api;
        ComputePass.ImageBarrier(
            api, cb, Handle, ImageLayout.Undefined, ImageLayout.TransferDstOptimal,
            PipelineStageFlags.AllCommandsBit, 0, PipelineStageFlags.TransferBit, AccessFlags.TransferWriteBit);
        api.CmdCopyBufferToImage(cb, source.Handle, Handle, ImageLayout.TransferDstOptimal, 1, &copy);
        ComputePass.ImageBarrier(
            api, cb, Handle, ImageLayout.TransferDstOptimal, (ImageLayout)finalLayout,
            PipelineStageFlags.TransferBit, AccessFlags.TransferWriteBit, PipelineStageFlags.AllCommandsBit, AccessFlags.MemoryReadBit);
    }

    /// <summary>Records a copy of the whole image, which is in TRANSFER_SRC_OPTIMAL, to a buffer (tightly packed).</summary>
    public void RecordDownload(nint cb, GpuBuffer target)
    {
        var region = WholeImage();
        _device.Api.CmdCopyImageToBuffer(cb, Handle, ImageLayout.TransferSrcOptimal, target.Handle, 1, &region);
    }

    public void Dispose()
    {
        if (View != 0)
        {
            _device.Api.DestroyImageView(View);
            View = 0;
        }

        _device.Api.DestroyImage(Handle);
        if (Memory != 0)
        {
            _device.Api.FreeMemory(Memory);
            Memory = 0;
        }
    }

    private BufferImageCopy WholeImage() => new()
    {
        ImageSubresource = new ImageSubresourceLayers { AspectMask = ImageAspectFlags.ColorBit, LayerCount = 1 },
        ImageExtent = new Extent3D { Width = (uint)Size.Width, Height = (uint)Size.Height, Depth = 1 },
    };
}
