namespace GameUpscaler.Imaging;

/// <summary>
/// Turns decoded components into an RGB <see cref="Image8"/> the way libjpeg-turbo's default output does: each
/// component's coefficients through <see cref="JpegIdct"/>, subsampled components enlarged with libjpeg's "fancy"
/// upsampling (a triangle filter between sample centres, with its alternating rounding) where libjpeg uses it and
/// by replication elsewhere, then YCbCr to RGB with libjpeg's 16-bit fixed-point tables.
/// </summary>
internal static class JpegColorConverter
{
    private const int ScaleBits = 16;
    private const int OneHalf = 1 << (ScaleBits - 1);

    // YCbCr → RGB (JFIF, full range): R = Y + 1.402 Cr, G = Y − 0.34414 Cb − 0.71414 Cr, B = Y + 1.772 Cb.
    private static readonly int[] CrToRed = Table(i => (Fix(1.40200) * i + OneHalf) >> ScaleBits);
    private static readonly int[] CbToBlue = Table(i => (Fix(1.77200) * i + OneHalf) >> ScaleBits);
    private static readonly int[] CrToGreen = Table(i => -Fix(0.71414) * i);
    private static readonly int[] CbToGreen = Table(i => (-Fix(0.34414) * i) + OneHalf);

    /// <summary>
    /// Builds the image from the decoded components; a block no 8-bit image can produce is reported through
    /// <paramref name="error"/>, which makes the decoder's format error naming the file.
    /// </summary>
    public static Image8 ToImage(
        JpegComponent[] components, int width, int height, int maxH, int maxV, JpegColorSpace colorSpace, Func<string, Exception> error)
    {
        var planes = new byte[components.Length][];
        for (int c = 0; c < components.Length; c++)
        {
            planes[c] = Samples(components[c], error);
        }

        var image = new Image8(width, height, 3);
        byte[] pixels = image.Pixels;
        var rows = new byte[components.Length][];
        for (int c = 0; c < components.Length; c++)
        {
            rows[c] = new byte[width];
        }

        int[] columnSums = new int[components.Max(c => c.Width)];
        for (int y = 0; y < height; y++)
        {
            for (int c = 0; c < components.Length; c++)
            {
                Upsample(components[c], planes[c], maxH / components[c].HorizontalFactor, maxV / components[c].VerticalFactor, y, rows[c], columnSums);
            }

            Span<byte> output = pixels.AsSpan(y * width * 3, width * 3);
            switch (colorSpace)
            {
                case JpegColorSpace.Grayscale:
                    ReadOnlySpan<byte> gray = rows[0];
                    for (int x = 0; x < width; x++)
                    {
                        output[3 * x] = output[(3 * x) + 1] = output[(3 * x) + 2] = gray[x];
                    }

                    break;
                case JpegColorSpace.Rgb:
                    for (int x = 0; x < width; x++)
                    {
                        output[3 * x] = rows[0][x];
                        output[(3 * x) + 1] = rows[1][x];
                        output[(3 * x) + 2] = rows[2][x];
                    }

                    break;
                default:
                    ConvertYCbCrRow(rows[0], rows[1], rows[2], output);
                    break;
            }
        }

        return image;
    }

    private static void ConvertYCbCrRow(ReadOnlySpan<byte> luma, ReadOnlySpan<byte> blue, ReadOnlySpan<byte> red, Span<byte> output)
    {
        ReadOnlySpan<int> crToRed = CrToRed, cbToBlue = CbToBlue, crToGreen = CrToGreen, cbToGreen = CbToGreen;
        for (int x = 0; x < luma.Length; x++)
        {
            int y = luma[x], cb = blue[x], cr = red[x];
            output[3 * x] = Clamp(y + crToRed[cr]);
            output[(3 * x) + 1] = Clamp(y + ((cbToGreen[cb] + crToGreen[cr]) >> ScaleBits));
            output[(3 * x) + 2] = Clamp(y + cbToBlue[cb]);
        }
    }

    /// <summary>The component's samples: every block that holds image samples through the inverse DCT.</summary>
    private static byte[] Samples(JpegComponent component, Func<string, Exception> error)
    {
        int stride = component.BlocksPerLine * 8;
        var plane = new byte[stride * component.BlocksPerColumn * 8];
        ushort[] quantization = component.Quantization!;
        for (int blockY = 0; blockY < component.BlocksPerColumn; blockY++)
        {
            short[]? row = component.BlockRow(blockY);
            for (int blockX = 0; blockX < component.BlocksPerLine; blockX++)
            {
                Span<byte> target = plane.AsSpan((blockY * 8 * stride) + (blockX * 8));
                if (row is null)
                {
                    // No scan reached this row: all coefficients zero, a flat mid-gray block.
                    for (int r = 0; r < 8; r++)
                    {
                        target.Slice(r * stride, 8).Fill(128);
                    }
                }
                else if (!JpegIdct.Transform(row.AsSpan(blockX * 64, 64), quantization, target, stride))
                {
                    throw error(
                        $"corrupt data: block ({blockX}, {blockY}) of component {component.Id} holds coefficients no 8-bit image can produce " +
                        "(out-of-range values that libjpeg decodes differently on each platform)");
                }
            }
        }

        return plane;
    }

    /// <summary>
    /// Output row <paramref name="y"/> of a component enlarged <paramref name="hExpand"/> × <paramref name="vExpand"/>
    /// times, as libjpeg-turbo's upsampler picks: fancy for 2×1 and 2×2 (when the component is over 2 samples wide)
    /// and for 1×2, plain replication otherwise. Neighbours past the component's edges repeat the edge samples, as
    /// libjpeg's edge cases and duplicated context rows amount to.
    /// </summary>
    private static void Upsample(JpegComponent component, byte[] plane, int hExpand, int vExpand, int y, byte[] output, int[] columnSums)
    {
        int stride = component.BlocksPerLine * 8;
        int width = output.Length, inWidth = component.Width, lastRow = component.Height - 1;
        bool fancyH = hExpand == 2 && inWidth > 2;
        if (hExpand == 1 && vExpand == 1)
        {
            plane.AsSpan(y * stride, width).CopyTo(output);
        }
        else if (hExpand == 1 && vExpand == 2)
        {
            // Vertical triangle filter: 3/4 of the nearer row, 1/4 of the other; the rounding bias alternates.
            ReadOnlySpan<byte> near = plane.AsSpan((y >> 1) * stride, width);
            ReadOnlySpan<byte> far = plane.AsSpan(FarRow(y, lastRow) * stride, width);
            int bias = (y & 1) == 0 ? 1 : 2;
            for (int x = 0; x < width; x++)
            {
                output[x] = (byte)(((near[x] * 3) + far[x] + bias) >> 2);
            }
        }
        else if (fancyH && vExpand == 1)
        {
            ReadOnlySpan<byte> row = plane.AsSpan(y * stride, inWidth);
            for (int x = 0; x < width; x++)
            {
                int i = x >> 1, nearer = row[i] * 3;
                output[x] = (x & 1) == 0
                    ? (byte)((nearer + row[Math.Max(i - 1, 0)] + 1) >> 2)
                    : (byte)((nearer + row[Math.Min(i + 1, inWidth - 1)] + 2) >> 2);
            }
        }
        else if (fancyH && vExpand == 2)
        {
            ReadOnlySpan<byte> near = plane.AsSpan((y >> 1) * stride, inWidth);
            ReadOnlySpan<byte> far = plane.AsSpan(FarRow(y, lastRow) * stride, inWidth);
            Span<int> sums = columnSums.AsSpan(0, inWidth);
            for (int i = 0; i < inWidth; i++)
            {
                sums[i] = (near[i] * 3) + far[i];
            }

            for (int x = 0; x < width; x++)
            {
                int i = x >> 1, nearer = sums[i] * 3;
                output[x] = (x & 1) == 0
                    ? (byte)((nearer + sums[Math.Max(i - 1, 0)] + 8) >> 4)
                    : (byte)((nearer + sums[Math.Min(i + 1, inWidth - 1)] + 7) >> 4);
            }
        }
        else
        {
            ReadOnlySpan<byte> row = plane.AsSpan(y / vExpand * stride, stride);
            for (int x = 0; x < width; x++)
            {
                output[x] = row[x / hExpand];
            }
        }
    }

    /// <summary>The input row that is the farther neighbour of output row <paramref name="y"/> in 2× vertical upsampling.</summary>
    private static int FarRow(int y, int lastRow) => Math.Clamp((y & 1) == 0 ? (y >> 1) - 1 : (y >> 1) + 1, 0, lastRow);

    private static byte Clamp(int value) => (byte)Math.Clamp(value, 0, 255);

    private static int Fix(double value) => (int)((value * (1 << ScaleBits)) + 0.5);

    private static int[] Table(Func<int, int> entry)
    {
        var table = new int[256];
        for (int i = 0; i < 256; i++)
        {
            table[i] = entry(i - 128);
        }

        return table;
    }
}

