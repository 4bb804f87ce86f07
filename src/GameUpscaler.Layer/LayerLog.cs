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

    public static bool Enabled => Path is not null;

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
