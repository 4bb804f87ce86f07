namespace GameUpscaler.Capture;

/// <summary>
/// A frame capture does not follow the format: the message names the file (or folder) and the problem, e.g.
/// <c>cap/motion/0003.pfm: 160x90, the capture's render size is 320x180</c>. An <see cref="IOException"/>, so a
/// caller's <c>catch (IOException)</c> around reading handles unreadable and malformed captures alike.
/// </summary>
public sealed class CaptureFormatException : IOException
{
    /// <summary>Creates an exception with a generic message.</summary>
    public CaptureFormatException()
        : base("The frame capture is malformed.")
    {
    }

    /// <summary>Creates an exception with the given message.</summary>
    public CaptureFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with the given message and cause.</summary>
    public CaptureFormatException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>A message <c>file: problem</c>.</summary>
    public CaptureFormatException(string file, string problem, Exception? innerException = null)
        : base($"{file}: {problem}", innerException)
    {
        FileName = file;
    }

    /// <summary>The file or folder at fault, when known.</summary>
    public string? FileName { get; }
}
