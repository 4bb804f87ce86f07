using System.Buffers.Binary;
using System.Text;
using GameUpscaler.Imaging;

namespace GameUpscaler.Models.PyTorch;

/// <summary>
/// Writes the zip container of <c>torch.save</c> as PyTorch's own writer lays it out: every record stored
/// uncompressed inside one folder, each record's data starting on a 64-byte boundary (padding in a local extra field
/// with id <c>FB</c>, which zip readers skip), so <c>torch.load(..., mmap=True)</c> can map the storages in place.
/// Deterministic: a fixed timestamp (1980-01-01) and no host-dependent fields.
/// </summary>
internal sealed class TorchArchiveWriter
{
    /// <summary>The data alignment of PyTorch's writer (<c>kFieldAlignment</c>).</summary>
    public const int Alignment = 64;

    private const uint LocalHeaderSignature = 0x04034B50;
    private const uint CentralHeaderSignature = 0x02014B50;
    private const uint EndOfCentralDirectorySignature = 0x06054B50;
    private const ushort ZipVersion = 20;
    private const ushort DosDate1980 = (1 << 5) | 1; // 1980-01-01, the earliest DOS date
    private const int LocalHeaderSize = 30;
    private const int ExtraHeaderSize = 4;

    private readonly MemoryStream _stream = new();
    private readonly List<(byte[] Name, uint Crc, uint Size, uint Offset)> _records = [];
    private readonly string _folder;

    /// <param name="folder">The folder every record goes in (<c>archive</c>, as PyTorch writes to a stream).</param>
    public TorchArchiveWriter(string folder) => _folder = folder;

    /// <summary>Adds the record <c>FOLDER/name</c>.</summary>
    /// <exception cref="InvalidOperationException">The archive would outgrow the 4 GiB of a zip without ZIP64.</exception>
    public void Add(string name, ReadOnlySpan<byte> data)
    {
        byte[] fullName = Encoding.UTF8.GetBytes($"{_folder}/{name}");
        long offset = _stream.Position;
        long dataStart = offset + LocalHeaderSize + fullName.Length + ExtraHeaderSize;
        int padding = (int)((Alignment - (dataStart % Alignment)) % Alignment);
        if (offset + LocalHeaderSize + fullName.Length + ExtraHeaderSize + padding + data.Length > uint.MaxValue || _records.Count == ushort.MaxValue)
        {
            throw new InvalidOperationException("The checkpoint would be larger than a zip archive without ZIP64 holds (4 GiB, 65,535 records).");
        }

        uint crc = PngCrc32.Compute(data); // zip and PNG share one CRC-32 (ISO 3309)
        Span<byte> header = stackalloc byte[LocalHeaderSize];
        BinaryPrimitives.WriteUInt32LittleEndian(header, LocalHeaderSignature);
        BinaryPrimitives.WriteUInt16LittleEndian(header[4..], ZipVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(header[6..], 0); // flags
        BinaryPrimitives.WriteUInt16LittleEndian(header[8..], 0); // stored
        BinaryPrimitives.WriteUInt16LittleEndian(header[10..], 0); // time 00:00
        BinaryPrimitives.WriteUInt16LittleEndian(header[12..], DosDate1980);
        BinaryPrimitives.WriteUInt32LittleEndian(header[14..], crc);
        BinaryPrimitives.WriteUInt32LittleEndian(header[18..], (uint)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[22..], (uint)data.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(header[26..], (ushort)fullName.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(header[28..], (ushort)(ExtraHeaderSize + padding));
        _stream.Write(header);
        _stream.Write(fullName);

        Span<byte> extra = stackalloc byte[ExtraHeaderSize + padding];
        extra[0] = (byte)'F';
        extra[1] = (byte)'B';
        BinaryPrimitives.WriteUInt16LittleEndian(extra[2..], (ushort)padding);
        extra[ExtraHeaderSize..].Fill((byte)'Z');
        _stream.Write(extra);
        _stream.Write(data);
        _records.Add((fullName, crc, (uint)data.Length, (uint)offset));
    }

    /// <summary>The central directory and its end record, and the archive's bytes.</summary>
    public byte[] Finish()
    {
        long directoryOffset = _stream.Position;
        Span<byte> entry = stackalloc byte[46];
        foreach ((byte[] name, uint crc, uint size, uint offset) in _records)
        {
            entry.Clear();
            BinaryPrimitives.WriteUInt32LittleEndian(entry, CentralHeaderSignature);
            BinaryPrimitives.WriteUInt16LittleEndian(entry[4..], ZipVersion); // made by
            BinaryPrimitives.WriteUInt16LittleEndian(entry[6..], ZipVersion); // needed
            BinaryPrimitives.WriteUInt16LittleEndian(entry[14..], DosDate1980);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[16..], crc);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[20..], size);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[24..], size);
            BinaryPrimitives.WriteUInt16LittleEndian(entry[28..], (ushort)name.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(entry[42..], offset);
            _stream.Write(entry);
            _stream.Write(name);
        }

        long directorySize = _stream.Position - directoryOffset;
        if (_stream.Position + 22 > uint.MaxValue)
        {
            throw new InvalidOperationException("The checkpoint would be larger than a zip archive without ZIP64 holds (4 GiB).");
        }

        Span<byte> end = stackalloc byte[22];
        end.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(end, EndOfCentralDirectorySignature);
        BinaryPrimitives.WriteUInt16LittleEndian(end[8..], (ushort)_records.Count);
        BinaryPrimitives.WriteUInt16LittleEndian(end[10..], (ushort)_records.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(end[12..], (uint)directorySize);
        BinaryPrimitives.WriteUInt32LittleEndian(end[16..], (uint)directoryOffset);
        _stream.Write(end);
        return _stream.ToArray();
    }
}
