using System.Runtime.InteropServices;

namespace GameUpscaler.IO;

/// <summary>
/// The one way the library reads a user's file whole (images, models, ncnn files, checkpoints): only a regular file
/// is opened, and its size is checked against a limit before anything is allocated for it. A named pipe or a device
/// given as a path would otherwise block forever (a FIFO's open waits for a writer) or read until memory runs out
/// (<c>/dev/zero</c>); a huge file would be allocated whole before any format check could refuse it.
/// </summary>
public static class InputFile
{
    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;
    private const int ModeOffset = 28; // struct statx: stx_mask, stx_blksize, stx_attributes, stx_nlink, stx_uid, stx_gid, then stx_mode
    private const int FileTypeMask = 0xF000;
    private const int RegularFile = 0x8000;
    private const int FifoType = 0x1000;
    private const int CharacterDevice = 0x2000;
    private const int BlockDevice = 0x6000;
    private const int SocketType = 0xC000;

    /// <summary>Reads a regular file whole, refusing it before allocating when it is larger than <paramref name="maxBytes"/>.</summary>
    /// <param name="path">The file; messages name it as given.</param>
    /// <param name="maxBytes">The largest size accepted.</param>
    /// <param name="kind">What the file should be, for the message ("image", "model").</param>
    /// <exception cref="ArgumentException">The path is empty.</exception>
    /// <exception cref="IOException">The file is missing, is not a regular file (a folder, pipe, device or socket), is over the limit, or cannot be read.</exception>
    public static byte[] ReadAllBytes(string path, long maxBytes, string kind)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        EnsureRegularFile(path, kind);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        long length = stream.Length;
        if (length > maxBytes || length > Array.MaxLength)
        {
            throw new IOException(
                $"{path}: the {kind} file is {length:N0} bytes, over the limit of {Math.Min(maxBytes, Array.MaxLength):N0} bytes; not a {kind} file?");
        }

        var bytes = new byte[length];
        try
        {
            stream.ReadExactly(bytes);
        }
        catch (EndOfStreamException e)
        {
            throw new IOException($"{path}: the {kind} file shrank while it was read ({length:N0} bytes expected)", e);
        }

        return bytes;
    }

    /// <summary>Checks that a path names an existing regular file (following symbolic links), without opening it.</summary>
    /// <param name="path">The path; messages name it as given.</param>
    /// <param name="kind">What the file should be, for the message ("image", "model").</param>
    /// <exception cref="ArgumentException">The path is empty.</exception>
    /// <exception cref="IOException">The path is missing, or names a folder, a pipe, a device or a socket.</exception>
    public static void EnsureRegularFile(string path, string kind)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path))
        {
            throw new IOException($"{path}: is a folder, not a {kind} file");
        }

        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such {kind} file", path);
        }

        string? special = SpecialFileType(path);
        if (special is not null)
        {
            throw new IOException($"{path}: is a {special}, not a regular {kind} file; only regular files are read");
        }
    }

    /// <summary>"named pipe", "character device", … for a path that is not a regular file; null for a regular file.</summary>
    private static string? SpecialFileType(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            // Elsewhere File.Exists is the check: Windows reports devices and pipes through other paths (\\.\).
            return null;
        }

        // statx's struct has one layout on every Linux architecture (stat's does not), so one offset serves all.
        var buffer = new byte[256];
        try
        {
            if (Statx(AtFdCwd, path, 0, StatxType, buffer) != 0)
            {
                return null; // File.Exists said yes; let the open report whatever went wrong.
            }
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return null; // a libc without statx (glibc < 2.28, musl < 1.2.5): the size check still bounds the read
        }

        int type = BitConverter.ToUInt16(buffer, ModeOffset) & FileTypeMask;
        return type switch
        {
            RegularFile => null,
            FifoType => "named pipe",
            CharacterDevice => "character device",
            BlockDevice => "block device",
            SocketType => "socket",
            _ => "special file",
        };
    }

    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Statx(int directory, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, byte[] buffer);
}
