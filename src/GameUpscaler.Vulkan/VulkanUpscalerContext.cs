using GameUpscaler.Hooks;
using GameUpscaler.Models;
using Silk.NET.Vulkan;

namespace GameUpscaler.Vulkan;

/// <summary>
/// The upscaler on Vulkan: each <see cref="UpscalerContext.Dispatch"/> records into the host's command buffer the
/// input pass, the generator's conv3x3 + PReLU passes, the reconstruct pass (last conv + depth-to-space + skip),
/// the resample to the display size when the ratio is not the model's scale, and the finish pass (sharpening,
/// inverse HDR tonemap, HUD, write in the output format). Without a model it records the spatial fallback instead.
/// </summary>
/// <remarks>
/// <para>
/// Images: the color and HUD images need TRANSFER_SRC usage, the output TRANSFER_DST (swapchain images have it);
/// their layouts are given by <see cref="VulkanImageLayouts"/> at creation, and Dispatch transitions them to the
/// transfer layouts and back. They are copied to and from buffers, so every format is decoded and encoded by the shaders the same way: 8-bit
/// formats carry display-encoded values (an sRGB image's bytes are used as stored).
/// </para>
/// <para>
/// DESIGN.md sketches one output pass fusing the last conv, depth-to-space, skip, resample, sharpening, HUD and the
/// write. It is three here (reconstruct, resample, finish) because each later step needs neighbours of the one
/// before: the resample reads a 4 × 4 window of network outputs and sharpening a 5-tap cross of resampled pixels, so
/// a single pass would recompute the last conv up to 80 times per output pixel or need halo tiles in shared memory.
/// When the ratio equals the model's scale the resample pass is skipped.
/// </para>
/// <para>
/// All buffers are allocated at creation for the maximum render size and the display size; a smaller render size
/// per frame changes only push constants, never allocations. Dispose waits for the device to be idle before
/// releasing anything, so resources outlive the GPU work that uses them.
/// </para>
/// </remarks>
public sealed unsafe class VulkanUpscalerContext : UpscalerContext
{
    private readonly VulkanDevice _device;
    private readonly List<IDisposable> _owned = [];
    private readonly GeneratorArchitecture? _architecture;
    private readonly bool _hdr;
    private readonly ulong[] _queryPools = [];
    private readonly ComputePipeline _input;
    private readonly ComputePipeline? _convFirst;
    private readonly ComputePipeline? _convBody;
    private readonly ComputePipeline? _reconstruct;
    private readonly ComputePipeline _resample;
    private readonly ComputePipeline _finish;
    private readonly ComputePipeline? _spatial;
    private readonly GpuBuffer _colorStaging;
    private readonly GpuBuffer _hudStaging;
    private readonly GpuBuffer _outputWords;
    private readonly GpuBuffer _upscaled;
    private readonly GpuBuffer _resampled;
    private readonly BoundDescriptorSet? _inputSet;
    private readonly BoundDescriptorSet[] _convSets = [];
    private readonly BoundDescriptorSet? _reconstructSet;
    private readonly BoundDescriptorSet? _spatialSet;
    private readonly BoundDescriptorSet? _resampleSet;
    private readonly BoundDescriptorSet? _finishFromResampled;
    private readonly BoundDescriptorSet? _finishFromUpscaled;
    private readonly VulkanImageLayouts _layouts;
    private readonly string[][] _passLabels;

    /// <summary>Frames recorded so far; frame k used query pool k mod the frames in flight.</summary>
    private long _recordedFrames;

    private VulkanUpscalerContext(
        VulkanDevice device, in UpscalerContextDescription description, GeneratorWeights? weights, VulkanPermutation permutation,
        VulkanImageLayouts layouts)
        : base(description)
    {
        _device = device;
        _layouts = layouts;
        _architecture = weights?.Architecture;
        Permutation = permutation;
        _hdr = (description.Flags & UpscalerContextFlags.HighDynamicRangeInput) != 0;
        _passLabels = new string[description.EffectiveFramesInFlight][];
        Size2D max = description.MaxRenderSize;
        Size2D display = description.DisplaySize;
        long maxPixels = max.Area;
        long displayPixels = display.Area;
        bool half = permutation != VulkanPermutation.Float32;
        CheckBufferLimit(device, max, display, half, _architecture);
        string suffix = permutation switch
        {
            VulkanPermutation.Float16Storage => "sfp16",
            VulkanPermutation.Float16StorageAndArithmetic => "sfp16_afp16",
            _ => "fp32",
        };
        int element = half ? 8 : 16;
        try
        {
            if ((description.Flags & UpscalerContextFlags.EnableTimestamps) != 0)
            {
                // One pool per frame in flight: a frame recorded while earlier ones run must not reset their queries.
                _queryPools = new ulong[description.EffectiveFramesInFlight];
                for (int frame = 0; frame < _queryPools.Length; frame++)
                {
                    _queryPools[frame] = CreateQueryPool(device, 8 + (_architecture?.ConvCount ?? 0));
                }
            }

            _colorStaging = Own(new GpuBuffer(device, (ulong)(maxPixels * 16), "color staging", hostVisible: false));
            _hudStaging = Own(new GpuBuffer(device, (ulong)(displayPixels * 16), "HUD staging", hostVisible: false));
            _outputWords = Own(new GpuBuffer(device, (ulong)(displayPixels * 16), "output words", hostVisible: false));
            _resampled = Own(new GpuBuffer(device, (ulong)(displayPixels * 16), "resampled", hostVisible: false));
            int scale = _architecture?.Scale ?? 1;
            _upscaled = Own(new GpuBuffer(device, (ulong)(maxPixels * scale * scale * 16), "network output", hostVisible: false));
            int arena = 8 + (_architecture?.ConvCount ?? 0);
            var descriptors = Own(new DescriptorArena(device, arena, arena * 6, "upscaler descriptors"));

            _resample = Own(new ComputePipeline(device, "resample", 2, 16, [], "resample"));
            _finish = Own(new ComputePipeline(device, "finish", 3, 24, [], "finish"));
            _resampleSet = descriptors.Allocate(_resample, [_upscaled, _resampled]);
            _finishFromResampled = descriptors.Allocate(_finish, [_resampled, _hudStaging, _outputWords]);
            _finishFromUpscaled = descriptors.Allocate(_finish, [_upscaled, _hudStaging, _outputWords]);

            if (_architecture is null)
            {
                // The spatial fallback reads the colour as fp32 RGBA (alpha unused) and writes display-size RGBA.
                var tensor = Own(new GpuBuffer(device, (ulong)(maxPixels * 16), "spatial input", hostVisible: false));
                _input = Own(new ComputePipeline(device, "input_fp32", 2, 16, [], "input"));
                _inputSet = descriptors.Allocate(_input, [_colorStaging, tensor]);
                _spatial = Own(new ComputePipeline(device, "spatial", 2, 16, [], "spatial upscale"));
                _spatialSet = descriptors.Allocate(_spatial, [tensor, _resampled]);
                return;
            }

            GeneratorArchitecture arch = _architecture;
            int blocks = WeightPacking.Blocks(arch.Channels);
            var inputTensor = Own(new GpuBuffer(device, (ulong)(maxPixels * element), "input tensor", hostVisible: false));
            var ping = Own(new GpuBuffer(device, (ulong)(maxPixels * blocks * element), "features ping", hostVisible: false));
            var pong = Own(new GpuBuffer(device, (ulong)(maxPixels * blocks * element), "features pong", hostVisible: false));
            _input = Own(new ComputePipeline(device, half ? "input_sfp16" : "input_fp32", 2, 16, [], "input"));
            _inputSet = descriptors.Allocate(_input, [_colorStaging, inputTensor]);
            _convFirst = Own(CreateConvPipeline(device, suffix, 1, blocks, "conv 0"));
            if (arch.BodyConvs > 0)
            {
                _convBody = Own(CreateConvPipeline(device, suffix, blocks, blocks, "conv body"));
            }

            _convSets = new BoundDescriptorSet[arch.BodyConvs + 1];
            for (int conv = 0; conv <= arch.BodyConvs; conv++)
            {
                (float[] w, float[] b, float[]? slopes) = WeightPacking.Conv(weights!, conv);
                int cin = arch.GetConvInputChannels(conv);
                float[] packedWeights = WeightPacking.PackConv(w, cin, arch.Channels);
                float[] packedBias = WeightPacking.PackBiasSlope(b, slopes!);
                var weightBuffer = Own(new GpuBuffer(device, (ulong)(packedWeights.Length * (half ? 2 : 4)), $"conv {conv} weights", hostVisible: false));
                var biasBuffer = Own(new GpuBuffer(device, (ulong)(packedBias.Length * (half ? 2 : 4)), $"conv {conv} bias+slopes", hostVisible: false));
                WeightPacking.Upload(weightBuffer, packedWeights, half);
                WeightPacking.Upload(biasBuffer, packedBias, half);
                GpuBuffer source = conv == 0 ? inputTensor : ((conv - 1) % 2 == 0 ? ping : pong);
                GpuBuffer target = conv % 2 == 0 ? ping : pong;
                _convSets[conv] = descriptors.Allocate(conv == 0 ? _convFirst : _convBody!, [source, target, weightBuffer, biasBuffer]);
            }

            int last = arch.ConvCount - 1;
            (float[] lw, float[] lb, _) = WeightPacking.Conv(weights!, last);
            float[] packedLast = WeightPacking.PackLastConv(lw, arch.Channels, arch.OutputConvChannels);
            var lastWeights = Own(new GpuBuffer(device, (ulong)(packedLast.Length * (half ? 2 : 4)), "last conv weights", hostVisible: false));
            var lastBias = Own(new GpuBuffer(device, (ulong)(lb.Length * 4), "last conv bias", hostVisible: false));
            WeightPacking.Upload(lastWeights, packedLast, half);
            lastBias.Upload<float>(lb);
            uint lastVectors = (uint)(packedLast.Length / 4);
            _reconstruct = Own(suffix == "fp32" && lastVectors * 16L <= device.MaxUniformBufferRange
                ? new ComputePipeline(device, "reconstruct_fp32_ubo", 5, 16, [(uint)blocks, (uint)arch.Scale, lastVectors], "reconstruct", uniformBindingMask: 1u << 2)
                : new ComputePipeline(device, "reconstruct_" + suffix, 5, 16, [(uint)blocks, (uint)arch.Scale], "reconstruct"));
            GpuBuffer features = arch.BodyConvs % 2 == 0 ? ping : pong;
            _reconstructSet = descriptors.Allocate(_reconstruct, [features, _upscaled, lastWeights, lastBias, inputTensor]);
        }
        catch
        {
            DisposeOwned();
            throw;
        }
    }

    /// <summary>The precision permutation the network passes run in.</summary>
    public VulkanPermutation Permutation { get; }

    /// <summary>Whether this context runs the spatial fallback (no model) instead of a generator.</summary>
    public bool IsSpatialFallback => _architecture is null;

    /// <summary>The generator's shape, or null for the spatial fallback.</summary>
    public GeneratorArchitecture? Architecture => _architecture;

    /// <summary>The device the context records for.</summary>
    public VulkanDevice Device => _device;

    /// <summary>
    /// Refuses, before any allocation, sizes whose per-pixel buffers (colour staging and network output at 16 bytes
    /// per pixel and channel block, feature maps at one element per channel) exceed the device's largest storage
    /// buffer, with the largest size of the same aspect ratio that fits.
    /// </summary>
    private static void CheckBufferLimit(VulkanDevice device, Size2D maxRender, Size2D display, bool half, GeneratorArchitecture? architecture)
    {
        long limit = device.MaxStorageBufferRange;
        int scale = architecture?.Scale ?? 1;
        long perRenderPixel = Math.Max(16L * scale * scale, architecture is null ? 16 : WeightPacking.Blocks(architecture.Channels) * (half ? 8L : 16L));
        Check("maximum render size", maxRender, perRenderPixel);
        Check("display size", display, 16);

        void Check(string what, Size2D size, long bytesPerPixel)
        {
            if (size.Area * bytesPerPixel <= limit)
            {
                return;
            }

            long fittingPixels = limit / bytesPerPixel;
            double shrink = Math.Sqrt((double)fittingPixels / size.Area);
            int width = Math.Max(1, (int)(size.Width * shrink)), height = Math.Max(1, (int)(size.Height * shrink));
            while ((long)width * height > fittingPixels)
            {
                width--;
                height = Math.Max(1, (int)((long)width * size.Height / size.Width));
            }

            throw new UpscalerException(
                UpscalerErrorCode.RenderSizeTooLarge,
                $"The {what} {size.Width}x{size.Height} needs a {size.Area * bytesPerPixel:N0}-byte buffer ({bytesPerPixel} bytes per pixel" +
                $"{(architecture is null ? string.Empty : $" for {architecture}")}); {device.Info.Name}'s largest storage buffer is {limit:N0} bytes, " +
                $"so at most {fittingPixels:N0} pixels fit, e.g. {width}x{height}{(half ? string.Empty : ", or about half again with fp16")}.");
        }
    }

    /// <summary>
    /// Creates a context. The model comes from <paramref name="weights"/>, else from
    /// <see cref="UpscalerContextDescription.Model"/> (a shipped name or a file); with neither, the context runs the
    /// spatial fallback (edge-adaptive upscale + sharpening).
    /// </summary>
    /// <param name="device">The device (own or the host's).</param>
    /// <param name="description">Sizes, flags, precision.</param>
    /// <param name="weights">The generator, or null.</param>
    /// <param name="permutation">Forces a precision permutation (tests, benchmarks); null follows <see cref="UpscalerContextDescription.Precision"/>:
    /// Auto picks fp16 on GPUs that support it and fp32 on CPU devices (where fp16 is no faster).</param>
    /// <param name="layouts">Host image layouts; null for <see cref="VulkanImageLayouts.Default"/>.</param>
    /// <exception cref="ArgumentNullException">The device is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size in the description is invalid.</exception>
    /// <exception cref="UpscalerException">
    /// <see cref="UpscalerErrorCode.InvalidModel"/> (model missing or malformed), <see cref="UpscalerErrorCode.FeatureNotSupported"/>
    /// (fp16 requested, not supported), <see cref="UpscalerErrorCode.RenderSizeTooLarge"/> (sizes whose buffers exceed the device's largest;
    /// the message names the size that fits), <see cref="UpscalerErrorCode.OutOfMemory"/> (allocation failed) or another native failure.
    /// </exception>
    public static VulkanUpscalerContext Create(
        VulkanDevice device, in UpscalerContextDescription description, GeneratorWeights? weights = null, VulkanPermutation? permutation = null,
        VulkanImageLayouts? layouts = null)
    {
        ArgumentNullException.ThrowIfNull(device);
        device.ThrowIfDisposed();
        description.Validate();
        if (weights is null && description.Model is not null)
        {
            try
            {
                weights = KnownModels.Resolve(description.Model);
            }
            catch (Exception e) when (e is ModelFormatException or IOException or ArgumentException or KeyNotFoundException)
            {
                throw new UpscalerException(UpscalerErrorCode.InvalidModel, $"The model '{description.Model}' cannot be used: {e.Message}", e);
            }
        }

        VulkanPermutation chosen = permutation ?? description.Precision switch
        {
            UpscalerPrecision.Float32 => VulkanPermutation.Float32,
            UpscalerPrecision.Float16 => device.Float16Arithmetic ? VulkanPermutation.Float16StorageAndArithmetic : VulkanPermutation.Float16Storage,
            _ when device.Info.Type == "cpu" => VulkanPermutation.Float32,
            _ => device.Float16Arithmetic ? VulkanPermutation.Float16StorageAndArithmetic
                : device.Float16Storage ? VulkanPermutation.Float16Storage : VulkanPermutation.Float32,
        };
        if (permutation is null && chosen != VulkanPermutation.Float32 && weights is not null && !weights.FitsFloat16())
        {
            // fp16 storage would turn these weights into ±∞ and the output into saturated noise that no other backend
            // gives; fp32 runs the model as the CPU reference does.
            description.MessageCallback?.Invoke(new UpscalerMessage(
                UpscalerMessageSeverity.Warning,
                $"The model's weights reach {weights.MaxAbsoluteWeight():G4}, beyond the fp16 range (±65504): running it in fp32 instead of {chosen}."));
            chosen = VulkanPermutation.Float32;
        }

        if ((chosen != VulkanPermutation.Float32 && !device.Float16Storage) ||
            (chosen == VulkanPermutation.Float16StorageAndArithmetic && !device.Float16Arithmetic))
        {
            throw new UpscalerException(
                UpscalerErrorCode.FeatureNotSupported,
                $"{device.Info.Name} does not support {chosen} (fp16 storage: {device.Float16Storage}, fp16 arithmetic: {device.Float16Arithmetic}).");
        }

        description.MessageCallback?.Invoke(new UpscalerMessage(
            UpscalerMessageSeverity.Info,
            $"Vulkan upscaler on {device.Info.Name}: {(weights is null ? "spatial fallback" : weights.Architecture.ToString())}, {chosen}."));
        return new VulkanUpscalerContext(device, description, weights, chosen, layouts ?? VulkanImageLayouts.Default);
    }

    /// <summary>
    /// GPU time per pass of the last recorded frame; call after that frame's work has completed (it waits for the
    /// results otherwise). Needs <see cref="UpscalerContextFlags.EnableTimestamps"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">Timestamps are not enabled or nothing was recorded yet.</exception>
    public IReadOnlyList<UpscalerPassTiming> ReadTimings() => ReadTimings(_recordedFrames - 1);

    /// <summary>Frames recorded so far: the next frame's number (frames count from 0).</summary>
    public long RecordedFrames => _recordedFrames;

    /// <summary>
    /// GPU time per pass of frame <paramref name="frame"/> (0 = the first this context recorded), which must be one of
    /// the last frames-in-flight frames: with N frames in flight, the host may record N frames and then read each one's
    /// timings as it completes. Waits for that frame's results if they are not in yet.
    /// </summary>
    /// <exception cref="InvalidOperationException">Timestamps are not enabled, the frame was not recorded, or its queries were reused by a later frame.</exception>
    public IReadOnlyList<UpscalerPassTiming> ReadTimings(long frame)
    {
        ThrowIfDisposed();
        if (_queryPools.Length == 0 || _recordedFrames == 0)
        {
            throw new InvalidOperationException("Timings need a context created with EnableTimestamps and a recorded frame.");
        }

        if (frame < 0 || frame >= _recordedFrames || frame < _recordedFrames - _queryPools.Length)
        {
            throw new InvalidOperationException(
                $"Frame {frame} is not one of the last {_queryPools.Length} frames recorded (0 to {_recordedFrames - 1}): its timings are gone. " +
                "Create the context with more FramesInFlight to read older frames.");
        }

        int slot = (int)(frame % _queryPools.Length);
        string[] labels = _passLabels[slot];
        int count = labels.Length + 1;
        var ticks = new ulong[count];
        fixed (ulong* p = ticks)
        {
            _device.Api.GetQueryPoolResults(_queryPools[slot], 0, (uint)count, (nuint)(count * 8), p, 8, QueryResultFlags.Result64Bit | QueryResultFlags.ResultWaitBit);
        }

        double period = _device.Info.TimestampPeriodNanoseconds;
        var timings = new UpscalerPassTiming[labels.Length];
        for (int i = 0; i < timings.Length; i++)
        {
            timings[i] = new UpscalerPassTiming(labels[i], (ticks[i + 1] - ticks[i]) * period / 1e6);
        }

        return timings;
    }

    /// <inheritdoc />
    protected override void DispatchCore(in UpscalerDispatchDescription dispatch)
    {
        CheckFormat(dispatch.Color.Format, "color");
        CheckFormat(dispatch.Output.Format, "output");
        if (!dispatch.Hud.IsNone)
        {
            CheckFormat(dispatch.Hud.Format, "HUD");
        }

        VkDeviceApi api = _device.Api;
        nint cb = dispatch.CommandList;
        Size2D render = dispatch.RenderSize;
        Size2D display = Description.DisplaySize;

        // The previous frame's passes may still read the staging buffers: all earlier work before the copies.
        ComputePass.Barrier(api, cb, PipelineStageFlags.AllCommandsBit, AccessFlags.MemoryWriteBit, PipelineStageFlags.TransferBit, AccessFlags.TransferReadBit | AccessFlags.TransferWriteBit);
        CopyImageToBuffer(cb, dispatch.Color.NativeImage, _colorStaging.Handle, render);
        if (!dispatch.Hud.IsNone)
        {
            CopyImageToBuffer(cb, dispatch.Hud.NativeImage, _hudStaging.Handle, display);
        }

        ComputePass.Barrier(api, cb, PipelineStageFlags.TransferBit, AccessFlags.TransferWriteBit, PipelineStageFlags.ComputeShaderBit, AccessFlags.ShaderReadBit);
        ComputePass.ImageBarrier(
            api, cb, dispatch.Output.NativeImage, ImageLayout.Undefined, ImageLayout.TransferDstOptimal,
            PipelineStageFlags.AllCommandsBit, 0, PipelineStageFlags.TransferBit, AccessFlags.TransferWriteBit);
        List<ComputePass> passes = BuildPasses(render, dispatch.Color.Format, dispatch.Output.Format, dispatch.Hud, dispatch.Sharpness);
        int slot = (int)(_recordedFrames % Math.Max(1, _queryPools.Length));
        ComputePass.RecordAll(api, cb, passes, _queryPools.Length == 0 ? 0 : _queryPools[slot]);
        if (_queryPools.Length > 0)
        {
            _passLabels[slot] = [.. passes.Select(p => p.Label)];
        }

        _recordedFrames++;

        ComputePass.Barrier(api, cb, PipelineStageFlags.ComputeShaderBit, AccessFlags.ShaderWriteBit, PipelineStageFlags.TransferBit, AccessFlags.TransferReadBit);
        var region = Region(display);
        api.CmdCopyBufferToImage(cb, _outputWords.Handle, dispatch.Output.NativeImage, ImageLayout.TransferDstOptimal, 1, &region);
        ComputePass.ImageBarrier(
            api, cb, dispatch.Output.NativeImage, ImageLayout.TransferDstOptimal, (ImageLayout)_layouts.OutputFinal,
            PipelineStageFlags.TransferBit, AccessFlags.TransferWriteBit, PipelineStageFlags.AllCommandsBit, AccessFlags.MemoryReadBit | AccessFlags.MemoryWriteBit);
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        try
        {
            // Nothing may be released while a recorded frame can still run.
            _device.Api.DeviceWaitIdle();
        }
        catch (UpscalerException)
        {
            // Device lost: the work is gone, the objects are still destroyed.
        }

        DisposeOwned();
    }

    /// <summary>
    /// The conv3x3 pipeline for a block shape: fp32 weights go in a uniform buffer when they fit (the
    /// <c>conv3x3_fp32_ubo</c> permutation, much faster on CPU devices), otherwise in a storage buffer.
    /// </summary>
    internal static ComputePipeline CreateConvPipeline(VulkanDevice device, string suffix, int inputBlocks, int outputBlocks, string label)
    {
        uint weightVectors = (uint)(inputBlocks * outputBlocks * 9 * 4);
        if (suffix == "fp32" && weightVectors * 16L <= device.MaxUniformBufferRange)
        {
            return new ComputePipeline(
                device, "conv3x3_fp32_ubo", 4, 16, [(uint)inputBlocks, (uint)outputBlocks, 0u, 0u, weightVectors], label, uniformBindingMask: 1u << 2);
        }

        return new ComputePipeline(device, "conv3x3_" + suffix, 4, 16, [(uint)inputBlocks, (uint)outputBlocks, 0u, 0u], label);
    }

    private static ulong CreateQueryPool(VulkanDevice device, int count)
    {
        var info = new QueryPoolCreateInfo { SType = StructureType.QueryPoolCreateInfo, QueryType = QueryType.Timestamp, QueryCount = (uint)count };
        ulong pool;
        device.Api.CreateQueryPool(&info, &pool);
        device.SetName(ObjectType.QueryPool, pool, "upscaler timestamps");
        return pool;
    }

    private static BufferImageCopy Region(Size2D size) => new()
    {
        ImageSubresource = new ImageSubresourceLayers { AspectMask = ImageAspectFlags.ColorBit, LayerCount = 1 },
        ImageExtent = new Extent3D { Width = (uint)size.Width, Height = (uint)size.Height, Depth = 1 },
    };

    private static void CheckFormat(UpscalerFormat format, string role)
    {
        if (!VulkanFormats.IsSupported(format))
        {
            throw VulkanFormats.Unsupported(format, role);
        }
    }

    private static uint Bits(float value) => BitConverter.SingleToUInt32Bits(value);

    private void CopyImageToBuffer(nint cb, ulong image, ulong buffer, Size2D size)
    {
        var region = Region(size);
        VkDeviceApi api = _device.Api;
        ComputePass.ImageBarrier(
            api, cb, image, (ImageLayout)_layouts.Input, ImageLayout.TransferSrcOptimal,
            PipelineStageFlags.AllCommandsBit, AccessFlags.MemoryWriteBit, PipelineStageFlags.TransferBit, AccessFlags.TransferReadBit);
        api.CmdCopyImageToBuffer(cb, image, ImageLayout.TransferSrcOptimal, buffer, 1, &region);
        ComputePass.ImageBarrier(
            api, cb, image, ImageLayout.TransferSrcOptimal, (ImageLayout)_layouts.Input,
            PipelineStageFlags.TransferBit, 0, PipelineStageFlags.AllCommandsBit, 0);
    }

    private List<ComputePass> BuildPasses(Size2D render, UpscalerFormat colorFormat, UpscalerFormat outputFormat, UpscalerResource hud, float sharpness)
    {
        var passes = new List<ComputePass>();
        Size2D display = Description.DisplaySize;
        (uint gx, uint gy) = ComputePass.Groups8x8(render.Width, render.Height);
        uint w = (uint)render.Width;
        uint h = (uint)render.Height;
        passes.Add(new ComputePass("input", _input, _inputSet!, gx, gy, 1, [w, h, VulkanFormats.ShaderCode(colorFormat), _hdr ? 1u : 0u]));
        Size2D upscaledSize;
        if (_architecture is { } arch)
        {
            uint blocks = (uint)WeightPacking.Blocks(arch.Channels);
            for (int conv = 0; conv < _convSets.Length; conv++)
            {
                passes.Add(new ComputePass(
                    conv == 0 ? "conv 0" : $"conv {conv}", conv == 0 ? _convFirst! : _convBody!, _convSets[conv], gx, gy, (blocks + 3) / 4,
                    [w, h, conv == 0 ? 1u : blocks, blocks]));
            }

            int s = arch.Scale;
            upscaledSize = new Size2D(render.Width * s, render.Height * s);
            (uint rx, uint ry) = ComputePass.Groups8x8(upscaledSize.Width, upscaledSize.Height);
            passes.Add(new ComputePass("reconstruct", _reconstruct!, _reconstructSet!, rx, ry, 1, [w, h, blocks, (uint)s]));
        }
        else
        {
            upscaledSize = display;
            (uint sx, uint sy) = ComputePass.Groups8x8(display.Width, display.Height);
            passes.Add(new ComputePass("spatial", _spatial!, _spatialSet!, sx, sy, 1, [w, h, (uint)display.Width, (uint)display.Height]));
        }

        (uint dx, uint dy) = ComputePass.Groups8x8(display.Width, display.Height);
        bool resample = upscaledSize != display;
        if (resample)
        {
            passes.Add(new ComputePass(
                "resample", _resample, _resampleSet!, dx, dy, 1,
                [(uint)upscaledSize.Width, (uint)upscaledSize.Height, (uint)display.Width, (uint)display.Height]));
        }

        bool fromResampled = resample || _architecture is null;
        passes.Add(new ComputePass(
            "finish", _finish, fromResampled ? _finishFromResampled! : _finishFromUpscaled!, dx, dy, 1,
            [(uint)display.Width, (uint)display.Height, Bits(sharpness), _hdr ? 1u : 0u, VulkanFormats.ShaderCode(outputFormat),
                hud.IsNone ? 0u : VulkanFormats.ShaderCode(hud.Format)]));
        return passes;
    }

    private T Own<T>(T resource)
        where T : IDisposable
    {
        _owned.Add(resource);
        return resource;
    }

    private void DisposeOwned()
    {
        for (int i = _owned.Count - 1; i >= 0; i--)
        {
            _owned[i].Dispose();
        }

        _owned.Clear();
        foreach (ulong pool in _queryPools)
        {
            if (pool != 0)
            {
                _device.Api.DestroyQueryPool(pool);
            }
        }
    }
}
