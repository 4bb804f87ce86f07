using System.Diagnostics;
using System.Globalization;
using GameUpscaler.Hooks;
using GameUpscaler.Imaging;
using GameUpscaler.Sample.Hud;
using GameUpscaler.Models;
using GameUpscaler.Vulkan;
using GameUpscaler.Vulkan.Interop;

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
    private readonly SceneRenderer _scene;
    private readonly GpuImage _color;
    private readonly GpuImage _hud;
    private readonly GpuImage _output;
    private readonly GpuBuffer _hudUpload;
    private readonly GpuBuffer _readback;
    private readonly TimestampQueries _sceneQueries;
    private readonly HudCanvas _canvas;
    private readonly Stopwatch _sinceLastFrame = new();
    private FrameTiming? _previous;

    public SampleGame(VulkanDevice device, Size2D displaySize, GeneratorWeights? weights, string modelDescription)
    {
        _device = device;
        DisplaySize = displaySize;
        ModelDescription = modelDescription;
        var owned = new List<IDisposable>();
        try
        {
            // The output is read back after each frame, so the hook leaves it in TRANSFER_SRC_OPTIMAL.
            Hook = Own(new VulkanRenderPipelineHook(device, displaySize, weights, new VulkanImageLayouts(GpuImage.ShaderReadOnlyLayout, VkFlags.ImageLayoutTransferSrcOptimal)));
            _scene = Own(new SceneRenderer(device, displaySize));
            _color = Own(new GpuImage(device, UpscalerFormat.R8G8B8A8Unorm, displaySize, "scene colour"));
            _hud = Own(new GpuImage(device, UpscalerFormat.R8G8B8A8Unorm, displaySize, "HUD"));
            _output = Own(new GpuImage(device, UpscalerFormat.B8G8R8A8Unorm, displaySize, "output"));
            _hudUpload = Own(new GpuBuffer(device, (ulong)(displaySize.Area * 4), "HUD upload", hostVisible: true));
            _readback = Own(new GpuBuffer(device, (ulong)(displaySize.Area * 4), "output readback", hostVisible: true));
            _sceneQueries = Own(new TimestampQueries(device, 2, "scene timestamps"));
        }
        catch
        {
            for (int i = owned.Count - 1; i >= 0; i--)
            {
                owned[i].Dispose();
            }

            throw;
        }

        _owned = owned;
        _canvas = new HudCanvas(displaySize);

        T Own<T>(T resource)
            where T : IDisposable
        {
            owned.Add(resource);
            return resource;
        }
    }

    private readonly List<IDisposable> _owned;

    public VulkanRenderPipelineHook Hook { get; } = null!;

    public Size2D DisplaySize { get; }

    /// <summary>What the HUD says about the model ("untrained random weights" until a trained model ships).</summary>
    public string ModelDescription { get; }

    /// <summary>Whether the HUD is drawn (tests that compare frames across runs turn it off: it shows timings).</summary>
    public bool DrawHud { get; set; } = true;

    /// <summary>Renders frame <paramref name="frameIndex"/> of the camera path with <paramref name="settings"/>, waits, and returns the output.</summary>
    public (Image8 Frame, FrameTiming Timing) RenderFrame(int frameIndex, RenderPipelineHookSettings settings)
    {
        var wall = Stopwatch.StartNew();
        Hook.Settings = settings;
        Size2D render = Hook.GetRenderResolution();

        long hudStart = Stopwatch.GetTimestamp();
        _canvas.Clear();
        if (DrawHud)
        {
            _canvas.DrawPanel(HudLines(settings, render));
        }

        _hudUpload.Upload<byte>(_canvas.Pixels);
        double hudMs = Stopwatch.GetElapsedTime(hudStart).TotalMilliseconds;

        double sceneRecordMs = 0;
        double upscaleRecordMs = 0;
        TimeSpan delta = _sinceLastFrame.IsRunning ? _sinceLastFrame.Elapsed : TimeSpan.Zero;
        _sinceLastFrame.Restart();
        _device.SubmitAndWait(cb =>
        {
            long start = Stopwatch.GetTimestamp();
            _sceneQueries.RecordReset(cb);
            _sceneQueries.RecordWrite(cb, 0);
            _scene.Record(cb, _color, render, SceneRenderer.TimeOfFrame(frameIndex));
            _sceneQueries.RecordWrite(cb, 1);
            _hud.RecordUpload(cb, _hudUpload);
            sceneRecordMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;

            start = Stopwatch.GetTimestamp();
            Hook.Execute(new RenderPipelineHookFrame(cb, _color.AsResource(), _output.AsResource(), render)
            {
                Hud = _hud.AsResource(),
                Reset = frameIndex == 0,
                FrameTimeDelta = delta,
            });
            upscaleRecordMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            _output.RecordDownload(cb, _readback);
        });

        var bgra = new byte[DisplaySize.Area * 4];
        _readback.CopyTo(bgra);
        var frame = new Image8(DisplaySize.Width, DisplaySize.Height, 3);
        for (int i = 0, j = 0; i < bgra.Length; i += 4, j += 3)
        {
            frame.Pixels[j] = bgra[i + 2];
            frame.Pixels[j + 1] = bgra[i + 1];
            frame.Pixels[j + 2] = bgra[i];
        }

        var timing = new FrameTiming(
            frameIndex, SampleModes.NameOf(settings), Hook.LastVariant, render, DisplaySize,
            sceneRecordMs, hudMs, upscaleRecordMs, wall.Elapsed.TotalMilliseconds,
            _sceneQueries.ReadMilliseconds(0, 1), Hook.ReadLastFrameTimings());
        _previous = timing;
        return (frame, timing);
    }

    /// <summary>Renders the scene alone at <paramref name="size"/> with samplesPerAxis² samples per pixel (training pairs), no HUD, no upscaling.</summary>
    public Image8 RenderSceneOnly(int frameIndex, Size2D size, int samplesPerAxis)
    {
        _device.SubmitAndWait(cb =>
        {
            _scene.Record(cb, _color, size, SceneRenderer.TimeOfFrame(frameIndex), samplesPerAxis);
            ComputePass.ImageBarrier(
                _device.Api, cb, _color.Handle, GpuImage.ShaderReadOnlyLayout, VkFlags.ImageLayoutTransferSrcOptimal,
                VkFlags.PipelineStageTransfer, VkFlags.AccessTransferWrite, VkFlags.PipelineStageTransfer, VkFlags.AccessTransferRead);
            _color.RecordDownload(cb, _readback);
            ComputePass.ImageBarrier(
                _device.Api, cb, _color.Handle, VkFlags.ImageLayoutTransferSrcOptimal, GpuImage.ShaderReadOnlyLayout,
                VkFlags.PipelineStageTransfer, 0, VkFlags.PipelineStageAllCommands, 0);
        });

        // The download copies the whole image; the scene occupies the top-left region, packed at the image's width.
        var rgba = new byte[DisplaySize.Area * 4];
        _readback.CopyTo(rgba);
        var image = new Image8(size.Width, size.Height, 3);
        for (int y = 0; y < size.Height; y++)
        {
            for (int x = 0; x < size.Width; x++)
            {
                int i = (y * DisplaySize.Width + x) * 4;
                int j = (y * size.Width + x) * 3;
                image.Pixels[j] = rgba[i];
                image.Pixels[j + 1] = rgba[i + 1];
                image.Pixels[j + 2] = rgba[i + 2];
            }
        }

        return image;
    }

    public void Dispose()
    {
        for (int i = _owned.Count - 1; i >= 0; i--)
        {
            _owned[i].Dispose();
        }

        _owned.Clear();
    }

    private List<string> HudLines(RenderPipelineHookSettings settings, Size2D render)
    {
        var c = CultureInfo.InvariantCulture;
        string variant = !settings.Enabled ? "native render" : Hook.HasGenerator && settings.Variant == UpscalerVariant.Generator ? "generator, " + ModelDescription : "spatial";
        var lines = new List<string>
        {
            string.Create(c, $"GameUpscaler sample  mode {settings} ({variant})"),
            string.Create(c, $"render {render.Width}x{render.Height} -> display {DisplaySize.Width}x{DisplaySize.Height}  sharpness {settings.Sharpness:0.00}"),
        };
        if (_previous is { } p)
        {
            lines.Add(string.Create(c, $"gpu ms: scene {p.GpuSceneMs:0.0}  upscale {p.GpuUpscaleMs:0.0}  cpu frame {p.CpuFrameMs:0.0}  fps {1000.0 / p.CpuFrameMs:0.0}"));
            lines.Add(string.Join("  ", p.GpuUpscalePasses.Select(t => string.Create(c, $"{t.Label} {t.Milliseconds:0.0}"))));
        }

        lines.Add("budget governor: not available yet");
        return lines;
    }
}
