namespace GameUpscaler.IO;

/// <summary>
/// The one way the library writes a result file (images, models, checkpoints' parts): the bytes go to a temporary
/// file beside the target, are flushed, and the temporary file is moved over the target, so a failure or a kill
/// never leaves the target half-written or destroys an existing one. Errors name the target, not the temporary file.
/// </summary>
public static class OutputFile
{
    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> atomically.</summary>
    /// <exception cref="ArgumentException">The path is empty.</exception>
    /// <exception cref="IOException">The file cannot be written (missing or read-only folder, full disk, …); the message names <paramref name="path"/>.</exception>
    public static void WriteAllBytes(string path, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        Write(path, stream => stream.Write(bytes));
    }

    /// <summary>Writes what <paramref name="write"/> puts into the stream to <paramref name="path"/> atomically.</summary>
    /// <exception cref="ArgumentException">The path is empty.</exception>
    /// <exception cref="IOException">The file cannot be written (missing or read-only folder, full disk, …); the message names <paramref name="path"/>.</exception>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        string fullPath = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(fullPath) ?? ".";
        if (Directory.Exists(fullPath))
        {
            throw new IOException($"{path}: is a folder; give a file name to write");
        }

        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"{path}: cannot be written, its folder {folder} does not exist");
        }

        string temporary = Path.Combine(folder, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, fullPath, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            string reason = e.Message.Replace(temporary, path, StringComparison.Ordinal);
            throw new IOException($"{path}: cannot be written: {reason}", e);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // The original error matters more than a leftover temporary file.
        }
        catch (UnauthorizedAccessException)
        {
            // Likewise.
        }
    }
}
