namespace GameUpscaler.Cli;

using System.Globalization;
using GameUpscaler.Training.Training;

/// <summary>
/// The training progress line: a bar, iterations, losses, iterations/s and the time left. On a terminal it redraws
/// one line; when output is redirected (a log file) it prints a line every 30 seconds instead of flooding the log.
/// </summary>
internal sealed class TrainingProgressBar(TextWriter writer, bool interactive)
{
    private const int Width = 24;
    private DateTime _lastLine = DateTime.MinValue;
    private bool _drawn;

    public void Report(TrainingProgress p)
    {
        double fraction = (double)p.Step / Math.Max(1, p.Iterations);
        int filled = (int)Math.Round(fraction * Width);
        double left = p.IterationsPerSecond > 0 ? (p.Iterations - p.Step) / p.IterationsPerSecond : double.NaN;
        string losses = double.IsNaN(p.GeneratorAdversarialLoss)
            ? string.Create(CultureInfo.InvariantCulture, $"{p.LossName} {p.Loss:F5}")
            : string.Create(CultureInfo.InvariantCulture, $"{p.LossName} {p.Loss:F5} G {p.GeneratorAdversarialLoss:F3} D {p.DiscriminatorLoss:F3}");
        string line = string.Create(CultureInfo.InvariantCulture,
            $"[{new string('#', filled)}{new string('.', Width - filled)}] {p.Step}/{p.Iterations} {losses} {p.IterationsPerSecond:F2} it/s lr {p.LearningRate:G3} elapsed {Format(p.Elapsed.TotalSeconds)} left {Format(left)}");
        if (interactive)
        {
            writer.Write("\r" + line.PadRight(Console.IsOutputRedirected ? 0 : Math.Max(0, Console.WindowWidth - 1)));
            _drawn = true;
        }
        else if (DateTime.UtcNow - _lastLine >= TimeSpan.FromSeconds(30) || p.Step == p.Iterations)
        {
            writer.WriteLine(line);
            _lastLine = DateTime.UtcNow;
        }
    }

    public void Finish()
    {
        if (_drawn)
        {
            writer.WriteLine();
        }
    }

    private static string Format(double seconds) =>
        double.IsFinite(seconds) ? TimeSpan.FromSeconds(Math.Round(seconds)).ToString("c", CultureInfo.InvariantCulture) : "?";
}
