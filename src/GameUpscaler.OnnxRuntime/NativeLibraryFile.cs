using System.Buffers.Binary;

namespace GameUpscaler.OnnxRuntime;

/// <summary>
/// Checks a native library file before the system loader maps it. The loader trusts the ELF headers: a truncated
/// file (a download cut short) is mapped past its end and the process dies of SIGBUS on the first access, with no
/// message. So every segment and the section header table must lie inside the file, and the file must be a 64-bit
/// little-endian ELF shared object for this machine's architecture.
/// </summary>
internal static class NativeLibraryFile
{
    private const int ElfHeaderSize = 64;
    private const uint LoadSegment = 1;

    /// <summary>Why the file cannot be a loadable library here, or null when its headers hold together.</summary>
    /// <param name="path">The library file.</param>
    public static string? Problem(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null; // PE and Mach-O loaders check their files themselves
        }

        byte[] header;
        long length;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            length = stream.Length;
            header = new byte[Math.Min(length, ElfHeaderSize)];
            stream.ReadExactly(header);
            return Check(stream, header, length);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"cannot be read: {e.Message}";
        }
    }

    private static string? Check(FileStream stream, byte[] header, long length)
    {
        if (header.Length < ElfHeaderSize || header[0] != 0x7F || header[1] != 'E' || header[2] != 'L' || header[3] != 'F')
        {
            return $"not an ELF shared library ({length:N0} bytes{(header.Length >= 4 ? $", starts with {Convert.ToHexString(header, 0, 4)}" : string.Empty)})";
        }

        if (header[4] != 2 || header[5] != 1)
        {
            return $"an ELF file of class {header[4]}, data encoding {header[5]}: this process loads only 64-bit little-endian libraries";
        }

        ushort type = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(16));
        ushort machine = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(18));
        ushort expectedMachine = System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture switch
        {
            System.Runtime.InteropServices.Architecture.X64 => 62,
            System.Runtime.InteropServices.Architecture.Arm64 => 183,
            _ => machine,
        };
        if (type != 3)
        {
            return $"an ELF file of type {type}, not a shared object (type 3)";
        }

        if (machine != expectedMachine)
        {
            return $"built for ELF machine {machine}, but this process runs on {System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture} (machine {expectedMachine})";
        }

        ulong programOffset = BinaryPrimitives.ReadUInt64LittleEndian(header.AsSpan(32));
        ulong sectionOffset = BinaryPrimitives.ReadUInt64LittleEndian(header.AsSpan(40));
        ushort programEntrySize = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(54));
        ushort programCount = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(56));
        ushort sectionEntrySize = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(58));
        ushort sectionCount = BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(60));
        ulong programEnd = programOffset + ((ulong)programEntrySize * programCount);
        if (programEntrySize < 56 || programEnd > (ulong)length)
        {
            return $"truncated or corrupt: its program headers end at byte {programEnd:N0}, but the file has {length:N0}";
        }

        ulong sectionEnd = sectionOffset + ((ulong)sectionEntrySize * sectionCount);
        if (sectionCount > 0 && sectionEnd > (ulong)length)
        {
            return $"truncated: its section headers end at byte {sectionEnd:N0}, but the file has {length:N0} (a cut-short download?)";
        }

        var table = new byte[programEnd - programOffset];
        stream.Position = (long)programOffset;
        stream.ReadExactly(table);
        for (int i = 0; i < programCount; i++)
        {
            ReadOnlySpan<byte> entry = table.AsSpan(i * programEntrySize, programEntrySize);
            if (BinaryPrimitives.ReadUInt32LittleEndian(entry) != LoadSegment)
            {
                continue;
            }

            ulong offset = BinaryPrimitives.ReadUInt64LittleEndian(entry[8..]);
            ulong fileSize = BinaryPrimitives.ReadUInt64LittleEndian(entry[32..]);
            if (offset + fileSize > (ulong)length || offset + fileSize < offset)
            {
                return $"truncated: loadable segment {i} spans bytes {offset:N0} to {offset + fileSize:N0}, but the file has {length:N0} (a cut-short download?)";
            }
        }

        return null;
    }
}
