namespace GameUpscaler.Imaging;

/// <summary>
/// An image file is malformed or uses something the codec does not support. The message names the file, when one
/// is known, and the problem, e.g. <c>butterfly.png: CRC mismatch in chunk IDAT at byte 1234</c>.
/// </summary>
/// <remarks>
/// It derives from <see cref="IOException"/> (<see cref="InvalidDataException"/>, the closer match, is sealed), so a
/// caller's <c>catch (IOException)</c> around loading handles unreadable and malformed files alike.
/// </remarks>
public sealed class ImageFormatException : IOException
{
    /// <summary>Creates an exception with a generic message.</summary>
    public ImageFormatException()
        : base("The image data is malformed.")
    {
    }

    /// <summary>Creates an exception with the given message and no file name.</summary>
    public ImageFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with the given message, no file name, and the error that caused it.</summary>
    public ImageFormatException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates an exception whose message is <c>fileName: problem</c>, or just the problem when there is no name.</summary>
    /// <param name="fileName">The file (or other name) the data came from, or <see langword="null"/>.</param>
    /// <param name="problem">What is wrong, e.g. <c>CRC mismatch in chunk IDAT at byte 1234</c>.</param>
    /// <param name="innerException">The error that revealed the problem, if any.</param>
    public ImageFormatException(string? fileName, string problem, Exception? innerException)
        : base(fileName is null ? problem : $"{fileName}: {problem}", innerException)
    {
        FileName = fileName;
    }

    /// <summary>The file (or other name) the malformed data came from, or <see langword="null"/> if none was given.</summary>
    public string? FileName { get; }
}
