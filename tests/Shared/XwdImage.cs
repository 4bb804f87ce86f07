using System.Buffers.Binary;
using GameUpscaler.Imaging;

namespace GameUpscaler.Tests;

/// <summary>Reads the ZPixmap TrueColor dumps <c>xwd -root</c> writes (X Window Dump: a big-endian header, a colour map, pixel rows).</summary>
internal static class XwdImage
{
    public static Image8 Read(byte[] data)
    {
        uint Field(int index) => BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(index * 4));
        int headerSize = (int)Field(0);
        int width = (int)Field(4);
        int height = (int)Field(5);
        bool lsbFirst = Field(7) == 0;
        int bitsPerPixel = (int)Field(11);
        int bytesPerLine = (int)Field(12);
        (uint redMask, uint greenMask, uint blueMask) = (Field(14), Field(15), Field(16));
        int colors = (int)Field(19);
        // Xvfb's 24-bit screens give 24 bits per pixel, packed, in rows padded to the 32-bit layout's length.
        int bytesPerPixel = bitsPerPixel / 8;
        if (Field(2) != 2 || bitsPerPixel < 24 || bytesPerPixel is not (3 or 4))
        {
            throw new InvalidDataException($"Expected a true-colour ZPixmap dump (format {Field(2)}, {bitsPerPixel} bits per pixel); start Xvfb with a 24-bit screen.");
        }

        int pixels = headerSize + colors * 12;
        var image = new Image8(width, height, 3);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                ReadOnlySpan<byte> p = data.AsSpan(pixels + y * bytesPerLine + x * bytesPerPixel, bytesPerPixel);
                uint value = 0;
                for (int b = 0; b < bytesPerPixel; b++)
                {
                    value |= (uint)p[lsbFirst ? b : bytesPerPixel - 1 - b] << (8 * b);
                }

                int i = (y * width + x) * 3;
                image.Pixels[i] = Channel(value, redMask);
                image.Pixels[i + 1] = Channel(value, greenMask);
                image.Pixels[i + 2] = Channel(value, blueMask);
            }
        }

        return image;
    }

    private static byte Channel(uint value, uint mask) => (byte)((value & mask) >> System.Numerics.BitOperations.TrailingZeroCount(mask));
}
