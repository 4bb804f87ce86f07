namespace GameUpscaler;

/// <summary>
/// A limit on the threads the library's CPU image code uses (resampling, the spatial upscaler and sharpener, the CPU
/// reference generator), for the code run inside <see cref="Run{T}"/> on the current async flow: e.g. to time methods
/// on one thread. Outside it nothing changes: the code uses every core.
/// </summary>
/// <remarks>
/// A <see cref="TaskScheduler"/> of concurrency 1 cannot do this: a <see cref="Parallel"/> loop, with or without
/// <see cref="ParallelOptions"/>, runs on <see cref="TaskScheduler.Default"/> unless its options name another.
/// </remarks>
public static class CpuParallelism
{
    private static readonly AsyncLocal<int> Limit = new();
    private static readonly ParallelOptions Unlimited = new();

    /// <summary>The most threads allowed on the current flow; 0 when there is no limit.</summary>
    public static int MaxDegreeOfParallelism => Limit.Value;

    /// <summary>
    /// Options for a <see cref="Parallel"/> loop of CPU image code that honour the limit (the default options when
    /// there is none). Code outside this library can pass them too, to be timed fairly.
    /// </summary>
    public static ParallelOptions Options => Limit.Value > 0 ? new ParallelOptions { MaxDegreeOfParallelism = Limit.Value } : Unlimited;

    /// <summary>Runs <paramref name="work"/> with the CPU image code it calls limited to <paramref name="maxDegreeOfParallelism"/> threads.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The limit is below 1.</exception>
    public static T Run<T>(int maxDegreeOfParallelism, Func<T> work)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDegreeOfParallelism, 1);
        ArgumentNullException.ThrowIfNull(work);
        int previous = Limit.Value;
        Limit.Value = maxDegreeOfParallelism;
        try
        {
            return work();
        }
        finally
        {
            Limit.Value = previous;
        }
    }
}
