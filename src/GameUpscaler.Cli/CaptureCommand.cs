namespace GameUpscaler.Cli;

using System.Globalization;
using System.Text.Json;
using GameUpscaler.Capture;
using GameUpscaler.Imaging;
using GameUpscaler.IO;

/// <summary><c>gameupscaler capture eval</c>: replays a frame capture (CAPTURE.md) through a method and scores it.</summary>
internal static class CaptureCommand
{
    public const string Usage =
        "usage: gameupscaler capture eval --capture DIR --method M [--model NAME|FILE] [--backend cpu|vulkan] [--json FILE] [--frames-out DIR]\n" +
        "  Replays every frame of a capture (../shared/docs/CAPTURE.md: jittered colour, motion vectors, depth, jitter,\n" +
        "  reset, display-size references) through the method, in order, and scores it as the format says: Y-PSNR over\n" +
        "  all frames and over frames >= 8, Y-SSIM, temporal error (0 for the reference; lower is steadier).\n" +
        "  --method M       bicubic | bilinear | lanczos | spatial | model (per frame) | taau (temporal accumulation, CPU)\n" +
        "  --model FILE     a generator .safetensors file or a shipped model's name (--method model)\n" +
        "  --backend B      cpu (default) | vulkan (spatial and model)\n" +
        "  --json FILE      {\"summary\": {psnr_y, psnr_y_from_frame8, ssim_y, temporal_error, ms_per_frame}, \"frames\": [...]}\n" +
        "  --frames-out DIR the output frames as DIR/NNNN.png (a new or empty folder)\n" +
        "  Nothing is written when the capture is malformed or a frame fails.";

    public static int Run(CommandLineArguments args)
    {
        string verb = args.Positional(0, "a verb (eval)");
        if (verb != "eval")
        {
            throw new UsageException($"Unknown capture verb '{verb}'; use 'capture eval'.");
        }

        string folder = args.Get("capture") ?? throw new UsageException("--capture DIR is required.");
        string methodName = args.GetOrDefault("method", "taau").ToLowerInvariant();
        string? json = args.Get("json");
        string? framesOut = args.Get("frames-out");
        ITemporalUpscaleMethod method;
        if (methodName == "taau")
        {
            string backend = args.GetOrDefault("backend", "cpu").ToLowerInvariant();
            if (backend != "cpu")
            {
                throw new UsageException($"--method taau runs on the CPU reference here (--backend cpu); got --backend {backend}.");
            }

            method = new TaauMethod();
        }
        else
        {
            method = new PerFrameMethod(MethodOptions.Create(args));
        }

        args.EnsureAllUsed(1);
        CaptureReader capture = CaptureReader.Open(folder);
        if (!capture.HasReferences)
        {
            throw new CaptureFormatException(Path.Combine(folder, "reference"), "is missing: scoring needs the display-size references");
        }

        string? staging = framesOut is null ? null : PrepareFramesFolder(framesOut);
        try
        {
            CaptureManifest m = capture.Manifest;
            Console.WriteLine($"capture {folder}: {capture.FrameCount} frames, {m.RenderSize.Width}x{m.RenderSize.Height} -> {m.DisplaySize.Width}x{m.DisplaySize.Height}, depth {(m.HasDepth ? "yes" : "no")}; method {method.Name}");
            CaptureScore score = ConsoleProgress.Run($"replaying {capture.FrameCount} frames", capture.FrameCount, step =>
                CaptureEvaluator.Evaluate(capture, method, (index, frame) =>
                {
                    if (staging is not null)
                    {
                        PngCodec.Encode(frame, Path.Combine(staging, index.ToString("D4", CultureInfo.InvariantCulture) + ".png"));
                    }

                    step($"frame {index}");
                }));

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{score.Method}: Y-PSNR {score.PsnrY:F2} dB (frames >= 8: {score.PsnrYFromFrame8:F2} dB), Y-SSIM {score.SsimY:F4}, temporal error {score.TemporalError:F3}, {score.MillisecondsPerFrame:F1} ms per frame (CPU wall time)"));
            if (json is not null)
            {
                OutputFile.WriteAllBytes(json, ToJson(score, folder));
                Console.WriteLine($"scores: {json}");
            }

            if (staging is not null)
            {
                if (Directory.Exists(framesOut))
                {
                    Directory.Delete(framesOut!); // empty, checked before the replay
                }

                Directory.Move(staging, framesOut!);
                staging = null;
                Console.WriteLine($"frames: {framesOut}");
            }
        }
        finally
        {
            if (staging is not null && Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }

        return Program.ExitSuccess;
    }

    private static string PrepareFramesFolder(string framesOut)
    {
        string full = Path.GetFullPath(framesOut);
        if (File.Exists(full) || (Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any()))
        {
            throw new IOException($"{framesOut}: exists and is not empty; --frames-out writes a new folder (nothing was overwritten)");
        }

        string parent = Path.GetDirectoryName(full) ?? ".";
        if (!Directory.Exists(parent))
        {
            throw new DirectoryNotFoundException($"{framesOut}: cannot be written, its folder {parent} does not exist");
        }

        string staging = Path.Combine(parent, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.partial");
        Directory.CreateDirectory(staging);
        return staging;
    }

    private static byte[] ToJson(CaptureScore score, string folder)
    {
        static double? Finite(double v) => double.IsFinite(v) ? v : null;
        var document = new
        {
            capture = folder,
            method = score.Method,
            summary = new
            {
                psnr_y = score.PsnrY,
                psnr_y_from_frame8 = Finite(score.PsnrYFromFrame8),
                ssim_y = score.SsimY,
                temporal_error = Finite(score.TemporalError),
                ms_per_frame = score.MillisecondsPerFrame,
            },
            frames = score.Frames.Select(f => new { index = f.Index, psnr_y = f.PsnrY, ssim_y = f.SsimY, temporal_error = f.TemporalError, ms = f.Milliseconds, reset = f.Reset }),
        };
        return JsonSerializer.SerializeToUtf8Bytes(document, new JsonSerializerOptions { WriteIndented = true });
    }
}
