namespace GameUpscaler.Sample;

/// <summary>The machine lacks something the chosen mode needs (a display, SDL2); the message says what to do (exit code 1).</summary>
internal sealed class SampleEnvironmentException(string message, Exception? inner = null) : Exception(message, inner);
