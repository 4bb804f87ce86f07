using GameUpscaler.Imaging;
using GameUpscaler.Inference;
using GameUpscaler.Metrics;
using GameUpscaler.Models;
using GameUpscaler.Tests;
using Xunit.Abstractions;

namespace GameUpscaler.Native.Tests;

/// <summary>
/// The Vulkan layer in real, unmodified Vulkan programs under Xvfb on lavapipe, enabled the way a player enables it:
/// the manifest installed as an implicit layer (in a temporary XDG_DATA_HOME, as scripts/install-layer.sh installs
/// it in ~/.local/share) and <c>ENABLE_GAMEUPSCALER=1</c>. The layer's log, its frame capture
/// (<c>GAMEUPSCALER_CAPTURE</c>) and an xwd screenshot of the window are checked against the CPU reference.
/// </summary>
[Collection("Layer")]
public sealed class LayerTests(ITestOutputHelper log)
{
    /// <summary>The 8-bit window against the fp32 CPU reference of the captured frame: rounding and fp32 summation order only.</summary>
    private const double MinReferencePsnr = 45;

    [Fact]
    public void Vkcube_renders_at_the_render_size_and_its_window_shows_the_generator_output()
    {
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        // The per-game section overrides the top: vkcube runs at Performance with the small model, not at Quality.
        File.WriteAllText(temp.File("gameupscaler.conf"), "mode = quality\nsharpness = 0.2\n\n[vkcube]\nmode = performance\nmodel = x2-c8-n2-l1\n");
        string script = $"""
            vkcube --c 12 > {temp.File("vkcube.out")} 2>&1 &
            pid=$!
            for i in $(seq 1 240); do [ -f {temp.File("capture/frame_00004.output.png")} ] && break; sleep 0.5; done
            xwd -root -silent -out {temp.File("window.xwd")}
            wait $pid
            echo "vkcube exit $?"
            """;
        ChildProcess.Result run = RunUnderX(temp, script, new() { ["GAMEUPSCALER_CONFIG"] = temp.File("gameupscaler.conf"), ["GAMEUPSCALER_CAPTURE"] = temp.File("capture") });
        string layerLog = File.ReadAllText(temp.File("layer.log"));
        Assert.Contains("vkcube exit 0", run.Output, StringComparison.Ordinal);
        Assert.Contains("250x250 (what the game renders) -> 500x500 (the window)", layerLog, StringComparison.Ordinal);
        Assert.Contains("method generator srvgg x2 C8 N2", layerLog, StringComparison.Ordinal);
        Assert.Matches(@"12 frames upscaled by generator srvgg x2 C8 N2, 0 blitted; GPU ms per frame [0-9.]+ \(input", layerLog);

        // The window is vkcube's 500x500 at 100,100 on the root.
        AssertWindowShowsTheReference(temp, (100, 100), capturedFrames: 12, (250, 250), (500, 500));
    }

    [Fact]
    public void Under_the_validation_layer_and_mangohud_the_layer_causes_no_validation_message()
    {
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        string settings = temp.File("vk_layer_settings.txt");
        File.WriteAllText(settings, $"""
            khronos_validation.debug_action = VK_DBG_LAYER_ACTION_LOG_MSG
            khronos_validation.report_flags = error,warn
            khronos_validation.log_filename = {temp.File("validation.txt")}
            """);
        var environment = new Dictionary<string, string>
        {
            ["VK_INSTANCE_LAYERS"] = "VK_LAYER_KHRONOS_validation",
            ["VK_LAYER_SETTINGS_PATH"] = settings,
            ["MANGOHUD"] = "1",
            ["GAMEUPSCALER_MODEL"] = "x2-c8-n2-l1",
        };
        // The control: vkcube's own --force_errors must be reported, or a silent log would prove nothing.
        ChildProcess.Result control = RunUnderX(temp, "vkcube --c 3 --force_errors; echo \"vkcube exit $?\"", environment);
        string controlMessages = File.Exists(temp.File("validation.txt")) ? File.ReadAllText(temp.File("validation.txt")) : string.Empty;
        Assert.True(controlMessages.Contains("Validation", StringComparison.Ordinal), $"the validation log caught nothing from --force_errors:\n{control.Output}");
        File.Delete(temp.File("validation.txt"));
        File.Delete(temp.File("layer.log"));

        ChildProcess.Result run = RunUnderX(temp, "vkcube --c 5; echo \"vkcube exit $?\"", environment);
        Assert.Contains("vkcube exit 0", run.Output, StringComparison.Ordinal);
        Assert.Contains("[MANGOHUD]", run.Output, StringComparison.Ordinal);
        string layerLog = File.ReadAllText(temp.File("layer.log"));
        Assert.Contains("5 frames upscaled by generator srvgg x2 C8 N2", layerLog, StringComparison.Ordinal);
        string messages = File.Exists(temp.File("validation.txt")) ? File.ReadAllText(temp.File("validation.txt")) : string.Empty;
        Assert.True(messages.Trim().Length == 0, $"validation messages with the layer:\n{messages}");
    }

    [Fact]
    public void A_resize_makes_a_new_swapchain_and_the_toggle_key_switches_to_the_blit()
    {
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        // Each step waits for the layer to log the one before, never for the clock: how many frames lavapipe presents in
        // a second depends on the machine and its load (a fixed 150-frame run once ended before the key went down).
        // Escape ends vkcube the way a player quits it.
        string script = $$"""
            vkcube --c 100000 > {{temp.File("vkcube.out")}} 2>&1 &
            pid=$!
            logged() {
              for i in $(seq 1 1200); do
                grep -q "$1" {{temp.File("layer.log")}} 2>/dev/null && return 0
                kill -0 $pid 2>/dev/null || break
                sleep 0.1
              done
              echo "never logged: $1"; return 1
            }
            logged "method the spatial upscaler"
            window=$(xdotool search --class "" | tail -1)
            named=$(xdotool search --name vkcube | head -1)
            xdotool windowsize "$window" 400 300
            logged "200x150 (what the game renders)"
            xdotool keydown Home
            logged "toggle key Home"
            xdotool keyup Home
            sleep 1
            xdotool key --window "$named" Escape
            for i in $(seq 1 200); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
            kill -0 $pid 2>/dev/null && { echo "vkcube did not quit on Escape"; kill $pid; }
            wait $pid
            echo "vkcube exit $?"
            """;
        ChildProcess.Result run = RunUnderX(temp, script, new() { ["GAMEUPSCALER_MODEL"] = "none", ["GAMEUPSCALER_CSV"] = temp.File("passes.csv") });
        string layerLog = File.ReadAllText(temp.File("layer.log"));
        Assert.Contains("vkcube exit 0", run.Output, StringComparison.Ordinal);
        Assert.Contains("250x250 (what the game renders) -> 500x500 (the window)", layerLog, StringComparison.Ordinal);
        Assert.Contains("200x150 (what the game renders) -> 400x300 (the window)", layerLog, StringComparison.Ordinal);
        Assert.Contains("toggle key Home: upscaler off (linear blit)", layerLog, StringComparison.Ordinal);
        Assert.Matches(@"frames upscaled by the spatial upscaler, [1-9][0-9]* blitted", layerLog);
        string[] csv = File.ReadAllLines(temp.File("passes.csv"));
        Assert.Equal("swapchain,frame,pass,gpu_ms", csv[0]);
        Assert.Contains(csv, line => line.Contains(",spatial,", StringComparison.Ordinal));
    }

    [Fact]
    public void A_corrupt_model_or_bad_settings_leave_the_game_running_on_the_spatial_upscaler()
    {
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        File.WriteAllBytes(temp.File("corrupt.safetensors"), [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 37))]);
        ChildProcess.Result run = RunUnderX(temp, "vkcube --c 4; echo \"vkcube exit $?\"", new()
        {
            ["GAMEUPSCALER_MODEL"] = temp.File("corrupt.safetensors"),
            ["GAMEUPSCALER_SHARPNESS"] = "7",
        });
        string layerLog = File.ReadAllText(temp.File("layer.log"));
        Assert.Contains("vkcube exit 0", run.Output, StringComparison.Ordinal);
        Assert.Contains("sharpness = 7 is not a valid setting", layerLog, StringComparison.Ordinal);
        Assert.Contains("cannot run", layerLog, StringComparison.Ordinal);
        Assert.Contains("4 frames upscaled by the spatial upscaler", layerLog, StringComparison.Ordinal);
    }

    [Fact]
    public void Vkd3d_gears_runs_under_the_layer_and_its_own_size_passes_through()
    {
        // vkd3d's demos size their swapchain from their own window description, not from the surface's current extent
        // (demo_xcb.h), so they render at the window size whatever the layer reports: the layer must see that, pass
        // the frames through untouched and keep the Direct3D 12 program running.
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        string script = $"""
            timeout -s INT 12 vkd3d-gears > {temp.File("gears.out")} 2>&1
            echo "gears exit $?"
            xwd -root -silent -out {temp.File("screen.xwd")} || true
            """;
        ChildProcess.Result run = RunUnderX(temp, script, []);
        string layerLog = File.ReadAllText(temp.File("layer.log"));
        string gears = File.ReadAllText(temp.File("gears.out"));
        Assert.Contains("VK_LAYER_GAMEUPSCALER_upscale in vkd3d-gears: on", layerLog, StringComparison.Ordinal);
        Assert.Contains("swapchain 300x300 passes through: the game renders at the window size", layerLog, StringComparison.Ordinal);
        // Interrupted by timeout after running (exit 124), never a crash of its own.
        Assert.Contains("gears exit 124", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Segmentation", gears, StringComparison.Ordinal);
        Assert.DoesNotContain("error", layerLog.Replace("errors", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("performance")]
    [InlineData("quality")]
    public void Vkd3d_gears_in_a_larger_window_is_upscaled_from_its_own_size_by_the_generator(string mode)
    {
        // A window manager gives the Direct3D 12 demo's window 600x600 (as a tiling one or a maximised window would).
        // At Performance the layer reports 300x300, which is also gears' own size; at Quality it reports 400x400 and
        // gears still renders its own 300x300: the layer takes the game's size as it is and upscales it x2 into the
        // window either way. Escape ends the demo the way a player quits it.
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        string script = $"""
            {NativeBuild.SizingWindowManager} 600 600 > {temp.File("wm.out")} 2>&1 &
            for i in $(seq 1 100); do grep -q ready {temp.File("wm.out")} && break; sleep 0.05; done
            vkd3d-gears > {temp.File("gears.out")} 2>&1 &
            pid=$!
            for i in $(seq 1 240); do [ -f {temp.File("capture/frame_00004.output.png")} ] && break; sleep 0.5; done
            xwd -root -silent -out {temp.File("window.xwd")}
            xdotool key --window "$(xdotool search --name 'Vkd3d Gears' | head -1)" Escape 2>/dev/null
            ( sleep 60; kill -INT $pid ) > /dev/null 2>&1 &
            watchdog=$!
            wait $pid
            echo "gears exit $?"
            kill $watchdog 2>/dev/null
            cat {temp.File("wm.out")}
            """;
        ChildProcess.Result run = RunUnderX(temp, script, new()
        {
            ["GAMEUPSCALER_MODE"] = mode,
            ["GAMEUPSCALER_MODEL"] = "x2-c8-n2-l1",
            ["GAMEUPSCALER_CAPTURE"] = temp.File("capture"),
        });
        string layerLog = File.ReadAllText(temp.File("layer.log"));
        Assert.Contains("sized 600x600", run.Output, StringComparison.Ordinal);
        Assert.Contains("gears exit 0", run.Output, StringComparison.Ordinal);
        Assert.Contains("300x300 (what the game renders) -> 600x600 (the window)", layerLog, StringComparison.Ordinal);
        Assert.Matches(@"summary: [0-9]+ frames upscaled by generator srvgg x2 C8 N2, 0 blitted; GPU ms per frame [0-9.]+ \(input", layerLog);
        Assert.Contains("device destroyed after", layerLog, StringComparison.Ordinal);
        int captured = Directory.GetFiles(temp.File("capture"), "frame_*.output.png").Length;
        AssertWindowShowsTheReference(temp, (0, 0), captured, (300, 300), (600, 600));
    }

    [Fact]
    public void A_game_that_exits_with_its_device_alive_still_leaves_its_summary()
    {
        // vk_quit_client presents 6 frames into its 400x300 window and calls exit() without a vkDestroy* call, as many
        // games quit: the summaries come from the layer's exit handler.
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        ChildProcess.Result run = RunUnderX(temp, $"{NativeBuild.QuitClient} 6; echo \"client exit $?\"", new() { ["GAMEUPSCALER_MODEL"] = "none" });
        string layerLog = File.ReadAllText(temp.File("layer.log"));
        Assert.Contains("presented 6 frames at 200x150", run.Output, StringComparison.Ordinal);
        Assert.Contains("client exit 0", run.Output, StringComparison.Ordinal);
        Assert.Contains("200x150 (what the game renders) -> 400x300 (the window)", layerLog, StringComparison.Ordinal);
        Assert.Contains("summary: 6 frames upscaled by the spatial upscaler, 0 blitted", layerLog, StringComparison.Ordinal);
        Assert.Contains("the game exits with its device alive after 6 presents", layerLog, StringComparison.Ordinal);
        Assert.Contains("exit: 1 swapchain of the layer's, 6 frames upscaled, 0 blitted", layerLog, StringComparison.Ordinal);
        Assert.DoesNotContain("device destroyed", layerLog, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lost_device_is_logged_once_and_the_game_hears_of_it_from_the_driver()
    {
        // VK_LAYER_TEST_lose_device, below ours, loses the device after 7 submits: the game's 4th frame (the game's
        // submit is the 7th, the layer's upscale would be the 8th). The layer must log the loss once, stop upscaling,
        // hand the present down, and the game's own call must return VK_ERROR_DEVICE_LOST for it to quit (exit 3).
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        ChildProcess.Result run = RunUnderX(temp, $"{NativeBuild.QuitClient} 8; echo \"client exit $?\"", new()
        {
            ["GAMEUPSCALER_MODEL"] = "none",
            ["VK_ADD_LAYER_PATH"] = NativeBuild.LoseDeviceLayer,
            ["VK_INSTANCE_LAYERS"] = "VK_LAYER_TEST_lose_device",
            ["GU_TEST_LOSE_DEVICE_AFTER"] = "7",
        });
        string layerLog = File.ReadAllText(temp.File("layer.log"));
        Assert.Contains("the device is lost after 7 submits", run.Output, StringComparison.Ordinal);
        Assert.Contains("device lost at frame 3 (vkQueuePresentKHR", run.Output, StringComparison.Ordinal);
        Assert.Contains("client exit 3", run.Output, StringComparison.Ordinal);
        Assert.Single(layerLog.Split('\n'), line => line.Contains("the device was lost at present 3", StringComparison.Ordinal));
        Assert.Contains("summary: 3 frames upscaled by the spatial upscaler, 0 blitted; GPU time not read", layerLog, StringComparison.Ordinal);
        Assert.Contains("exit: 1 swapchain of the layer's, 3 frames upscaled, 0 blitted", layerLog, StringComparison.Ordinal);
        Assert.DoesNotContain("Segmentation", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_windows_in_one_present_are_each_upscaled_into_their_own_window()
    {
        // vk_quit_client's two windows (400x300 at 0,0 and 320x240 at 420,0) present in one vkQueuePresentKHR: each
        // swapchain gets its render size, its own upscaler and its own captures, and each window shows its own frame.
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        string script = $"""
            {NativeBuild.QuitClient} 4 2
            echo "client exit $?"
            """;
        ChildProcess.Result run = RunUnderX(temp, script, new() { ["GAMEUPSCALER_MODEL"] = "none", ["GAMEUPSCALER_CAPTURE"] = temp.File("capture") });
        string layerLog = File.ReadAllText(temp.File("layer.log"));
        Assert.Contains("presented 4 frames at 200x150, 160x120", run.Output, StringComparison.Ordinal);
        Assert.Contains("client exit 0", run.Output, StringComparison.Ordinal);
        Assert.Contains("200x150 (what the game renders) -> 400x300 (the window)", layerLog, StringComparison.Ordinal);
        Assert.Contains("160x120 (what the game renders) -> 320x240 (the window)", layerLog, StringComparison.Ordinal);
        Assert.Equal(2, layerLog.Split('\n').Count(line => line.Contains("summary: 4 frames upscaled by the spatial upscaler, 0 blitted", StringComparison.Ordinal)));
        Assert.Contains("exit: 2 swapchains of the layer's, 8 frames upscaled, 0 blitted", layerLog, StringComparison.Ordinal);

        // The last frame of each swapchain has its own files, at its own sizes, in its own colour (green 0.5 and 1.0).
        Image8 first = PngCodec.Decode(temp.File("capture/frame_00003.input.png"));
        Image8 second = PngCodec.Decode(temp.File("capture/frame_00003.swapchain1.input.png"));
        Assert.Equal((200, 150), (first.Width, first.Height));
        Assert.Equal((160, 120), (second.Width, second.Height));
        Assert.True(second[80, 60, 1] > first[100, 75, 1] + 40, $"the second window's frame (green {second[80, 60, 1]}) is not its own (first: {first[100, 75, 1]})");
        Image8 secondWindow = PngCodec.Decode(temp.File("capture/frame_00003.swapchain1.output.png"));
        Assert.Equal((320, 240), (secondWindow.Width, secondWindow.Height));
    }

    /// <summary>
    /// The window (at <paramref name="origin"/> on the root screenshot window.xwd) shows one of the frames the layer
    /// captured exactly, and that frame is the CPU reference (the shipped x2-c8-n2-l1, sharpness 0.2) applied to the
    /// render-size frame the layer took from the game, far from what a plain resample of it gives.
    /// </summary>
    private void AssertWindowShowsTheReference(TemporaryDirectory temp, (int X, int Y) origin, int capturedFrames, (int Width, int Height) render, (int Width, int Height) window)
    {
        Image8 screen = XwdImage.Read(File.ReadAllBytes(temp.File("window.xwd")));
        Image8 shownWindow = screen.Crop(origin.X, origin.Y, window.Width, window.Height);
        (int frame, double shown) = Enumerable.Range(0, capturedFrames)
            .Where(i => File.Exists(temp.File($"capture/frame_{i:D5}.output.png")))
            .Select(i => (i, ImageQuality.PsnrRgb(PngCodec.Decode(temp.File($"capture/frame_{i:D5}.output.png")), shownWindow, 0)))
            .MaxBy(p => p.Item2);
        log.WriteLine($"the window shows captured frame {frame} ({shown:F1} dB)");
        Assert.True(shown >= 60, $"the window matches no captured output (best: frame {frame}, {shown:F1} dB)");

        Image8 input = PngCodec.Decode(temp.File($"capture/frame_{frame:D5}.input.png"));
        Assert.Equal(render, (input.Width, input.Height));
        GeneratorWeights weights = KnownModels.Resolve(Path.Combine(TestPaths.RepositoryRoot, "models", "x2-c8-n2-l1.safetensors"));
        PlanarImage expected = FrameReference.Upscale(weights, input.ToPlanar(), new Size2D(window.Width, window.Height), 0.2f, hdr: false, hud: null);
        double psnr = ImageQuality.PsnrRgb(expected.ToImage8().ToRgb(), shownWindow, 0);
        log.WriteLine($"window against the CPU reference: {psnr:F1} dB");
        Assert.True(psnr >= MinReferencePsnr, $"the window is {psnr:F1} dB from the CPU reference of frame {frame} (at least {MinReferencePsnr})");
        double bilinear = ImageQuality.PsnrRgb(Resampling.OutputResampler.Resample(input.ToPlanar(), window.Width, window.Height).ToImage8(), shownWindow, 0);
        Assert.True(psnr > bilinear + 10, $"the reference ({psnr:F1} dB) must tell the generator from a plain resample ({bilinear:F1} dB)");
    }

    /// <summary>Runs a bash script under Xvfb (800x600x24) with the layer installed as an implicit layer and enabled, its log in layer.log.</summary>
    private ChildProcess.Result RunUnderX(TemporaryDirectory temp, string script, Dictionary<string, string> environment)
    {
        string layers = Path.Combine(temp.Path, "data", "vulkan", "implicit_layer.d");
        Directory.CreateDirectory(layers);
        string manifest = File.ReadAllText(Path.Combine(NativeBuild.Directory, "VkLayer_gameupscaler.json"))
            .Replace("./libVkLayer_gameupscaler.so", Path.Combine(NativeBuild.Directory, "libVkLayer_gameupscaler.so"), StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(layers, "VkLayer_gameupscaler.json"), manifest);
        File.WriteAllText(temp.File("run.sh"), script);
        var variables = new Dictionary<string, string>(environment)
        {
            ["XDG_DATA_HOME"] = Path.Combine(temp.Path, "data"),
            ["XDG_CONFIG_HOME"] = Path.Combine(temp.Path, "config"),
            ["ENABLE_GAMEUPSCALER"] = "1",
            ["GAMEUPSCALER_LOG"] = temp.File("layer.log"),
        };
        _ = NativeBuild.Layer;
        ChildProcess.Result run = ChildProcess.Run("xvfb-run", ["-a", "-s", "-screen 0 800x600x24", "bash", temp.File("run.sh")], variables, timeoutSeconds: 400);
        log.WriteLine(run.Output);
        if (File.Exists(temp.File("layer.log")))
        {
            log.WriteLine(File.ReadAllText(temp.File("layer.log")));
        }

        return run;
    }
}

/// <summary>The layer's tests run one X server and one game at a time (two cores; each game's frames are slow on lavapipe).</summary>
[CollectionDefinition("Layer", DisableParallelization = true)]
public sealed class LayerCollection;
