using GameUpscaler.Imaging;
using GameUpscaler.Metrics;

namespace GameUpscaler.Training.Evaluation;

/// <summary>
/// Image measures beyond PSNR/SSIM that need no learned weights, on BT.601 Y with a border shaved:
/// GMSD (gradient magnitude similarity deviation, Xue et al. 2014; 0 = identical, lower is better; it tracks
/// perceived quality better than PSNR) and the high-frequency energy ratio (energy of the 4-neighbour Laplacian of
/// the test image over that of the reference: below 1 = blurrier than the reference, above 1 = more detail or noise;
/// sharper GAN output moves it towards 1).
/// </summary>
public static class PerceptualMetrics
{
    /// <summary>GMSD with the paper's constant c = 170 for 8-bit values and its 2×2 mean pre-filter and subsampling.</summary>
    public static double Gmsd(Image8 reference, Image8 test, int border)
    {
        (LumaImage r, LumaImage t) = Luma(reference, test, border);
        r = HalfSize(r);
        t = HalfSize(t);
        int w = r.Width, h = r.Height;
        if (w < 3 || h < 3)
        {
            throw new ArgumentException("Images too small for GMSD.", nameof(reference));
        }

        const double c = 170;
        var similarity = new List<double>((w - 2) * (h - 2));
        for (int y = 1; y < h - 1; y++)
        {
            for (int x = 1; x < w - 1; x++)
            {
                double mr = GradientMagnitude(r, x, y);
                double mt = GradientMagnitude(t, x, y);
                similarity.Add(((2 * mr * mt) + c) / ((mr * mr) + (mt * mt) + c));
            }
        }

        double mean = similarity.Average();
        return Math.Sqrt(similarity.Sum(s => (s - mean) * (s - mean)) / similarity.Count);
    }

    /// <summary>Σ(Laplacian of test)² / Σ(Laplacian of reference)² (<see cref="ImageQuality.HighFrequencyEnergyRatio"/>).</summary>
    public static double HighFrequencyEnergyRatio(Image8 reference, Image8 test, int border) => ImageQuality.HighFrequencyEnergyRatio(reference, test, border);

    private static (LumaImage Reference, LumaImage Test) Luma(Image8 reference, Image8 test, int border)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(test);
        if (reference.Width != test.Width || reference.Height != test.Height)
        {
            throw new ArgumentException($"Sizes differ: {reference.Width}x{reference.Height} vs {test.Width}x{test.Height}.", nameof(test));
        }

        return (LumaImage.FromRgb(reference).Shave(border), LumaImage.FromRgb(test).Shave(border));
    }

    private static LumaImage HalfSize(LumaImage image)
    {
        int w = image.Width / 2, h = image.Height / 2;
        var samples = new double[w * h];
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                int i = (2 * y * image.Width) + (2 * x);
                samples[(y * w) + x] = (image.Samples[i] + image.Samples[i + 1] + image.Samples[i + image.Width] + image.Samples[i + image.Width + 1]) / 4;
            }
        }

        return new LumaImage(w, h, samples);
    }

    /// <summary>Prewitt gradients (÷3), as in the GMSD paper.</summary>
    private static double GradientMagnitude(LumaImage image, int x, int y)
    {
        double At(int dx, int dy) => image.Samples[((y + dy) * image.Width) + x + dx];
        double gx = (At(1, -1) + At(1, 0) + At(1, 1) - At(-1, -1) - At(-1, 0) - At(-1, 1)) / 3;
        double gy = (At(-1, 1) + At(0, 1) + At(1, 1) - At(-1, -1) - At(0, -1) - At(1, -1)) / 3;
        return Math.Sqrt((gx * gx) + (gy * gy));
    }
}
