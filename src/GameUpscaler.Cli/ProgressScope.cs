namespace GameUpscaler.Cli;

using System.Globalization;
using Spectre.Console;

/// <summary>
/// One run of a <see cref="ProgressReporter"/>: the work calls <see cref="Step"/> once per item done, or
/// <see cref="Report"/> with its own position when it knows it (training). Safe to call from several threads.
/// </summary>
internal sealed class ProgressScope
{
    private readonly Lock _gate = new();
    private readonly string _title;
    private readonly long _total;
    private readonly ProgressTask? _task;
    private readonly TextWriter? _lines;
    private readonly TimeProvider? _time;
    private readonly TimeSpan _lineInterval;
    private long _done;
    private long? _lastLine;

    internal ProgressScope(string title, long total, ProgressTask task)
    {
        _title = title;
        _total = total;
        _task = task;
    }

    internal ProgressScope(string title, long total, TextWriter lines, TimeProvider time, TimeSpan lineInterval)
    {
        _title = title;
        _total = total;
        _lines = lines;
        _time = time;
        _lineInterval = lineInterval;
    }

    /// <summary>The steps done so far.</summary>
    public long Done => Interlocked.Read(ref _done);

    /// <summary>The steps in all.</summary>
    public long Total => _total;

    /// <summary>The rate last given to <see cref="Report"/> (steps per second); NaN until then.</summary>
    public double Rate { get; private set; } = double.NaN;

    /// <summary>One more step is done. Without a terminal this writes <c>"  [done/total] item"</c>.</summary>
    /// <param name="item">What the step was ("baby.png 33.91 dB").</param>
    /// <exception cref="ArgumentNullException"><paramref name="item"/> is null.</exception>
    public void Step(string item)
    {
        ArgumentNullException.ThrowIfNull(item);
        long done = Interlocked.Increment(ref _done);
        if (_task is null)
        {
            lock (_gate)
            {
                _lines!.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  [{done}/{_total}] {item}"));
            }

            return;
        }

        _task.Description = Markup.Escape($"{_title}: {item}");
        _task.Increment(1);
    }

    /// <summary>
    /// The work is at step <paramref name="done"/>, going at <paramref name="rate"/> steps per second. Without a
    /// terminal this writes <paramref name="line"/> on the first report, then at most once per line interval (so a
    /// long run does not flood its log), and always for the last step.
    /// </summary>
    /// <param name="done">Steps done, from the start of the whole job (a resumed run starts above 0).</param>
    /// <param name="rate">Steps per second, as the work measures it; NaN or 0 when unknown.</param>
    /// <param name="detail">A short status for the terminal display (losses, learning rate).</param>
    /// <param name="line">The whole line for a log.</param>
    /// <exception cref="ArgumentNullException"><paramref name="detail"/> or <paramref name="line"/> is null.</exception>
    public void Report(long done, double rate, string detail, string line)
    {
        ArgumentNullException.ThrowIfNull(detail);
        ArgumentNullException.ThrowIfNull(line);
        Interlocked.Exchange(ref _done, done);
        Rate = rate;
        if (_task is null)
        {
            lock (_gate)
            {
                long now = _time!.GetTimestamp();
                if (_lastLine is not { } last || _time.GetElapsedTime(last, now) >= _lineInterval || done >= _total)
                {
                    _lines!.WriteLine(line);
                    _lastLine = now;
                }
            }

            return;
        }

        _task.Description = Markup.Escape($"{_title}: {detail}");
        _task.Value = Math.Min(done, _task.MaxValue);
    }

    /// <summary>Seconds as <c>hh:mm:ss</c> (days in front past 24 hours), or "?" when not finite.</summary>
    /// <param name="seconds">A duration in seconds.</param>
    /// <returns>The text.</returns>
    internal static string FormatDuration(double seconds) =>
        double.IsFinite(seconds) && seconds < TimeSpan.MaxValue.TotalSeconds
            ? TimeSpan.FromSeconds(Math.Round(Math.Max(0, seconds))).ToString("c", CultureInfo.InvariantCulture)
            : "?";
}
