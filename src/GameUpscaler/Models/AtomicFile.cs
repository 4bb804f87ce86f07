namespace GameUpscaler.Models;

/// <summary>Writes a file so that a failure never leaves the target half-written or destroys an existing one.</summary>
internal static class AtomicFile
{
    /// <summary>Writes <paramref name="bytes"/> beside <paramref name="path"/> under a temporary name, flushes them to
    /// disk, then moves the file over the target.</summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void WriteAllBytes(string path, byte[] bytes)
    {
        string fullPath = Path.GetFullPath(path);
        string directory = Path.GetDirectoryName(fullPath) ?? ".";
        string temp = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, fullPath, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
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
        }
    }
}
