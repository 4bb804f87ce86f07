namespace GameUpscaler.Cli;

using GameUpscaler.Imaging;
using GameUpscaler.Models;

/// <summary>The <c>gameupscaler</c> command: routes to a command and turns failures into messages, never stack traces.</summary>
internal static class Program
{
    public const int ExitSuccess = 0;
    public const int ExitFailure = 1;
    public const int ExitUsage = 2;

    private static readonly (string Name, string Summary, Func<CommandLineArguments, int> Run, string[] Flags, string Usage)[] Commands =
    [
        ("demo", "render the built-in test scene at a quality mode's render size, upscale it with every method, keep the best",
            DemoCommand.Run, [], DemoCommand.Usage),
        ("upscale", "upscale an image file", UpscaleCommand.Run, [OutputPath.OverwriteFlag], UpscaleCommand.Usage),
        ("eval", "score a method on an SR dataset (MATLAB-compatible protocol)", EvalCommand.Run, [], EvalCommand.Usage),
        ("model", "model files: 'model new' (random weights), 'model blend' (L1/GAN network interpolation)", ModelCommand.Run, [OutputPath.OverwriteFlag], ModelCommand.Usage),
        ("export", "write a generator as an ONNX model or a PyTorch checkpoint (SRVGGNetCompact)", ExportCommand.Run, ["bare"], ExportCommand.Usage),
        ("import", "convert a Real-ESRGAN compact model (ncnn .param/.bin, or a PyTorch .pth/.safetensors state dict) into a generator file",
            ImportCommand.Run, ["ncnn", "pytorch", OutputPath.OverwriteFlag], ImportCommand.Usage),
        ("train", "train a generator (L1, then GAN; per-frame or temporal) or the diffusion model, with checkpoints and resume", TrainCommand.Run, ["temporal"], TrainCommand.Usage),
        ("curve", "plot training runs' validation Y-PSNR against iterations (SVG)", CurveCommand.Run, ["chain"], CurveCommand.Usage),
        ("report", "model-card table (PSNR, SSIM, GMSD, HF ratio) and side-by-side crop", ReportCommand.Run, [], ReportCommand.Usage),
        ("compare", "bicubic, spatial, generators and diffusion side by side: quality, ms per image, diffusion/GAN time ratio",
            CompareCommand.Run, [], CompareCommand.Usage),
        ("temporal", "temporal stability on an exact sub-pixel pan: warping error (flicker) and Y-PSNR per method",
            TemporalCommand.Run, [], TemporalCommand.Usage),
        ("capture", "replay a frame capture (jitter, motion vectors, depth) through a method and score it (Y-PSNR, SSIM, temporal error)",
            CaptureCommand.Run, [], CaptureCommand.Usage),
        ("info", "versions, CPU features, backends and models", InfoCommand.Run, [], InfoCommand.Usage),
        ("bench", "frame-time benchmark: GPU time per pass, percentiles, budget adherence, CSV/JSON/SVG", BenchCommand.Run, ["dynamic-resolution"], BenchCommand.Usage),
    ];

    public static int Main(string[] args)
    {
        if (Console.IsOutputRedirected)
        {
            // Logs and pipes get plain text, not colour escapes.
            Spectre.Console.AnsiConsole.Profile.Capabilities.Ansi = false;
        }

        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            PrintHelp(Console.Out);
            return args.Length == 0 ? ExitUsage : ExitSuccess;
        }

        if (args[0] == "--version")
        {
            Console.WriteLine(InfoCommand.Version);
            return ExitSuccess;
        }

        var command = Commands.FirstOrDefault(c => c.Name == args[0]);
        if (command.Name is null)
        {
            Console.Error.WriteLine($"error: unknown command '{args[0]}'.");
            PrintHelp(Console.Error);
            return ExitUsage;
        }

        if (args.Skip(1).Any(a => a is "-h" or "--help"))
        {
            Console.WriteLine(command.Usage);
            return ExitSuccess;
        }

        try
        {
            return command.Run(CommandLineArguments.Parse(args.Skip(1), command.Flags));
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            Console.Error.WriteLine(command.Usage);
            return ExitUsage;
        }
        catch (Exception e) when (e is ImageFormatException or ModelFormatException or UpscalerException or IOException
            or UnauthorizedAccessException or ArgumentException or InvalidOperationException or NotSupportedException)
        {
            // Expected failures (bad files, bad sizes, missing backends) are reported in words; a bug still crashes loudly.
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitFailure;
        }
    }

    private static void PrintHelp(TextWriter writer)
    {
        writer.WriteLine($"gameupscaler {InfoCommand.Version} — real-time super-resolution for games, offline tools");
        writer.WriteLine();
        writer.WriteLine("usage: gameupscaler <command> [arguments]   (gameupscaler <command> --help for details)");
        writer.WriteLine();
        foreach (var command in Commands)
        {
            writer.WriteLine($"  {command.Name,-8} {command.Summary}");
        }
    }
}
