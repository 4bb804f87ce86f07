namespace GameUpscaler.Resampling;

/// <summary>
/// For each output sample along one axis, the input indices and normalised weights that contribute to it, computed
/// as MATLAB's <c>imresize/contributions</c> (including its removal of all-zero weight columns, which can change
/// which edge sample is mirrored in). Stored flat: entries <c>Offsets[i] .. Offsets[i+1]</c> belong to output i.
/// </summary>
internal sealed class Contributions
{
    private Contributions(int outputLength, int[] offsets, int[] indices, double[] weights)
    {
        OutputLength = outputLength;
        Offsets = offsets;
        Indices = indices;
        Weights = weights;
    }

    public int OutputLength { get; }

    public int[] Offsets { get; }

    public int[] Indices { get; }

    public double[] Weights { get; }

    public static Contributions Compute(int inputLength, int outputLength, double scale, ResampleKernel kernel, bool antialias)
    {
        (Func<double, double> function, double width) = kernel switch
        {
            ResampleKernel.Nearest => ((Func<double, double>)Box, 1.0),
            ResampleKernel.Bilinear => (Triangle, 2.0),
            ResampleKernel.Bicubic => (Cubic, 4.0),
            ResampleKernel.Lanczos3 => (Lanczos3, 6.0),
            _ => throw new ArgumentOutOfRangeException(nameof(kernel), kernel, "Unknown kernel."),
        };

        // MATLAB never antialiases 'nearest'.
        bool stretch = scale < 1 && antialias && kernel != ResampleKernel.Nearest;
        Func<double, double> h = stretch ? x => scale * function(scale * x) : function;
        if (stretch)
        {
            width /= scale;
        }

        int taps = (int)Math.Ceiling(width) + 2;
        double[] rowWeights = new double[outputLength * taps];
        int[] rowIndices = new int[outputLength * taps];
        for (int i = 0; i < outputLength; i++)
        {
            double u = ((i + 1) / scale) + (0.5 * (1 - (1 / scale))); // MATLAB's 1-based centre mapping
            int left = (int)Math.Floor(u - (width / 2));
            double sum = 0;
            for (int j = 0; j < taps; j++)
            {
                int index = left + j;
                double weight = h(u - index);
                rowIndices[(i * taps) + j] = index;
                rowWeights[(i * taps) + j] = weight;
                sum += weight;
            }

            for (int j = 0; j < taps; j++)
            {
                rowWeights[(i * taps) + j] /= sum;
            }
        }

        // Drop tap columns whose weight is zero for every output, as MATLAB does.
        bool[] keep = new bool[taps];
        for (int j = 0; j < taps; j++)
        {
            for (int i = 0; i < outputLength && !keep[j]; i++)
            {
                keep[j] = rowWeights[(i * taps) + j] != 0;
            }
        }

        int kept = keep.Count(k => k);
        int[] offsets = new int[outputLength + 1];
        int[] indices = new int[outputLength * kept];
        double[] weights = new double[outputLength * kept];
        int n = 0;
        for (int i = 0; i < outputLength; i++)
        {
            offsets[i] = n;
            for (int j = 0; j < taps; j++)
            {
                if (keep[j])
                {
                    indices[n] = Mirror(rowIndices[(i * taps) + j], inputLength);
                    weights[n] = rowWeights[(i * taps) + j];
                    n++;
                }
            }
        }

        offsets[outputLength] = n;
        return new Contributions(outputLength, offsets, indices, weights);
    }

    /// <summary>Maps a 1-based MATLAB index onto [0, length) by symmetric extension (edge sample repeated).</summary>
    private static int Mirror(int oneBased, int length)
    {
        int period = 2 * length;
        int m = ((oneBased - 1) % period + period) % period;
        return m < length ? m : period - 1 - m;
    }

    /// <summary>MATLAB's <c>eps</c>: the spacing of doubles at 1.0 (not .NET's <see cref="double.Epsilon"/>).</summary>
    private const double MatlabEps = 2.220446049250313e-16;

    private static double Box(double x) => x >= -0.5 && x < 0.5 ? 1 : 0;

    private static double Triangle(double x)
    {
        double a = Math.Abs(x);
        return a <= 1 ? 1 - a : 0;
    }

    private static double Cubic(double x)
    {
        double a = Math.Abs(x), a2 = a * a, a3 = a2 * a;
        if (a <= 1)
        {
            return (1.5 * a3) - (2.5 * a2) + 1;
        }

        return a <= 2 ? (-0.5 * a3) + (2.5 * a2) - (4 * a) + 2 : 0;
    }

    private static double Lanczos3(double x)
    {
        // MATLAB adds its eps to numerator and denominator so that x = 0 gives 1 without a special case.
        double numerator = (Math.Sin(Math.PI * x) * Math.Sin(Math.PI * x / 3)) + MatlabEps;
        double denominator = (Math.PI * Math.PI * x * x / 3) + MatlabEps;
        return Math.Abs(x) < 3 ? numerator / denominator : 0;
    }
}
