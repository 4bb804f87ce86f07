namespace GameUpscaler.Sample;

/// <summary>A command-line mistake; the message says what to type instead (exit code 2).</summary>
internal sealed class SampleUsageException(string message) : Exception(message);
