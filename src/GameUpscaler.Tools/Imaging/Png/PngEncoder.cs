using System.Buffers.Binary;
using System.IO.Compression;

namespace GameUpscaler.Imaging;

/// <summary>
/// Writes an <see cref="Image8"/> as an 8-bit RGB or RGBA, non-interlaced PNG. Each row gets the filter whose output
/// has the smallest sum of absolute values (bytes read as signed), the heuristic the PNG specification suggests.
/// </summary>
internal static class PngEncoder
{
    public static void Write(Image8 image, Stream output, CompressionLevel level)
    {
        int width = image.Width, height = image.Height, channels = image.Channels, rowBytes = width * channels;
        output.Write(PngFormat.Signature);
        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(header[4..], (uint)height);
        header[8] = 8; // bit depth
        header[9] = channels == 4 ? (byte)6 : (byte)2; // RGBA or RGB
        header[10] = 0; // deflate
        header[11] = 0; // adaptive filtering
        header[12] = 0; // not interlaced
        PngFormat.WriteChunk(output, PngFormat.Ihdr, header);

        using (var idat = new PngIdatStream(output))
        {
            using (var zlib = new ZLibStream(idat, level, leaveOpen: true))
            {
                var candidates = new byte[5][];
                for (int f = 0; f < candidates.Length; f++)
                {
                    candidates[f] = new byte[rowBytes + 1];
                    candidates[f][0] = (byte)f;
                }

                byte[] zeros = new byte[rowBytes];
                ReadOnlySpan<byte> pixels = image.Pixels;
                for (int y = 0; y < height; y++)
                {
                    ReadOnlySpan<byte> row = pixels.Slice(y * rowBytes, rowBytes);
                    ReadOnlySpan<byte> prior = y == 0 ? zeros : pixels.Slice((y - 1) * rowBytes, rowBytes);
                    zlib.Write(candidates[ChooseFilter(row, prior, channels, candidates)]);
                }
            }

            idat.Finish();
        }

        PngFormat.WriteChunk(output, PngFormat.Iend, []);
    }

    /// <summary>Filters the row all five ways into <paramref name="candidates"/> and returns the best filter type.</summary>
    private static int ChooseFilter(ReadOnlySpan<byte> row, ReadOnlySpan<byte> prior, int bpp, byte[][] candidates)
    {
        int n = row.Length;
        Span<long> costs = stackalloc long[5];
        Span<byte> none = candidates[0].AsSpan(1, n), sub = candidates[1].AsSpan(1, n), up = candidates[2].AsSpan(1, n);
        Span<byte> average = candidates[3].AsSpan(1, n), paeth = candidates[4].AsSpan(1, n);
        row.CopyTo(none);
        for (int i = 0; i < n; i++)
        {
            costs[0] += Cost(none[i]);
        }

        for (int i = 0; i < bpp && i < n; i++)
        {
            costs[1] += Cost(sub[i] = row[i]);
            costs[2] += Cost(up[i] = (byte)(row[i] - prior[i]));
            costs[3] += Cost(average[i] = (byte)(row[i] - (prior[i] >> 1)));
            costs[4] += Cost(paeth[i] = (byte)(row[i] - prior[i])); // Paeth of (0, above, 0) is above
        }

        for (int i = bpp; i < n; i++)
        {
            costs[1] += Cost(sub[i] = (byte)(row[i] - row[i - bpp]));
        }

        for (int i = bpp; i < n; i++)
        {
            costs[2] += Cost(up[i] = (byte)(row[i] - prior[i]));
        }

        for (int i = bpp; i < n; i++)
        {
            costs[3] += Cost(average[i] = (byte)(row[i] - ((row[i - bpp] + prior[i]) >> 1)));
        }

        for (int i = bpp; i < n; i++)
        {
            costs[4] += Cost(paeth[i] = (byte)(row[i] - PngFormat.Paeth(row[i - bpp], prior[i], prior[i - bpp])));
        }

        int best = 0;
        for (int f = 1; f < costs.Length; f++)
        {
            if (costs[f] < costs[best])
            {
                best = f;
            }
        }

        return best;
    }

    /// <summary>A filtered byte's contribution to the heuristic: its magnitude read as a signed byte.</summary>
    private static int Cost(byte value) => PngFormat.Abs((sbyte)value);
}
