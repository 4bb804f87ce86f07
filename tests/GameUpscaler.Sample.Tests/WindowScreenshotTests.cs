using System.Diagnostics;
using GameUpscaler.Hooks;
using GameUpscaler.Imaging;
using GameUpscaler.Metrics;
using GameUpscaler.Models;
using GameUpscaler.Tests;

namespace GameUpscaler.Sample.Tests;

/// <summary>
/// The windowed sample under Xvfb on lavapipe: 120 frames cycling through every mode (20 each), with frame 90 held on
/// screen while the root window is captured with xwd. The window's pixels must match the headless output of the
/// same frame: what reaches the swapchain is what the pipeline computed. Runs in CI (setup.sh installs xvfb,
/// xauth, x11-apps and SDL2); missing tools fail the test with the install command, never skip it.
/// </summary>
[Collection("Sample")]
public sealed class WindowScreenshotTests(SampleFixture fixture)
{
    private const int HeldFrame = 90; // frames 80-99 run Performance mode (20 frames per mode, off first)
    private const int FramesPerMode = 20;
    private static readonly Size2D Display = new(320, 180);

    [Fact]
    public async Task Window_under_xvfb_shows_exactly_the_headless_frame_while_cycling_every_mode()
    {
        foreach (string tool in new[] { "xvfb-run", "xwd", "xauth" })
        {
            Assert.True(OnPath(tool), $"{tool} is missing: apt-get install xvfb xauth x11-apps libsdl2-2.0-0 (scripts/setup.sh does).");
        }

        string directory = Path.Combine(Path.GetTempPath(), "gameupscaler-window-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            string hold = Path.Combine(directory, "hold");
            string shot = Path.Combine(directory, "shot.xwd");
            string sample = typeof(Program).Assembly.Location;
            string script = Path.Combine(directory, "run.sh");
            File.WriteAllText(script, $"""
                set -u
                dotnet "{sample}" --display {Display.Width}x{Display.Height} --frames 120 --cycle-modes --frames-per-mode {FramesPerMode} --no-hud --hold-frame {HeldFrame} --hold-file "{hold}" &
                pid=$!
                for i in $(seq 3000); do [ -f "{hold}.ready" ] && break; kill -0 $pid 2>/dev/null || break; sleep 0.1; done
                [ -f "{hold}.ready" ] && xwd -root -silent > "{shot}"
                touch "{hold}.release"
                wait $pid
                """);
            (int exitCode, string output) = await RunUnderXvfbAsync(["bash", script], TimeSpan.FromMinutes(8));
            Assert.True(exitCode == 0, $"exit code {exitCode}:\n{output}");
            Assert.Contains("presented 120 frames", output, StringComparison.Ordinal);
            foreach (RenderPipelineHookSettings mode in SampleModes.All)
            {
                Assert.Matches($@"(?m)^{SampleModes.NameOf(mode)}\s+20 frames", output);
            }

            Assert.DoesNotContain("Validation Error", output, StringComparison.Ordinal);
            Assert.Equal($"{HeldFrame} performance", File.ReadAllText(hold + ".ready").Trim());
            Image8 screen = XwdImage.Read(File.ReadAllBytes(shot));
            Image8 window = screen.Crop(0, 0, Display.Width, Display.Height);

            // The same frame headless, with the same default models and variant (the temporal one when a temporal model
            // ships): its history starts where the window entered Performance, so the frames since then are rendered too.
            (GeneratorWeights? weights, string description) = SampleModel.Resolve(new SampleOptions());
            (GeneratorWeights? temporal, string temporalDescription) = SampleModel.ResolveTemporal(new SampleOptions());
            var settings = new RenderPipelineHookSettings(true, QualityMode.Performance)
            {
                Variant = temporal is null ? UpscalerVariant.Generator : UpscalerVariant.Temporal,
            };
            using var game = new SampleGame(fixture.Device, Display, weights, description, temporalGenerator: temporal, temporalDescription: temporalDescription) { DrawHud = false };
            int entered = HeldFrame - (HeldFrame % FramesPerMode);
            Image8 previous = new(Display.Width, Display.Height, 3), headless = previous;
            for (int k = entered; k <= HeldFrame; k++)
            {
                (headless, _) = game.RenderFrame(k, settings with { Mode = QualityMode.Performance });
                if (k == HeldFrame - 1)
                {
                    previous = headless;
                }
            }


            double psnr = ImageQuality.PsnrRgb(headless, window, 0);
            if (psnr < 40)
            {
                // Keep the evidence next to the test results.
                string evidence = Path.Combine(Path.GetTempPath(), "gameupscaler-window-failure");
                Directory.CreateDirectory(evidence);
                PngCodec.Encode(window, Path.Combine(evidence, "window.png"));
                PngCodec.Encode(headless, Path.Combine(evidence, "headless.png"));
            }

            Assert.True(psnr >= 40, $"Window vs headless frame {HeldFrame}: {psnr:0.00} dB (< 40).");
            double neighbour = ImageQuality.PsnrRgb(previous, window, 0);
            Assert.True(neighbour < psnr - 5, $"The window matches frame {HeldFrame - 1} nearly as well ({neighbour:0.00} dB) as frame {HeldFrame} ({psnr:0.00} dB).");
            fixture.AssertValidationSilent();
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task Window_resize_recreates_the_swapchain_and_the_hook_follows()
    {
        string sample = typeof(Program).Assembly.Location;
        (int exitCode, string output) = await RunUnderXvfbAsync(
            ["dotnet", sample, "--display", "320x180", "--frames", "8", "--mode", "ultra-performance", "--resize-at", "3", "256x144"],
            TimeSpan.FromMinutes(4));

        Assert.True(exitCode == 0, $"exit code {exitCode}:\n{output}");
        Assert.Matches(@"swapchain re-created: 256x144 \(generation \d+, hook contexts generation 2\)", output);
        Assert.Contains("presented 8 frames", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Validation Error", output, StringComparison.Ordinal);
    }

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(d => File.Exists(Path.Combine(d, tool)));

    /// <summary>
    /// Runs a command under a private X server (xvfb-run, 640×480) with the Khronos validation layer injected, whose
    /// messages land in the output, and returns the exit code with stdout and stderr together.
    /// </summary>
    private static async Task<(int ExitCode, string Output)> RunUnderXvfbAsync(string[] command, TimeSpan limit)
    {
        var start = new ProcessStartInfo("xvfb-run", ["-a", "-s", "-screen 0 640x480x24", .. command])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["VK_INSTANCE_LAYERS"] = "VK_LAYER_KHRONOS_validation";
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }
}
