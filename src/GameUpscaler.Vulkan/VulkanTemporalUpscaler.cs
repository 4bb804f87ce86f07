using GameUpscaler.Hooks;
using GameUpscaler.Imaging;
using GameUpscaler.Temporal;
using Silk.NET.Vulkan;

namespace GameUpscaler.Vulkan;

/// <summary>
/// The TAAU pass (shaders/taau.comp) offline, frame by frame: what <c>gameupscaler capture eval --method taau
/// --backend vulkan</c> and the tests run. It owns its buffers (colour, motion, two depth and two history buffers
/// ping-ponged, the output) and submits and waits per frame; the same rule as <see cref="TemporalUpscalerReference"/>.
/// </summary>
public sealed class VulkanTemporalUpscaler : IDisposable
{
    private readonly VulkanDevice _device;
    private readonly TemporalUpscalerSettings _settings;
    private readonly ComputePipeline _pipeline;
    private readonly DescriptorArena _arena;
    private readonly GpuBuffer _color;
    private readonly GpuBuffer _motion;
    private readonly GpuBuffer[] _depth;
    private readonly GpuBuffer[] _history;
    private readonly GpuBuffer _output;
    private readonly BoundDescriptorSet[] _sets;
    private readonly ulong _queryPool;
    private int _parity;
    private bool _hasHistory;
    private bool _hasPreviousDepth;

    /// <summary>Creates the pass and its buffers for one pair of sizes.</summary>
    /// <exception cref="ArgumentNullException">The device is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive or the display is smaller than the render size, or a setting is invalid.</exception>
    /// <exception cref="UpscalerException">A native failure.</exception>
    public VulkanTemporalUpscaler(VulkanDevice device, Size2D renderSize, Size2D displaySize, TemporalUpscalerSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(device);
        TemporalFrameChecks.Sizes(renderSize, displaySize);
        _settings = settings ?? TemporalUpscalerSettings.Default;
        _settings.Validate();
        _device = device;
        RenderSize = renderSize;
        DisplaySize = displaySize;
        ulong render = (ulong)renderSize.Area, display = (ulong)displaySize.Area;
        var owned = new List<IDisposable>();
        try
        {
            _pipeline = Own(new ComputePipeline(device, TemporalPass.Shader, TemporalPass.BindingCount, TemporalPass.PushConstantBytes, [], "taau"));
            _arena = Own(new DescriptorArena(device, 2, TemporalPass.BindingCount * 2, "taau descriptors"));
            _color = Own(new GpuBuffer(device, render * 16, "taau colour", hostVisible: true));
            _motion = Own(new GpuBuffer(device, render * 8, "taau motion", hostVisible: true));
            _depth = [Own(new GpuBuffer(device, render * 4, "taau depth 0", hostVisible: true)), Own(new GpuBuffer(device, render * 4, "taau depth 1", hostVisible: true))];
            _history = [Own(new GpuBuffer(device, display * 16, "taau history 0", hostVisible: false)), Own(new GpuBuffer(device, display * 16, "taau history 1", hostVisible: false))];
            _output = Own(new GpuBuffer(device, display * 16, "taau output", hostVisible: true));
            // Set k reads depth k and history k and writes history 1 − k; the previous frame's depth is depth 1 − k.
            _sets =
            [
                _arena.Allocate(_pipeline, [_color, _motion, _depth[0], _depth[1], _history[0], _history[1], _output]),
                _arena.Allocate(_pipeline, [_color, _motion, _depth[1], _depth[0], _history[1], _history[0], _output]),
            ];
            // Two timestamps around the pass: its GPU time per frame (bench). Made last, so nothing can fail after it.
            _queryPool = VulkanUpscalerContext.CreateQueryPool(device, 2, "taau timestamps");
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

    /// <summary>The render (input) size.</summary>
    public Size2D RenderSize { get; }

    /// <summary>The display (output) size.</summary>
    public Size2D DisplaySize { get; }

    /// <summary>The GPU time of the last frame's pass (one entry, "taau"); empty before the first frame.</summary>
    public IReadOnlyList<UpscalerPassTiming> LastTimings { get; private set; } = [];

    /// <summary>Upscales one frame (see <see cref="TemporalUpscalerReference.Upscale"/> for the arguments) and waits for it.</summary>
    /// <exception cref="ArgumentException">A size does not match, or the jitter is not finite or beyond ±1 render pixel.</exception>
    /// <exception cref="UpscalerException">A native failure (device lost …).</exception>
    public unsafe Image8 Upscale(Image8 color, ReadOnlySpan<float> motion, ReadOnlySpan<float> depth, float jitterX, float jitterY, bool reset)
    {
        ArgumentNullException.ThrowIfNull(color);
        int renderPixels = RenderSize.Width * RenderSize.Height;
        TemporalFrameChecks.Frame(RenderSize, color, motion, depth, jitterX, jitterY);
        if (reset)
        {
            _hasHistory = false;
            _hasPreviousDepth = false;
        }

        var rgba = new float[renderPixels * 4];
        byte[] p = color.Pixels;
        int channels = color.Channels;
        for (int i = 0; i < renderPixels; i++)
        {
            rgba[4 * i] = p[i * channels] / 255f;
            rgba[(4 * i) + 1] = p[(i * channels) + (channels >= 3 ? 1 : 0)] / 255f;
            rgba[(4 * i) + 2] = p[(i * channels) + (channels >= 3 ? 2 : 0)] / 255f;
        }

        _color.Upload<float>(rgba);
        _motion.Upload(motion);
        if (depth.Length > 0)
        {
            _depth[_parity].Upload(depth);
        }

        var inputs = (depth.Length > 0 ? TemporalPass.Inputs.Depth : 0)
            | (_hasHistory ? TemporalPass.Inputs.History : 0)
            | (_hasPreviousDepth && depth.Length > 0 ? TemporalPass.Inputs.PreviousDepth : 0);
        uint[] push = TemporalPass.PushConstants(RenderSize, DisplaySize, jitterX, jitterY, inputs, _settings);
        var pass = new ComputePass("taau", _pipeline, _sets[_parity], (uint)((DisplaySize.Width + 7) / 8), (uint)((DisplaySize.Height + 7) / 8), 1, push);
        _device.SubmitAndWait(cb =>
        {
            ComputePass.RecordAll(_device.Api, cb, [pass], _queryPool);
            ComputePass.Barrier(_device.Api, cb, PipelineStageFlags.ComputeShaderBit, AccessFlags.ShaderWriteBit, PipelineStageFlags.HostBit, AccessFlags.HostReadBit);
        });

        ulong* ticks = stackalloc ulong[2];
        _device.Api.GetQueryPoolResults(_queryPool, 0, 2, 16, ticks, 8, QueryResultFlags.Result64Bit | QueryResultFlags.ResultWaitBit);
        LastTimings = [new UpscalerPassTiming("taau", (ticks[1] - ticks[0]) * _device.Info.TimestampPeriodNanoseconds / 1e6)];
        int displayPixels = DisplaySize.Width * DisplaySize.Height;
        var floats = new float[displayPixels * 4];
        _output.CopyTo(System.Runtime.InteropServices.MemoryMarshal.AsBytes(floats.AsSpan()));
        var output = new Image8(DisplaySize.Width, DisplaySize.Height, 3);
        for (int i = 0; i < displayPixels; i++)
        {
            for (int c = 0; c < 3; c++)
            {
                output.Pixels[(3 * i) + c] = (byte)MathF.Round(Math.Clamp(floats[(4 * i) + c], 0, 1) * 255f);
            }
        }

        _parity = 1 - _parity;
        _hasHistory = true;
        _hasPreviousDepth = depth.Length > 0;
        return output;
    }

    /// <summary>Releases the buffers and the pipeline after the device is done with them.</summary>
    public void Dispose()
    {
        _device.WaitIdle();
        _device.Api.DestroyQueryPool(_queryPool);
        foreach (IDisposable resource in (IDisposable[])[_output, .. _history, .. _depth, _motion, _color, _arena, _pipeline])
        {
            resource.Dispose();
        }
    }
}
