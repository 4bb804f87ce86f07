using GameUpscaler.Scene.Host;
using System.Globalization;
using GameUpscaler.Governor;
using GameUpscaler.Hooks;
using GameUpscaler.Models;
using GameUpscaler.Sample.Platform;
using GameUpscaler.Vulkan;

namespace GameUpscaler.Sample;

/// <summary>
/// The windowed game: an SDL2 window, a swapchain, the sample frame with the swapchain image as the hook's output,
/// keys for modes and sharpness, resize and out-of-date handling. Optionally holds one frame on screen (for the
/// screenshot test) and cycles modes on its own.
/// </summary>
internal static class WindowedRunner
{
    public static int Run(SampleOptions options, GeneratorWeights? weights, string modelDescription, GeneratorWeights? temporal, string temporalDescription, TextWriter log)
    {
        using var window = new SdlWindow("GameUpscaler sample", options.DisplaySize);
        // The game's own instance (with the window system's extensions) and device, handed to the plugin as handles.
        using HostDevice host = Program.CreateHostDevice(window.GetInstanceExtensions(), presentation: true);
        using VulkanDevice device = VulkanDevice.FromHost(
            host.Instance, host.PhysicalDevice, host.Device, host.Queue, host.QueueFamily, host.Float16Storage, host.Float16Arithmetic);
        // The game's own swapchain (Silk.NET); the plugin sees only the acquired image, as a resource.
        using var swapchain = new HostSwapchain(host, window.CreateSurface(host.Instance), window.DrawableSize);
        using var game = new SampleGame(device, swapchain.Size, weights, modelDescription, HostSwapchain.PresentLayout, temporal, temporalDescription) { DrawHud = !options.NoHud };
        if (options.Governor)
        {
            game.EnableGovernor(options.GovernorOptions);
        }
        log.WriteLine($"device: {device.Info.Name}; window {swapchain.Size.Width}x{swapchain.Size.Height}; model: {modelDescription}");
        log.WriteLine("keys: 0 off, 1 native AA, 2 quality, 3 balanced, 4 performance, 5 ultra performance, +/- sharpness, T temporal (TAAU) on/off, F1 split screen, B budget governor, Esc quit");

        IReadOnlyList<RenderPipelineHookSettings> modes = SampleModes.Parse(options.Mode);
        RenderPipelineHookSettings settings = modes[0] with { Sharpness = options.Sharpness, SplitScreen = options.SplitScreen, Variant = options.Variant ?? UpscalerVariant.Generator };
        var timings = new List<FrameTiming>();
        int frame = 0;
        bool resizeDone = false;
        while (!window.QuitRequested && (options.Frames is not { } limit || frame < limit))
        {
            (List<int> keys, bool resized) = window.PollEvents();
            foreach (int key in keys)
            {
                settings = ApplyKey(key, settings, game, options.GovernorOptions, log, out bool quit);
                if (quit)
                {
                    return Summarise(timings, log);
                }
            }

            if (options.CycleModes)
            {
                RenderPipelineHookSettings cycled = modes.Count > 1 ? modes[frame / options.FramesPerMode % modes.Count] : SampleModes.All[frame / options.FramesPerMode % SampleModes.All.Count];
                settings = cycled with { Sharpness = settings.Sharpness, Variant = settings.Variant, SplitScreen = settings.SplitScreen };
            }

            if (options.ResizeAt is { } resize && resize.Frame == frame && !resizeDone)
            {
                window.Resize(resize.Size);
                resizeDone = true;
            }

            if (resized)
            {
                Recreate(swapchain, window, game, log);
            }

            game.PrepareFrame(frame, settings);
            bool presented = swapchain.PresentFrame((cb, image) => game.RecordFrame(cb.Handle, image));
            FrameTiming timing = game.CompleteFrame();
            if (!presented)
            {
                // Out of date or suboptimal (the window changed): re-create and render this frame again.
                Recreate(swapchain, window, game, log);
                continue;
            }

            timings.Add(timing);

            if (options.HoldFrame == frame && options.HoldFile is { } holdFile)
            {
                Hold(device, holdFile, frame, settings, log);
            }

            frame++;
        }

        return Summarise(timings, log);
    }

    private static void Recreate(HostSwapchain swapchain, SdlWindow window, SampleGame game, TextWriter log)
    {
        swapchain.Recreate(window.DrawableSize);
        game.Resize(swapchain.Size);
        log.WriteLine($"swapchain re-created: {swapchain.Size.Width}x{swapchain.Size.Height} (generation {swapchain.Generation}, hook contexts generation {game.Hook.ContextGeneration})");
    }

    private static RenderPipelineHookSettings ApplyKey(
        int key, RenderPipelineHookSettings settings, SampleGame game, BudgetGovernorOptions governorOptions, TextWriter log, out bool quit)
    {
        quit = key is Sdl.KeyEscape or 'q';
        RenderPipelineHookSettings next = key switch
        {
            >= '0' and <= '5' => SampleModes.All[key - '0'] with { Sharpness = settings.Sharpness, Variant = settings.Variant, SplitScreen = settings.SplitScreen },
            '+' or '=' or Sdl.KeyKeypadPlus => settings with { Sharpness = MathF.Min(1f, MathF.Round(settings.Sharpness * 10 + 1) / 10) },
            '-' or Sdl.KeyKeypadMinus => settings with { Sharpness = MathF.Max(0f, MathF.Round(settings.Sharpness * 10 - 1) / 10) },
            _ => settings,
        };
        if (key == Sdl.KeyF1)
        {
            next = next with { SplitScreen = !next.SplitScreen };
        }
        else if (key == 't')
        {
            // The TAAU and the per-frame variant take turns; the hook starts the TAAU's history over on entry.
            next = next with { Variant = next.Variant == UpscalerVariant.Temporal ? UpscalerVariant.Generator : UpscalerVariant.Temporal };
        }
        else if (key == 'b')
        {
            if (game.Governor is null)
            {
                game.EnableGovernor(governorOptions);
                log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"budget governor on: {governorOptions.BudgetMilliseconds:0.###} ms"));
            }
            else
            {
                game.DisableGovernor();
                log.WriteLine("budget governor off");
            }
        }

        if (next != settings)
        {
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"mode {next}, variant {next.Variant}, sharpness {next.Sharpness:0.0}, split screen {(next.SplitScreen ? "on" : "off")}"));
        }

        return next;
    }

    /// <summary>
    /// Keeps frame <paramref name="frame"/> on screen: waits for the GPU and the presentation, writes HOLDFILE.ready,
    /// and waits (at most two minutes) for HOLDFILE.release, so a test can take a screenshot of exactly this frame.
    /// </summary>
    private static void Hold(VulkanDevice device, string holdFile, int frame, RenderPipelineHookSettings settings, TextWriter log)
    {
        device.WaitIdle();
        Thread.Sleep(250); // let the X server finish putting the presented image on screen
        File.WriteAllText(holdFile + ".ready", string.Create(CultureInfo.InvariantCulture, $"{frame} {SampleModes.NameOf(settings)}\n"));
        log.WriteLine($"holding frame {frame} ({settings}) until {holdFile}.release exists");
        DateTime deadline = DateTime.UtcNow.AddMinutes(2);
        while (!File.Exists(holdFile + ".release") && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(50);
        }
    }

    private static int Summarise(List<FrameTiming> timings, TextWriter log)
    {
        var c = CultureInfo.InvariantCulture;
        foreach (IGrouping<string, FrameTiming> group in timings.GroupBy(t => t.Mode))
        {
            log.WriteLine(string.Create(c, $"{group.Key,-18} {group.Count(),4} frames  mean gpu upscale {group.Average(t => t.GpuUpscaleMs),8:0.00} ms  mean cpu frame {group.Average(t => t.CpuFrameMs),8:0.00} ms"));
        }

        log.WriteLine($"presented {timings.Count} frames");
        return 0;
    }
}
