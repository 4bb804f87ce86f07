namespace GameUpscaler.Resampling;

using GameUpscaler.Imaging;

/// <summary>
/// Separable resampling that reproduces MATLAB's <c>imresize</c>: its kernels, its pixel-centre mapping
/// <c>u = x / scale + 0.5·(1 − 1/scale)</c>, the antialiasing kernel stretch when shrinking
/// (<c>h(x) = scale·k(scale·x)</c>, width / scale), weights normalised to sum 1, symmetric ("mirror with edge
/// repeated") boundary handling, the dimension with the smaller scale resized first, and—for 8-bit images—rounding
/// to uint8 after each dimension as MATLAB's <c>imresizemex</c> does. Super-resolution papers' bicubic degradation
/// and baseline are defined by exactly this function, so PSNR figures are comparable only if it matches.
/// </summary>
public static class ImageResizer
{
    /// <summary>Resizes by a scale factor; the output size is <c>ceil(scale · input)</c> per axis, as MATLAB.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The scale is not positive and finite, or the result would be empty.</exception>
    public static Image8 Resize(Image8 image, double scale, ResampleKernel kernel, bool antialias = true)
    {
        ArgumentNullException.ThrowIfNull(image);
        ValidateScale(scale);
        return ResizeCore(image, OutputLength(image.Width, scale), OutputLength(image.Height, scale), scale, scale, kernel, antialias);
    }

    /// <summary>Resizes to an explicit size; the per-axis scale is output / input, as MATLAB with an output size.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A target dimension is not positive.</exception>
    public static Image8 Resize(Image8 image, int width, int height, ResampleKernel kernel, bool antialias = true)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        return ResizeCore(image, width, height, (double)width / image.Width, (double)height / image.Height, kernel, antialias);
    }

    /// <summary>
    /// Resizes by an integer-reciprocal or integer scale with the output size given exactly (the SR evaluation
    /// case: a modcropped HR image shrunk by 1/s, or an LR image enlarged by s), avoiding a <c>ceil</c> of an inexact
    /// product such as 255 × (1/3).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The scale or a target dimension is not positive.</exception>
    public static Image8 Resize(Image8 image, int width, int height, double scale, ResampleKernel kernel, bool antialias = true)
    {
        ArgumentNullException.ThrowIfNull(image);
        ValidateScale(scale);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        return ResizeCore(image, width, height, scale, scale, kernel, antialias);
    }

    /// <summary>Resizes a float image to an explicit size (no rounding between passes).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A target dimension is not positive.</exception>
    public static PlanarImage Resize(PlanarImage image, int width, int height, ResampleKernel kernel, bool antialias = true)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        double scaleX = (double)width / image.Width, scaleY = (double)height / image.Height;
        var horizontal = Contributions.Compute(image.Width, width, scaleX, kernel, antialias);
        var vertical = Contributions.Compute(image.Height, height, scaleY, kernel, antialias);
        var result = new PlanarImage(width, height, image.Channels);
        for (int c = 0; c < image.Channels; c++)
        {
            double[] plane = new double[image.PlaneLength];
            ReadOnlySpan<float> source = image.GetPlane(c);
            for (int i = 0; i < plane.Length; i++)
            {
                plane[i] = source[i];
            }

            double[] resized = ResizePlane(plane, image.Width, image.Height, horizontal, vertical, scaleX < scaleY, round: false);
            Span<float> target = result.GetPlane(c);
            for (int i = 0; i < resized.Length; i++)
            {
                target[i] = (float)resized[i];
            }
        }

        return result;
    }

    private static Image8 ResizeCore(Image8 image, int width, int height, double scaleX, double scaleY, ResampleKernel kernel, bool antialias)
    {
        var horizontal = Contributions.Compute(image.Width, width, scaleX, kernel, antialias);
        var vertical = Contributions.Compute(image.Height, height, scaleY, kernel, antialias);

        // MATLAB resizes along the dimension with the smallest scale first; ties go to rows (vertical) first.
        bool horizontalFirst = scaleX < scaleY;
        var result = new Image8(width, height, image.Channels);
        int channels = image.Channels;
        Parallel.For(0, channels, CpuParallelism.Options, c =>
        {
            double[] plane = new double[image.Width * image.Height];
            for (int i = 0; i < plane.Length; i++)
            {
                plane[i] = image.Pixels[(i * channels) + c];
            }

            double[] resized = ResizePlane(plane, image.Width, image.Height, horizontal, vertical, horizontalFirst, round: true);
            for (int i = 0; i < resized.Length; i++)
            {
                result.Pixels[(i * channels) + c] = (byte)resized[i]; // already rounded and saturated
            }
        });
        return result;
    }

    private static double[] ResizePlane(
        double[] plane, int width, int height, Contributions horizontal, Contributions vertical, bool horizontalFirst, bool round)
    {
        if (horizontalFirst)
        {
            double[] wide = ResizeRows(plane, width, height, horizontal, round);
            return ResizeColumns(wide, horizontal.OutputLength, height, vertical, round);
        }

        double[] tall = ResizeColumns(plane, width, height, vertical, round);
        return ResizeRows(tall, width, vertical.OutputLength, horizontal, round);
    }

    private static double[] ResizeRows(double[] source, int width, int height, Contributions contributions, bool round)
    {
        int outWidth = contributions.OutputLength;
        double[] target = new double[outWidth * height];
        for (int y = 0; y < height; y++)
        {
            int row = y * width;
            for (int x = 0; x < outWidth; x++)
            {
                double sum = 0;
                int start = contributions.Offsets[x], end = contributions.Offsets[x + 1];
                for (int k = start; k < end; k++)
                {
                    sum += contributions.Weights[k] * source[row + contributions.Indices[k]];
                }

                target[(y * outWidth) + x] = round ? RoundToByte(sum) : sum;
            }
        }

        return target;
    }

    private static double[] ResizeColumns(double[] source, int width, int height, Contributions contributions, bool round)
    {
        int outHeight = contributions.OutputLength;
        double[] target = new double[width * outHeight];
        double[] accumulator = new double[width];
        for (int y = 0; y < outHeight; y++)
        {
            Array.Clear(accumulator);
            int start = contributions.Offsets[y], end = contributions.Offsets[y + 1];
            for (int k = start; k < end; k++)
            {
                double weight = contributions.Weights[k];
                int row = contributions.Indices[k] * width;
                for (int x = 0; x < width; x++)
                {
                    accumulator[x] += weight * source[row + x];
                }
            }

            for (int x = 0; x < width; x++)
            {
                target[(y * width) + x] = round ? RoundToByte(accumulator[x]) : accumulator[x];
            }
        }

        return target;
    }

    /// <summary>MATLAB's double → uint8 conversion: round half away from zero, saturate (NaN → 0).</summary>
    private static double RoundToByte(double value) =>
        value >= 255 ? 255 : value > 0 ? Math.Floor(value + 0.5) : 0;

    private static int OutputLength(int input, double scale)
    {
        double length = Math.Ceiling(input * scale);
        if (length < 1 || length > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, $"Scaling {input} pixels by {scale} gives an unusable size.");
        }

        return (int)length;
    }

    private static void ValidateScale(double scale)
    {
        if (!double.IsFinite(scale) || scale <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "The scale must be positive and finite.");
        }
    }
}
