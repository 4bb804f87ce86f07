using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace GameUpscaler.Imaging;

/// <summary>Constants and small helpers of the PNG file format shared by the decoder and the encoder.</summary>
internal static class PngFormat
{
    public const uint Ihdr = 0x49484452;
    public const uint Plte = 0x504C5445;
    public const uint Idat = 0x49444154;
    public const uint Iend = 0x49454E44;
    public const uint Trns = 0x74524E53;

    /// <summary>The passes of Adam7 interlacing: first column and row, and the steps between columns and rows.</summary>
    public static readonly (int X, int Y, int Dx, int Dy)[] Adam7Passes =
        [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)];

    /// <summary>A non-interlaced image as a single pass over every pixel.</summary>
    public static readonly (int X, int Y, int Dx, int Dy)[] SinglePass = [(0, 0, 1, 1)];

    /// <summary>The eight bytes every PNG file starts with.</summary>
    public static ReadOnlySpan<byte> Signature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Samples per pixel of a color type, or 0 for an invalid color type.</summary>
    public static int SamplesPerPixel(int colorType) => colorType switch
    {
        0 => 1,
        2 => 3,
        3 => 1,
        4 => 2,
        6 => 4,
        _ => 0,
    };

    /// <summary>Whether the PNG specification allows <paramref name="bitDepth"/> for <paramref name="colorType"/>.</summary>
    public static bool IsLegalBitDepth(int colorType, int bitDepth) => colorType switch
    {
        0 => bitDepth is 1 or 2 or 4 or 8 or 16,
        3 => bitDepth is 1 or 2 or 4 or 8,
        2 or 4 or 6 => bitDepth is 8 or 16,
        _ => false,
    };

    /// <summary>Pixels a pass covers along one axis of <paramref name="size"/> pixels.</summary>
    public static int PassSize(int size, int start, int step) => size <= start ? 0 : ((size - start - 1) / step) + 1;

    /// <summary>Whether all four bytes of a chunk type are ASCII letters, as the specification requires.</summary>
    public static bool IsValidChunkType(uint type)
    {
        for (int shift = 0; shift < 32; shift += 8)
        {
            uint letter = (type >> shift) & 0xFF;
            if (letter is not ((>= 'A' and <= 'Z') or (>= 'a' and <= 'z')))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Whether a chunk type is critical (its first letter is upper case).</summary>
    public static bool IsCritical(uint type) => (type & 0x20000000u) == 0;

    /// <summary>A chunk type for messages: its letters, or escapes for bytes that are not printable ASCII.</summary>
    public static string ChunkName(uint type)
    {
        var name = new StringBuilder(4);
        for (int shift = 24; shift >= 0; shift -= 8)
        {
            uint b = (type >> shift) & 0xFF;
            if (b is >= 0x21 and <= 0x7E)
            {
                name.Append((char)b);
            }
            else
            {
                name.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\x{b:X2}");
            }
        }

        return name.ToString();
    }

    /// <summary>
    /// The Paeth predictor of the PNG specification: whichever of left, above and upper-left is nearest to
    /// left + above - upper-left, ties going to left, then above. Written without branches on the pixel values,
    /// which on photographs would be mispredicted half the time.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Paeth(int left, int above, int upperLeft)
    {
        int pa = Abs(above - upperLeft);
        int pb = Abs(left - upperLeft);
        int pc = Abs(above + left - upperLeft - upperLeft);

        // Selections by sign masks: the JIT turns the equivalent conditionals into branches.
        int pickUpperLeft = (pc - pb) >> 31; // all ones when pb > pc
        int aboveOrUpperLeft = above ^ ((above ^ upperLeft) & pickUpperLeft);
        int notLeft = ((pb - pa) | (pc - pa)) >> 31; // all ones unless pa <= pb and pa <= pc
        return left ^ ((left ^ aboveOrUpperLeft) & notLeft);
    }

    /// <summary>The absolute value of a small integer, without the overflow check of <see cref="Math.Abs(int)"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Abs(int value)
    {
        int sign = value >> 31;
        return (value ^ sign) - sign;
    }

    /// <summary>Writes one chunk: length, type, data and CRC.</summary>
    public static void WriteChunk(Stream output, uint type, ReadOnlySpan<byte> data)
    {
        Span<byte> header = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)data.Length);
        BinaryPrimitives.WriteUInt32BigEndian(header[4..], type);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, PngCrc32.Append(PngCrc32.Compute(header[4..]), data));
        output.Write(header);
        output.Write(data);
        output.Write(crc);
    }
}
