namespace GameUpscaler.Cli;

using Spectre.Console;
using Spectre.Console.Rendering;

/// <summary>
/// The CLI's one progress display, used by train, eval, compare, report, demo and capture scoring. On an interactive
/// terminal it is a Spectre.Console progress bar (what is being done, bar, percentage, rate, time left); anywhere else
/// (a pipe, a log file, CI) it is plain lines, one per step, that logs and tests read. Spectre's own output for a
/// non-interactive console is not used: it says less than these lines and changes between versions.
/// </summary>
internal sealed class ProgressReporter
{
    /// <summary>How often a long run that reports its position (training) writes a line when not on a terminal.</summary>
    public static readonly TimeSpan DefaultLineInterval = TimeSpan.FromSeconds(30);

    private readonly IAnsiConsole? _terminal;
    private readonly TextWriter? _lines;
    private readonly TimeProvider _time;
    private readonly TimeSpan _lineInterval;

    /// <summary>A reporter that draws a live progress display on <paramref name="terminal"/>.</summary>
    /// <param name="terminal">An interactive console.</param>
    /// <exception cref="ArgumentNullException"><paramref name="terminal"/> is null.</exception>
    public ProgressReporter(IAnsiConsole terminal)
    {
        ArgumentNullException.ThrowIfNull(terminal);
        _terminal = terminal;
        _time = TimeProvider.System;
    }

    /// <summary>A reporter that writes plain lines (no escape sequences) to <paramref name="lines"/>.</summary>
    /// <param name="lines">Where the lines go.</param>
    /// <param name="time">The clock for <paramref name="lineInterval"/>; null for the system clock.</param>
    /// <param name="lineInterval">The least time between two lines of <see cref="ProgressScope.Report"/>; null for
    /// <see cref="DefaultLineInterval"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="lines"/> is null.</exception>
    public ProgressReporter(TextWriter lines, TimeProvider? time = null, TimeSpan? lineInterval = null)
    {
        ArgumentNullException.ThrowIfNull(lines);
        _lines = lines;
        _time = time ?? TimeProvider.System;
        _lineInterval = lineInterval ?? DefaultLineInterval;
    }

    /// <summary>True when this reporter draws on a terminal, false when it writes lines.</summary>
    public bool IsInteractive => _terminal is not null;

    /// <summary>
    /// The reporter for this process's standard output: the live display only when output is a terminal that
    /// Spectre.Console finds interactive (not redirected, not a CI runner), else lines on <see cref="Console.Out"/>.
    /// </summary>
    public static ProgressReporter ForConsole() =>
        !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive
            ? new ProgressReporter(AnsiConsole.Console)
            : new ProgressReporter(Console.Out);

    /// <summary>Runs <paramref name="work"/> with a progress scope of <paramref name="total"/> steps.</summary>
    /// <typeparam name="T">What the work returns.</typeparam>
    /// <param name="title">What is being done ("eval bicubic x2").</param>
    /// <param name="total">The number of steps; 0 when there is nothing to do.</param>
    /// <param name="work">The work; it reports each step to the scope it is given.</param>
    /// <returns>What <paramref name="work"/> returned.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="title"/> or <paramref name="work"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="total"/> is negative.</exception>
    public T Run<T>(string title, long total, Func<ProgressScope, T> work)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(work);
        ArgumentOutOfRangeException.ThrowIfNegative(total);
        if (_terminal is null)
        {
            return work(new ProgressScope(title, total, _lines!, _time, _lineInterval));
        }

        T result = default!;
        _terminal.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new RateColumn(), new RemainingColumn())
            .Start(context =>
            {
                // A zero-step task would never finish (or divide by zero for the percentage): give it one step.
                ProgressTask task = context.AddTask(Markup.Escape(title), maxValue: Math.Max(1, total));
                var scope = new ProgressScope(title, total, task);
                task.Tag = scope;
                result = work(scope);
                if (total == 0)
                {
                    task.Value = task.MaxValue;
                }
            });
        return result;
    }

    /// <summary>Steps per second: the rate the work reported, else Spectre's own from the steps so far.</summary>
    private static double? RateOf(ProgressTask task) =>
        task.Tag is ProgressScope { Rate: > 0 and var rate } ? rate : task.Speed;

    /// <summary>"12.34 it/s", from the rate the work reported when it knows it (a resumed run starts mid-way).</summary>
    private sealed class RateColumn : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            RateOf(task) is { } rate && double.IsFinite(rate)
                ? new Text(rate.ToString("F2", System.Globalization.CultureInfo.InvariantCulture) + " it/s")
                : new Text("-- it/s", new Style(Color.Grey));
    }

    /// <summary>"left 00:01:23", from the same rate as <see cref="RateColumn"/>.</summary>
    private sealed class RemainingColumn : ProgressColumn
    {
        public override IRenderable Render(RenderOptions options, ProgressTask task, TimeSpan deltaTime)
        {
            if (task.IsFinished)
            {
                return new Text("left 00:00:00");
            }

            double? rate = RateOf(task);
            return rate is > 0 && double.IsFinite(rate.Value)
                ? new Text("left " + ProgressScope.FormatDuration((task.MaxValue - task.Value) / rate.Value))
                : new Text("left ?", new Style(Color.Grey));
        }
    }
}
