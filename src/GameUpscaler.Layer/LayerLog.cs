using System.Globalization;

namespace GameUpscaler.Layer;

/// <summary>
/// <c>GAMEUPSCALER_LOG=FILE</c>: one line per event (swapchain created with its sizes and method, fallbacks, errors)
/// and a summary per swapchain and at exit. Lines are appended and flushed as they are written, so a game that crashes
/// later still leaves them. Without the variable, errors go to stderr prefixed "gameupscaler:" and nothing else is said.
/// </summary>
internal static class LayerLog
{
    private static readonly Lock Gate = new();
    private static readonly string? Path = Environment.GetEnvironmentVariable("GAMEUPSCALER_LOG");

    private static readonly string? CsvPath = Environment.GetEnvironmentVariable("GAMEUPSCALER_CSV");
    private static bool s_csvHeaderWritten;

    public static bool Enabled => Path is not null;

    /// <summary><c>GAMEUPSCALER_CSV=FILE</c>: one row per pass per upscaled frame (swapchain, frame, pass, GPU ms).</summary>
    public static bool CsvEnabled => CsvPath is not null;

    public static void Csv(ulong swapchain, long frame, IReadOnlyList<GameUpscaler.Hooks.UpscalerPassTiming> timings)
    {
        if (CsvPath is null)
        {
            return;
        }

        var rows = new System.Text.StringBuilder();
        lock (Gate)
        {
            if (!s_csvHeaderWritten)
            {
                rows.AppendLine("swapchain,frame,pass,gpu_ms");
                s_csvHeaderWritten = true;
            }

            foreach (GameUpscaler.Hooks.UpscalerPassTiming timing in timings)
            {
                rows.AppendLine(string.Create(CultureInfo.InvariantCulture, $"0x{swapchain:x},{frame},{timing.Label},{timing.Milliseconds:F4}"));
            }

            try
            {
                File.AppendAllText(CsvPath, rows.ToString());
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"gameupscaler: GAMEUPSCALER_CSV {CsvPath} cannot be written ({e.Message})");
            }
        }
    }

    public static void Info(string message) => Write("info", message, toStderr: false);

    public static void Error(string message) => Write("error", message, toStderr: true);

    private static void Write(string level, string message, bool toStderr)
    {
        string line = string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:HH:mm:ss.fff} {level} [{Environment.ProcessId}] {message}");
        lock (Gate)
        {
            if (Path is not null)
            {
                try
                {
                    File.AppendAllText(Path, line + Environment.NewLine);
                    return;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    toStderr = true;
                }
            }

            if (toStderr)
            {
                Console.Error.WriteLine($"gameupscaler: {message}");
            }
        }
    }
}
