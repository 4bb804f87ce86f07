namespace GameUpscaler.Cli;

using System.Diagnostics;
using GameUpscaler.Evaluation;
using GameUpscaler.Imaging;

/// <summary><c>gameupscaler upscale IN OUT</c>: enlarge one PNG or JPEG by a scale or a quality mode's ratio, writing a PNG.</summary>
internal static class UpscaleCommand
{
    public static int Run(CommandLineArguments args)
    {
        string input = args.Positional(0, "the input image");
        string output = OutputPath.Get(args, 1, "the output image", ".png", input);
        long maxPixels = args.GetPixelCount("max-pixels", ImageFile.DefaultMaxPixels);
        double ratio = ReadRatio(args);
        IUpscaleMethod method = MethodOptions.Create(args);
        args.EnsureAllUsed(2);

        Image8 image = ImageFile.Load(input, maxPixels);
        var size = new Size2D(
            Math.Max(image.Width, (int)Math.Round(image.Width * ratio)), Math.Max(image.Height, (int)Math.Round(image.Height * ratio)));
        if ((long)size.Width * size.Height > maxPixels)
        {
            throw new ImageFormatException(
                input,
                $"upscaled by {ratio} it would be {size.Width}x{size.Height} ({(long)size.Width * size.Height:N0} pixels), over the limit of " +
                $"{maxPixels:N0} pixels; pass a larger --max-pixels to allow it (about 12 bytes of memory per output pixel)",
                null);
        }

        long start = Stopwatch.GetTimestamp();
        Image8 result = method.Upscale(image, size);
        double milliseconds = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        PngCodec.Encode(result, output);
        Console.WriteLine($"{Path.GetFileName(input)} {image.Width}x{image.Height} -> {Path.GetFileName(output)} {result.Width}x{result.Height} ({method.Name}, {milliseconds:F0} ms)");
        return Program.ExitSuccess;
    }

    private static double ReadRatio(CommandLineArguments args)
    {
        string? mode = args.Get("mode");
        if (mode is null)
        {
            return args.GetDouble("scale", 2.0, QualityModes.MinimumRatio, QualityModes.MaximumRatio);
        }

        if (args.Has("scale"))
        {
            throw new UsageException("Give either --scale or --mode, not both.");
        }

        return QualityModes.TryParse(mode, out QualityMode parsed)
            ? QualityModes.GetUpscaleRatio(parsed)
            : throw new UsageException($"Unknown quality mode '{mode}'.");
    }
}
