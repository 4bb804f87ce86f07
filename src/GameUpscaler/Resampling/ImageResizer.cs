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

            double[] resized = ResizePlane(plane, image.Width, image.Height, horizontal, vertical, scaleX < scaleY);
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

        // MATLAB resizes along the dimension with the smallest scale first; ties go to rows (vertical) first. It rounds
        // to uint8 after each dimension, so the intermediate image is 8-bit too: the passes read and write interleaved
        // bytes with one row of double accumulators per thread, never a double plane (4096² → 8192² needs the input,
        // the intermediate and the output, ≈ 350 MB, instead of several GB). The sums run in the same order and in
        // double as before, so results are bit-identical.
        if (scaleX < scaleY)
        {
            Image8 wide = ResizeRows(image, horizontal);
            return ResizeColumns(wide, vertical);
        }

        Image8 tall = ResizeColumns(image, vertical);
        return ResizeRows(tall, horizontal);
    }

    private static Image8 ResizeRows(Image8 source, Contributions contributions)
    {
        int channels = source.Channels, width = source.Width, outWidth = contributions.OutputLength;
        var target = new Image8(outWidth, source.Height, channels);
        byte[] input = source.Pixels, output = target.Pixels;
        Parallel.For(0, source.Height, CpuParallelism.Options, y =>
        {
            long row = (long)y * width * channels, outRow = (long)y * outWidth * channels;
            for (int x = 0; x < outWidth; x++)
            {
                int start = contributions.Offsets[x], end = contributions.Offsets[x + 1];
                for (int c = 0; c < channels; c++)
                {
                    double sum = 0;
                    for (int k = start; k < end; k++)
                    {
                        sum += contributions.Weights[k] * input[row + ((long)contributions.Indices[k] * channels) + c];
                    }

                    output[outRow + ((long)x * channels) + c] = (byte)RoundToByte(sum);
                }
            }
        });
        return target;
    }

    private static Image8 ResizeColumns(Image8 source, Contributions contributions)
    {
        int channels = source.Channels, outHeight = contributions.OutputLength;
        int rowLength = source.Width * channels;
        var target = new Image8(source.Width, outHeight, channels);
        byte[] input = source.Pixels, output = target.Pixels;
        Parallel.For(
            0,
            outHeight,
            CpuParallelism.Options,
            () => new double[rowLength],
            (y, _, accumulator) =>
            {
                Array.Clear(accumulator);
                int start = contributions.Offsets[y], end = contributions.Offsets[y + 1];
                for (int k = start; k < end; k++)
                {
                    double weight = contributions.Weights[k];
                    long row = (long)contributions.Indices[k] * rowLength;
                    for (int i = 0; i < rowLength; i++)
                    {
                        accumulator[i] += weight * input[row + i];
                    }
                }

                long outRow = (long)y * rowLength;
                for (int i = 0; i < rowLength; i++)
                {
                    output[outRow + i] = (byte)RoundToByte(accumulator[i]);
                }

                return accumulator;
            },
            _ => { });
        return target;
    }

    private static double[] ResizePlane(
        double[] plane, int width, int height, Contributions horizontal, Contributions vertical, bool horizontalFirst)
    {
        if (horizontalFirst)
        {
            double[] wide = ResizePlaneRows(plane, width, height, horizontal);
            return ResizePlaneColumns(wide, horizontal.OutputLength, height, vertical);
        }

        double[] tall = ResizePlaneColumns(plane, width, height, vertical);
        return ResizePlaneRows(tall, width, vertical.OutputLength, horizontal);
    }

    private static double[] ResizePlaneRows(double[] source, int width, int height, Contributions contributions)
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

                target[(y * outWidth) + x] = sum;
            }
        }

        return target;
    }

    private static double[] ResizePlaneColumns(double[] source, int width, int height, Contributions contributions)
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
                target[(y * width) + x] = accumulator[x];
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
