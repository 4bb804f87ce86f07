using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using GameUpscaler.IO;
using GameUpscaler.Imaging;

namespace GameUpscaler.Capture;

/// <summary>
/// Portable Float Map: a text header <c>PF</c> (3 channels) or <c>Pf</c> (1 channel), <c>W H</c>, a scale whose sign
/// gives the byte order (negative: little-endian), then W·H·channels float32 values, bottom row first. Reading
/// accepts either byte order and any whitespace the format allows between header fields; writing is little-endian
/// with scale −1. <see cref="FloatMap"/> holds rows top first, so both directions flip.
/// </summary>
public static class PfmFile
{
    /// <summary>The largest map read (a 16384² three-channel map).</summary>
    public const long MaxBytes = (16384L * 16384 * 3 * 4) + 1024;

    /// <summary>Reads a PFM file.</summary>
    /// <exception cref="IOException">Missing, not a regular file or too large.</exception>
    /// <exception cref="ImageFormatException">Malformed (the message names the file and the problem).</exception>
    public static FloatMap Read(string path) => Decode(InputFile.ReadAllBytes(path, MaxBytes, "PFM"), path);

    /// <summary>Decodes PFM bytes; <paramref name="name"/> names them in errors.</summary>
    /// <exception cref="ImageFormatException">Malformed: bad magic, header, size, truncated data, or a NaN/infinite value.</exception>
    public static FloatMap Decode(ReadOnlySpan<byte> data, string? name = null)
    {
        int position = 0;
        string magic = Token(data, ref position, name, "the PF/Pf magic");
        int channels = magic switch
        {
            "PF" => 3,
            "Pf" => 1,
            _ => throw new ImageFormatException(name, $"not a PFM file (magic '{Printable(magic)}', expected PF or Pf)", null),
        };
        int width = Dimension(Token(data, ref position, name, "the width"), name, "width");
        int height = Dimension(Token(data, ref position, name, "the height"), name, "height");
        string scaleText = Token(data, ref position, name, "the scale");
        if (!double.TryParse(scaleText, NumberStyles.Float, CultureInfo.InvariantCulture, out double scale) || scale == 0 || !double.IsFinite(scale))
        {
            throw new ImageFormatException(name, $"the PFM scale '{Printable(scaleText)}' is not a non-zero number", null);
        }

        // Exactly one whitespace byte ends the header; the raster follows.
        position++;
        long expected = (long)width * height * channels * 4;
        long available = data.Length - (long)position;
        if (available < expected)
        {
            throw new ImageFormatException(name, $"truncated: {width}x{height} with {channels} channel(s) needs {expected:N0} data bytes, the file has {Math.Max(0, available):N0}", null);
        }

        bool littleEndian = scale < 0;
        var map = new FloatMap(width, height, channels);
        int rowValues = width * channels;
        ReadOnlySpan<byte> raster = data.Slice(position, (int)expected);
        for (int fileRow = 0; fileRow < height; fileRow++)
        {
            int y = height - 1 - fileRow; // bottom row first in the file
            for (int i = 0; i < rowValues; i++)
            {
                ReadOnlySpan<byte> bytes = raster.Slice(((fileRow * rowValues) + i) * 4, 4);
                float value = littleEndian ? BinaryPrimitives.ReadSingleLittleEndian(bytes) : BinaryPrimitives.ReadSingleBigEndian(bytes);
                if (!float.IsFinite(value))
                {
                    throw new ImageFormatException(name, $"value {value} at x {i / channels}, y {y} (from the top) is not finite", null);
                }

                map.Data[(y * rowValues) + i] = value;
            }
        }

        return map;
    }

    /// <summary>Encodes a map as little-endian PFM.</summary>
    public static byte[] Encode(FloatMap map)
    {
        ArgumentNullException.ThrowIfNull(map);
        byte[] header = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{(map.Channels == 3 ? "PF" : "Pf")}\n{map.Width} {map.Height}\n-1.0\n"));
        int rowValues = map.Width * map.Channels;
        var bytes = new byte[header.Length + (map.Data.Length * 4)];
        header.CopyTo(bytes, 0);
        for (int fileRow = 0; fileRow < map.Height; fileRow++)
        {
            int y = map.Height - 1 - fileRow;
            for (int i = 0; i < rowValues; i++)
            {
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(header.Length + (((fileRow * rowValues) + i) * 4), 4), map.Data[(y * rowValues) + i]);
            }
        }

        return bytes;
    }

    /// <summary>Writes a map to <paramref name="path"/> atomically.</summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void Write(FloatMap map, string path) => OutputFile.WriteAllBytes(path, Encode(map));

    private static string Token(ReadOnlySpan<byte> data, ref int position, string? name, string what)
    {
        while (position < data.Length && IsSpace(data[position]))
        {
            position++;
        }

        int start = position;
        while (position < data.Length && !IsSpace(data[position]) && position - start < 32)
        {
            position++;
        }

        if (position == start || position >= data.Length)
        {
            throw new ImageFormatException(name, $"truncated PFM header: {what} is missing", null);
        }

        return Encoding.ASCII.GetString(data[start..position]);
    }

    private static int Dimension(string text, string? name, string what)
    {
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < 1 || value > 16384)
        {
            throw new ImageFormatException(name, $"the PFM {what} '{Printable(text)}' is not a number from 1 to 16384", null);
        }

        return value;
    }

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t';

    private static string Printable(string text) => new([.. text.Select(c => c is >= ' ' and <= '~' ? c : '?')]);
}
