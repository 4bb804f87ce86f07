namespace GameUpscaler.Cli;

using System.Diagnostics;
using System.Globalization;
using GameUpscaler.Evaluation;
using GameUpscaler.Imaging;
using GameUpscaler.Metrics;
using GameUpscaler.Resampling;
using Spectre.Console;

/// <summary>
/// <c>gameupscaler demo</c>, the README's main job until the sample game exists: render the built-in test scene at a
/// quality mode's render size the way a game does (one sample per pixel, aliased), upscale it to the display size
/// with every available method, score each against a 4×4-supersampled display-size render, and write the images,
/// the best method's frame and a side-by-side crop sheet.
/// </summary>
internal static class DemoCommand
{
    public static int Run(CommandLineArguments args)
    {
        Size2D display = ParseSize(args.GetOrDefault("display", "1280x720"));
        string modeText = args.GetOrDefault("mode", "performance");
        if (!QualityModes.TryParse(modeText, out QualityMode mode))
        {
            throw new UsageException($"Unknown quality mode '{modeText}'.");
        }

        string outDirectory = args.GetOrDefault("out", Path.Combine("out", "demo"));
        float sharpness = (float)args.GetDouble("sharpness", UpscalerDispatchDescription.DefaultSharpness, 0, 1);
        string? model = args.Get("model");
        args.EnsureAllUsed(0);

        Size2D render = QualityModes.GetRenderResolution(mode, display);
        Console.WriteLine($"scene: display {display}, {mode} mode (ratio {QualityModes.GetUpscaleRatio(mode)}) -> render {render}");
        Image8 reference = TestScene.Render(display.Width, display.Height, samplesPerAxis: 4);
        Image8 frame = TestScene.Render(render.Width, render.Height, samplesPerAxis: 1);

        var methods = new List<IUpscaleMethod>
        {
            new ResamplerMethod(ResampleKernel.Nearest), new ResamplerMethod(ResampleKernel.Bilinear),
            new ResamplerMethod(ResampleKernel.Bicubic), new ResamplerMethod(ResampleKernel.Lanczos3), new SpatialMethod(sharpness),
        };
        if (model is not null)
        {
            methods.Add(new GeneratorMethod(Models.KnownModels.Resolve(model)));
        }

        Directory.CreateDirectory(outDirectory);
        PngCodec.Encode(frame, Path.Combine(outDirectory, "render.png"));
        PngCodec.Encode(reference, Path.Combine(outDirectory, "reference.png"));
        int border = (int)Math.Ceiling(QualityModes.GetUpscaleRatio(mode));
        var results = ProgressReporter.ForConsole().Run("upscaling", methods.Count, scope => methods.Select(method =>
        {
            long start = Stopwatch.GetTimestamp();
            Image8 upscaled = method.Upscale(frame, display);
            double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            PngCodec.Encode(upscaled, Path.Combine(outDirectory, SafeName(method.Name) + ".png"));
            var score = (Method: method.Name, Image: upscaled, Psnr: ImageQuality.PsnrY(reference, upscaled, border),
                Ssim: ImageQuality.SsimY(reference, upscaled, border), Ms: ms);
            scope.Step(method.Name);
            return score;
        }).ToList());

        var best = results.MaxBy(r => r.Psnr);
        PngCodec.Encode(best.Image, Path.Combine(outDirectory, "upscaled.png"));
        PngCodec.Encode(CropSheet(results.Select(r => r.Image).Append(reference).ToList(), display),
            Path.Combine(outDirectory, "comparison.png"));

        var table = new Table().Title("test scene vs 4×4-supersampled reference").AddColumn("method")
            .AddColumn(new TableColumn("Y-PSNR (dB)").RightAligned()).AddColumn(new TableColumn("Y-SSIM").RightAligned())
            .AddColumn(new TableColumn("ms").RightAligned());
        foreach (var r in results)
        {
            string name = r.Method == best.Method ? $"[bold]{r.Method} (best)[/]" : r.Method;
            table.AddRow(name, r.Psnr.ToString("F2", CultureInfo.InvariantCulture), r.Ssim.ToString("F4", CultureInfo.InvariantCulture),
                r.Ms.ToString("F0", CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
        Console.WriteLine($"wrote {Path.Combine(outDirectory, "upscaled.png")} ({best.Method}), render.png, reference.png, one PNG per method,");
        Console.WriteLine($"and comparison.png (left to right: {string.Join(", ", results.Select(r => r.Method).Append("reference"))}).");
        return Program.ExitSuccess;
    }

    internal static Size2D ParseSize(string text)
    {
        if (!Size2D.TryParse(text, out Size2D size)
            || size.Width < QualityModes.MinimumDisplayDimension || size.Height < QualityModes.MinimumDisplayDimension
            || size.Width > 16384 || size.Height > 16384)
        {
            throw new UsageException($"A size is WIDTHxHEIGHT between {QualityModes.MinimumDisplayDimension} and 16384 per axis; got '{text}'.");
        }

        return size;
    }

    private static string SafeName(string name) =>
        string.Concat(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' ? c : '_'));

    /// <summary>The same region (around the Siemens star, where upscalers differ most) of each image, side by side.</summary>
    private static Image8 CropSheet(IReadOnlyList<Image8> images, Size2D display)
    {
        int size = Math.Min(256, Math.Min(display.Width, display.Height) / 2);
        // The star sits at 22 % of the width and 30 % of the height (TestScene's layout).
        int x0 = Math.Clamp((int)(display.Width * 0.22) - (size / 2), 0, display.Width - size);
        int y0 = Math.Clamp((int)(display.Height * 0.3) - (size / 2), 0, display.Height - size);
        const int Gap = 4;
        var sheet = new Image8((images.Count * (size + Gap)) - Gap, size, 3);
        Array.Fill(sheet.Pixels, (byte)255);
        for (int i = 0; i < images.Count; i++)
        {
            Image8 crop = images[i].Crop(x0, y0, size, size);
            for (int y = 0; y < size; y++)
            {
                Array.Copy(crop.Pixels, y * size * 3, sheet.Pixels, ((y * sheet.Width) + (i * (size + Gap))) * 3, size * 3);
            }
        }

        return sheet;
    }
}
