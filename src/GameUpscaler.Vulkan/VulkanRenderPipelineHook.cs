using GameUpscaler.Governor;
using GameUpscaler.Hooks;
using GameUpscaler.Models;
using Silk.NET.Vulkan;

namespace GameUpscaler.Vulkan;

/// <summary>
/// The render-pipeline hook on Vulkan: records the upscale into the engine's command buffer at its "after
/// post-processing, before UI" point. It owns one <see cref="VulkanUpscalerContext"/> per variant (generator and
/// spatial), each created for the display size with the display size as maximum render size, so every quality mode
/// and "Off" run on the same contexts: a mode switch changes only push constants and the copy region, never an
/// allocation, and cannot show a half-made frame. Only a display-size change re-creates the contexts.
/// </summary>
/// <remarks>
/// "Off" (native rendering) runs the spatial context at ratio 1 with no sharpening: at ratio 1 it reproduces the
/// rendered pixels and composites the HUD, so the HUD path is the same in every mode.
/// </remarks>
public sealed unsafe class VulkanRenderPipelineHook : IRenderPipelineHook
{
    private readonly VulkanDevice _device;
    private readonly GeneratorWeights? _weights;
    private readonly VulkanImageLayouts _layouts;
    private readonly Action<UpscalerMessage>? _messages;
    // Variant SpatialIndex is the spatial upscaler, GeneratorIndex the generator when there is one: the budget
    // policy's order, so its decisions index the set directly.
    private const int SpatialIndex = BudgetGovernorVariantPolicy.SpatialIndex;
    private const int GeneratorIndex = BudgetGovernorVariantPolicy.GeneratorIndex;
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
    /// <exception cref="ArgumentNullException">The device is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The display size is below the minimum.</exception>
    /// <exception cref="UpscalerException">A native failure while creating the contexts.</exception>
    public VulkanRenderPipelineHook(
        VulkanDevice device, Size2D displaySize, GeneratorWeights? weights, VulkanImageLayouts? layouts = null, Action<UpscalerMessage>? messages = null)
    {
        ArgumentNullException.ThrowIfNull(device);
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
    /// <remarks>Every variant of this hook (the generator and the spatial upscaler) is spatial, so today it is always
    /// <see cref="RenderPipelineHookInjectionPoint.AfterPostProcessing"/>.</remarks>
    public RenderPipelineHookInjectionPoint InjectionPoint => RenderPipelineHookInjectionPoint.AfterPostProcessing;

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

        if (!settings.Enabled || _weights is null)
        {
            variant = UpscalerVariant.Spatial;
        }

        int index = variant == UpscalerVariant.Generator ? GeneratorIndex : SpatialIndex;
        var dispatch = new UpscalerDispatchDescription(frame.CommandList, frame.Color, frame.Output, frame.RenderSize)
        {
            Hud = frame.Hud,
            Sharpness = settings.Enabled ? settings.Sharpness : 0f,
            Reset = frame.Reset,
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
        return VulkanVariantSet.Create(_device, description, _weights is null ? [null] : [null, _weights], permutation: null, _layouts);
    }

    private void ThrowIfDisposed()
    {
        if (_disposed)
        {
            throw new UpscalerException(UpscalerErrorCode.Disposed, "The render-pipeline hook was used after Dispose.");
        }
    }
}
