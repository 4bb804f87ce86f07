using GameUpscaler.Governor;
using GameUpscaler.Hooks;
using GameUpscaler.Models;
using Silk.NET.Vulkan;

namespace GameUpscaler.Vulkan;

/// <summary>
/// The render-pipeline hook on Vulkan: records the upscale into the engine's command buffer at the injection point
/// of the chosen variant ("after post-processing, before UI" for the generator and the spatial upscaler, "before
/// post-processing" for the temporal upscaler). It owns one <see cref="VulkanUpscalerContext"/> per variant (spatial,
/// the generator when there is one, and the TAAU), each created for the display size with the display size as
/// maximum render size, so every quality mode and "Off" run on the same contexts: a mode switch changes only push
/// constants and the copy region, never an allocation, and cannot show a half-made frame. Only a display-size change
/// re-creates the contexts.
/// </summary>
/// <remarks>
/// <para>
/// "Off" (native rendering) runs the spatial context at ratio 1 with no sharpening: at ratio 1 it reproduces the
/// rendered pixels and composites the HUD, so the HUD path is the same in every mode.
/// </para>
/// <para>
/// The temporal variant's history starts over on the engine's Reset (a camera cut), on a quality-mode switch, when
/// the variant is entered from another (its history would be frames old), on a render-size change, and with a
/// display-size change (new contexts): what FSR 2 and DLSS integration guides ask of an engine, done by the hook.
/// </para>
/// </remarks>
public sealed unsafe class VulkanRenderPipelineHook : IRenderPipelineHook
{
    private readonly VulkanDevice _device;
    private readonly GeneratorWeights? _weights;
    private readonly VulkanImageLayouts _layouts;
    private readonly Action<UpscalerMessage>? _messages;
    private readonly UpscalerContextFlags _temporalDepth;
    private readonly GeneratorWeights? _temporalGenerator;
    // The set's order: the spatial upscaler, the generator when there is one, the TAAU last.
    private const int SpatialIndex = 0;
    private const int GeneratorIndex = 1;
    private int TemporalIndex => _weights is null ? 1 : 2;
    private QualityMode? _temporalMode;
    private VulkanVariantSet _variants;
    private bool _lastWasSplit;
    private GpuImage? _splitScratch;
    private RenderPipelineHookSettings _settings = new(true, QualityMode.Quality);
    private IReadOnlyList<UpscalerPassTiming> _previousTimings = [];
    private bool _disposed;

    /// <summary>Creates the hook and its contexts for <paramref name="displaySize"/>.</summary>
    /// <param name="device">The engine's device (<see cref="VulkanDevice.FromHost"/>) or an own one; the caller keeps owning it.</param>
    /// <param name="displaySize">The swapchain size.</param>
    /// <param name="weights">The generator; null runs the spatial upscaler for every variant.</param>
    /// <param name="layouts">The engine's image layouts around the hook (input: colour and HUD; output: what the
    /// engine expects the output in afterwards, e.g. PRESENT_SRC for a swapchain image).</param>
    /// <param name="messages">Receives informational messages and warnings; may be null.</param>
    /// <param name="temporalDepth">How the engine stores the depth it hands the temporal variant: device depth (none, the
    /// default), <see cref="UpscalerContextFlags.DepthInverted"/> (reversed Z) or <see cref="UpscalerContextFlags.DepthLinear"/>.</param>
    /// <param name="temporalGenerator">A temporal generator the temporal variant runs inside the accumulation; null runs the TAAU alone.</param>
    /// <exception cref="ArgumentNullException">The device is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The display size is below the minimum, or <paramref name="temporalDepth"/> has other flags.</exception>
    /// <exception cref="ArgumentException">A model is of the wrong kind (a temporal one as <paramref name="weights"/>, a per-frame one as <paramref name="temporalGenerator"/>).</exception>
    /// <exception cref="UpscalerException">A native failure while creating the contexts.</exception>
    public VulkanRenderPipelineHook(
        VulkanDevice device, Size2D displaySize, GeneratorWeights? weights, VulkanImageLayouts? layouts = null, Action<UpscalerMessage>? messages = null,
        UpscalerContextFlags temporalDepth = UpscalerContextFlags.None, GeneratorWeights? temporalGenerator = null)
    {
        ArgumentNullException.ThrowIfNull(device);
        if (weights is { Architecture.Temporal: true })
        {
            throw new ArgumentException($"{weights.Architecture} is a temporal generator: give it as temporalGenerator (the temporal variant), not as the per-frame generator.", nameof(weights));
        }

        if (temporalGenerator is { Architecture.Temporal: false })
        {
            throw new ArgumentException($"{temporalGenerator.Architecture} is a per-frame generator; the temporal variant needs a temporal one.", nameof(temporalGenerator));
        }

        _temporalGenerator = temporalGenerator;
        if (temporalDepth is not (UpscalerContextFlags.None or UpscalerContextFlags.DepthInverted or UpscalerContextFlags.DepthLinear))
        {
            throw new ArgumentOutOfRangeException(nameof(temporalDepth), temporalDepth, "The temporal depth convention is None (device depth), DepthInverted or DepthLinear.");
        }

        _temporalDepth = temporalDepth;
        _device = device;
        _weights = weights;
        _layouts = layouts ?? VulkanImageLayouts.Default;
        _messages = messages;
        _variants = CreateVariants(displaySize);
        DisplaySize = displaySize;
    }

    /// <inheritdoc />
    public Size2D DisplaySize { get; private set; }

    /// <inheritdoc />
    public RenderPipelineHookSettings Settings
    {
        get => _settings;
        set
        {
            value.Validate();
            _settings = value;
        }
    }

    /// <inheritdoc />
    public IUpscalerVariantPolicy? VariantPolicy { get; set; }

    /// <inheritdoc />
    public bool HasGenerator => _weights is not null;

    /// <inheritdoc />
    public UpscalerVariant LastVariant { get; private set; }

    /// <summary>The number of times contexts were created (1 at construction, +1 per real display-size change); tests use it to prove mode switches re-create nothing.</summary>
    public int ContextGeneration { get; private set; } = 1;

    /// <inheritdoc />
    /// <remarks>From the settings (the player's choice), not from a policy's per-frame pick: when a budget governor
    /// trades the temporal variant down for a frame, the spatial upscaler takes that frame where it is (jittered, before
    /// post-processing), as FSR 2's fallback does.</remarks>
    public RenderPipelineHookInjectionPoint InjectionPoint => _settings.Enabled && _settings.Variant == UpscalerVariant.Temporal
        ? RenderPipelineHookInjectionPoint.BeforePostProcessing
        : RenderPipelineHookInjectionPoint.AfterPostProcessing;

    /// <summary>The temporal generator the temporal variant runs inside the accumulation; null when it runs the TAAU alone.</summary>
    public GeneratorArchitecture? TemporalGenerator => _temporalGenerator?.Architecture;

    /// <summary>Frames in the temporal variant's history (0 right after a reset); 0 when it has not run.</summary>
    public int TemporalHistoryFrames => _variants.Contexts[TemporalIndex].TemporalHistoryFrames;

    /// <inheritdoc />
    public Size2D GetRenderResolution() => _settings.GetRenderResolution(DisplaySize);

    /// <inheritdoc />
    public void Resize(Size2D displaySize)
    {
        ThrowIfDisposed();
        if (displaySize == DisplaySize)
        {
            return;
        }

        // Create first, so a failure leaves the hook working at the old size; then release the old contexts
        // (their Dispose waits for the device, so no recorded frame still uses them).
        VulkanVariantSet variants = CreateVariants(displaySize);
        _variants.Dispose();
        _splitScratch?.Dispose();
        _splitScratch = null;
        _variants = variants;
        _previousTimings = [];
        DisplaySize = displaySize;
        ContextGeneration++;
    }

    /// <inheritdoc />
    public void Execute(in RenderPipelineHookFrame frame)
    {
        ThrowIfDisposed();
        if (frame.Output.Size != DisplaySize)
        {
            throw new ArgumentException($"The output is {frame.Output.Size}; the hook is at display size {DisplaySize} (call Resize first).", nameof(frame));
        }

        RenderPipelineHookSettings settings = _settings;
        UpscalerVariant variant = settings.Variant;
        if (settings.Enabled && VariantPolicy is { } policy)
        {
            variant = policy.SelectVariant(new UpscalerVariantRequest(settings.Mode, settings.Variant, frame.RenderSize, DisplaySize, _previousTimings));
        }

        if (!settings.Enabled || (variant == UpscalerVariant.Generator && _weights is null))
        {
            variant = UpscalerVariant.Spatial;
        }

        int index = variant switch
        {
            UpscalerVariant.Generator => GeneratorIndex,
            UpscalerVariant.Temporal => TemporalIndex,
            _ => SpatialIndex,
        };

        // History from another mode, or from before frames the TAAU did not run, does not belong to this frame.
        bool temporalReset = variant == UpscalerVariant.Temporal && (LastVariant != UpscalerVariant.Temporal || _temporalMode != settings.Mode);
        var dispatch = new UpscalerDispatchDescription(frame.CommandList, frame.Color, frame.Output, frame.RenderSize)
        {
            Hud = frame.Hud,
            Sharpness = settings.Enabled ? settings.Sharpness : 0f,
            Reset = frame.Reset || temporalReset,
            FrameTimeDelta = frame.FrameTimeDelta,
            JitterOffset = frame.JitterOffset,
            MotionVectors = frame.MotionVectors,
            MotionVectorScale = frame.MotionVectorScale,
            Depth = frame.Depth,
            Exposure = frame.Exposure,
        };
        _lastWasSplit = settings.Enabled && settings.SplitScreen && variant == UpscalerVariant.Generator;
        if (_lastWasSplit)
        {
            // The spatial result goes to a scratch image first; its left half is copied over the generator's output.
            GpuImage scratch = EnsureSplitScratch(frame.Output.Format);
            _variants.Contexts[SpatialIndex].Dispatch(dispatch with { Output = scratch.AsResource() });
            _variants.Dispatch(index, dispatch);
            RecordLeftHalfCopy(frame.CommandList, scratch, frame.Output.NativeImage);
        }
        else
        {
            _variants.Dispatch(index, dispatch);
        }

        LastVariant = variant;
        _temporalMode = variant == UpscalerVariant.Temporal ? settings.Mode : null;
    }

    /// <inheritdoc />
    public IReadOnlyList<UpscalerPassTiming> ReadLastFrameTimings()
    {
        ThrowIfDisposed();
        if (_variants.LastDispatched is null)
        {
            return [];
        }

        IEnumerable<UpscalerPassTiming> passes = _variants.ReadLastTimings();
        if (_lastWasSplit)
        {
            passes = _variants.Contexts[SpatialIndex].ReadTimings().Select(t => new UpscalerPassTiming("split " + t.Label, t.Milliseconds)).Concat(passes);
        }

        UpscalerPassTiming[] timings = [.. passes];
        _previousTimings = timings;
        return timings;
    }

    /// <summary>Releases the contexts after the GPU is done with them.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _variants.Dispose();
        _splitScratch?.Dispose();
    }

    private GpuImage EnsureSplitScratch(UpscalerFormat format)
    {
        if (_splitScratch is { } existing && existing.Format == format && existing.Size == DisplaySize)
        {
            return existing;
        }

        // Created on the first split-screen frame (a comparison view, not the game's hot path), without a submit of
        // its own: the host's command buffer is recording. The spatial dispatch transitions it from UNDEFINED.
        _splitScratch?.Dispose();
        _splitScratch = new GpuImage(_device, format, DisplaySize, "split-screen spatial half", transitionNow: false);
        return _splitScratch;
    }

    private void RecordLeftHalfCopy(nint cb, GpuImage scratch, ulong output)
    {
        VkDeviceApi api = _device.Api;
        var final = (ImageLayout)_layouts.OutputFinal;
        ComputePass.ImageBarrier(api, cb, scratch.Handle, final, ImageLayout.TransferSrcOptimal,
            PipelineStageFlags.AllCommandsBit, AccessFlags.MemoryWriteBit, PipelineStageFlags.TransferBit, AccessFlags.TransferReadBit);
        ComputePass.ImageBarrier(api, cb, output, final, ImageLayout.TransferDstOptimal,
            PipelineStageFlags.AllCommandsBit, AccessFlags.MemoryWriteBit, PipelineStageFlags.TransferBit, AccessFlags.TransferWriteBit);
        var layers = new ImageSubresourceLayers { AspectMask = ImageAspectFlags.ColorBit, LayerCount = 1 };
        var region = new ImageCopy
        {
            SrcSubresource = layers,
            DstSubresource = layers,
            Extent = new Extent3D { Width = (uint)(DisplaySize.Width / 2), Height = (uint)DisplaySize.Height, Depth = 1 },
        };
        api.CmdCopyImage(cb, scratch.Handle, ImageLayout.TransferSrcOptimal, output, ImageLayout.TransferDstOptimal, 1, &region);
        ComputePass.ImageBarrier(api, cb, output, ImageLayout.TransferDstOptimal, final,
            PipelineStageFlags.TransferBit, AccessFlags.TransferWriteBit, PipelineStageFlags.AllCommandsBit, AccessFlags.MemoryReadBit | AccessFlags.MemoryWriteBit);
        ComputePass.ImageBarrier(api, cb, scratch.Handle, ImageLayout.TransferSrcOptimal, final,
            PipelineStageFlags.TransferBit, 0, PipelineStageFlags.AllCommandsBit, 0);
    }

    private VulkanVariantSet CreateVariants(Size2D displaySize)
    {
        var description = new UpscalerContextDescription(displaySize, displaySize) { MessageCallback = _messages };
        return VulkanVariantSet.Create(_device, description, _weights is null ? [null] : [null, _weights], permutation: null, _layouts, _temporalDepth, _temporalGenerator);
    }

    private void ThrowIfDisposed()
    {
        if (_disposed)
        {
            throw new UpscalerException(UpscalerErrorCode.Disposed, "The render-pipeline hook was used after Dispose.");
        }
    }
}
