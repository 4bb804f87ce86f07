namespace GameUpscaler.Cli;

/// <summary>
/// An <see cref="IProgress{T}"/> that calls back on the reporting thread at once. <see cref="Progress{T}"/> posts to
/// the thread pool instead, which would let reports arrive late or out of order in a console program.
/// </summary>
internal sealed class SynchronousProgress<T>(Action<T> handler) : IProgress<T>
{
    public void Report(T value) => handler(value);
}
