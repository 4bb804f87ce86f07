namespace GameUpscaler.Evaluation;

using System.Diagnostics;
using GameUpscaler.Imaging;
using GameUpscaler.Metrics;
using GameUpscaler.Resampling;

/// <summary>
/// The SR literature's evaluation protocol: each HR image is modcropped to a multiple of the scale, degraded with
/// MATLAB-compatible bicubic downscaling (antialiased) rounded to 8 bits, upscaled by the method under test, and
/// scored with Y-PSNR and Y-SSIM after shaving <c>scale</c> border pixels.
/// </summary>
public static class SuperResolutionEvaluator
{
    /// <summary>The image extensions a dataset folder is searched for: those <see cref="ImageFile"/> reads (PNG and JPEG).</summary>
    public static IReadOnlyList<string> ImageExtensions => ImageFile.Extensions;

    /// <summary>The HR images of a dataset folder, sorted by name (ordinal, so the order is the same everywhere).</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="ArgumentException">The folder holds no images.</exception>
    public static IReadOnlyList<string> FindImages(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"Dataset folder '{directory}' does not exist.");
        }

        string[] files = Directory.EnumerateFiles(directory)
            .Where(f => ImageExtensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
            .Order(StringComparer.Ordinal)
            .ToArray();
        if (files.Length == 0)
        {
            throw new ArgumentException($"Dataset folder '{directory}' holds no {string.Join("/", ImageExtensions)} images.", nameof(directory));
        }

        return files;
    }

    /// <summary>The degraded input of the protocol: modcrop, then bicubic ÷scale rounded to 8 bits (alpha dropped).</summary>
    public static (Image8 HighResolution, Image8 LowResolution) Degrade(Image8 image, int scale)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        Image8 hr = image.ToRgb().ModCrop(scale);
        Image8 lr = ImageResizer.Resize(hr, hr.Width / scale, hr.Height / scale, 1.0 / scale, ResampleKernel.Bicubic);
        return (hr, lr);
    }

    /// <summary>Scores one HR image.</summary>
    /// <param name="name">The image's name for the report.</param>
    /// <param name="image">The HR image.</param>
    /// <param name="scale">The integer scale.</param>
    /// <param name="method">The method under test.</param>
    /// <param name="grayscaleSource">The file was single-channel: its gray value is scored as Y (see <see cref="LumaImage.FromRgb"/>).</param>
    public static ImageScore EvaluateImage(string name, Image8 image, int scale, IUpscaleMethod method, bool grayscaleSource = false)
    {
        ArgumentNullException.ThrowIfNull(method);
        (Image8 hr, Image8 lr) = Degrade(image, scale);
        long start = Stopwatch.GetTimestamp();
        Image8 sr = method.Upscale(lr, new Size2D(lr.Width * scale, lr.Height * scale));
        double milliseconds = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        if (sr.Width != hr.Width || sr.Height != hr.Height)
        {
            throw new InvalidOperationException(
                $"Method '{method.Name}' returned {sr.Width}x{sr.Height} for {name}; expected {hr.Width}x{hr.Height}.");
        }

        return new ImageScore(
            name, ImageQuality.PsnrY(hr, sr, scale, grayscaleSource), ImageQuality.SsimY(hr, sr, scale, grayscaleSource), milliseconds);
    }

    /// <summary>Evaluates a method on every image of a dataset folder.</summary>
    /// <param name="directory">The folder of HR images.</param>
    /// <param name="scale">The integer scale.</param>
    /// <param name="method">The method under test.</param>
    /// <param name="progress">Receives each image's score as it is done; may be null.</param>
    /// <param name="cancellationToken">Stops between images.</param>
    /// <exception cref="ImageFormatException">An image file is malformed or of another format than its name says (the message names it).</exception>
    public static EvaluationResult EvaluateDataset(
        string directory, int scale, IUpscaleMethod method, IProgress<ImageScore>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(method);
        var scores = new List<ImageScore>();
        foreach (string path in FindImages(directory))
        {
            cancellationToken.ThrowIfCancellationRequested();
            LoadedImage file = ImageFile.LoadWithInfo(path);
            ImageScore score = EvaluateImage(Path.GetFileName(path), file.Image, scale, method, file.IsGrayscaleSource);
            scores.Add(score);
            progress?.Report(score);
        }

        string dataset = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory)));
        return new EvaluationResult(method.Name, dataset, scale, scores);
    }
}
