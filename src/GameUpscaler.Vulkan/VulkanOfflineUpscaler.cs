using GameUpscaler.Hooks;
using System.Runtime.InteropServices;
using GameUpscaler.Governor;
using GameUpscaler.Imaging;
using GameUpscaler.Models;
using Silk.NET.Vulkan;

namespace GameUpscaler.Vulkan;

/// <summary>
/// The easy entry for tools and tests: owns its images and command buffer, uploads a frame, runs a
/// <see cref="VulkanUpscalerContext"/> on it exactly as a host would (same Dispatch, same passes), waits and reads
/// the result back. The context and images are re-created only when the sizes, formats or HDR flag change.
/// </summary>
public sealed unsafe class VulkanOfflineUpscaler : IDisposable
{
    private readonly VulkanDevice _device;
    private readonly GeneratorWeights? _weights;
    private readonly VulkanPermutation? _permutation;
    private readonly bool _timestamps;
    private readonly IReadOnlyList<GeneratorWeights?>? _variants;
    private readonly BudgetGovernorOptions? _governorOptions;
    private UpscalerContext? _context;
    private (Size2D Render, Size2D Display, bool Hdr) _contextKey;
    private readonly Dictionary<(UpscalerFormat, Size2D, string), GpuImage> _images = [];
    private readonly Dictionary<string, GpuBuffer> _staging = [];
    private bool _disposed;

    /// <summary>Prepares an upscaler on <paramref name="device"/> (which the caller keeps owning).</summary>
    /// <param name="device">The device.</param>
    /// <param name="weights">The generator; null runs the spatial fallback.</param>
    /// <param name="permutation">Precision permutation; null lets the context choose.</param>
    /// <param name="enableTimestamps">Record per-pass timestamps (<see cref="LastTimings"/>).</param>
    /// <exception cref="ArgumentNullException">The device is null.</exception>
    public VulkanOfflineUpscaler(VulkanDevice device, GeneratorWeights? weights, VulkanPermutation? permutation = null, bool enableTimestamps = false)
    {
        ArgumentNullException.ThrowIfNull(device);
        _device = device;
        _weights = weights;
        _permutation = permutation;
        _timestamps = enableTimestamps;
    }

    /// <summary>The precision asked of the context when no permutation is forced (the description's <see cref="UpscalerContextDescription.Precision"/>).</summary>
    public UpscalerPrecision Precision { get; init; }

    /// <summary>Receives the context's messages (the permutation chosen, an fp32 fallback), or null.</summary>
    public Action<UpscalerMessage>? MessageCallback { get; init; }

    /// <summary>
    /// Whether the images are passed with their real usage, so the context samples the inputs and stores the output
    /// directly (true, the default), or declared copy-only, so it takes the buffer-copy path for all of them (false:
    /// tests and the before/after traffic comparison of <c>gameupscaler bench</c>).
    /// </summary>
    public bool BindImagesDirectly { get; init; } = true;

    /// <summary>
    /// Runs the temporal accumulation upscaler (a context with <see cref="UpscalerContextFlags.TemporalInputs"/>, no
    /// model): every <see cref="Run"/> then takes the frame's <see cref="OfflineTemporalInputs"/>, and history carries
    /// from one call to the next while the sizes stay the same.
    /// </summary>
    public bool Temporal { get; init; }

    /// <summary>How a temporal upscaler reads depth: <see cref="UpscalerContextFlags.DepthLinear"/> (the default, as captures store it), <see cref="UpscalerContextFlags.DepthInverted"/> or none (device depth).</summary>
    public UpscalerContextFlags DepthFlags { get; init; } = UpscalerContextFlags.DepthLinear;

    /// <summary>
    /// Prepares an upscaler that runs a <see cref="GovernedVulkanUpscalerContext"/>: every run plans a frame, dispatches
    /// the governor's variant, waits and reports the frame's timestamps (benchmarks, tests). The context is kept
    /// while the display size stays the same, so the governor's state survives render-size changes.
    /// </summary>
    /// <param name="device">The device.</param>
    /// <param name="variants">Generators, cheapest first; null for the spatial fallback.</param>
    /// <param name="governor">Governor settings.</param>
    /// <param name="permutation">Precision permutation; null lets the contexts choose.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public VulkanOfflineUpscaler(VulkanDevice device, IReadOnlyList<GeneratorWeights?> variants, BudgetGovernorOptions governor, VulkanPermutation? permutation = null)
        : this(device, null, permutation, enableTimestamps: true)
    {
        ArgumentNullException.ThrowIfNull(variants);
        ArgumentNullException.ThrowIfNull(governor);
        _variants = variants;
        _governorOptions = governor;
    }

    /// <summary>The context of the last run (null before the first, and for a governed upscaler).</summary>
    public VulkanUpscalerContext? Context => _context as VulkanUpscalerContext;

    /// <summary>The governed context of the last run (null unless this upscaler was created with a governor).</summary>
    public GovernedVulkanUpscalerContext? GovernedContext => _context as GovernedVulkanUpscalerContext;

    /// <summary>GPU time per pass of the last run (empty without timestamps).</summary>
    public IReadOnlyList<UpscalerPassTiming> LastTimings { get; private set; } = [];

    /// <summary>
    /// Upscales float RGB or RGBA planes (alpha ignored) to <paramref name="displaySize"/> through RGBA32F images and
    /// returns RGBA planes, unclamped (what <see cref="Inference.FrameReference.Upscale"/> computes on the CPU).
    /// </summary>
    /// <param name="color">The render-size frame.</param>
    /// <param name="displaySize">Output size.</param>
    /// <param name="sharpness">0 (off) to 1.</param>
    /// <param name="hdr">Treat the colour as HDR (tonemap in, inverse tonemap out).</param>
    /// <param name="hud">Premultiplied RGBA planes of the display size, or null.</param>
    /// <exception cref="ArgumentNullException">The colour is null.</exception>
    /// <exception cref="ArgumentException">An image has the wrong shape.</exception>
    /// <exception cref="UpscalerException">A native failure (device lost, out of memory …).</exception>
    public PlanarImage Upscale(PlanarImage color, Size2D displaySize, float sharpness = 0f, bool hdr = false, PlanarImage? hud = null)
    {
        ArgumentNullException.ThrowIfNull(color);
        if (color.Channels is not (3 or 4))
        {
            throw new ArgumentException("The colour image needs 3 or 4 planes.", nameof(color));
        }

        if (hud is not null && (hud.Channels != 4 || hud.Width != displaySize.Width || hud.Height != displaySize.Height))
        {
            throw new ArgumentException($"The HUD must be RGBA of the display size {displaySize}.", nameof(hud));
        }

        byte[] output = Run(
            ToRgba32(color), UpscalerFormat.R32G32B32A32Float, new Size2D(color.Width, color.Height), displaySize,
            UpscalerFormat.R32G32B32A32Float, sharpness, hdr, hud is null ? null : ToRgba32(hud), UpscalerFormat.R32G32B32A32Float);
        return FromRgba32(output, displaySize);
    }

    /// <summary>Upscales tightly packed pixels of any supported format into packed pixels of the output format.</summary>
    /// <param name="color">Render-size pixels in <paramref name="colorFormat"/>.</param>
    /// <param name="colorFormat">The colour image format.</param>
    /// <param name="renderSize">The colour size.</param>
    /// <param name="displaySize">The output size.</param>
    /// <param name="outputFormat">The output image format.</param>
    /// <param name="sharpness">0 (off) to 1.</param>
    /// <param name="hdr">HDR input (tonemap in, inverse out).</param>
    /// <param name="hud">Display-size premultiplied HUD pixels in <paramref name="hudFormat"/>, or null.</param>
    /// <param name="hudFormat">The HUD format.</param>
    /// <returns>The output image's pixels.</returns>
    /// <exception cref="ArgumentException">A pixel array has the wrong length, or temporal inputs are missing (a temporal upscaler) or given (another).</exception>
    /// <exception cref="UpscalerException">Unsupported format, or a native failure.</exception>
    /// <param name="temporal">The frame's temporal inputs when the upscaler is <see cref="Temporal"/>; null otherwise.</param>
    public byte[] Run(
        ReadOnlySpan<byte> color, UpscalerFormat colorFormat, Size2D renderSize, Size2D displaySize, UpscalerFormat outputFormat,
        float sharpness = 0f, bool hdr = false, byte[]? hud = null, UpscalerFormat hudFormat = UpscalerFormat.R8G8B8A8Unorm,
        OfflineTemporalInputs? temporal = null)
    {
        if (_disposed)
        {
            throw new UpscalerException(UpscalerErrorCode.Disposed, "The offline upscaler was disposed.");
        }

        foreach ((UpscalerFormat format, string role) in new[] { (colorFormat, "color"), (outputFormat, "output"), (hud is null ? colorFormat : hudFormat, "HUD") })
        {
            if (!VulkanFormats.IsSupported(format))
            {
                throw VulkanFormats.Unsupported(format, role);
            }
        }

        UpscalerContext context = EnsureContext(renderSize, displaySize, hdr);
        GpuImage colorImage = Image(colorFormat, renderSize, "color");
        GpuImage outputImage = Image(outputFormat, displaySize, "output");
        GpuImage? hudImage = hud is null ? null : Image(hudFormat, displaySize, "hud");
        CheckLength(color.Length, colorImage, nameof(color));
        GpuBuffer colorUpload = Staging("color upload", colorImage.ByteCount);
        color.CopyTo(new Span<byte>(colorUpload.Mapped, color.Length));
        GpuBuffer? hudUpload = null;
        if (hudImage is not null)
        {
            CheckLength(hud!.Length, hudImage, nameof(hud));
            hudUpload = Staging("hud upload", hudImage.ByteCount);
            hud.CopyTo(new Span<byte>(hudUpload.Mapped, hud.Length));
        }

        if (Temporal != (temporal is not null))
        {
            throw new ArgumentException(Temporal ? "A temporal upscaler needs each frame's motion vectors and depth." : "Temporal inputs need an upscaler created with Temporal.", nameof(temporal));
        }

        GpuImage? motionImage = null, depthImage = null;
        GpuBuffer? motionUpload = null, depthUpload = null;
        if (temporal is { } t)
        {
            motionImage = Image(UpscalerFormat.R32G32Float, renderSize, "motion");
            depthImage = Image(UpscalerFormat.R32Float, renderSize, "depth");
            CheckLength(t.Motion.Length * 4, motionImage, nameof(temporal));
            CheckLength(t.Depth.Length * 4, depthImage, nameof(temporal));
            motionUpload = Staging("motion upload", motionImage.ByteCount);
            depthUpload = Staging("depth upload", depthImage.ByteCount);
            MemoryMarshal.AsBytes(t.Motion.AsSpan()).CopyTo(new Span<byte>(motionUpload.Mapped, motionImage.ByteCount));
            MemoryMarshal.AsBytes(t.Depth.AsSpan()).CopyTo(new Span<byte>(depthUpload.Mapped, depthImage.ByteCount));
        }

        GpuBuffer download = Staging("output download", outputImage.ByteCount);
        VkDeviceApi api = _device.Api;
        _device.SubmitAndWait(cb =>
        {
            colorImage.RecordUpload(cb, colorUpload);
            if (hudImage is not null)
            {
                hudImage.RecordUpload(cb, hudUpload!);
            }

            var dispatch = new UpscalerDispatchDescription(cb, Resource(colorImage), Resource(outputImage), renderSize)
            {
                Sharpness = sharpness,
                Hud = hudImage is null ? UpscalerResource.None : Resource(hudImage),
            };
            if (temporal is { } frame)
            {
                motionImage!.RecordUpload(cb, motionUpload!);
                depthImage!.RecordUpload(cb, depthUpload!);
                // The motion and depth images are shader inputs in every engine: always sampled.
                dispatch = dispatch with
                {
                    MotionVectors = motionImage.AsResource(),
                    Depth = depthImage.AsResource(),
                    JitterOffset = frame.Jitter,
                    MotionVectorScale = frame.MotionVectorScale,
                    Reset = frame.Reset,
                };
            }

            context.Dispatch(dispatch);
            ComputePass.Barrier(api, cb, PipelineStageFlags.AllCommandsBit, AccessFlags.MemoryWriteBit, PipelineStageFlags.TransferBit, AccessFlags.TransferReadBit);
            outputImage.RecordDownload(cb, download);
            ComputePass.Barrier(api, cb, PipelineStageFlags.TransferBit, AccessFlags.TransferWriteBit, PipelineStageFlags.HostBit, AccessFlags.HostReadBit);
        });
        LastTimings = context switch
        {
            GovernedVulkanUpscalerContext governed => governed.CompleteFrame(),
            VulkanUpscalerContext single when _timestamps => single.ReadTimings(),
            _ => [],
        };
        return new ReadOnlySpan<byte>(download.Mapped, outputImage.ByteCount).ToArray();
    }

    /// <summary>Releases the images, buffers and context (not the device).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _context?.Dispose();
        try
        {
            _device.Api.DeviceWaitIdle();
        }
        catch (UpscalerException)
        {
        }

        foreach (GpuImage image in _images.Values)
        {
            image.Dispose();
        }

        foreach (GpuBuffer buffer in _staging.Values)
        {
            buffer.Dispose();
        }
    }

    /// <summary>
    /// Planes to the packed pixels of an RGBA format (alpha 1 for RGB): 8-bit UNORM rounded as
    /// <see cref="PlanarImage.ToByte"/>, fp16, or fp32. For tools that feed <see cref="Run"/> in a game's format.
    /// </summary>
    /// <exception cref="ArgumentException">The format is not R8G8B8A8_UNORM, R16G16B16A16_SFLOAT or R32G32B32A32_SFLOAT.</exception>
    public static byte[] EncodePixels(PlanarImage image, UpscalerFormat format)
    {
        ArgumentNullException.ThrowIfNull(image);
        int n = image.PlaneLength;
        float Sample(int i, int c) => c < image.Channels ? image.Data[(c * n) + i] : 1f;
        switch (format)
        {
            case UpscalerFormat.R32G32B32A32Float:
                return ToRgba32(image);
            case UpscalerFormat.R16G16B16A16Float:
            {
                var values = new Half[n * 4];
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = (Half)Sample(i / 4, i % 4);
                }

                return MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
            }

            case UpscalerFormat.R8G8B8A8Unorm:
            {
                var bytes = new byte[n * 4];
                for (int i = 0; i < bytes.Length; i++)
                {
                    bytes[i] = PlanarImage.ToByte(Sample(i / 4, i % 4));
                }

                return bytes;
            }

            default:
                throw new ArgumentException($"EncodePixels writes R8G8B8A8Unorm, R16G16B16A16Float or R32G32B32A32Float, not {format}.", nameof(format));
        }
    }

    /// <summary>Planes to interleaved RGBA float32 bytes (alpha 1 for RGB).</summary>
    internal static byte[] ToRgba32(PlanarImage image)
    {
        int n = image.PlaneLength;
        var rgba = new float[n * 4];
        for (int i = 0; i < n; i++)
        {
            for (int c = 0; c < 4; c++)
            {
                rgba[(i * 4) + c] = c < image.Channels ? image.Data[(c * n) + i] : 1f;
            }
        }

        return MemoryMarshal.AsBytes(rgba.AsSpan()).ToArray();
    }

    /// <summary>Interleaved RGBA float32 bytes to RGBA planes.</summary>
    internal static PlanarImage FromRgba32(ReadOnlySpan<byte> bytes, Size2D size)
    {
        ReadOnlySpan<float> rgba = MemoryMarshal.Cast<byte, float>(bytes);
        var image = new PlanarImage(size.Width, size.Height, 4);
        int n = image.PlaneLength;
        for (int i = 0; i < n; i++)
        {
            for (int c = 0; c < 4; c++)
            {
                image.Data[(c * n) + i] = rgba[(i * 4) + c];
            }
        }

        return image;
    }

    private static void CheckLength(int length, GpuImage image, string name)
    {
        if (length != image.ByteCount)
        {
            throw new ArgumentException($"{image.Size} pixels of {image.Format} take {image.ByteCount} bytes; {length} were given.", name);
        }
    }

    private UpscalerContext EnsureContext(Size2D render, Size2D display, bool hdr)
    {
        if (_context is not null && _contextKey == (render, display, hdr))
        {
            return _context;
        }

        var outputLayouts = new VulkanImageLayouts(GpuImage.ShaderReadOnlyLayout, (uint)ImageLayout.TransferSrcOptimal);
        if (_variants is not null)
        {
            if (_context is null || _contextKey.Display != display || _contextKey.Hdr != hdr)
            {
                // Any render size up to the display size runs in the same context: the governor keeps its history.
                _context?.Dispose();
                _context = null;
                var governedDescription = new UpscalerContextDescription(display, display)
                {
                    Flags = hdr ? UpscalerContextFlags.HighDynamicRangeInput : 0,
                };
                _context = GovernedVulkanUpscalerContext.Create(_device, governedDescription, _variants, _governorOptions!, _permutation, outputLayouts);
            }

            _contextKey = (render, display, hdr);
            return _context;
        }

        _context?.Dispose();
        _context = null;
        var flags = (hdr ? UpscalerContextFlags.HighDynamicRangeInput : 0) | (_timestamps ? UpscalerContextFlags.EnableTimestamps : 0)
            | (Temporal ? UpscalerContextFlags.TemporalInputs | DepthFlags : 0);
        var description = new UpscalerContextDescription(render, display) { Flags = flags, Precision = Precision, MessageCallback = MessageCallback };
        // The output is read back right after the dispatch, so it is left in the layout the copy wants.
        _context = VulkanUpscalerContext.Create(_device, description, _weights, _permutation, outputLayouts);
        _contextKey = (render, display, hdr);
        return _context;
    }

    private UpscalerResource Resource(GpuImage image) => BindImagesDirectly
        ? image.AsResource()
        : image.AsResource() with { Usage = UpscalerResourceUsage.CopySource | UpscalerResourceUsage.CopyDestination };

    private GpuImage Image(UpscalerFormat format, Size2D size, string role)
    {
        if (!_images.TryGetValue((format, size, role), out GpuImage? image))
        {
            image = new GpuImage(_device, format, size, $"offline {role} {format} {size}");
            _images.Add((format, size, role), image);
        }

        return image;
    }

    private GpuBuffer Staging(string name, int bytes)
    {
        if (_staging.TryGetValue(name, out GpuBuffer? buffer) && buffer.Size >= (ulong)bytes)
        {
            return buffer;
        }

        buffer?.Dispose();
        buffer = new GpuBuffer(_device, (ulong)bytes, name, hostVisible: true);
        _staging[name] = buffer;
        return buffer;
    }
}

/// <summary>One frame's temporal inputs for <see cref="VulkanOfflineUpscaler.Run"/>.</summary>
/// <param name="Motion">Per render pixel (mx, my): previous minus current, before <see cref="MotionVectorScale"/>.</param>
/// <param name="Depth">Per render pixel depth in the upscaler's <see cref="VulkanOfflineUpscaler.DepthFlags"/> convention.</param>
/// <param name="Jitter">The frame's jitter in render pixels.</param>
/// <param name="Reset">A camera cut or the first frame.</param>
public sealed record OfflineTemporalInputs(float[] Motion, float[] Depth, System.Numerics.Vector2 Jitter, bool Reset)
{
    /// <summary>What the stored motion is multiplied by (see <see cref="UpscalerDispatchDescription.MotionVectorScale"/>).</summary>
    public System.Numerics.Vector2 MotionVectorScale { get; init; } = System.Numerics.Vector2.One;
}
