using GameUpscaler.Scene;
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
/// target, draw the HUD at display size, then call the render-pipeline hook at the "after post-processing, before
/// UI" point with the command buffer, the colour target, the HUD and the output image. Headless, the output is an
/// offscreen image read back after each frame.
/// </summary>
internal sealed class SampleGame : IDisposable
{
    private readonly VulkanDevice _device;
    private SceneRenderer _scene = null!;
    private readonly TimestampQueries _sceneQueries;
    private readonly Stopwatch _sinceLastFrame = new();
    private readonly List<IDisposable> _sized = [];
    private GpuImage _color = null!;
    private GpuImage _hud = null!;
    private GpuImage _output = null!;
    private GpuBuffer _hudUpload = null!;
    private GpuBuffer _readback = null!;
    private HudCanvas _canvas = null!;
    private FrameTiming? _previous;
    private readonly GovernorVariant? _generatorVariant;
    private (int Frame, RenderPipelineHookSettings Settings, Size2D Render, double SceneRecordMs, double HudMs, double UpscaleRecordMs, long Start) _pending;

    /// <param name="device">The device.</param>
    /// <param name="displaySize">The display (output) size.</param>
    /// <param name="weights">The generator, or null for the spatial upscaler only.</param>
    /// <param name="modelDescription">What the HUD says about the model.</param>
    /// <param name="outputFinalLayout">The layout the hook leaves the output in: TRANSFER_SRC for headless readback,
    /// <see cref="VulkanSwapchain.PresentLayout"/> when the output is a swapchain image.</param>
    public SampleGame(VulkanDevice device, Size2D displaySize, GeneratorWeights? weights, string modelDescription, uint outputFinalLayout = (uint)ImageLayout.TransferSrcOptimal)
    {
        _device = device;
        ModelDescription = modelDescription;
        _generatorVariant = weights is null ? null : GovernorVariant.ForGenerator(weights.Architecture);
        Hook = new VulkanRenderPipelineHook(device, displaySize, weights, new VulkanImageLayouts(GpuImage.ShaderReadOnlyLayout, outputFinalLayout));
        try
        {
            _sceneQueries = new TimestampQueries(device, 2, "scene timestamps");
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

    /// <summary>Whether the HUD is drawn (tests that compare frames across runs turn it off: it shows timings).</summary>
    public bool DrawHud { get; set; } = true;

    /// <summary>The lines the HUD drew for the last prepared frame (empty when it is off); tests read what a player sees.</summary>
    public IReadOnlyList<string> HudText { get; private set; } = [];

    /// <summary>The budget governor picking the hook's variant, or null when it is off (<see cref="EnableGovernor"/>).</summary>
    public BudgetGovernorVariantPolicy? Governor => Hook.VariantPolicy as BudgetGovernorVariantPolicy;

    /// <summary>
    /// Turns the budget governor on with <paramref name="options"/>, a fresh one each time (what an earlier one
    /// measured may be stale). It starts on the generator, the player's choice: an overrun switches down within a
    /// frame or two, whereas starting on the spatial upscaler would take the governor's upshift delay (about 45
    /// frames) to reach the generator even when it fits easily.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public void EnableGovernor(BudgetGovernorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        int initial = _generatorVariant is null ? BudgetGovernorVariantPolicy.SpatialIndex : BudgetGovernorVariantPolicy.GeneratorIndex;
        Hook.VariantPolicy = new BudgetGovernorVariantPolicy(options with { InitialVariant = initial }, _generatorVariant);
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
        _device.SubmitAndWait(cb =>
        {
            RecordFrame(cb, _output.AsResource());
            _output.RecordDownload(cb, _readback);
        });
        FrameTiming timing = CompleteFrame();
        var bgra = new byte[DisplaySize.Area * 4];
        _readback.CopyTo(bgra);
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

        _hudUpload.Upload<byte>(_canvas.Pixels);
        _pending = (frameIndex, settings, render, 0, Stopwatch.GetElapsedTime(start).TotalMilliseconds, 0, start);
    }

    /// <summary>
    /// Step 2 (recording): the scene at render size, the HUD upload, then the hook at the "after post-processing,
    /// before UI" point writing <paramref name="output"/> (an offscreen image or the acquired swapchain image).
    /// </summary>
    public void RecordFrame(nint cb, UpscalerResource output)
    {
        long start = Stopwatch.GetTimestamp();
        _sceneQueries.RecordReset(cb);
        _sceneQueries.RecordWrite(cb, 0);
        _scene.Record(cb, _color, _pending.Render, SceneRenderer.TimeOfFrame(_pending.Frame));
        _sceneQueries.RecordWrite(cb, 1);
        _hud.RecordUpload(cb, _hudUpload);
        _pending.SceneRecordMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;

        start = Stopwatch.GetTimestamp();
        TimeSpan delta = _sinceLastFrame.IsRunning ? _sinceLastFrame.Elapsed : TimeSpan.Zero;
        _sinceLastFrame.Restart();
        Hook.Execute(new RenderPipelineHookFrame(cb, _color.AsResource(), output, _pending.Render)
        {
            Hud = _hud.AsResource(),
            Reset = _pending.Frame == 0,
            FrameTimeDelta = delta,
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

    /// <summary>Renders the scene alone at <paramref name="size"/> with samplesPerAxis² samples per pixel (training pairs), no HUD, no upscaling.</summary>
    public Image8 RenderSceneOnly(int frameIndex, Size2D size, int samplesPerAxis)
    {
        return _scene.RenderToImage(_device, _color, _readback, DisplaySize, frameIndex, size, samplesPerAxis);
    }

    public void Dispose()
    {
        DisposeSizedResources();
        _sceneQueries?.Dispose();
        Hook.Dispose();
    }

    private void CreateSizedResources(Size2D displaySize)
    {
        DisplaySize = displaySize;
        _scene = Own(new SceneRenderer(_device, displaySize));
        _color = Own(new GpuImage(_device, UpscalerFormat.R8G8B8A8Unorm, displaySize, "scene colour"));
        _hud = Own(new GpuImage(_device, UpscalerFormat.R8G8B8A8Unorm, displaySize, "HUD"));
        _output = Own(new GpuImage(_device, UpscalerFormat.B8G8R8A8Unorm, displaySize, "offscreen output"));
        _hudUpload = Own(new GpuBuffer(_device, (ulong)(displaySize.Area * 4), "HUD upload", hostVisible: true));
        _readback = Own(new GpuBuffer(_device, (ulong)(displaySize.Area * 4), "output readback", hostVisible: true));
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
