using System.Globalization;
using GameUpscaler.Hooks;
using GameUpscaler.Imaging;
using GameUpscaler.Vulkan;
using Silk.NET.Vulkan;
using Semaphore = Silk.NET.Vulkan.Semaphore;

namespace GameUpscaler.Layer;

/// <summary>
/// One swapchain the layer upscales: the real window-size swapchain (created by the next layer), the render-size
/// images the game draws into instead (what vkGetSwapchainImagesKHR returns, one per real image, same index), and the
/// upscaler that turns image i into real image i at each present. The context is made at the first present (it needs
/// the present queue); if it cannot be made, or a frame fails, the frame is scaled by a linear blit instead, so the
/// game always sees its picture.
/// </summary>
internal sealed unsafe class SwapchainUpscaler : IDisposable
{
    private const uint LayoutPresentSource = 1000001002;

    private readonly DeviceState _device;
    private readonly ulong[] _appMemory;
    private readonly ulong[] _appViews;
    private readonly ulong[] _semaphores;
    private readonly nint[] _commands = new nint[DeviceState.PresentsInFlight];
    private readonly long[] _frameInSlot = [.. Enumerable.Repeat(-1L, DeviceState.PresentsInFlight)];
    private readonly Dictionary<string, (double Total, long Count)> _passTotals = [];
    private VulkanUpscalerContext? _context;
    private bool _contextFailed;
    private string _method = "not started";
    private ulong _commandPool;
    private CaptureBuffers? _capture;

    public SwapchainUpscaler(DeviceState device, ulong swapchain, SwapchainCreateInfoKHR* appInfo, Extent2D window, ulong[] realImages)
    {
        _device = device;
        Handle = swapchain;
        Format = appInfo->ImageFormat;
        RenderExtent = appInfo->ImageExtent;
        WindowExtent = window;
        RealImages = realImages;
        AppImages = new ulong[realImages.Length];
        _appMemory = new ulong[realImages.Length];
        _appViews = new ulong[realImages.Length];
        _semaphores = new ulong[realImages.Length];
        try
        {
            for (int i = 0; i < realImages.Length; i++)
            {
                (AppImages[i], _appMemory[i], _appViews[i]) = CreateAppImage(appInfo);
                var semaphoreInfo = new SemaphoreCreateInfo { SType = StructureType.SemaphoreCreateInfo };
                Semaphore semaphore;
                Vk.CreateSemaphore(Dev, &semaphoreInfo, null, &semaphore).Check("vkCreateSemaphore");
                _semaphores[i] = semaphore.Handle;
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public ulong Handle { get; }

    public Format Format { get; }

    public Extent2D RenderExtent { get; }

    public Extent2D WindowExtent { get; }

    public ulong[] RealImages { get; }

    public ulong[] AppImages { get; }

    public long FramesUpscaled { get; private set; }

    public long FramesBlitted { get; private set; }

    private static Vk Vk => DeviceState.Vk;

    private Device Dev => new(_device.Device);

    /// <summary>The semaphore the present waits on for image <paramref name="index"/>.</summary>
    public ulong Semaphore(uint index) => _semaphores[index];

    /// <summary>
    /// Records image <paramref name="index"/>'s upscale into the command buffer of present slot <paramref name="slot"/>
    /// and returns it (ended). Timings of the frame this slot held before are read first (its fence was waited).
    /// </summary>
    public nint Record(nint queue, int slot, uint index, long capturedFrame)
    {
        ReadTimings(slot);
        if (_commands[slot] == 0)
        {
            _commandPool = _device.Pool(queue);
            var allocate = new CommandBufferAllocateInfo
            {
                SType = StructureType.CommandBufferAllocateInfo,
                CommandPool = new CommandPool(_commandPool),
                Level = CommandBufferLevel.Primary,
                CommandBufferCount = 1,
            };
            CommandBuffer buffer;
            Vk.AllocateCommandBuffers(Dev, &allocate, &buffer).Check("vkAllocateCommandBuffers");
            _device.MarkDispatchable(buffer.Handle);
            _commands[slot] = buffer.Handle;
        }

        var commands = new CommandBuffer(_commands[slot]);
        Begin(commands);
        bool upscaled = false;
        VulkanUpscalerContext? context = _device.Instance.UpscalingOn ? EnsureContext(queue) : null;
        if (context is not null)
        {
            try
            {
                long frame = context.RecordedFrames;
                context.Dispatch(new UpscalerDispatchDescription(
                    commands.Handle,
                    new UpscalerResource(AppImages[index], _appViews[index], VulkanInterop.FromVkFormat((int)Format), Size(RenderExtent)) { Usage = UpscalerResourceUsage.Sampled | UpscalerResourceUsage.CopySource },
                    new UpscalerResource(RealImages[index], 0, VulkanInterop.FromVkFormat((int)Format), Size(WindowExtent)) { Usage = UpscalerResourceUsage.CopyDestination },
                    Size(RenderExtent))
                {
                    Sharpness = _device.Instance.Config.Sharpness,
                });
                _frameInSlot[slot] = frame;
                upscaled = true;
            }
            catch (Exception e)
            {
                LayerLog.Error($"swapchain 0x{Handle:x}: the upscale failed ({e.Message}); this and later frames are blitted");
                DropContext();
                Vk.ResetCommandBuffer(commands, 0).Check("vkResetCommandBuffer");
                Begin(commands);
            }
        }

        if (!upscaled)
        {
            Blit(commands, index);
            FramesBlitted++;
        }
        else
        {
            FramesUpscaled++;
        }

        if (capturedFrame >= 0 && CaptureBuffers.Supports(Format))
        {
            _capture ??= new CaptureBuffers(_device, RenderExtent, WindowExtent);
            _capture.Record(commands, AppImages[index], RealImages[index]);
        }

        Vk.EndCommandBuffer(commands).Check("vkEndCommandBuffer");
        return commands.Handle;
    }

    /// <summary>
    /// Writes the captured input and output of the frame just submitted (after its fence). The swapchain at
    /// <paramref name="position"/> 0 of the present writes frame_N.input/output.png; the others of a present of several
    /// add .swapchainP, so no window's frame overwrites another's.
    /// </summary>
    public void WriteCapture(string directory, long frame, int position) =>
        _capture?.Write(directory, position == 0 ? $"frame_{frame:D5}" : $"frame_{frame:D5}.swapchain{position}", Format);

    /// <summary>Reads the timings of the frames still in their slots (call after the device is idle, before <see cref="Summary"/>).</summary>
    public void ReadPendingTimings()
    {
        for (int slot = 0; slot < _frameInSlot.Length; slot++)
        {
            ReadTimings(slot);
        }
    }

    /// <summary>The per-swapchain line of the log.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"swapchain 0x{Handle:x}: {Format} {RenderExtent.Width}x{RenderExtent.Height} (what the game renders) -> {WindowExtent.Width}x{WindowExtent.Height} (the window), {RealImages.Length} images");

    /// <summary>The summary: frames upscaled and blitted, the method and the mean GPU time per pass.</summary>
    public string Summary()
    {
        if (FramesUpscaled + FramesBlitted == 0)
        {
            return $"swapchain 0x{Handle:x} summary: never presented";
        }

        double total = _passTotals.Values.Sum(p => p.Count == 0 ? 0 : p.Total / p.Count);
        string passes = string.Join(", ", _passTotals.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Value.Total / Math.Max(1, p.Value.Count):F3}")));
        // No timing read (every frame still in flight when the device went away, or timestamps off): say so, not 0 ms.
        string gpu = _passTotals.Count == 0 ? "GPU time not read" : string.Create(CultureInfo.InvariantCulture, $"GPU ms per frame {total:F3} ({passes})");
        return string.Create(CultureInfo.InvariantCulture,
            $"swapchain 0x{Handle:x} summary: {FramesUpscaled} frames upscaled by {_method}, {FramesBlitted} blitted; {gpu}");
    }

    public void Dispose()
    {
        DropContext();
        foreach (nint commands in _commands.Where(c => c != 0))
        {
            CommandBuffer buffer = new(commands);
            Vk.FreeCommandBuffers(Dev, new CommandPool(_commandPool), 1, &buffer);
        }

        Array.Clear(_commands);
        _capture?.Dispose();
        for (int i = 0; i < AppImages.Length; i++)
        {
            Vk.DestroySemaphore(Dev, new Semaphore(_semaphores[i]), null);
            Vk.DestroyImageView(Dev, new ImageView(_appViews[i]), null);
            Vk.DestroyImage(Dev, new Image(AppImages[i]), null);
            Vk.FreeMemory(Dev, new DeviceMemory(_appMemory[i]), null);
            (_semaphores[i], _appViews[i], AppImages[i], _appMemory[i]) = (0, 0, 0, 0);
        }
    }

    private static Size2D Size(Extent2D extent) => new((int)extent.Width, (int)extent.Height);

    private static void Begin(CommandBuffer commands)
    {
        var begin = new CommandBufferBeginInfo { SType = StructureType.CommandBufferBeginInfo, Flags = CommandBufferUsageFlags.OneTimeSubmitBit };
        Vk.BeginCommandBuffer(commands, &begin).Check("vkBeginCommandBuffer");
    }

    private VulkanUpscalerContext? EnsureContext(nint queue)
    {
        if (_context is not null || _contextFailed)
        {
            return _context;
        }

        VulkanDevice? backend = _device.EnsureBackend(queue);
        if (backend is null)
        {
            _contextFailed = true;
            _method = "a linear blit (no upscaler on this device)";
            return null;
        }

        LayerConfig config = _device.Instance.Config;
        var description = new UpscalerContextDescription(Size(RenderExtent), Size(WindowExtent))
        {
            Model = config.Model,
            FramesInFlight = DeviceState.PresentsInFlight,
            Flags = LayerLog.Enabled || LayerLog.CsvEnabled ? UpscalerContextFlags.EnableTimestamps : UpscalerContextFlags.None,
            MessageCallback = m => { if (m.Severity != UpscalerMessageSeverity.Info) LayerLog.Info($"swapchain 0x{Handle:x}: {m.Text}"); },
        };
        var layouts = new VulkanImageLayouts(LayoutPresentSource, LayoutPresentSource);
        try
        {
            _context = VulkanUpscalerContext.Create(backend, description, layouts: layouts);
        }
        catch (Exception e) when (config.Model is not null)
        {
            LayerLog.Error($"swapchain 0x{Handle:x}: the model '{config.Model}' cannot run ({e.Message}); using the spatial upscaler");
            try
            {
                _context = VulkanUpscalerContext.Create(backend, description with { Model = null }, layouts: layouts);
            }
            catch (Exception spatial)
            {
                LayerLog.Error($"swapchain 0x{Handle:x}: the spatial upscaler cannot run either ({spatial.Message}); frames are blitted");
            }
        }
        catch (Exception e)
        {
            LayerLog.Error($"swapchain 0x{Handle:x}: the spatial upscaler cannot run ({e.Message}); frames are blitted");
        }

        _contextFailed = _context is null;
        _method = _context is null ? "a linear blit"
            : _context.Architecture is { } architecture ? $"generator {architecture}" : "the spatial upscaler";
        LayerLog.Info($"swapchain 0x{Handle:x}: method {_method}, sharpness {config.Sharpness:0.##}");
        return _context;
    }

    private void DropContext()
    {
        if (_context is not null)
        {
            _context.Dispose();
            _context = null;
        }

        _contextFailed = true;
        _method = "a linear blit (after an error)";
    }

    private void ReadTimings(int slot)
    {
        long frame = _frameInSlot[slot];
        _frameInSlot[slot] = -1;
        if (frame < 0 || _context is null || !(LayerLog.Enabled || LayerLog.CsvEnabled))
        {
            return;
        }

        IReadOnlyList<UpscalerPassTiming> timings = _context.ReadTimings(frame);
        LayerLog.Csv(Handle, frame, timings);
        foreach (UpscalerPassTiming timing in timings)
        {
            (double total, long count) = _passTotals.GetValueOrDefault(timing.Label);
            _passTotals[timing.Label] = (total + timing.Milliseconds, count + 1);
        }
    }

    private (ulong Image, ulong Memory, ulong View) CreateAppImage(SwapchainCreateInfoKHR* appInfo)
    {
        var info = new ImageCreateInfo
        {
            SType = StructureType.ImageCreateInfo,
            ImageType = ImageType.Type2D,
            Format = appInfo->ImageFormat,
            Extent = new Extent3D(appInfo->ImageExtent.Width, appInfo->ImageExtent.Height, 1),
            MipLevels = 1,
            ArrayLayers = appInfo->ImageArrayLayers,
            Samples = SampleCountFlags.Count1Bit,
            Tiling = ImageTiling.Optimal,
            // What the game asked its swapchain images for, plus what the upscaler reads them with.
            Usage = appInfo->ImageUsage | ImageUsageFlags.SampledBit | ImageUsageFlags.TransferSrcBit,
            SharingMode = appInfo->ImageSharingMode,
            QueueFamilyIndexCount = appInfo->QueueFamilyIndexCount,
            PQueueFamilyIndices = appInfo->PQueueFamilyIndices,
            InitialLayout = ImageLayout.Undefined,
        };
        Image image;
        Vk.CreateImage(Dev, &info, null, &image).Check("vkCreateImage");
        MemoryRequirements requirements;
        Vk.GetImageMemoryRequirements(Dev, image, &requirements);
        var allocate = new MemoryAllocateInfo
        {
            SType = StructureType.MemoryAllocateInfo,
            AllocationSize = requirements.Size,
            MemoryTypeIndex = MemoryType(requirements.MemoryTypeBits, MemoryPropertyFlags.DeviceLocalBit),
        };
        DeviceMemory memory;
        Vk.AllocateMemory(Dev, &allocate, null, &memory).Check("vkAllocateMemory");
        Vk.BindImageMemory(Dev, image, memory, 0).Check("vkBindImageMemory");
        var view = new ImageViewCreateInfo
        {
            SType = StructureType.ImageViewCreateInfo,
            Image = image,
            ViewType = ImageViewType.Type2D,
            Format = appInfo->ImageFormat,
            SubresourceRange = new ImageSubresourceRange(ImageAspectFlags.ColorBit, 0, 1, 0, 1),
        };
        ImageView created;
        Vk.CreateImageView(Dev, &view, null, &created).Check("vkCreateImageView");
        return (image.Handle, memory.Handle, created.Handle);
    }

    internal uint MemoryType(uint bits, MemoryPropertyFlags wanted)
    {
        PhysicalDeviceMemoryProperties properties;
        Vk.GetPhysicalDeviceMemoryProperties(new PhysicalDevice(_device.PhysicalDevice), &properties);
        for (int i = 0; i < properties.MemoryTypeCount; i++)
        {
            if ((bits & (1u << i)) != 0 && (properties.MemoryTypes[i].PropertyFlags & wanted) == wanted)
            {
                return (uint)i;
            }
        }

        throw new UpscalerException(UpscalerErrorCode.OutOfMemory, $"No memory type with {wanted} for the layer's images.");
    }

    /// <summary>The fallback: the game's frame scaled to the window by the GPU's linear filter (what a toggle-off shows too).</summary>
    private void Blit(CommandBuffer commands, uint index)
    {
        Image source = new(AppImages[index]);
        Image target = new(RealImages[index]);
        Transition(commands, source, (ImageLayout)LayoutPresentSource, ImageLayout.TransferSrcOptimal, AccessFlags.None, AccessFlags.TransferReadBit);
        Transition(commands, target, ImageLayout.Undefined, ImageLayout.TransferDstOptimal, AccessFlags.None, AccessFlags.TransferWriteBit);
        var region = new ImageBlit
        {
            SrcSubresource = new ImageSubresourceLayers(ImageAspectFlags.ColorBit, 0, 0, 1),
            DstSubresource = new ImageSubresourceLayers(ImageAspectFlags.ColorBit, 0, 0, 1),
        };
        region.SrcOffsets[1] = new Offset3D((int)RenderExtent.Width, (int)RenderExtent.Height, 1);
        region.DstOffsets[1] = new Offset3D((int)WindowExtent.Width, (int)WindowExtent.Height, 1);
        Vk.CmdBlitImage(commands, source, ImageLayout.TransferSrcOptimal, target, ImageLayout.TransferDstOptimal, 1, &region, Filter.Linear);
        Transition(commands, source, ImageLayout.TransferSrcOptimal, (ImageLayout)LayoutPresentSource, AccessFlags.TransferReadBit, AccessFlags.None);
        Transition(commands, target, ImageLayout.TransferDstOptimal, (ImageLayout)LayoutPresentSource, AccessFlags.TransferWriteBit, AccessFlags.None);
    }

    internal static void Transition(CommandBuffer commands, Image image, ImageLayout from, ImageLayout to, AccessFlags source, AccessFlags target)
    {
        var barrier = new ImageMemoryBarrier
        {
            SType = StructureType.ImageMemoryBarrier,
            SrcAccessMask = source,
            DstAccessMask = target,
            OldLayout = from,
            NewLayout = to,
            SrcQueueFamilyIndex = Vk.QueueFamilyIgnored,
            DstQueueFamilyIndex = Vk.QueueFamilyIgnored,
            Image = image,
            SubresourceRange = new ImageSubresourceRange(ImageAspectFlags.ColorBit, 0, 1, 0, 1),
        };
        Vk.CmdPipelineBarrier(commands, PipelineStageFlags.AllCommandsBit, PipelineStageFlags.AllCommandsBit, 0, 0, null, 0, null, 1, &barrier);
    }

    /// <summary>
    /// <c>GAMEUPSCALER_CAPTURE=DIR</c>: the game's frame and the window image of each present copied to host memory
    /// and written as PNGs (frame_NNNNN.input.png, frame_NNNNN.output.png), for checking the layer's pixels.
    /// </summary>
    private sealed class CaptureBuffers : IDisposable
    {
        private readonly DeviceState _device;
        private readonly Extent2D _render;
        private readonly Extent2D _window;
        private readonly ulong _buffer;
        private readonly ulong _memory;
        private readonly void* _mapped;

        public CaptureBuffers(DeviceState device, Extent2D render, Extent2D window)
        {
            _device = device;
            _render = render;
            _window = window;
            ulong size = 4UL * ((render.Width * render.Height) + (window.Width * window.Height));
            var info = new BufferCreateInfo { SType = StructureType.BufferCreateInfo, Size = size, Usage = BufferUsageFlags.TransferDstBit };
            Silk.NET.Vulkan.Buffer buffer;
            Device dev = new(device.Device);
            Vk.CreateBuffer(dev, &info, null, &buffer).Check("vkCreateBuffer");
            MemoryRequirements requirements;
            Vk.GetBufferMemoryRequirements(dev, buffer, &requirements);
            PhysicalDeviceMemoryProperties properties;
            Vk.GetPhysicalDeviceMemoryProperties(new PhysicalDevice(device.PhysicalDevice), &properties);
            uint type = uint.MaxValue;
            MemoryPropertyFlags wanted = MemoryPropertyFlags.HostVisibleBit | MemoryPropertyFlags.HostCoherentBit;
            for (int i = 0; i < properties.MemoryTypeCount && type == uint.MaxValue; i++)
            {
                type = (requirements.MemoryTypeBits & (1u << i)) != 0 && (properties.MemoryTypes[i].PropertyFlags & wanted) == wanted ? (uint)i : uint.MaxValue;
            }

            var allocate = new MemoryAllocateInfo { SType = StructureType.MemoryAllocateInfo, AllocationSize = requirements.Size, MemoryTypeIndex = type };
            DeviceMemory memory;
            Vk.AllocateMemory(dev, &allocate, null, &memory).Check("vkAllocateMemory");
            Vk.BindBufferMemory(dev, buffer, memory, 0).Check("vkBindBufferMemory");
            void* mapped;
            Vk.MapMemory(dev, memory, 0, Vk.WholeSize, 0, &mapped).Check("vkMapMemory");
            _buffer = buffer.Handle;
            _memory = memory.Handle;
            _mapped = mapped;
        }

        /// <summary>Whether frames of this format can be written as PNGs (the 8-bit RGBA/BGRA ones; 16-bit float swapchains are not captured).</summary>
        public static bool Supports(Format format) => format is Format.R8G8B8A8Unorm or Format.R8G8B8A8Srgb or Format.B8G8R8A8Unorm or Format.B8G8R8A8Srgb;

        public void Record(CommandBuffer commands, ulong input, ulong output)
        {
            Copy(commands, new Image(input), _render, 0);
            Copy(commands, new Image(output), _window, 4UL * _render.Width * _render.Height);
        }

        public void Write(string directory, string name, Format format)
        {
            Directory.CreateDirectory(directory);
            bool bgra = format is Format.B8G8R8A8Unorm or Format.B8G8R8A8Srgb;
            byte* pixels = (byte*)_mapped;
            Save(Path.Combine(directory, $"{name}.input.png"), pixels, _render, bgra);
            Save(Path.Combine(directory, $"{name}.output.png"), pixels + (4L * _render.Width * _render.Height), _window, bgra);
        }

        public void Dispose()
        {
            Device dev = new(_device.Device);
            Vk.DestroyBuffer(dev, new Silk.NET.Vulkan.Buffer(_buffer), null);
            Vk.FreeMemory(dev, new DeviceMemory(_memory), null);
        }

        private static void Save(string path, byte* pixels, Extent2D extent, bool bgra)
        {
            var image = new Image8((int)extent.Width, (int)extent.Height, 3);
            for (int i = 0, n = (int)(extent.Width * extent.Height); i < n; i++)
            {
                image.Pixels[3 * i] = pixels[(4 * i) + (bgra ? 2 : 0)];
                image.Pixels[(3 * i) + 1] = pixels[(4 * i) + 1];
                image.Pixels[(3 * i) + 2] = pixels[(4 * i) + (bgra ? 0 : 2)];
            }

            PngCodec.Encode(image, path);
        }

        private void Copy(CommandBuffer commands, Image image, Extent2D extent, ulong offset)
        {
            Transition(commands, image, (ImageLayout)LayoutPresentSource, ImageLayout.TransferSrcOptimal, AccessFlags.ShaderWriteBit | AccessFlags.TransferWriteBit, AccessFlags.TransferReadBit);
            var region = new BufferImageCopy
            {
                BufferOffset = offset,
                ImageSubresource = new ImageSubresourceLayers(ImageAspectFlags.ColorBit, 0, 0, 1),
                ImageExtent = new Extent3D(extent.Width, extent.Height, 1),
            };
            Vk.CmdCopyImageToBuffer(commands, image, ImageLayout.TransferSrcOptimal, new Silk.NET.Vulkan.Buffer(_buffer), 1, &region);
            Transition(commands, image, ImageLayout.TransferSrcOptimal, (ImageLayout)LayoutPresentSource, AccessFlags.TransferReadBit, AccessFlags.None);
        }
    }
}
