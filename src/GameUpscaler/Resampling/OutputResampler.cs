namespace GameUpscaler.Resampling;

using GameUpscaler.Imaging;

/// <summary>
/// The resample from the network's integer scale to the display size for non-integer ratios (e.g. a ×2 model in
/// Quality mode, 1.5×). The rule, shared by the CPU path and the GPU output pass (<c>shaders/resample.comp</c>):
/// separable Catmull-Rom (Keys cubic, a = −0.5), 4 × 4 taps, pixel centres at integer + 0.5,
/// <c>scale = (float)sourceWidth / targetWidth</c>, <c>sx = (x + 0.5)·scale − 0.5</c>, taps
/// <c>floor(sx) − 1 … floor(sx) + 2</c> clamped to the image, fp32, horizontal sums first, then vertical. No
/// antialiasing when shrinking: the shrink factor is at least s / (s + 1) ≥ 2/3 between adjacent quality modes,
/// where a 4-tap kernel aliases little, and a fixed footprint keeps the GPU pass cheap.
/// </summary>
public static class OutputResampler
{
    /// <summary>Resamples every plane to the target size (an exact copy when the size is unchanged).</summary>
    /// <exception cref="ArgumentNullException">The source is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A target dimension is not positive.</exception>
    public static PlanarImage Resample(PlanarImage source, int targetWidth, int targetHeight)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(targetWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(targetHeight, 1);
        var target = new PlanarImage(targetWidth, targetHeight, source.Channels);
        if (targetWidth == source.Width && targetHeight == source.Height)
        {
            source.Data.AsSpan().CopyTo(target.Data);
            return target;
        }

        (int[] xBase, float[] xWeights) = Taps(source.Width, targetWidth);
        (int[] yBase, float[] yWeights) = Taps(source.Height, targetHeight);
        int maxX = source.Width - 1;
        int maxY = source.Height - 1;
        for (int c = 0; c < source.Channels; c++)
        {
            ReadOnlySpan<float> plane = source.GetPlane(c);
            Span<float> output = target.GetPlane(c);
            for (int y = 0; y < targetHeight; y++)
            {
                for (int x = 0; x < targetWidth; x++)
                {
                    float sum = 0f;
                    for (int j = 0; j < 4; j++)
                    {
                        int row = Math.Clamp(yBase[y] - 1 + j, 0, maxY) * source.Width;
                        float rowSum = 0f;
                        for (int i = 0; i < 4; i++)
                        {
                            rowSum += xWeights[(4 * x) + i] * plane[row + Math.Clamp(xBase[x] - 1 + i, 0, maxX)];
                        }

                        sum += yWeights[(4 * y) + j] * rowSum;
                    }

                    output[(y * targetWidth) + x] = sum;
                }
            }
        }

        return target;
    }

    /// <summary>The four Catmull-Rom weights for a fractional position t in [0, 1).</summary>
    public static (float W0, float W1, float W2, float W3) Weights(float t) => (
        (((-0.5f * t) + 1f) * t - 0.5f) * t,
        (((1.5f * t) - 2.5f) * t * t) + 1f,
        ((((-1.5f * t) + 2f) * t) + 0.5f) * t,
        ((0.5f * t) - 0.5f) * t * t);

    private static (int[] Base, float[] Weights) Taps(int sourceLength, int targetLength)
    {
        var bases = new int[targetLength];
        var weights = new float[4 * targetLength];
        float scale = (float)sourceLength / targetLength;
        for (int x = 0; x < targetLength; x++)
        {
            float position = ((x + 0.5f) * scale) - 0.5f;
            float floor = MathF.Floor(position);
            bases[x] = (int)floor;
            (weights[4 * x], weights[(4 * x) + 1], weights[(4 * x) + 2], weights[(4 * x) + 3]) = Weights(position - floor);
        }

        return (bases, weights);
    }
}
