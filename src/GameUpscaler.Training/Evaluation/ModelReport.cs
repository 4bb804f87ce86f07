using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Text;
using GameUpscaler.Evaluation;
using GameUpscaler.Imaging;
using GameUpscaler.Metrics;
using GameUpscaler.Resampling;

namespace GameUpscaler.Training.Evaluation;

/// <summary>
/// The evaluation table of a model card: for each dataset and method, mean Y-PSNR, Y-SSIM (the literature's protocol,
/// <see cref="SuperResolutionEvaluator"/>), GMSD and the high-frequency energy ratio (<see cref="PerceptualMetrics"/>).
/// Besides image folders it scores the built-in <see cref="TestScene"/> the way a game frame arrives: rendered at
/// the low resolution with one sample per pixel, against a 4×4-supersampled render at the high resolution.
/// </summary>
public static class ModelReport
{
    /// <summary>The name of the rendered-scene dataset in reports.</summary>
    public const string SceneDataset = "scene-1spp";

    /// <summary>The most untimed calls <see cref="Options.WarmUp"/> makes of one method.</summary>
    public const int MaxWarmUpCalls = 3;

    /// <summary>One table row: the means over a dataset's images.</summary>
    /// <param name="Dataset">The dataset's name (its folder name, or <see cref="SceneDataset"/>).</param>
    /// <param name="Method">The method's <see cref="IUpscaleMethod.Name"/>.</param>
    /// <param name="Images">How many images the means are over.</param>
    /// <param name="PsnrY">Mean Y-PSNR in dB.</param>
    /// <param name="SsimY">Mean Y-SSIM.</param>
    /// <param name="Gmsd">Mean GMSD (lower is better).</param>
    /// <param name="HighFrequencyRatio">Mean high-frequency energy ratio against HR (1 = as detailed as HR).</param>
    /// <param name="Milliseconds">Mean wall time of one Upscale call.</param>
    /// <param name="CpuMilliseconds">Mean CPU time of the process during one Upscale call.</param>
    public sealed record Row(
        string Dataset, string Method, int Images, double PsnrY, double SsimY, double Gmsd, double HighFrequencyRatio, double Milliseconds, double CpuMilliseconds);

    /// <summary>One image of a dataset scored for one method, with the wall time of the method's Upscale call.</summary>
    /// <param name="Dataset">The dataset's name (its folder name, or <see cref="SceneDataset"/>).</param>
    /// <param name="Method">The method's <see cref="IUpscaleMethod.Name"/>.</param>
    /// <param name="Image">The image's file name.</param>
    /// <param name="PsnrY">Y-PSNR in dB (the eval protocol; gray source files are scored on their gray value).</param>
    /// <param name="SsimY">Y-SSIM.</param>
    /// <param name="Gmsd">GMSD (lower is better).</param>
    /// <param name="HighFrequencyRatio">High-frequency energy ratio against HR.</param>
    /// <param name="Milliseconds">Wall time of the Upscale call alone (no loading, degrading or scoring).</param>
    /// <param name="CpuMilliseconds">
    /// CPU time of the whole process during the call: about <paramref name="Milliseconds"/> or less for a call that ran
    /// on one thread, more for one that did not (or when other threads of the process were busy).
    /// </param>
    public sealed record ImageRow(
        string Dataset, string Method, string Image, double PsnrY, double SsimY, double Gmsd, double HighFrequencyRatio, double Milliseconds,
        double CpuMilliseconds);

    /// <summary>An image just scored, with the pictures behind its row (for progress lines and crops).</summary>
    /// <param name="Row">The scores.</param>
    /// <param name="Index">The image's index in its dataset, from 0.</param>
    /// <param name="Count">How many images the dataset has.</param>
    /// <param name="HighResolution">The HR reference (modcropped).</param>
    /// <param name="Output">The method's output.</param>
    public sealed record EvaluatedImage(ImageRow Row, int Index, int Count, Image8 HighResolution, Image8 Output);

    /// <summary>How <see cref="EvaluateImages"/> runs the methods.</summary>
    public sealed record Options
    {
        /// <summary>
        /// Call each method untimed on its first image before its first timed call (JIT, pools, caches): once, and again
        /// (at most <see cref="MaxWarmUpCalls"/> calls) while a call still leaves the JIT compiling optimised code.
        /// </summary>
        public bool WarmUp { get; init; }

        /// <summary>
        /// Run every Upscale call on one thread: inside <see cref="CpuParallelism.Run{T}"/> with a limit of 1, which the
        /// library's CPU code (resamplers, spatial upscaler, CPU generator) honours. A method with threads of its own
        /// must honour it too (its loops taking <see cref="CpuParallelism.Options"/>); <see cref="ImageRow.CpuMilliseconds"/>
        /// shows one that did not.
        /// </summary>
        public bool SingleThread { get; init; }

        /// <summary>Called after each image is scored, on the calling thread.</summary>
        public Action<EvaluatedImage>? Observer { get; init; }
    }

    /// <summary>Scores every method on every dataset (folders of PNG files, or <see cref="SceneDataset"/>): the means.</summary>
    /// <param name="datasets">Dataset folders or <see cref="SceneDataset"/>.</param>
    /// <param name="scale">The integer scale.</param>
    /// <param name="methods">The methods, in table order.</param>
    /// <param name="log">Receives one line per dataset and method as it is done; may be null.</param>
    /// <exception cref="DirectoryNotFoundException">A dataset folder does not exist.</exception>
    /// <exception cref="ArgumentException">A dataset folder holds no PNG images.</exception>
    public static IReadOnlyList<Row> Evaluate(IReadOnlyList<string> datasets, int scale, IReadOnlyList<IUpscaleMethod> methods, Action<string>? log = null)
    {
        var done = new List<ImageRow>();
        var options = new Options
        {
            Observer = image =>
            {
                done.Add(image.Row);
                if (image.Index == image.Count - 1)
                {
                    log?.Invoke(Format(Summarize(done.GetRange(done.Count - image.Count, image.Count))[0]));
                }
            },
        };
        return Summarize(EvaluateImages(datasets, scale, methods, options));
    }

    /// <summary>
    /// Scores every method on every dataset, one row per image, timing each method's Upscale call (datasets in the
    /// outer loop, methods inside, images innermost).
    /// </summary>
    /// <param name="datasets">Dataset folders or <see cref="SceneDataset"/>.</param>
    /// <param name="scale">The integer scale.</param>
    /// <param name="methods">The methods, in table order; each must return the HR size.</param>
    /// <param name="options">Warm-up, threading and the per-image observer; null for none of them.</param>
    /// <exception cref="DirectoryNotFoundException">A dataset folder does not exist.</exception>
    /// <exception cref="ArgumentException">A dataset folder holds no PNG images.</exception>
    /// <exception cref="InvalidOperationException">A method returned an image of the wrong size.</exception>
    public static IReadOnlyList<ImageRow> EvaluateImages(IReadOnlyList<string> datasets, int scale, IReadOnlyList<IUpscaleMethod> methods, Options? options = null)
    {
        ArgumentNullException.ThrowIfNull(datasets);
        ArgumentNullException.ThrowIfNull(methods);
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        options ??= new Options();
        var rows = new List<ImageRow>();
        var warmed = new HashSet<IUpscaleMethod>(ReferenceEqualityComparer.Instance);
        foreach (string dataset in datasets)
        {
            List<(string Name, Image8 Hr, Image8 Lr, bool Gray)> pairs = LoadPairs(dataset, scale);
            string name = DatasetName(dataset);
            foreach (IUpscaleMethod method in methods)
            {
                if (options.WarmUp && warmed.Add(method))
                {
                    WarmUp(method, pairs[0].Lr, pairs[0].Hr, pairs[0].Name, options.SingleThread);
                }

                for (int i = 0; i < pairs.Count; i++)
                {
                    (string image, Image8 hr, Image8 lr, bool gray) = pairs[i];
                    (Image8 sr, double milliseconds, double cpu) = Upscale(method, lr, hr, image, options.SingleThread);
                    var row = new ImageRow(name, method.Name, image, ImageQuality.PsnrY(hr, sr, scale, gray), ImageQuality.SsimY(hr, sr, scale, gray),
                        PerceptualMetrics.Gmsd(hr, sr, scale), PerceptualMetrics.HighFrequencyEnergyRatio(hr, sr, scale), milliseconds, cpu);
                    rows.Add(row);
                    options.Observer?.Invoke(new EvaluatedImage(row, i, pairs.Count, hr, sr));
                }
            }
        }

        return rows;
    }

    /// <summary>The means per dataset and method, in the order the pairs first appear.</summary>
    public static IReadOnlyList<Row> Summarize(IEnumerable<ImageRow> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        return images.GroupBy(r => (r.Dataset, r.Method))
            .Select(g => new Row(g.Key.Dataset, g.Key.Method, g.Count(), g.Average(r => r.PsnrY), g.Average(r => r.SsimY), g.Average(r => r.Gmsd),
                ImageQuality.MeanHighFrequencyRatio(g.Select(r => r.HighFrequencyRatio)), g.Average(r => r.Milliseconds), g.Average(r => r.CpuMilliseconds)))
            .ToArray();
    }

    /// <summary>A row as one console line.</summary>
    public static string Format(Row row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return string.Create(CultureInfo.InvariantCulture,
            $"{row.Dataset,-20} {row.Method,-22} {row.PsnrY:F2} dB  {row.SsimY:F4}  GMSD {row.Gmsd:F4}  HF {row.HighFrequencyRatio:F3}  {row.Milliseconds,8:F1} ms");
    }

    /// <summary>The name a dataset has in reports: the folder's name, or <see cref="SceneDataset"/>.</summary>
    public static string DatasetName(string dataset)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataset);
        return dataset == SceneDataset ? SceneDataset : Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataset)));
    }

    /// <summary>How many images a dataset has (1 for <see cref="SceneDataset"/>), without decoding them.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="ArgumentException">The folder holds no PNG images.</exception>
    public static int CountImages(string dataset) => dataset == SceneDataset ? 1 : SuperResolutionEvaluator.FindImages(dataset).Count;

    /// <summary>The rows as a Markdown table.</summary>
    public static string ToMarkdown(IReadOnlyList<Row> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var text = new StringBuilder();
        text.AppendLine("| dataset | images | method | Y-PSNR (dB) | Y-SSIM | GMSD ↓ | HF energy ratio (1 = HR) |");
        text.AppendLine("|---|---|---|---|---|---|---|");
        foreach (Row r in rows)
        {
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Dataset} | {r.Images} | {r.Method} | {r.PsnrY:F2} | {r.SsimY:F4} | {r.Gmsd:F4} | {r.HighFrequencyRatio:F3} |"));
        }

        return text.ToString();
    }

    /// <summary>
    /// A side-by-side strip: the same HR crop of each method's output, left to right (reference first), each enlarged
    /// ×<paramref name="zoom"/> with nearest neighbour so that pixels stay visible, 4 white pixels apart.
    /// </summary>
    public static Image8 SideBySide(string imagePath, int scale, IReadOnlyList<IUpscaleMethod> methods, int x, int y, int size, int zoom = 2)
    {
        ArgumentNullException.ThrowIfNull(methods);
        (Image8 hr, Image8 lr) = imagePath == SceneDataset ? Scene(scale) : SuperResolutionEvaluator.Degrade(ImageFile.Load(imagePath), scale);
        var images = new List<Image8> { hr };
        images.AddRange(methods.Select(m => m.Upscale(lr, new Size2D(hr.Width, hr.Height))));
        return SideBySide(images, x, y, size, zoom);
    }

    /// <summary>
    /// A side-by-side strip of same-size images (the HR reference first, then outputs): the <paramref name="size"/>²
    /// crop at (<paramref name="x"/>, <paramref name="y"/>) of each, enlarged ×<paramref name="zoom"/> with nearest
    /// neighbour, 4 white pixels apart.
    /// </summary>
    /// <exception cref="ArgumentException">No images, or the crop does not fit an image.</exception>
    public static Image8 SideBySide(IReadOnlyList<Image8> images, int x, int y, int size, int zoom = 2)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentOutOfRangeException.ThrowIfZero(images.Count);
        ArgumentOutOfRangeException.ThrowIfLessThan(zoom, 1);
        var crops = images.Select(i => i.Crop(x, y, size, size)).ToList();
        const int gap = 4;
        int tile = size * zoom;
        var strip = new Image8((crops.Count * tile) + ((crops.Count - 1) * gap), tile, 3);
        Array.Fill(strip.Pixels, (byte)255);
        for (int k = 0; k < crops.Count; k++)
        {
            for (int py = 0; py < tile; py++)
            {
                for (int px = 0; px < tile; px++)
                {
                    for (int c = 0; c < 3; c++)
                    {
                        strip.Pixels[(((py * strip.Width) + (k * (tile + gap)) + px) * 3) + c] = crops[k][px / zoom, py / zoom, c];
                    }
                }
            }
        }

        return strip;
    }

    private static (Image8 Output, double Milliseconds, double CpuMilliseconds) Upscale(
        IUpscaleMethod method, Image8 lr, Image8 hr, string image, bool singleThread)
    {
        var size = new Size2D(hr.Width, hr.Height);
        (Image8 Output, double Milliseconds, double CpuMilliseconds) Timed()
        {
            TimeSpan cpu = Environment.CpuUsage.TotalTime;
            long start = Stopwatch.GetTimestamp();
            Image8 output = method.Upscale(lr, size);
            double milliseconds = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            return (output, milliseconds, (Environment.CpuUsage.TotalTime - cpu).TotalMilliseconds);
        }

        (Image8 sr, double milliseconds, double cpuMilliseconds) = singleThread ? CpuParallelism.Run(1, Timed) : Timed();
        if (sr.Width != hr.Width || sr.Height != hr.Height)
        {
            throw new InvalidOperationException($"Method '{method.Name}' returned {sr.Width}x{sr.Height} for {image}; expected {hr.Width}x{hr.Height}.");
        }

        return (sr, milliseconds, cpuMilliseconds);
    }

    /// <summary>
    /// Calls the method untimed until a call leaves the JIT nothing new to compile (at most <see cref="MaxWarmUpCalls"/>).
    /// Tiered compilation moves a hot method from quick code through instrumented code to optimised code, in the
    /// background, a while after it gets busy; timing before that charges the first method measured for it (measured:
    /// after a single warm-up call the first of two identical generators timed 3× slower, the spatial upscaler 2.5×).
    /// </summary>
    private static void WarmUp(IUpscaleMethod method, Image8 lr, Image8 hr, string image, bool singleThread)
    {
        for (int call = 0; call < MaxWarmUpCalls; call++)
        {
            long before = JitInfo.GetCompiledMethodCount();
            Upscale(method, lr, hr, image, singleThread);
            if (WaitForJit() == before)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Waits until the JIT (on any thread) has compiled nothing new for 200 ms, or 1 s has passed (other threads may keep
    /// it busy, e.g. in a test run); returns the compiled-method count.
    /// </summary>
    private static long WaitForJit()
    {
        long compiled = JitInfo.GetCompiledMethodCount();
        for (int quiet = 0, waited = 0; quiet < 2 && waited < 1000; waited += 100)
        {
            Thread.Sleep(100);
            long now = JitInfo.GetCompiledMethodCount();
            quiet = now == compiled ? quiet + 1 : 0;
            compiled = now;
        }

        return compiled;
    }

    private static List<(string, Image8, Image8, bool)> LoadPairs(string dataset, int scale)
    {
        if (dataset == SceneDataset)
        {
            (Image8 hr, Image8 lr) = Scene(scale);
            return [("testscene", hr, lr, false)];
        }

        var pairs = new List<(string, Image8, Image8, bool)>();
        foreach (string file in SuperResolutionEvaluator.FindImages(dataset))
        {
            LoadedImage image = ImageFile.LoadWithInfo(file);
            (Image8 hr, Image8 lr) = SuperResolutionEvaluator.Degrade(image.Image, scale);
            pairs.Add((Path.GetFileName(file), hr, lr, image.IsGrayscaleSource));
        }

        return pairs;
    }

    /// <summary>The test scene as a game frame: 1 sample per pixel at 1/s of 1536×864, 4×4 supersampled at 1536×864.</summary>
    private static (Image8 Hr, Image8 Lr) Scene(int scale)
    {
        int width = 1536 - (1536 % scale), height = 864 - (864 % scale);
        return (TestScene.Render(width, height, 4), TestScene.Render(width / scale, height / scale, 1));
    }
}
