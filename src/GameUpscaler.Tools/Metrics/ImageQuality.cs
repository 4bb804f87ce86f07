namespace GameUpscaler.Metrics;

using GameUpscaler.Imaging;

/// <summary>
/// Full-reference quality metrics with the SR literature's conventions: PSNR and SSIM on the BT.601 Y channel with
/// a border of <c>scale</c> pixels shaved, SSIM with an 11×11 Gaussian window (σ = 1.5, K1 = 0.01, K2 = 0.03,
/// L = 255, 'valid' filtering as Wang et al.'s <c>ssim_index.m</c>), MS-SSIM with Wang's five scales and weights.
/// </summary>
public static class ImageQuality
{
    /// <summary>The MS-SSIM scale weights of Wang, Simoncelli and Bovik (2003).</summary>
    public static IReadOnlyList<double> MsSsimWeights { get; } = [0.0448, 0.2856, 0.3001, 0.2363, 0.1333];

    /// <summary>The PSNR reported for identical images (the MSE is zero), a finite stand-in for infinity.</summary>
    public const double IdenticalPsnr = 100.0;

    /// <summary>PSNR in dB of the Y channel after shaving <paramref name="border"/> pixels.</summary>
    /// <param name="reference">The ground truth.</param>
    /// <param name="test">The image under test.</param>
    /// <param name="border">Pixels shaved on every side (the SR convention: the scale).</param>
    /// <param name="grayscaleSource">The reference came from a single-channel file; see <see cref="LumaImage.FromRgb"/>.</param>
    /// <exception cref="ArgumentException">The images differ in size.</exception>
    public static double PsnrY(Image8 reference, Image8 test, int border, bool grayscaleSource = false) =>
        Psnr(Luma(reference, test, border, grayscaleSource, out LumaImage y).Samples, y.Samples);

    /// <summary>Mean SSIM of the Y channel after shaving <paramref name="border"/> pixels.</summary>
    /// <param name="reference">The ground truth.</param>
    /// <param name="test">The image under test.</param>
    /// <param name="border">Pixels shaved on every side (the SR convention: the scale).</param>
    /// <param name="grayscaleSource">The reference came from a single-channel file; see <see cref="LumaImage.FromRgb"/>.</param>
    /// <exception cref="ArgumentException">The images differ in size or are smaller than the 11×11 window after shaving.</exception>
    public static double SsimY(Image8 reference, Image8 test, int border, bool grayscaleSource = false)
    {
        LumaImage x = Luma(reference, test, border, grayscaleSource, out LumaImage y);
        return Ssim(x, y).Ssim;
    }

    /// <summary>PSNR in dB over the R, G and B channels together after shaving <paramref name="border"/> pixels.</summary>
    /// <exception cref="ArgumentException">The images differ in size.</exception>
    public static double PsnrRgb(Image8 reference, Image8 test, int border)
    {
        CheckSameSize(reference, test);
        int width = reference.Width - (2 * border), height = reference.Height - (2 * border);
        if (border < 0 || width < 1 || height < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(border), border, "The border leaves nothing to compare.");
        }

        double sum = 0;
        for (int y = border; y < border + height; y++)
        {
            for (int x = border; x < border + width; x++)
            {
                for (int c = 0; c < 3; c++)
                {
                    double d = reference[x, y, c] - test[x, y, c];
                    sum += d * d;
                }
            }
        }

        return PsnrFromMse(sum / (3.0 * width * height));
    }

    /// <summary>MS-SSIM of the Y channel after shaving <paramref name="border"/> pixels (five scales).</summary>
    /// <exception cref="ArgumentException">The images differ in size, or the smallest scale would be under 11×11 (images under 176×176).</exception>
    public static double MsSsimY(Image8 reference, Image8 test, int border)
    {
        LumaImage x = Luma(reference, test, border, grayscaleSource: false, out LumaImage y);
        int scales = MsSsimWeights.Count;
        int minimum = SsimWindow.Size << (scales - 1);
        if (x.Width < minimum || x.Height < minimum)
        {
            throw new ArgumentException($"MS-SSIM needs at least {minimum}x{minimum} pixels after shaving; got {x.Width}x{x.Height}.");
        }

        double result = 1;
        for (int level = 0; level < scales; level++)
        {
            (double ssim, double contrastStructure) = Ssim(x, y);
            double weight = MsSsimWeights[level];
            // Wang's msssim.m: contrast-structure terms at the finer scales, full SSIM at the coarsest.
            result *= level == scales - 1 ? Math.Pow(ssim, weight) : Math.Pow(contrastStructure, weight);
            if (level < scales - 1)
            {
                x = Downsample(x);
                y = Downsample(y);
            }
        }

        return result;
    }

    /// <summary>PSNR in dB of two equally long sample arrays with peak 255.</summary>
    /// <exception cref="ArgumentException">The lengths differ or are zero.</exception>
    public static double Psnr(ReadOnlySpan<double> reference, ReadOnlySpan<double> test)
    {
        if (reference.Length != test.Length || reference.Length == 0)
        {
            throw new ArgumentException("PSNR needs two non-empty sample arrays of the same length.");
        }

        double sum = 0;
        for (int i = 0; i < reference.Length; i++)
        {
            double d = reference[i] - test[i];
            sum += d * d;
        }

        return PsnrFromMse(sum / reference.Length);
    }

    /// <summary>Mean SSIM and mean contrast-structure term of two luma images (0–255 scale).</summary>
    /// <exception cref="ArgumentException">The sizes differ or are under 11×11.</exception>
    public static (double Ssim, double ContrastStructure) Ssim(LumaImage reference, LumaImage test)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(test);
        if (reference.Width != test.Width || reference.Height != test.Height)
        {
            throw new ArgumentException($"SSIM needs equal sizes; got {reference.Width}x{reference.Height} and {test.Width}x{test.Height}.");
        }

        if (reference.Width < SsimWindow.Size || reference.Height < SsimWindow.Size)
        {
            throw new ArgumentException($"SSIM needs at least {SsimWindow.Size}x{SsimWindow.Size} pixels; got {reference.Width}x{reference.Height}.");
        }

        const double C1 = 0.01 * 255 * 0.01 * 255, C2 = 0.03 * 255 * 0.03 * 255;
        double[] a = reference.Samples, b = test.Samples;
        int n = a.Length;
        double[] aa = new double[n], bb = new double[n], ab = new double[n];
        for (int i = 0; i < n; i++)
        {
            aa[i] = a[i] * a[i];
            bb[i] = b[i] * b[i];
            ab[i] = a[i] * b[i];
        }

        int w = reference.Width, h = reference.Height;
        double[] muA = SsimWindow.FilterValid(a, w, h), muB = SsimWindow.FilterValid(b, w, h);
        double[] sAA = SsimWindow.FilterValid(aa, w, h), sBB = SsimWindow.FilterValid(bb, w, h), sAB = SsimWindow.FilterValid(ab, w, h);
        double ssimSum = 0, csSum = 0;
        for (int i = 0; i < muA.Length; i++)
        {
            double varA = sAA[i] - (muA[i] * muA[i]);
            double varB = sBB[i] - (muB[i] * muB[i]);
            double cov = sAB[i] - (muA[i] * muB[i]);
            double cs = ((2 * cov) + C2) / (varA + varB + C2);
            ssimSum += (((2 * muA[i] * muB[i]) + C1) / ((muA[i] * muA[i]) + (muB[i] * muB[i]) + C1)) * cs;
            csSum += cs;
        }

        return (ssimSum / muA.Length, csSum / muA.Length);
    }

    private static double PsnrFromMse(double mse) =>
        mse <= 0 ? IdenticalPsnr : 10 * Math.Log10(255.0 * 255.0 / mse);

    private static LumaImage Luma(Image8 reference, Image8 test, int border, bool grayscaleSource, out LumaImage testLuma)
    {
        CheckSameSize(reference, test);
        testLuma = LumaImage.FromRgb(test, grayscaleSource).Shave(border);
        return LumaImage.FromRgb(reference, grayscaleSource).Shave(border);
    }

    private static void CheckSameSize(Image8 reference, Image8 test)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(test);
        if (reference.Width != test.Width || reference.Height != test.Height)
        {
            throw new ArgumentException(
                $"Images to compare differ in size: {reference.Width}x{reference.Height} and {test.Width}x{test.Height}.");
        }
    }

    /// <summary>
    /// Wang's MS-SSIM downsampling: a 2×2 box filter with symmetric padding at the far edge ('same'), then every
    /// second sample starting with the first.
    /// </summary>
    private static LumaImage Downsample(LumaImage image)
    {
        int w = image.Width, h = image.Height;
        int outW = (w + 1) / 2, outH = (h + 1) / 2;
        double[] s = image.Samples, result = new double[outW * outH];
        for (int y = 0; y < outH; y++)
        {
            int y0 = 2 * y, y1 = Math.Min((2 * y) + 1, h - 1);
            for (int x = 0; x < outW; x++)
            {
                int x0 = 2 * x, x1 = Math.Min((2 * x) + 1, w - 1);
                result[(y * outW) + x] = (s[(y0 * w) + x0] + s[(y0 * w) + x1] + s[(y1 * w) + x0] + s[(y1 * w) + x1]) / 4;
            }
        }

        return new LumaImage(outW, outH, result);
    }

    /// <summary>
    /// Σ(Laplacian of test's Y)² / Σ(Laplacian of reference's Y)² with <paramref name="border"/> pixels shaved: 1 is
    /// the reference's sharpness, below 1 blurrier, above 1 sharper (or noisier, or aliased); NaN when the reference
    /// is flat (<see cref="FlatLaplacianEnergyPerPixel"/>).
    /// </summary>
    /// <exception cref="ArgumentException">The images differ in size.</exception>
    public static double HighFrequencyEnergyRatio(Image8 reference, Image8 test, int border)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(test);
        if (reference.Width != test.Width || reference.Height != test.Height)
        {
            throw new ArgumentException($"Sizes differ: {reference.Width}x{reference.Height} vs {test.Width}x{test.Height}.", nameof(test));
        }

        LumaImage shaved = LumaImage.FromRgb(reference).Shave(border);
        double energy = LaplacianEnergy(shaved);
        // A flat reference has no ratio. "Flat" is a mean squared Laplacian below 1e-6 of a Y level² (far under one
        // 8-bit step), not exactly zero: the Laplacian of a constant is rounding noise in doubles, and dividing by it
        // would give one image a ratio of 10^20 that swamps a dataset's mean.
        double pixels = Math.Max(1, (shaved.Width - 2) * (double)(shaved.Height - 2));
        return energy / pixels >= FlatLaplacianEnergyPerPixel ? LaplacianEnergy(LumaImage.FromRgb(test).Shave(border)) / energy : double.NaN;
    }

    /// <summary>Mean squared Laplacian of Y (8-bit levels²) under which a reference counts as flat (no HF ratio).</summary>
    public const double FlatLaplacianEnergyPerPixel = 1e-6;

    /// <summary>
    /// The mean of per-image <see cref="HighFrequencyEnergyRatio"/> values over the images that have one. A flat
    /// reference (a sky, a blank UI crop) has no high-frequency energy and so no ratio (NaN); one such image must not
    /// turn a whole dataset's mean into NaN. NaN only when no image has a ratio.
    /// </summary>
    public static double MeanHighFrequencyRatio(IEnumerable<double> ratios)
    {
        ArgumentNullException.ThrowIfNull(ratios);
        double sum = 0;
        int count = 0;
        foreach (double ratio in ratios)
        {
            if (double.IsFinite(ratio))
            {
                sum += ratio;
                count++;
            }
        }

        return count > 0 ? sum / count : double.NaN;
    }

    private static double LaplacianEnergy(LumaImage image)
    {
        double sum = 0;
        int w = image.Width;
        for (int y = 1; y < image.Height - 1; y++)
        {
            for (int x = 1; x < w - 1; x++)
            {
                int i = (y * w) + x;
                double l = (4 * image.Samples[i]) - image.Samples[i - 1] - image.Samples[i + 1] - image.Samples[i - w] - image.Samples[i + w];
                sum += l * l;
            }
        }

        return sum;
    }
}
