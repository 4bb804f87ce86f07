using System.Globalization;
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

    /// <summary>One table row.</summary>
    public sealed record Row(string Dataset, string Method, int Images, double PsnrY, double SsimY, double Gmsd, double HighFrequencyRatio);

    /// <summary>Scores every method on every dataset (folders of PNG files, or <see cref="SceneDataset"/>).</summary>
    public static IReadOnlyList<Row> Evaluate(IReadOnlyList<string> datasets, int scale, IReadOnlyList<IUpscaleMethod> methods, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(datasets);
        ArgumentNullException.ThrowIfNull(methods);
        var rows = new List<Row>();
        foreach (string dataset in datasets)
        {
            List<(string Name, Image8 Hr, Image8 Lr, bool Gray)> pairs = LoadPairs(dataset, scale);
            string name = dataset == SceneDataset ? SceneDataset : Path.GetFileName(Path.TrimEndingDirectorySeparator(dataset));
            foreach (IUpscaleMethod method in methods)
            {
                double psnr = 0, ssim = 0, gmsd = 0, hf = 0;
                foreach ((_, Image8 hr, Image8 lr, bool gray) in pairs)
                {
                    Image8 sr = method.Upscale(lr, new Size2D(hr.Width, hr.Height));
                    psnr += ImageQuality.PsnrY(hr, sr, scale, gray);
                    ssim += ImageQuality.SsimY(hr, sr, scale, gray);
                    gmsd += PerceptualMetrics.Gmsd(hr, sr, scale);
                    hf += PerceptualMetrics.HighFrequencyEnergyRatio(hr, sr, scale);
                }

                int n = pairs.Count;
                var row = new Row(name, method.Name, n, psnr / n, ssim / n, gmsd / n, hf / n);
                rows.Add(row);
                log?.Invoke(string.Create(CultureInfo.InvariantCulture, $"{row.Dataset,-20} {row.Method,-22} {row.PsnrY:F2} dB  {row.SsimY:F4}  GMSD {row.Gmsd:F4}  HF {row.HighFrequencyRatio:F3}"));
            }
        }

        return rows;
    }

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
        var crops = new List<Image8> { hr.Crop(x, y, size, size) };
        foreach (IUpscaleMethod method in methods)
        {
            crops.Add(method.Upscale(lr, new Size2D(hr.Width, hr.Height)).Crop(x, y, size, size));
        }

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
