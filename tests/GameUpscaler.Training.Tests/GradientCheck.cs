namespace GameUpscaler.Training.Tests;

/// <summary>
/// Finite-difference gradient checks. The loss is a fixed random projection Σ r·output, so d loss / d output = r
/// exactly and any mismatch is the layer's backward pass. Central differences in float32 with a step of 1e-2 keep
/// rounding error near 1e-4 relative; checks sample entries rather than sweeping whole tensors.
/// </summary>
internal static class GradientCheck
{
    public static Tensor RandomTensor(Random random, int n, int c, int h, int w, double scale = 1.0, double avoidZero = 0)
    {
        var t = new Tensor(n, c, h, w);
        for (int i = 0; i < t.Data.Length; i++)
        {
            double v = ((random.NextDouble() * 2) - 1) * scale;
            if (avoidZero > 0 && Math.Abs(v) < avoidZero)
            {
                v = v < 0 ? -avoidZero - Math.Abs(v) : avoidZero + v;
            }

            t.Data[i] = (float)v;
        }

        return t;
    }

    public static double Project(Tensor output, Tensor probe)
    {
        double sum = 0;
        for (int i = 0; i < output.Data.Length; i++)
        {
            sum += (double)output.Data[i] * probe.Data[i];
        }

        return sum;
    }

    /// <summary>Compares analytic[i] with the central difference of <paramref name="loss"/> in <paramref name="values"/>[i].</summary>
    /// <param name="fallbackStep">
    /// A second step tried where <paramref name="step"/> disagrees: a larger step crosses PReLU kinks inside a deep
    /// network, a smaller one drowns in fp32 round-off, and no single step avoids both for every sample; a wrong
    /// gradient disagrees at both.
    /// </param>
    public static void Compare(string what, float[] values, float[] analytic, Func<double> loss, Random random, int samples = 24, double step = 1e-2, double tolerance = 2e-2, double? fallbackStep = null)
    {
        int count = Math.Min(samples, values.Length);
        IEnumerable<int> indices = values.Length <= samples ? Enumerable.Range(0, values.Length) : Enumerable.Range(0, count).Select(_ => random.Next(values.Length));
        foreach (int i in indices)
        {
            double numeric = Numeric(values, i, loss, step);
            double error = Math.Abs(numeric - analytic[i]) / Math.Max(1.0, Math.Abs(numeric));
            if (error >= tolerance && fallbackStep is { } second)
            {
                numeric = Numeric(values, i, loss, second);
                error = Math.Abs(numeric - analytic[i]) / Math.Max(1.0, Math.Abs(numeric));
            }

            Assert.True(error < tolerance, $"{what}[{i}]: analytic {analytic[i]:G6}, numeric {numeric:G6} (relative error {error:G3})");
        }
    }

    private static double Numeric(float[] values, int i, Func<double> loss, double step)
    {
        float original = values[i];
        values[i] = (float)(original + step);
        double plus = loss();
        values[i] = (float)(original - step);
        double minus = loss();
        values[i] = original;
        return (plus - minus) / (2 * step);
    }
}
