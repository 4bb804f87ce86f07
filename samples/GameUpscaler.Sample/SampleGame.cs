using GameUpscaler.Scene;
using GameUpscaler.Scene.Host;
using System.Diagnostics;
using System.Globalization;
using GameUpscaler.Governor;
using GameUpscaler.Hooks;
using GameUpscaler.Imaging;
using GameUpscaler.Sample.Hud;
using GameUpscaler.Models;
using GameUpscaler.Vulkan;
using Silk.NET.Vulkan;

namespace GameUpscaler.Sample;

/// <summary>
/// The sample game's frame, as an engine would build it: render the scene at the hook's render size into a colour
/// target, draw the HUD at display size, then call the render-pipeline hook at its injection point with the command
/// buffer, the colour target, the HUD and the output image (for the temporal variant, before post-processing, with the
/// frame's jitter, motion vectors and depth; the sample has no post-processing, so both points are the same place). Headless, the output is an
/// offscreen image read back after each frame. The game's own GPU work (scene, HUD upload, readback) is plain
/// Silk.NET on the device's public handles (<see cref="HostGpu"/>); the plugin is reached only through the hook.
/// </summary>
internal sealed class SampleGame : IDisposable
{
    private readonly VulkanDevice _device;
    private readonly HostGpu _gpu;
    private SceneRenderer _scene = null!;
    private readonly HostTimestamps _sceneQueries = null!;
    private readonly Stopwatch _sinceLastFrame = new();
    private readonly List<IDisposable> _sized = [];
    private HostImage _color = null!;
    private HostImage _hud = null!;
    private HostImage _output = null!;
    private HostBuffer _hudUpload = null!;
    private HostBuffer _readback = null!;
    private HostImage _motionDepth = null!;
    private HostBuffer _motionReadback = null!;
    private HudCanvas _canvas = null!;
    private FrameTiming? _previous;
    private readonly GovernorVariant? _generatorVariant;
    private readonly GovernorVariant _temporalVariant;
    private (int Frame, RenderPipelineHookSettings Settings, Size2D Render, double SceneRecordMs, double HudMs, double UpscaleRecordMs, long Start) _pending;

    /// <param name="device">The device.</param>
    /// <param name="displaySize">The display (output) size.</param>
    /// <param name="weights">The generator, or null for the spatial upscaler only.</param>
    /// <param name="modelDescription">What the HUD says about the model.</param>
    /// <param name="outputFinalLayout">The layout the hook leaves the output in: TRANSFER_SRC for headless readback,
    /// <see cref="HostSwapchain.PresentLayout"/> when the output is a swapchain image.</param>
    /// <param name="temporalGenerator">The temporal generator the temporal variant runs inside the TAAU, or null for the TAAU alone.</param>
    /// <param name="temporalDescription">What the HUD says about the temporal variant.</param>
    public SampleGame(
        VulkanDevice device, Size2D displaySize, GeneratorWeights? weights, string modelDescription, uint outputFinalLayout = (uint)ImageLayout.TransferSrcOptimal,
        GeneratorWeights? temporalGenerator = null, string temporalDescription = "TAAU")
    {
        _device = device;
        ModelDescription = modelDescription;
        TemporalDescription = temporalDescription;
        _generatorVariant = weights is null ? null : GovernorVariant.ForGenerator(weights.Architecture);
        _temporalVariant = temporalGenerator is null ? GovernorVariant.Temporal : GovernorVariant.ForTemporalGenerator(temporalGenerator.Architecture);
        // The ray caster writes linear view depth (the B of its motion-and-depth target), so the TAAU reads it as such.
        Hook = new VulkanRenderPipelineHook(
            device, displaySize, weights, new VulkanImageLayouts((uint)ImageLayout.ShaderReadOnlyOptimal, outputFinalLayout), temporalDepth: UpscalerContextFlags.DepthLinear,
            temporalGenerator: temporalGenerator);
        _gpu = new HostGpu(device.PhysicalDevice, device.Handle, device.Queue, device.QueueFamilyIndex);
        try
        {
            _sceneQueries = new HostTimestamps(_gpu, 2);
            CreateSizedResources(displaySize);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public VulkanRenderPipelineHook Hook { get; }

    public Size2D DisplaySize { get; private set; }

    /// <summary>What the HUD says about the model ("untrained random weights" until a trained model ships).</summary>
    public string ModelDescription { get; }

    /// <summary>What the HUD says about the temporal variant (its temporal generator, or "TAAU").</summary>
    public string TemporalDescription { get; }

    /// <summary>Whether the HUD is drawn (tests that compare frames across runs turn it off: it shows timings).</summary>
    public bool DrawHud { get; set; } = true;

    /// <summary>The lines the HUD drew for the last prepared frame (empty when it is off); tests read what a player sees.</summary>
    public IReadOnlyList<string> HudText { get; private set; } = [];

    /// <summary>The budget governor picking the hook's variant, or null when it is off (<see cref="EnableGovernor"/>).</summary>
    public BudgetGovernorVariantPolicy? Governor => Hook.VariantPolicy as BudgetGovernorVariantPolicy;

    /// <summary>
    /// Turns the budget governor on with <paramref name="options"/>, a fresh one each time (what an earlier one
    /// measured may be stale). It starts on the player's variant (the generator or the TAAU): an overrun switches down within a
    /// frame or two, whereas starting on the spatial upscaler would take the governor's upshift delay (about 45
    /// frames) to reach the generator even when it fits easily.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public void EnableGovernor(BudgetGovernorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // Both ladders (spatial–generator and spatial–TAAU) start on the player's variant.
        Hook.VariantPolicy = new BudgetGovernorVariantPolicy(
            options with { InitialVariant = BudgetGovernorVariantPolicy.GovernedIndex }, _generatorVariant, _temporalVariant);
    }

    /// <summary>Turns the budget governor off: the hook runs the variant the settings ask for.</summary>
    public void DisableGovernor() => Hook.VariantPolicy = null;

    /// <summary>Follows a display-size change: the game's own targets and the hook's contexts for the new size.</summary>
    public void Resize(Size2D displaySize)
    {
        if (displaySize == DisplaySize)
        {
            return;
        }

        _device.WaitIdle();
        Hook.Resize(displaySize);
        DisposeSizedResources();
        CreateSizedResources(displaySize);
    }

    /// <summary>Renders frame <paramref name="frameIndex"/> of the camera path with <paramref name="settings"/> offscreen, waits, and returns the output.</summary>
    public (Image8 Frame, FrameTiming Timing) RenderFrame(int frameIndex, RenderPipelineHookSettings settings)
    {
        PrepareFrame(frameIndex, settings);
        _gpu.SubmitAndWait(cb =>
        {
            // The hook leaves the output in TRANSFER_SRC_OPTIMAL with its writes visible to later commands.
            RecordFrame(cb.Handle, _output.AsResource());
            _output.RecordCopyTo(cb, _readback, DisplaySize);
        });
        FrameTiming timing = CompleteFrame();
        ReadOnlySpan<byte> bgra = _readback.Span[..checked((int)DisplaySize.Area * 4)];
        var frame = new Image8(DisplaySize.Width, DisplaySize.Height, 3);
        for (int i = 0, j = 0; i < bgra.Length; i += 4, j += 3)
        {
            frame.Pixels[j] = bgra[i + 2];
            frame.Pixels[j + 1] = bgra[i + 1];
            frame.Pixels[j + 2] = bgra[i];
        }

        return (frame, timing);
    }

    /// <summary>Step 1 of a frame (CPU): applies the settings, picks the render size, draws and stages the HUD.</summary>
    public void PrepareFrame(int frameIndex, RenderPipelineHookSettings settings)
    {
        long start = Stopwatch.GetTimestamp();
        Hook.Settings = settings;
        Size2D render = Hook.GetRenderResolution();
        _canvas.Clear();
        if (DrawHud)
        {
            HudText = HudLines(settings, render);
            _canvas.DrawPanel(HudText);
        }

        _canvas.Pixels.CopyTo(_hudUpload.Span);
        _pending = (frameIndex, settings, render, 0, Stopwatch.GetElapsedTime(start).TotalMilliseconds, 0, start);
    }

    /// <summary>
    /// Step 2 (recording): the scene at render size, the HUD upload, then the hook at the "after post-processing,
    /// before UI" point writing <paramref name="output"/> (an offscreen image or the acquired swapchain image).
    /// </summary>
    public void RecordFrame(nint commandBuffer, UpscalerResource output)
    {
        long start = Stopwatch.GetTimestamp();
        var cb = new CommandBuffer(commandBuffer);
        _sceneQueries.RecordReset(cb);
        _sceneQueries.RecordWrite(cb, 0);
        // For a temporal upscaler the game renders as FSR 2/DLSS ask: the projection jittered by the Halton offset of
        // this frame, with exact motion vectors (jitter excluded) and depth beside the colour.
        bool temporal = Hook.InjectionPoint == RenderPipelineHookInjectionPoint.BeforePostProcessing;
        (float jx, float jy) = temporal ? TemporalJitter.GetOffset(_pending.Frame, TemporalJitter.GetPhaseCount(_pending.Render, DisplaySize)) : (0f, 0f);
        _scene.Record(cb, _color, _pending.Render, SceneRenderer.ViewOf(_pending.Frame, 0, jx, jy), 1, temporal ? _motionDepth : null);
        _sceneQueries.RecordWrite(cb, 1);
        _gpu.ImageBarrier(cb, _hud.Handle, ImageLayout.Undefined, ImageLayout.TransferDstOptimal,
            PipelineStageFlags.AllCommandsBit, 0, PipelineStageFlags.TransferBit, AccessFlags.TransferWriteBit);
        _hud.RecordCopyFrom(cb, _hudUpload);
        _gpu.ImageBarrier(cb, _hud.Handle, ImageLayout.TransferDstOptimal, ImageLayout.ShaderReadOnlyOptimal,
            PipelineStageFlags.TransferBit, AccessFlags.TransferWriteBit, PipelineStageFlags.AllCommandsBit, AccessFlags.ShaderReadBit | AccessFlags.TransferReadBit);
        _pending.SceneRecordMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;

        start = Stopwatch.GetTimestamp();
        TimeSpan delta = _sinceLastFrame.IsRunning ? _sinceLastFrame.Elapsed : TimeSpan.Zero;
        _sinceLastFrame.Restart();
        Hook.Execute(new RenderPipelineHookFrame(commandBuffer, _color.AsResource(), output, _pending.Render)
        {
            Hud = _hud.AsResource(),
            Reset = SceneRenderer.IsCut(_pending.Frame, 0),
            FrameTimeDelta = delta,
            JitterOffset = new System.Numerics.Vector2(jx, jy),
            // Motion in .xy of the motion-and-depth target, depth through a view that reads its B channel.
            MotionVectors = temporal ? _motionDepth.AsResource() : UpscalerResource.None,
            Depth = temporal ? _motionDepth.AsChannelResource(2) : UpscalerResource.None,
        });
        _pending.UpscaleRecordMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    /// <summary>Step 3, after the frame's work completed: its timings.</summary>
    public FrameTiming CompleteFrame()
    {
        var timing = new FrameTiming(
            _pending.Frame, SampleModes.NameOf(_pending.Settings), Hook.LastVariant, _pending.Render, DisplaySize,
            _pending.SceneRecordMs, _pending.HudMs, _pending.UpscaleRecordMs, Stopwatch.GetElapsedTime(_pending.Start).TotalMilliseconds,
            _sceneQueries.ReadMilliseconds(0, 1), Hook.ReadLastFrameTimings())
        {
            Governor = Governor?.LastDecision,
            GovernorBudgetMs = Governor?.Governor.Options.BudgetMilliseconds,
        };
        _previous = timing;
        return timing;
    }

    /// <summary>
    /// Renders the scene alone as a game renders for a temporal upscaler: frame <paramref name="frameIndex"/> of
    /// camera path <paramref name="path"/> at <paramref name="size"/>, one sample per pixel at the frame's Halton jitter
    /// for this render/display ratio, with its exact motion vectors and depth: (colour, (mx, my, depth, 0) per pixel,
    /// the view it used).
    /// </summary>
    public (Image8 Color, float[] MotionDepth, SceneView View) RenderSceneForTemporal(int frameIndex, int path, Size2D size)
    {
        (float jx, float jy) = TemporalJitter.GetOffset(frameIndex, TemporalJitter.GetPhaseCount(size, DisplaySize));
        SceneView view = SceneRenderer.ViewOf(frameIndex, path, jx, jy);
        (Image8 color, float[] motionDepth) = _scene.RenderWithMotion(_color, _readback, _motionDepth, _motionReadback, view, size);
        return (color, motionDepth, view);
    }

    /// <summary>Renders frame <paramref name="frameIndex"/> of camera path <paramref name="path"/> at <paramref name="size"/> with samplesPerAxis² samples per pixel, unjittered (a reference).</summary>
    public Image8 RenderSceneReference(int frameIndex, int path, Size2D size, int samplesPerAxis) =>
        _scene.RenderToImage(_color, _readback, SceneRenderer.ViewOf(frameIndex, path), size, samplesPerAxis);

    /// <summary>Renders the scene alone at <paramref name="size"/> with samplesPerAxis² samples per pixel (training pairs), no HUD, no upscaling.</summary>
    public Image8 RenderSceneOnly(int frameIndex, Size2D size, int samplesPerAxis)
    {
        return _scene.RenderToImage(_color, _readback, frameIndex, size, samplesPerAxis);
    }

    public void Dispose()
    {
        DisposeSizedResources();
        _sceneQueries?.Dispose();
        _gpu?.Dispose();
        Hook.Dispose();
    }

    private void CreateSizedResources(Size2D displaySize)
    {
        DisplaySize = displaySize;
        // Two descriptor sets: the colour target alone, and with the motion/depth target (captures).
        _scene = Own(new SceneRenderer(_gpu, displaySize, maxTargets: 2));
        _motionDepth = Own(new HostImage(_gpu, UpscalerFormat.R32G32B32A32Float, displaySize, Format.R32G32B32A32Sfloat, storage: true));
        _motionReadback = Own(new HostBuffer(_gpu, displaySize.Area * 16, BufferUsageFlags.TransferDstBit));
        _color = Own(new HostImage(_gpu, UpscalerFormat.R8G8B8A8Unorm, displaySize, Format.R8G8B8A8Unorm, storage: true));
        _hud = Own(new HostImage(_gpu, UpscalerFormat.R8G8B8A8Unorm, displaySize, Format.R8G8B8A8Unorm, storage: false));
        // BGRA as a swapchain's: the plugin writes it through a copy (BGRA has no shader storage format).
        _output = Own(new HostImage(_gpu, UpscalerFormat.B8G8R8A8Unorm, displaySize, Format.B8G8R8A8Unorm, storage: false));
        _hudUpload = Own(new HostBuffer(_gpu, displaySize.Area * 4, BufferUsageFlags.TransferSrcBit));
        _readback = Own(new HostBuffer(_gpu, displaySize.Area * 4, BufferUsageFlags.TransferDstBit));
        _canvas = new HudCanvas(displaySize);

        T Own<T>(T resource)
            where T : IDisposable
        {
            _sized.Add(resource);
            return resource;
        }
    }

    private void DisposeSizedResources()
    {
        for (int i = _sized.Count - 1; i >= 0; i--)
        {
            _sized[i].Dispose();
        }

        _sized.Clear();
    }

    private List<string> HudLines(RenderPipelineHookSettings settings, Size2D render)
    {
        var c = CultureInfo.InvariantCulture;
        string variant = !settings.Enabled ? "native render"
            : settings.Variant == UpscalerVariant.Temporal
                ? (Hook.TemporalGenerator is null ? "temporal (TAAU): jitter, motion vectors, depth" : $"temporal: {TemporalDescription} in the TAAU")
            : !Hook.HasGenerator || settings.Variant == UpscalerVariant.Spatial ? "spatial"
            : settings.SplitScreen ? "split: left spatial | right generator, " + ModelDescription
            : "generator, " + ModelDescription;
        var lines = new List<string>
        {
            string.Create(c, $"GameUpscaler sample  mode {settings} ({variant})"),
            string.Create(c, $"render {render.Width}x{render.Height} -> display {DisplaySize.Width}x{DisplaySize.Height}  sharpness {settings.Sharpness:0.00}"),
        };
        if (_previous is { } p)
        {
            lines.Add(string.Create(c, $"gpu ms: scene {p.GpuSceneMs:0.0}  upscale {p.GpuUpscaleMs:0.0}  cpu frame {p.CpuFrameMs:0.0}  fps {1000.0 / p.CpuFrameMs:0.0}"));
            // Five passes per line keeps the panel inside a 640-pixel-wide display.
            foreach (UpscalerPassTiming[] chunk in p.GpuUpscalePasses.Chunk(5))
            {
                lines.Add(string.Join("  ", chunk.Select(t => string.Create(c, $"{t.Label} {t.Milliseconds:0.0}"))));
            }
        }

        lines.Add(GovernorLine());
        return lines;
    }

    /// <summary>The HUD's governor line: off, or the budget and the variant and reason of the last frame's decision.</summary>
    private string GovernorLine()
    {
        var c = CultureInfo.InvariantCulture;
        if (Governor is not { } governor)
        {
            return "budget governor: off (B)";
        }

        string budget = string.Create(c, $"budget governor: {governor.Governor.Options.BudgetMilliseconds:0.00} ms");
        return governor.LastDecision is { } d
            ? string.Create(c, $"{budget}  {d.VariantName} ({d.Reason}, predicted {d.PredictedMilliseconds:0.00} ms, {governor.Governor.SwitchCount} switches)")
            : budget + "  (spatial requested: not governed)";
    }
}
