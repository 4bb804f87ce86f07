namespace GameUpscaler.Models;

/// <summary>
/// A weights file is malformed or does not describe a supported generator. The message names the file and the
/// problem (e.g. the tensor with the wrong shape, its expected and actual shape).
/// </summary>
/// <remarks>
/// It derives from <see cref="IOException"/> (<see cref="InvalidDataException"/>, the closer match, is sealed), so a
/// caller's <c>catch (IOException)</c> around loading handles unreadable and malformed files alike.
/// </remarks>
public sealed class ModelFormatException : IOException
{
    /// <summary>Creates an exception without details.</summary>
    public ModelFormatException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    public ModelFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message, wrapping another.</summary>
    public ModelFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception for a problem in a named file; the message is prefixed with the name.</summary>
    /// <param name="fileName">The file (or stream name); null when unknown.</param>
    /// <param name="problem">What is wrong, e.g. "tensor 'body.0.weight' has shape [8, 3, 3, 3] ...".</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public ModelFormatException(string? fileName, string problem, Exception? innerException = null)
        : base($"{fileName ?? "<stream>"}: {problem}", innerException)
    {
        FileName = fileName;
    }

    /// <summary>The file (or stream name) that was being read; null when unknown.</summary>
    public string? FileName { get; }
}
