using System.IO.Compression;
using System.Text;

namespace GameUpscaler.Models.PyTorch;

/// <summary>
/// The zip container of <c>torch.save</c> (PyTorch 1.6 and later): every record inside one folder,
/// <c>NAME/data.pkl</c>, <c>NAME/data/KEY</c> per storage, <c>NAME/version</c>, <c>NAME/byteorder</c>. Records are
/// read with their declared sizes checked against a limit before anything is allocated, and every failure of the zip
/// layer (a truncated file, a bad CRC, an unknown compression method) becomes a <see cref="ModelFormatException"/>.
/// </summary>
internal sealed class TorchArchive : IDisposable
{
    private readonly ZipArchive _zip;
    private readonly Dictionary<string, ZipArchiveEntry> _entries;
    private readonly string _fileName;

    private TorchArchive(ZipArchive zip, Dictionary<string, ZipArchiveEntry> entries, string folder, string fileName)
    {
        _zip = zip;
        _entries = entries;
        _fileName = fileName;
        Folder = folder;
    }

    /// <summary>The folder all records are in (<c>archive</c>, or the file's name at save time).</summary>
    public string Folder { get; }

    /// <summary>Opens the archive and finds its folder.</summary>
    /// <exception cref="ModelFormatException">The bytes are not a zip archive of that layout.</exception>
    public static TorchArchive Open(byte[] bytes, string fileName)
    {
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read, leaveOpen: false, Encoding.UTF8);
        }
        catch (Exception e) when (IsZipFailure(e))
        {
            throw new ModelFormatException(fileName, $"not a readable zip archive ({e.Message.TrimEnd('.')}); a PyTorch checkpoint saved by torch.save is one (truncated?)", e);
        }

        bool handedOver = false;
        try
        {
            var entries = new Dictionary<string, ZipArchiveEntry>(StringComparer.Ordinal);
            string? folder = null;
            foreach (ZipArchiveEntry entry in zip.Entries)
            {
                string name = entry.FullName;
                int slash = name.IndexOf('/', StringComparison.Ordinal);
                if (slash <= 0)
                {
                    throw new ModelFormatException(fileName, $"zip entry '{Shorten(name)}' is not inside a folder; torch.save puts every record in one (NAME/data.pkl, NAME/data/0, …)");
                }

                folder ??= name[..slash];
                if (!name.AsSpan(0, slash).SequenceEqual(folder))
                {
                    throw new ModelFormatException(fileName, $"zip entry '{Shorten(name)}' is outside the folder '{Shorten(folder)}' of the first entry; torch.save puts every record in one");
                }

                if (!entries.TryAdd(name[(slash + 1)..], entry))
                {
                    throw new ModelFormatException(fileName, $"zip entry '{Shorten(name)}' appears twice");
                }
            }

            if (folder is null)
            {
                throw new ModelFormatException(fileName, "the zip archive is empty; a PyTorch checkpoint holds NAME/data.pkl and its storages");
            }

            var archive = new TorchArchive(zip, entries, folder, fileName);
            handedOver = true;
            return archive;
        }
        catch (Exception e) when (IsZipFailure(e))
        {
            throw new ModelFormatException(fileName, $"the zip directory cannot be read ({e.Message.TrimEnd('.')}); a damaged archive?", e);
        }
        finally
        {
            if (!handedOver)
            {
                zip.Dispose();
            }
        }
    }

    /// <summary>Whether the archive holds the record <paramref name="name"/> (relative to <see cref="Folder"/>).</summary>
    public bool Has(string name) => _entries.ContainsKey(name);

    /// <summary>The uncompressed size the archive declares for a record it holds.</summary>
    public long DeclaredLength(string name) => _entries[name].Length;

    /// <summary>Reads a record whole.</summary>
    /// <param name="name">The record, relative to <see cref="Folder"/> (<c>data.pkl</c>, <c>data/0</c>).</param>
    /// <param name="maxBytes">The largest size accepted; a larger declared size is refused before reading.</param>
    /// <param name="what">What the record is, for messages.</param>
    /// <exception cref="ModelFormatException">The record is missing, too large, or damaged.</exception>
    public byte[] Read(string name, long maxBytes, string what)
    {
        string full = $"{Folder}/{name}";
        if (!_entries.TryGetValue(name, out ZipArchiveEntry? entry))
        {
            throw new ModelFormatException(_fileName, $"the archive has no {full} ({what})");
        }

        long length = entry.Length;
        if (length < 0 || length > maxBytes)
        {
            throw new ModelFormatException(_fileName, $"{full} ({what}) declares {length:N0} bytes, over the limit of {maxBytes:N0}");
        }

        var bytes = new byte[length];
        try
        {
            using Stream stream = entry.Open();
            int read = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
            if (read < bytes.Length)
            {
                throw new ModelFormatException(_fileName, $"{full} ({what}) holds {read:N0} bytes, not the {length:N0} its zip header declares (truncated?)");
            }

            Span<byte> probe = stackalloc byte[1];
            if (stream.Read(probe) != 0)
            {
                throw new ModelFormatException(_fileName, $"{full} ({what}) holds more than the {length:N0} bytes its zip header declares");
            }
        }
        catch (Exception e) when (IsZipFailure(e))
        {
            throw new ModelFormatException(_fileName, $"{full} ({what}) cannot be read: {e.Message.TrimEnd('.')} (a damaged archive?)", e);
        }

        return bytes;
    }

    public void Dispose() => _zip.Dispose();

    /// <summary>The exceptions System.IO.Compression reports damaged archives with (ours excluded).</summary>
    private static bool IsZipFailure(Exception e) =>
        e is InvalidDataException or NotSupportedException or ArgumentException or (IOException and not ModelFormatException);

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
