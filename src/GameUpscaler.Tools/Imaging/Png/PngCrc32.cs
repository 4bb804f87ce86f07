using System.Buffers.Binary;

namespace GameUpscaler.Imaging;

/// <summary>
/// The CRC-32 of the PNG specification (ISO 3309 / ITU-T V.42, polynomial 0xEDB88320 reflected, initial and final
/// value all ones), computed eight bytes at a time with eight lookup tables ("slicing by 8").
/// </summary>
internal static class PngCrc32
{
    private const uint Polynomial = 0xEDB88320u;

    /// <summary>Eight 256-entry tables back to back; table k gives the CRC of a byte followed by k zero bytes.</summary>
    private static readonly uint[] Tables = BuildTables();

    /// <summary>The CRC-32 of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Append(0, data);

    /// <summary>The CRC-32 of the data that gave <paramref name="crc"/> followed by <paramref name="data"/>.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        ReadOnlySpan<uint> t = Tables;
        uint c = ~crc;
        while (data.Length >= 8)
        {
            uint low = BinaryPrimitives.ReadUInt32LittleEndian(data) ^ c;
            uint high = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
            c = t[(7 * 256) + (int)(low & 0xFF)] ^ t[(6 * 256) + (int)((low >> 8) & 0xFF)]
                ^ t[(5 * 256) + (int)((low >> 16) & 0xFF)] ^ t[(4 * 256) + (int)(low >> 24)]
                ^ t[(3 * 256) + (int)(high & 0xFF)] ^ t[(2 * 256) + (int)((high >> 8) & 0xFF)]
                ^ t[256 + (int)((high >> 16) & 0xFF)] ^ t[(int)(high >> 24)];
            data = data[8..];
        }

        foreach (byte b in data)
        {
            c = t[(int)((c ^ b) & 0xFF)] ^ (c >> 8);
        }

        return ~c;
    }

    private static uint[] BuildTables()
    {
        var tables = new uint[8 * 256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int bit = 0; bit < 8; bit++)
            {
                c = (c & 1) != 0 ? Polynomial ^ (c >> 1) : c >> 1;
            }

            tables[n] = c;
        }

        for (int k = 1; k < 8; k++)
        {
            for (int n = 0; n < 256; n++)
            {
                uint previous = tables[((k - 1) * 256) + n];
                tables[(k * 256) + n] = (previous >> 8) ^ tables[(int)(previous & 0xFF)];
            }
        }

        return tables;
    }
}
