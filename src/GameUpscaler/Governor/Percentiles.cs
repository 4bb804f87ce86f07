namespace GameUpscaler.Governor;

/// <summary>Order statistics of frame times, shared by the governor and the benchmark reports.</summary>
public static class Percentiles
{
    /// <summary>
    /// The nearest-rank percentile: the smallest sample with at least <paramref name="percentile"/> of the samples at
    /// or below it. Nearest rank (no interpolation) so that a reported p99 is a frame time that really occurred.
    /// </summary>
    /// <param name="samples">The samples (any order; not modified).</param>
    /// <param name="percentile">0 to 1 (0.95 for p95).</param>
    /// <returns>The percentile, or NaN for no samples.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The percentile is outside [0, 1].</exception>
    public static double NearestRank(ReadOnlySpan<double> samples, double percentile)
    {
        double[] sorted = samples.ToArray();
        Array.Sort(sorted);
        return NearestRankOfSorted(sorted, percentile);
    }

    /// <summary>The nearest-rank percentile of samples already sorted ascending (no copy, no allocation).</summary>
    /// <param name="sorted">The samples, sorted ascending.</param>
    /// <param name="percentile">0 to 1.</param>
    /// <returns>The percentile, or NaN for no samples.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The percentile is outside [0, 1].</exception>
    public static double NearestRankOfSorted(ReadOnlySpan<double> sorted, double percentile)
    {
        if (!(percentile >= 0 && percentile <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "The percentile must be between 0 and 1.");
        }

        if (sorted.IsEmpty)
        {
            return double.NaN;
        }

        int rank = (int)Math.Ceiling(percentile * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
