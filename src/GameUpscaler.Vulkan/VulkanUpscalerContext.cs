using GameUpscaler.Hooks;
using GameUpscaler.Models;
using GameUpscaler.Temporal;
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
/// Host images are bound directly where their usage and format allow, as the best backends do: the colour and HUD
/// images are sampled by the input and finish passes (through the host's view, or one the context makes), and an
/// output with STORAGE usage in a format shaders can store (RGBA8 UNORM, RGBA16F, RGBA32F) is written by the finish
/// pass as a storage image. Otherwise (no SAMPLED usage, a BGRA or sRGB output, an output without STORAGE usage) the
/// image is copied to or from a buffer of packed words, which the shaders decode and encode the same way; the choice
/// is made per resource and reported once through the message callback. Either way 8-bit formats carry
/// display-encoded values (an sRGB image's bytes are used as stored). The layouts the host keeps its images in are
/// given by <see cref="VulkanImageLayouts"/>; Dispatch transitions them and back. <see cref="LastFrameTraffic"/>
/// counts the bytes moved between the host's images and the passes.
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
    private readonly ComputePipeline? _spatial;
    private readonly GpuBuffer _colorStaging;
    private readonly GpuBuffer _hudStaging;
    private readonly GpuBuffer _outputWords;
    private readonly GpuBuffer _upscaled;
    private readonly GpuBuffer _resampled;
    private readonly BoundDescriptorSet? _inputSet;
    private readonly BoundDescriptorSet[] _convSets = [];
    private readonly BoundDescriptorSet? _reconstructSet;

    /// <summary>A temporal generator's input pass (current frame, accumulation, confidence → network tensor).</summary>
    private readonly ComputePipeline? _temporalGeneratorInput;

    /// <summary>A temporal generator's input sets by history parity (they read the weights of the history the taau pass of that parity wrote).</summary>
    private readonly BoundDescriptorSet[] _temporalGeneratorInputSets = [];

    /// <summary>A temporal generator's output history pass (network output, previous shown frame → shown grid frame); see <see cref="OutputHistory"/>.</summary>
    private readonly ComputePipeline? _temporalOutput;

    /// <summary>Its sets by history parity (parity k reads shown frame k and the weights taau wrote in history 1 − k, writes shown frame 1 − k).</summary>
    private readonly BoundDescriptorSet[] _temporalOutputSets = [];
    private readonly BoundDescriptorSet? _spatialSet;
    private readonly BoundDescriptorSet? _resampleSet;
    private readonly VulkanImageLayouts _layouts;
    private readonly string[][] _passLabels;
    private readonly ComputePipeline _inputFromImage;
    private readonly BoundDescriptorSet[] _inputImageSets;
    private readonly ulong _sampler;
    private readonly DescriptorArena _descriptors;

    /// <summary>The TAAU's passes and history when the context was created with <see cref="UpscalerContextFlags.TemporalInputs"/>; null otherwise.</summary>
    private readonly TemporalResources? _temporal;

    /// <summary>Finish pipelines by (HUD sampled directly, output storage qualifier or null), made on first use.</summary>
    private readonly Dictionary<(bool HudImage, string? Output), FinishVariant> _finishVariants = [];

    /// <summary>Image views the context made for frame slot k (destroyed when slot k is recorded again, or at disposal).</summary>
    private readonly List<ulong>[] _frameViews;

    /// <summary>Which binding path each role last took, so a change is reported once, not every frame.</summary>
    private readonly Dictionary<string, (UpscalerFormat Format, BindingReason Reason)> _reportedPaths = [];

    /// <summary>Finish permutations: HUD from a buffer or an image × output to a buffer or an rgba8/rgba16f/rgba32f image.</summary>
    private const int FinishVariantCount = 8;

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
        int framesInFlight = description.EffectiveFramesInFlight;
        _passLabels = new string[framesInFlight][];
        _frameViews = [.. Enumerable.Range(0, framesInFlight).Select(_ => new List<ulong>())];
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
                _queryPools = new ulong[framesInFlight];
                for (int frame = 0; frame < _queryPools.Length; frame++)
                {
                    _queryPools[frame] = CreateQueryPool(device, 12 + (_architecture?.ConvCount ?? 0));
                }
            }

            _colorStaging = Own(new GpuBuffer(device, (ulong)(maxPixels * 16), "color staging", hostVisible: false));
            _hudStaging = Own(new GpuBuffer(device, (ulong)(displayPixels * 16), "HUD staging", hostVisible: false));
            _outputWords = Own(new GpuBuffer(device, (ulong)(displayPixels * 16), "output words", hostVisible: false));
            _resampled = Own(new GpuBuffer(device, (ulong)(displayPixels * 16), "resampled", hostVisible: false));
            int scale = _architecture?.Scale ?? 1;
            _upscaled = Own(new GpuBuffer(device, (ulong)(maxPixels * scale * scale * 16), "network output", hostVisible: false));
            // Fixed sets, plus per frame in flight: one input set from an image and, for each of the 8 finish
            // variants, one set per source (resampled or network output).
            // The temporal method adds, per frame in flight, a temporal-inputs set per history parity.
            bool temporal = (description.Flags & UpscalerContextFlags.TemporalInputs) != 0;
            int perFrameSets = 1 + (FinishVariantCount * 2) + (temporal ? 2 : 0);
            int arena = 14 + (_architecture?.ConvCount ?? 0) + (perFrameSets * framesInFlight);
            var descriptors = Own(new DescriptorArena(device, arena, arena * 7, "upscaler descriptors", maxImages: arena * 2));
            _descriptors = descriptors;
            var sampler = new SamplerCreateInfo
            {
                SType = StructureType.SamplerCreateInfo,
                MagFilter = Filter.Nearest,
                MinFilter = Filter.Nearest,
                MipmapMode = SamplerMipmapMode.Nearest,
                AddressModeU = SamplerAddressMode.ClampToEdge,
                AddressModeV = SamplerAddressMode.ClampToEdge,
                AddressModeW = SamplerAddressMode.ClampToEdge,
                MaxLod = 0,
            };
            ulong samplerHandle;
            device.Api.CreateSampler(&sampler, &samplerHandle);
            _sampler = samplerHandle;
            device.SetName(ObjectType.Sampler, samplerHandle, "host image sampler");

            _resample = Own(new ComputePipeline(device, "resample", 2, 16, [], "resample"));
            _resampleSet = descriptors.Allocate(_resample, [_upscaled, _resampled]);

            // The all-buffer finish is made now, so a pass that disagrees with its shader fails at creation; the
            // variants that bind host images are made the first time a frame needs them.
            _ = GetFinishVariant(false, null);

            if (_architecture is null)
            {
                // The spatial fallback reads the colour as fp32 RGBA (alpha unused) and writes display-size RGBA.
                var tensor = Own(new GpuBuffer(device, (ulong)(maxPixels * 16), "spatial input", hostVisible: false));
                _input = Own(new ComputePipeline(device, "input_fp32", 2, 16, [], "input"));
                _inputSet = descriptors.Allocate(_input, [_colorStaging, tensor]);
                _inputFromImage = Own(new ComputePipeline(device, "input_image_fp32", 2, 16, [], "input", imageBindingMask: 1));
                _inputImageSets = [.. Enumerable.Range(0, framesInFlight).Select(_ => descriptors.Allocate(_inputFromImage, [null, tensor]))];
                if (temporal)
                {
                    _temporal = CreateTemporal(device, descriptors, tensor, max, display, framesInFlight, _resampled);
                    return;
                }

                _spatial = Own(new ComputePipeline(device, "spatial", 2, 16, [], "spatial upscale"));
                _spatialSet = descriptors.Allocate(_spatial, [tensor, _resampled]);
                return;
            }

            GeneratorArchitecture arch = _architecture;
            int blocks = WeightPacking.Blocks(arch.Channels);
            int inputBlocks = WeightPacking.Blocks(arch.InputChannels);
            var inputTensor = Own(new GpuBuffer(device, (ulong)(maxPixels * inputBlocks * element), "input tensor", hostVisible: false));
            var ping = Own(new GpuBuffer(device, (ulong)(maxPixels * blocks * element), "features ping", hostVisible: false));
            var pong = Own(new GpuBuffer(device, (ulong)(maxPixels * blocks * element), "features pong", hostVisible: false));
            // A temporal generator's colour goes to the accumulation as fp32 (its rule is the CPU reference's), and the
            // network tensor is built from it, the accumulated frame and the confidence by a pass of its own.
            GpuBuffer? colorTensor = arch.Temporal ? Own(new GpuBuffer(device, (ulong)(maxPixels * 16), "colour tensor", hostVisible: false)) : null;
            bool halfInput = half && !arch.Temporal;
            _input = Own(new ComputePipeline(device, halfInput ? "input_sfp16" : "input_fp32", 2, 16, [], "input"));
            _inputSet = descriptors.Allocate(_input, [_colorStaging, colorTensor ?? inputTensor]);
            _inputFromImage = Own(new ComputePipeline(device, halfInput ? "input_image_sfp16" : "input_image_fp32", 2, 16, [], "input", imageBindingMask: 1));
            _inputImageSets = [.. Enumerable.Range(0, framesInFlight).Select(_ => descriptors.Allocate(_inputFromImage, [null, colorTensor ?? inputTensor]))];
            GpuBuffer? accumulated = null;
            // A temporal generator's reconstruct writes the raw grid frame; the output history pass writes the shown one.
            GpuBuffer? rawGrid = null;
            if (arch.Temporal)
            {
                var grid = new Size2D(max.Width * arch.Scale, max.Height * arch.Scale);
                accumulated = Own(new GpuBuffer(device, (ulong)(grid.Area * 16), "accumulated frame", hostVisible: false));
                _temporal = CreateTemporal(device, descriptors, colorTensor!, max, grid, framesInFlight, accumulated);
                _temporalGeneratorInput = Own(new ComputePipeline(device, half ? "temporal_generator_input_sfp16" : "temporal_generator_input_fp32", 4, 16, [], "temporal generator input"));
                // Parity k's taau pass wrote history 1 − k (TemporalResources.History).
                _temporalGeneratorInputSets = [.. Enumerable.Range(0, 2).Select(k => descriptors.Allocate(_temporalGeneratorInput, [colorTensor, accumulated, _temporal.History[1 - k], inputTensor]))];
                rawGrid = Own(new GpuBuffer(device, (ulong)(grid.Area * 16), "network grid output", hostVisible: false));
                GpuBuffer[] shown = [Own(new GpuBuffer(device, (ulong)(grid.Area * 16), "shown frame 0", hostVisible: false)), Own(new GpuBuffer(device, (ulong)(grid.Area * 16), "shown frame 1", hostVisible: false))];
                _temporalOutput = Own(new ComputePipeline(device, "temporal_output", 6, 24, [], "temporal output"));
                _temporalOutputSets = [.. Enumerable.Range(0, 2).Select(k => descriptors.Allocate(_temporalOutput, [rawGrid, _temporal.History[1 - k], _temporal.Motion, shown[k], shown[1 - k], _upscaled]))];
            }

            _convFirst = Own(CreateConvPipeline(device, suffix, inputBlocks, blocks, "conv 0"));
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
            // A temporal generator's skip is the accumulated frame on the grid, a per-frame one's the input tensor.
            string reconstructShader = arch.Temporal ? "reconstruct_temporal_" : "reconstruct_";
            _reconstruct = Own(suffix == "fp32" && lastVectors * 16L <= device.MaxUniformBufferRange
                ? new ComputePipeline(device, reconstructShader + "fp32_ubo", 5, 16, [(uint)blocks, (uint)arch.Scale, lastVectors], "reconstruct", uniformBindingMask: 1u << 2)
                : new ComputePipeline(device, reconstructShader + suffix, 5, 16, [(uint)blocks, (uint)arch.Scale], "reconstruct"));
            GpuBuffer features = arch.BodyConvs % 2 == 0 ? ping : pong;
            _reconstructSet = descriptors.Allocate(_reconstruct, [features, rawGrid ?? _upscaled, lastWeights, lastBias, accumulated ?? inputTensor]);
        }
        catch
        {
            DisposeOwned();
            throw;
        }
    }

    /// <summary>The precision permutation the network passes run in.</summary>
    public VulkanPermutation Permutation { get; }

    /// <summary>Whether this context runs the spatial fallback (no model, not temporal) instead of a generator.</summary>
    public bool IsSpatialFallback => _architecture is null && _temporal is null;

    /// <summary>Whether this context runs the temporal accumulation upscaler (created with <see cref="UpscalerContextFlags.TemporalInputs"/>).</summary>
    public bool IsTemporal => _temporal is not null;

    /// <summary>
    /// Frames accumulated into the TAAU's history since the last reset (0 on the frame after a reset, a render-size
    /// change or creation); always 0 for other methods. Tests and HUDs read it to see that a reset took.
    /// </summary>
    public int TemporalHistoryFrames => _temporal?.HistoryFrames ?? 0;

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

        if (weights is not null && weights.Architecture.Backbone != NetworkBackbone.Plain)
        {
            throw new UpscalerException(
                UpscalerErrorCode.InvalidModel,
                $"The model '{description.Model}' is the offline comparison's U-Net generator ({weights.Architecture}), which has no real-time passes: give an SRVGG generator.");
        }

        if (weights is not null && weights.Architecture.Temporal && (description.Flags & UpscalerContextFlags.TemporalInputs) == 0)
        {
            throw new UpscalerException(
                UpscalerErrorCode.FeatureNotSupported,
                $"The model '{description.Model}' is a temporal generator ({weights.Architecture}): it needs the engine's motion vectors and depth. " +
                "Create the context with TemporalInputs, or give a per-frame generator.");
        }

        if (weights is not null && !weights.Architecture.Temporal && (description.Flags & UpscalerContextFlags.TemporalInputs) != 0)
        {
            throw new UpscalerException(
                UpscalerErrorCode.FeatureNotSupported,
                "A temporal context (TemporalInputs) runs the temporal accumulation upscaler; a per-frame generator cannot run inside it. " +
                "Create it without a model, or without TemporalInputs for the generator.");
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
            $"Vulkan upscaler on {device.Info.Name}: {(weights is not null ? weights.Architecture.ToString() + (weights.Architecture.Temporal ? " inside the temporal accumulation" : string.Empty) : (description.Flags & UpscalerContextFlags.TemporalInputs) != 0 ? "temporal accumulation (TAAU)" : "spatial fallback")}, {chosen}."));
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

    /// <summary>
    /// What the last recorded frame moved between the host's images and the passes: the colour, HUD and output bytes
    /// the passes read and wrote, plus, for each image on the copy path, the copy's read and write and the pass's
    /// access to the staging buffer. The network's own traffic (tensors, weights) is the same on every path and not
    /// counted. Zero before the first frame.
    /// </summary>
    public VulkanFrameTraffic LastFrameTraffic { get; private set; }

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
        int slot = (int)(_recordedFrames % _frameViews.Length);

        // Frame slot k was last used FramesInFlight frames ago, which the host has waited for: its views can go and
        // its descriptor sets can be rewritten.
        ReleaseFrameViews(slot);
        if (_temporal is not null)
        {
            CheckTemporalInput(dispatch.MotionVectors, motion: true);
            CheckTemporalInput(dispatch.Depth, motion: false);
        }

        bool colorDirect = ChooseInputPath(dispatch.Color, "color");
        bool hudDirect = !dispatch.Hud.IsNone && ChooseInputPath(dispatch.Hud, "HUD");
        string? outputQualifier = ChooseOutputPath(dispatch.Output);

        // The previous frame's passes may still read the staging and intermediate buffers: all earlier work first.
        ComputePass.Barrier(
            api, cb, PipelineStageFlags.AllCommandsBit, AccessFlags.MemoryWriteBit, PipelineStageFlags.TransferBit | PipelineStageFlags.ComputeShaderBit,
            AccessFlags.TransferReadBit | AccessFlags.TransferWriteBit | AccessFlags.ShaderReadBit | AccessFlags.ShaderWriteBit);
        ImageLayout colorLayout = PrepareInput(cb, dispatch.Color, render, colorDirect, _colorStaging);
        ImageLayout hudLayout = dispatch.Hud.IsNone ? ImageLayout.Undefined : PrepareInput(cb, dispatch.Hud, display, hudDirect, _hudStaging);
        // One image may carry both (motion in .xy, depth in .x of a swizzled view): it is transitioned once.
        bool sharedTemporalImage = _temporal is not null && dispatch.Depth.NativeImage == dispatch.MotionVectors.NativeImage;
        ImageLayout motionLayout = _temporal is null ? ImageLayout.Undefined : PrepareInput(cb, dispatch.MotionVectors, render, direct: true, _colorStaging);
        ImageLayout depthLayout = _temporal is null ? ImageLayout.Undefined
            : sharedTemporalImage ? motionLayout : PrepareInput(cb, dispatch.Depth, render, direct: true, _colorStaging);
        if (!colorDirect || (!dispatch.Hud.IsNone && !hudDirect))
        {
            ComputePass.Barrier(api, cb, PipelineStageFlags.TransferBit, AccessFlags.TransferWriteBit, PipelineStageFlags.ComputeShaderBit, AccessFlags.ShaderReadBit);
        }

        if (outputQualifier is null)
        {
            ComputePass.ImageBarrier(
                api, cb, dispatch.Output.NativeImage, ImageLayout.Undefined, ImageLayout.TransferDstOptimal,
                PipelineStageFlags.AllCommandsBit, 0, PipelineStageFlags.TransferBit, AccessFlags.TransferWriteBit);
        }
        else
        {
            // The previous contents are discarded (UNDEFINED): the finish pass writes every pixel.
            ComputePass.ImageBarrier(
                api, cb, dispatch.Output.NativeImage, ImageLayout.Undefined, ImageLayout.General,
                PipelineStageFlags.AllCommandsBit, 0, PipelineStageFlags.ComputeShaderBit, AccessFlags.ShaderWriteBit);
        }

        TemporalFrame? temporalFrame = null;
        if (_temporal is { } t)
        {
            // History is display-size, but the previous depth (and the motion it is compared along) is per render
            // pixel: a new render size starts over, as a reset does.
            if (dispatch.Reset || render != t.LastRenderSize)
            {
                t.HistoryFrames = 0;
            }

            temporalFrame = new TemporalFrame(t.Parity, t.HistoryFrames > 0, dispatch.JitterOffset.X, dispatch.JitterOffset.Y, dispatch.MotionVectorScale.X, dispatch.MotionVectorScale.Y);
        }

        List<ComputePass> passes = BuildPasses(
            render, dispatch.Color.Format, dispatch.Output.Format, dispatch.Hud, dispatch.Sharpness, colorDirect, GetFinishVariant(hudDirect, outputQualifier), slot, temporalFrame);
        if (_temporal is { } temporal)
        {
            BoundDescriptorSet inputsSet = temporal.InputSets[slot][temporal.Parity];
            _descriptors.WriteImage(inputsSet, 0, ViewOf(dispatch.MotionVectors, slot), _sampler, motionLayout);
            _descriptors.WriteImage(inputsSet, 1, ViewOf(dispatch.Depth, slot), _sampler, depthLayout);
            temporal.Parity = 1 - temporal.Parity;
            temporal.HistoryFrames++;
            temporal.LastRenderSize = render;
        }

        // The host's images go into this slot's sets before the passes that bind them are recorded.
        if (colorDirect)
        {
            _descriptors.WriteImage(passes[0].DescriptorSet, 0, ViewOf(dispatch.Color, slot), _sampler, colorLayout);
        }

        BoundDescriptorSet finishSet = passes[^1].DescriptorSet;
        if (hudDirect)
        {
            _descriptors.WriteImage(finishSet, 1, ViewOf(dispatch.Hud, slot), _sampler, hudLayout);
        }

        if (outputQualifier is not null)
        {
            _descriptors.WriteImage(finishSet, 2, ViewOf(dispatch.Output, slot), 0, ImageLayout.General);
        }

        // Timestamps, when on, have one pool per frame in flight, like the frame slots.
        ComputePass.RecordAll(api, cb, passes, _queryPools.Length == 0 ? 0 : _queryPools[slot]);
        if (_queryPools.Length > 0)
        {
            _passLabels[slot] = [.. passes.Select(p => p.Label)];
        }

        _recordedFrames++;
        RestoreInput(cb, dispatch.Color, colorDirect, colorLayout);
        if (!dispatch.Hud.IsNone)
        {
            RestoreInput(cb, dispatch.Hud, hudDirect, hudLayout);
        }

        if (_temporal is not null)
        {
            RestoreInput(cb, dispatch.MotionVectors, direct: true, motionLayout);
            if (!sharedTemporalImage)
            {
                RestoreInput(cb, dispatch.Depth, direct: true, depthLayout);
            }
        }

        if (outputQualifier is null)
        {
            ComputePass.Barrier(api, cb, PipelineStageFlags.ComputeShaderBit, AccessFlags.ShaderWriteBit, PipelineStageFlags.TransferBit, AccessFlags.TransferReadBit);
            var region = Region(display);
            api.CmdCopyBufferToImage(cb, _outputWords.Handle, dispatch.Output.NativeImage, ImageLayout.TransferDstOptimal, 1, &region);
            ComputePass.ImageBarrier(
                api, cb, dispatch.Output.NativeImage, ImageLayout.TransferDstOptimal, (ImageLayout)_layouts.OutputFinal,
                PipelineStageFlags.TransferBit, AccessFlags.TransferWriteBit, PipelineStageFlags.AllCommandsBit, AccessFlags.MemoryReadBit | AccessFlags.MemoryWriteBit);
        }
        else
        {
            ComputePass.ImageBarrier(
                api, cb, dispatch.Output.NativeImage, ImageLayout.General, (ImageLayout)_layouts.OutputFinal,
                PipelineStageFlags.ComputeShaderBit, AccessFlags.ShaderWriteBit, PipelineStageFlags.AllCommandsBit, AccessFlags.MemoryReadBit | AccessFlags.MemoryWriteBit);
        }

        LastFrameTraffic = VulkanFrameTraffic.Of(
            (render.Area * VulkanFormats.BytesPerPixel(dispatch.Color.Format), IsOutput: false, Copied: !colorDirect),
            (dispatch.Hud.IsNone ? 0 : display.Area * VulkanFormats.BytesPerPixel(dispatch.Hud.Format), IsOutput: false, Copied: !dispatch.Hud.IsNone && !hudDirect),
            (display.Area * VulkanFormats.BytesPerPixel(dispatch.Output.Format), IsOutput: true, Copied: outputQualifier is null),
            (_temporal is null ? 0 : render.Area * VulkanFormats.BytesPerPixel(dispatch.MotionVectors.Format), IsOutput: false, Copied: false),
            (_temporal is null || sharedTemporalImage ? 0 : render.Area * VulkanFormats.BytesPerPixel(dispatch.Depth.Format), IsOutput: false, Copied: false));
    }

    /// <summary>
    /// Refuses a motion-vector or depth image the temporal-inputs pass cannot sample: a format it does not read, no
    /// SAMPLED usage (these are shader inputs in every engine, as FSR 2 and DLSS take them), or a device that cannot
    /// sample the format.
    /// </summary>
    private void CheckTemporalInput(in UpscalerResource resource, bool motion)
    {
        string role = motion ? "motion-vector" : "depth";
        if (!VulkanFormats.IsTemporalInputSupported(resource.Format, motion))
        {
            throw VulkanFormats.UnsupportedTemporalInput(resource.Format, motion);
        }

        if (resource.Usage != UpscalerResourceUsage.Unknown && (resource.Usage & UpscalerResourceUsage.Sampled) == 0)
        {
            throw new UpscalerException(
                UpscalerErrorCode.UnsupportedFormat, $"The {role} image ({resource.Format}, usage {resource.Usage}) must be sampled by the TAAU: create it with SAMPLED usage.");
        }

        if (!_device.FormatSupport(resource.Format).Sampled)
        {
            throw new UpscalerException(UpscalerErrorCode.UnsupportedFormat, $"{_device.Info.Name} cannot sample the {role} format {resource.Format}.");
        }
    }

    /// <summary>Whether an input (colour or HUD) is sampled directly; false: copied to a staging buffer first.</summary>
    private bool ChooseInputPath(in UpscalerResource resource, string role)
    {
        UpscalerResourceUsage usage = resource.Usage;
        bool sampled = usage == UpscalerResourceUsage.Unknown || (usage & UpscalerResourceUsage.Sampled) != 0;
        if (sampled && _device.FormatSupport(resource.Format).Sampled)
        {
            ReportPath(role, resource.Format, BindingReason.Sampled);
            return true;
        }

        // Unknown usage keeps the documented default, as for the output: the copy is tried (TRANSFER_SRC was required).
        if (usage != UpscalerResourceUsage.Unknown && (usage & UpscalerResourceUsage.CopySource) == 0)
        {
            throw new UpscalerException(
                UpscalerErrorCode.UnsupportedFormat,
                $"The {role} image ({resource.Format}, usage {usage}) can neither be sampled nor copied: create it with SAMPLED (or TRANSFER_SRC) usage.");
        }

        ReportPath(role, resource.Format, sampled ? BindingReason.FormatNotSampleable : BindingReason.NoSampledUsage);
        return false;
    }

    /// <summary>The storage qualifier the output is written with directly, or null for the copy from a buffer.</summary>
    private string? ChooseOutputPath(in UpscalerResource output)
    {
        string? qualifier = VulkanFormats.StorageQualifier(output.Format);
        bool storage = (output.Usage & UpscalerResourceUsage.Storage) != 0;
        if (storage && qualifier is not null && _device.FormatSupport(output.Format).Storage)
        {
            ReportPath("output", output.Format, BindingReason.Stored);
            return qualifier;
        }

        if (output.Usage != UpscalerResourceUsage.Unknown && (output.Usage & UpscalerResourceUsage.CopyDestination) == 0)
        {
            throw new UpscalerException(
                UpscalerErrorCode.UnsupportedFormat,
                $"The output image ({output.Format}, usage {output.Usage}) can neither be stored to nor copied to: " +
                "create it with TRANSFER_DST usage, or STORAGE usage in R8G8B8A8_UNORM, R16G16B16A16_SFLOAT or R32G32B32A32_SFLOAT.");
        }

        ReportPath("output", output.Format, qualifier is null ? BindingReason.NoStorageFormat
            : !storage ? BindingReason.NoStorageUsage
            : BindingReason.FormatNotStorable);
        return null;
    }

    /// <summary>Reports the path a role's image takes when it differs from the last frame's (the message is only built then).</summary>
    private void ReportPath(string role, UpscalerFormat format, BindingReason reason)
    {
        if (_reportedPaths.TryGetValue(role, out (UpscalerFormat Format, BindingReason Reason) last) && last == (format, reason))
        {
            return;
        }

        _reportedPaths[role] = (format, reason);
        string how = reason switch
        {
            BindingReason.Sampled => "is sampled directly",
            BindingReason.NoSampledUsage => "is copied to a buffer each frame: it has no SAMPLED usage",
            BindingReason.FormatNotSampleable => $"is copied to a buffer each frame: {_device.Info.Name} cannot sample {format}",
            BindingReason.Stored => "is written directly as a storage image",
            BindingReason.NoStorageFormat => $"is written through a buffer copy each frame: {format} has no shader storage format",
            BindingReason.NoStorageUsage => "is written through a buffer copy each frame: it has no STORAGE usage",
            _ => $"is written through a buffer copy each frame: {_device.Info.Name} cannot store {format}",
        };
        Description.MessageCallback?.Invoke(new UpscalerMessage(UpscalerMessageSeverity.Info, $"Vulkan upscaler: the {role} image ({format}) {how}."));
    }

    /// <summary>
    /// Makes an input readable by the passes: sampled directly (in the host's layout when shaders can read it there,
    /// else moved to SHADER_READ_ONLY_OPTIMAL) or copied to <paramref name="staging"/>. Returns the layout it is read in.
    /// </summary>
    private ImageLayout PrepareInput(nint cb, in UpscalerResource resource, Size2D region, bool direct, GpuBuffer staging)
    {
        var hostLayout = (ImageLayout)_layouts.Input;
        if (!direct)
        {
            CopyImageToBuffer(cb, resource.NativeImage, staging.Handle, region);
            return ImageLayout.TransferSrcOptimal;
        }

        ImageLayout readLayout = ShaderReadable(hostLayout) ? hostLayout : ImageLayout.ShaderReadOnlyOptimal;
        ComputePass.ImageBarrier(
            _device.Api, cb, resource.NativeImage, hostLayout, readLayout,
            PipelineStageFlags.AllCommandsBit, AccessFlags.MemoryWriteBit, PipelineStageFlags.ComputeShaderBit, AccessFlags.ShaderReadBit);
        return readLayout;
    }

    /// <summary>Returns a directly sampled input to the host's layout (copied inputs were returned by the copy).</summary>
    private void RestoreInput(nint cb, in UpscalerResource resource, bool direct, ImageLayout readLayout)
    {
        var hostLayout = (ImageLayout)_layouts.Input;
        if (direct && readLayout != hostLayout)
        {
            ComputePass.ImageBarrier(
                _device.Api, cb, resource.NativeImage, readLayout, hostLayout, PipelineStageFlags.ComputeShaderBit, 0, PipelineStageFlags.AllCommandsBit, 0);
        }
    }

    private static bool ShaderReadable(ImageLayout layout) => layout is ImageLayout.ShaderReadOnlyOptimal or ImageLayout.General or ImageLayout.ReadOnlyOptimal;

    /// <summary>The host's view of the image, or one made for this frame slot (whole image, the resource's format).</summary>
    private ulong ViewOf(in UpscalerResource resource, int slot)
    {
        if (resource.NativeView != 0)
        {
            return resource.NativeView;
        }

        ulong view = GpuImage.CreateView(_device, resource.NativeImage, resource.Format);
        _frameViews[slot].Add(view);
        return view;
    }

    private void ReleaseFrameViews(int slot)
    {
        foreach (ulong view in _frameViews[slot])
        {
            _device.Api.DestroyImageView(view);
        }

        _frameViews[slot].Clear();
    }

    private FinishVariant GetFinishVariant(bool hudImage, string? outputQualifier)
    {
        if (_finishVariants.TryGetValue((hudImage, outputQualifier), out FinishVariant? variant))
        {
            return variant;
        }

        string name = "finish" + (hudImage ? "_hud_image" : string.Empty) + (outputQualifier is null ? string.Empty : "_out_" + outputQualifier);
        uint images = (hudImage ? 1u << 1 : 0) | (outputQualifier is null ? 0 : 1u << 2);
        var pipeline = Own(new ComputePipeline(_device, name, 3, 24, [], "finish", imageBindingMask: images));
        GpuBuffer? hud = hudImage ? null : _hudStaging;
        GpuBuffer? output = outputQualifier is null ? _outputWords : null;
        var sets = new BoundDescriptorSet[_frameViews.Length][];
        for (int slot = 0; slot < sets.Length; slot++)
        {
            sets[slot] = [_descriptors.Allocate(pipeline, [_upscaled, hud, output]), _descriptors.Allocate(pipeline, [_resampled, hud, output])];
        }

        variant = new FinishVariant(pipeline, sets);
        _finishVariants[(hudImage, outputQualifier)] = variant;
        return variant;
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
    /// The TAAU's pipelines and buffers: the temporal-inputs pass (host motion vectors and depth → motion and depth
    /// buffers), the taau pass (colour tensor, motion, this and the previous frame's depth, history in → history out
    /// and the display-size image the finish pass reads), history and depth ping-ponged by parity.
    /// </summary>
    /// <param name="device">The device.</param>
    /// <param name="descriptors">The context's descriptor arena.</param>
    /// <param name="color">The fp32 colour tensor the input pass writes.</param>
    /// <param name="max">The maximum render size.</param>
    /// <param name="display">The history's size: the display, or a temporal generator's grid (s × the maximum render size).</param>
    /// <param name="framesInFlight">Frame slots (one temporal-inputs set per slot and parity).</param>
    /// <param name="target">Where the taau pass writes its shown frame (the finish pass's source, or the temporal generator's skip).</param>
    private TemporalResources CreateTemporal(VulkanDevice device, DescriptorArena descriptors, GpuBuffer color, Size2D max, Size2D display, int framesInFlight, GpuBuffer target)
    {
        var inputs = Own(new ComputePipeline(device, "temporal_input", 4, 20, [], "temporal inputs", imageBindingMask: 0b11));
        var taau = Own(new ComputePipeline(device, TemporalPass.Shader, TemporalPass.BindingCount, TemporalPass.PushConstantBytes, [], "taau"));
        var motion = Own(new GpuBuffer(device, (ulong)(max.Area * 8), "taau motion", hostVisible: false));
        GpuBuffer[] depth = [Own(new GpuBuffer(device, (ulong)(max.Area * 4), "taau depth 0", hostVisible: false)), Own(new GpuBuffer(device, (ulong)(max.Area * 4), "taau depth 1", hostVisible: false))];
        GpuBuffer[] history = [Own(new GpuBuffer(device, (ulong)(display.Area * 16), "taau history 0", hostVisible: false)), Own(new GpuBuffer(device, (ulong)(display.Area * 16), "taau history 1", hostVisible: false))];

        // Parity k: the inputs pass writes depth k; taau reads depth k and history k, the previous depth 1 − k, and
        // writes history 1 − k.
        BoundDescriptorSet[][] inputSets = [.. Enumerable.Range(0, framesInFlight).Select(_ =>
            new[] { descriptors.Allocate(inputs, [null, null, motion, depth[0]]), descriptors.Allocate(inputs, [null, null, motion, depth[1]]) })];
        BoundDescriptorSet[] taauSets =
        [
            descriptors.Allocate(taau, [color, motion, depth[0], depth[1], history[0], history[1], target]),
            descriptors.Allocate(taau, [color, motion, depth[1], depth[0], history[1], history[0], target]),
        ];
        return new TemporalResources(inputs, taau, inputSets, taauSets, history, motion, TemporalUpscalerSettings.Default, TemporalDepth.ShaderMode(Description.Flags));
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

    /// <summary>A timestamp query pool of <paramref name="count"/> queries (the context's per frame slot, the offline TAAU's).</summary>
    internal static ulong CreateQueryPool(VulkanDevice device, int count, string name = "upscaler timestamps")
    {
        var info = new QueryPoolCreateInfo { SType = StructureType.QueryPoolCreateInfo, QueryType = QueryType.Timestamp, QueryCount = (uint)count };
        ulong pool;
        device.Api.CreateQueryPool(&info, &pool);
        device.SetName(ObjectType.QueryPool, pool, name);
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

    /// <summary>
    /// The frame's passes; the input pass reads the colour from its image (this slot's set) or from the staging
    /// buffer, and the finish pass uses the variant's set of this slot for its source (network output or resampled).
    /// </summary>
    private List<ComputePass> BuildPasses(
        Size2D render, UpscalerFormat colorFormat, UpscalerFormat outputFormat, UpscalerResource hud, float sharpness,
        bool colorFromImage, FinishVariant finish, int slot, TemporalFrame? temporalFrame)
    {
        var passes = new List<ComputePass>();
        Size2D display = Description.DisplaySize;
        (uint gx, uint gy) = ComputePass.Groups8x8(render.Width, render.Height);
        uint w = (uint)render.Width;
        uint h = (uint)render.Height;
        passes.Add(new ComputePass(
            "input", colorFromImage ? _inputFromImage : _input, colorFromImage ? _inputImageSets[slot] : _inputSet!, gx, gy, 1,
            [w, h, VulkanFormats.ShaderCode(colorFormat), _hdr ? 1u : 0u]));
        Size2D upscaledSize;
        if (_temporal is { } temporal && temporalFrame is { } frame)
        {
            // A temporal generator accumulates on its grid (s × the render size), the TAAU at the display size.
            Size2D accumulation = _architecture is { } temporalArch
                ? new Size2D(render.Width * temporalArch.Scale, render.Height * temporalArch.Scale)
                : display;
            passes.Add(new ComputePass(
                "temporal inputs", temporal.Inputs, temporal.InputSets[slot][frame.Parity], gx, gy, 1,
                [w, h, Bits(frame.MotionScaleX), Bits(frame.MotionScaleY), temporal.DepthMode]));
            var inputs = TemporalPass.Inputs.Depth | (frame.HasHistory ? TemporalPass.Inputs.History | TemporalPass.Inputs.PreviousDepth : 0);
            (uint tx, uint ty) = ComputePass.Groups8x8(accumulation.Width, accumulation.Height);
            passes.Add(new ComputePass(
                "taau", temporal.Taau, temporal.TaauSets[frame.Parity], tx, ty, 1,
                TemporalPass.PushConstants(render, accumulation, frame.JitterX, frame.JitterY, inputs, temporal.Settings)));
            upscaledSize = accumulation;
            if (_architecture is { } arch)
            {
                passes.Add(new ComputePass(
                    "temporal generator input", _temporalGeneratorInput!, _temporalGeneratorInputSets[frame.Parity], gx, gy, 1,
                    [w, h, (uint)arch.Scale, Bits(temporal.Settings.MaxHistoryWeight)]));
                AddNetworkPasses(passes, arch, render);
                (uint cx, uint cy) = ComputePass.Groups8x8(accumulation.Width, accumulation.Height);
                passes.Add(new ComputePass(
                    "temporal output", _temporalOutput!, _temporalOutputSets[frame.Parity], cx, cy, 1,
                    [w, h, (uint)arch.Scale, frame.HasHistory ? 1u : 0u, Bits(temporal.Settings.MaxHistoryWeight), Bits(temporal.Settings.OutputBlend)]));
            }
        }
        else if (_architecture is { } arch)
        {
            upscaledSize = new Size2D(render.Width * arch.Scale, render.Height * arch.Scale);
            AddNetworkPasses(passes, arch, render);
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
            "finish", finish.Pipeline, finish.Sets[slot][fromResampled ? 1 : 0], dx, dy, 1,
            [(uint)display.Width, (uint)display.Height, Bits(sharpness), _hdr ? 1u : 0u, VulkanFormats.ShaderCode(outputFormat),
                hud.IsNone ? 0u : VulkanFormats.ShaderCode(hud.Format)]));
        return passes;
    }

    /// <summary>The generator's convolutions and its reconstruct pass.</summary>
    private void AddNetworkPasses(List<ComputePass> passes, GeneratorArchitecture arch, Size2D render)
    {
        (uint gx, uint gy) = ComputePass.Groups8x8(render.Width, render.Height);
        uint w = (uint)render.Width, h = (uint)render.Height;
        uint blocks = (uint)WeightPacking.Blocks(arch.Channels);
        uint inputBlocks = (uint)WeightPacking.Blocks(arch.InputChannels);
        for (int conv = 0; conv < _convSets.Length; conv++)
        {
            passes.Add(new ComputePass(
                conv == 0 ? "conv 0" : $"conv {conv}", conv == 0 ? _convFirst! : _convBody!, _convSets[conv], gx, gy, (blocks + 3) / 4,
                [w, h, conv == 0 ? inputBlocks : blocks, blocks]));
        }

        int s = arch.Scale;
        (uint rx, uint ry) = ComputePass.Groups8x8(render.Width * s, render.Height * s);
        passes.Add(new ComputePass("reconstruct", _reconstruct!, _reconstructSet!, rx, ry, 1, [w, h, blocks, (uint)s]));
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
        for (int slot = 0; slot < _frameViews.Length; slot++)
        {
            ReleaseFrameViews(slot);
        }

        if (_sampler != 0)
        {
            _device.Api.DestroySampler(_sampler);
        }

        foreach (ulong pool in _queryPools)
        {
            if (pool != 0)
            {
                _device.Api.DestroyQueryPool(pool);
            }
        }
    }
}

/// <summary>
/// Bytes one frame moved between the host's images and the upscaler's passes (see
/// <see cref="VulkanUpscalerContext.LastFrameTraffic"/>).
/// </summary>
/// <param name="ReadBytes">Bytes read: the colour and HUD by the passes, plus each copy's source and staging reads.</param>
/// <param name="WrittenBytes">Bytes written: the output by the passes, plus each copy's destination and staging writes.</param>
/// <param name="Copies">Copy commands recorded (0 when every image is bound directly).</param>
public readonly record struct VulkanFrameTraffic(long ReadBytes, long WrittenBytes, int Copies)
{
    /// <summary>Read plus written bytes.</summary>
    public long TotalBytes => ReadBytes + WrittenBytes;

    /// <summary>
    /// The traffic of a frame's host images: an input is read once by its pass, the output written once; one copied
    /// through a staging buffer adds the copy's read and write of the same bytes.
    /// </summary>
    internal static VulkanFrameTraffic Of(params ReadOnlySpan<(long Bytes, bool IsOutput, bool Copied)> images)
    {
        long read = 0, written = 0;
        int copies = 0;
        foreach ((long bytes, bool isOutput, bool copied) in images)
        {
            if (isOutput)
            {
                written += bytes;
            }
            else
            {
                read += bytes;
            }

            if (copied)
            {
                read += bytes;
                written += bytes;
                copies++;
            }
        }

        return new VulkanFrameTraffic(read, written, copies);
    }
}

/// <summary>A finish pipeline and its descriptor sets per frame slot: [0] reads the network output, [1] the resampled image.</summary>
internal sealed record FinishVariant(ComputePipeline Pipeline, BoundDescriptorSet[][] Sets);

/// <summary>Why a host image takes the path it takes (reported once per change).</summary>
internal enum BindingReason
{
    Sampled,
    NoSampledUsage,
    FormatNotSampleable,
    Stored,
    NoStorageFormat,
    NoStorageUsage,
    FormatNotStorable,
}

/// <summary>One frame's TAAU parameters: the history parity it reads, whether history is valid, jitter and motion scale.</summary>
internal readonly record struct TemporalFrame(int Parity, bool HasHistory, float JitterX, float JitterY, float MotionScaleX, float MotionScaleY);

/// <summary>
/// The TAAU inside a context: its two pipelines, the descriptor sets by frame slot and parity, the settings and depth
/// mode it runs with, and the history state (which parity is current, how many frames it holds, at which render size).
/// </summary>
internal sealed class TemporalResources(
    ComputePipeline inputs, ComputePipeline taau, BoundDescriptorSet[][] inputSets, BoundDescriptorSet[] taauSets, GpuBuffer[] history,
    GpuBuffer motion, TemporalUpscalerSettings settings, uint depthMode)
{
    /// <summary>The render-size motion the temporal-inputs pass writes (vec2 per pixel, render pixels, previous minus current).</summary>
    public GpuBuffer Motion { get; } = motion;

    /// <summary>The two history buffers: the taau pass of parity k reads history k and writes history 1 − k.</summary>
    public GpuBuffer[] History { get; } = history;

    public ComputePipeline Inputs { get; } = inputs;

    public ComputePipeline Taau { get; } = taau;

    /// <summary>[frame slot][parity].</summary>
    public BoundDescriptorSet[][] InputSets { get; } = inputSets;

    /// <summary>[parity].</summary>
    public BoundDescriptorSet[] TaauSets { get; } = taauSets;

    public TemporalUpscalerSettings Settings { get; } = settings;

    public uint DepthMode { get; } = depthMode;

    /// <summary>The parity of the next frame: it reads history and previous depth of this parity's sets.</summary>
    public int Parity { get; set; }

    /// <summary>Frames in the history (0: none; the next frame starts from its own samples).</summary>
    public int HistoryFrames { get; set; }

    /// <summary>The render size the history's previous depth was written at.</summary>
    public Size2D LastRenderSize { get; set; }
}
