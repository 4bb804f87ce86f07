namespace GameUpscaler.Metrics;

/// <summary>The 11×11 Gaussian window (σ = 1.5) of SSIM, applied separably with 'valid' borders.</summary>
internal static class SsimWindow
{
    public const int Size = 11;

    private static readonly double[] Taps = CreateTaps();

    /// <summary>Filters with the normalised window, keeping only outputs whose window lies inside the image.</summary>
    public static double[] FilterValid(double[] samples, int width, int height)
    {
        int outW = width - Size + 1, outH = height - Size + 1;
        double[] horizontal = new double[outW * height];
        for (int y = 0; y < height; y++)
        {
            int row = y * width;
            for (int x = 0; x < outW; x++)
            {
                double sum = 0;
                for (int k = 0; k < Size; k++)
                {
                    sum += Taps[k] * samples[row + x + k];
                }

                horizontal[(y * outW) + x] = sum;
            }
        }

        double[] result = new double[outW * outH];
        for (int y = 0; y < outH; y++)
        {
            for (int k = 0; k < Size; k++)
            {
                double tap = Taps[k];
                int row = (y + k) * outW;
                for (int x = 0; x < outW; x++)
                {
                    result[(y * outW) + x] += tap * horizontal[row + x];
                }
            }
        }

        return result;
    }

    private static double[] CreateTaps()
    {
        // fspecial('gaussian', 11, 1.5) is the outer product of this normalised 1-D kernel with itself.
        double[] taps = new double[Size];
        double sum = 0;
        for (int i = 0; i < Size; i++)
        {
            double d = i - (Size / 2);
            taps[i] = Math.Exp(-(d * d) / (2 * 1.5 * 1.5));
            sum += taps[i];
        }

        for (int i = 0; i < Size; i++)
        {
            taps[i] /= sum;
        }

        return taps;
    }
}
