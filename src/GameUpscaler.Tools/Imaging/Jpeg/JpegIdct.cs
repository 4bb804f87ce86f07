namespace GameUpscaler.Imaging;

/// <summary>
/// The accurate integer inverse DCT that libjpeg calls "islow" (its default, <c>djpeg -dct int</c>): the
/// Loeffler–Ligtenberg–Moschytz factorisation with 12 multiplies, constants scaled by 2^13, a column pass that keeps
/// 2 extra fraction bits and a row pass that rounds to 8 bits. It is reproduced operation for operation, so that a
/// block decodes to exactly what libjpeg-turbo's C code gives.
/// <para>
/// Blocks that no 8-bit image can produce are refused (<see cref="Transform"/> returns false): libjpeg-turbo decodes
/// them, but its C code wraps out-of-range values around and its SIMD code (what djpeg runs on x86 and Arm)
/// saturates 16-bit intermediates instead, so their output is an accident of the platform. The bounds are loose
/// for real data: an orthonormal 8×8 DCT of 8-bit samples has |F| ≤ 1024 and, by Cauchy–Schwarz, a column sum
/// Σ|F| ≤ √8 · 1024 ≈ 2896; quantization at most doubles a nonzero coefficient (|c·q| ≤ 2|F| when c ≠ 0). So a
/// dequantized coefficient must fit 16 bits (SIMD multiplies in 16), a column's Σ|c·q| must stay ≤ 5,900 (SIMD's
/// column pass keeps 16-bit results, scaled by up to 5.55), and every sample before the clamp must lie within
/// ±384 of mid-gray (inside the range-limit table, where wrapping and saturating agree).
/// </para>
/// </summary>
internal static class JpegIdct
{
    private const int ConstBits = 13;
    private const int Pass1Bits = 2;

    // The rotation constants, round(c × 2^13).
    private const long Fix0298631336 = 2446;
    private const long Fix0390180644 = 3196;
    private const long Fix0541196100 = 4433;
    private const long Fix0765366865 = 6270;
    private const long Fix0899976223 = 7373;
    private const long Fix1175875602 = 9633;
    private const long Fix1501321110 = 12299;
    private const long Fix1847759065 = 15137;
    private const long Fix1961570560 = 16069;
    private const long Fix2053119869 = 16819;
    private const long Fix2562915447 = 20995;
    private const long Fix3072711026 = 25172;

    /// <summary>
    /// The final clamp, indexed by the row pass's result modulo 1024: values are read as signed 10-bit numbers,
    /// shifted by +128 and clamped to 0–255 (libjpeg's post-IDCT range-limit table; the wrap matters only for
    /// corrupt coefficients, but it keeps those identical too).
    /// </summary>
    private static readonly byte[] RangeLimit = CreateRangeLimit();

    /// <summary>The largest Σ|c·q| of one column accepted (see the class remarks).</summary>
    private const long MaxColumnSum = 5900;

    /// <summary>The largest |sample − 128| before the clamp accepted: the half-width of the range-limit table's linear part and its clamps.</summary>
    private const int MaxSampleOffset = 384;

    /// <summary>
    /// Dequantizes one block of coefficients and writes its 8×8 samples; returns false, with the output undefined,
    /// for a block outside what an 8-bit image can produce (see the class remarks).
    /// </summary>
    /// <param name="coefficients">64 coefficients in natural (row-major) order.</param>
    /// <param name="quantization">The 64 quantization steps, natural order.</param>
    /// <param name="output">Where the block's top-left sample goes.</param>
    /// <param name="stride">The distance between output rows.</param>
    public static bool Transform(ReadOnlySpan<short> coefficients, ReadOnlySpan<ushort> quantization, Span<byte> output, int stride)
    {
        coefficients = coefficients[..64];
        quantization = quantization[..64];
        if (!IsPlausible(coefficients, quantization))
        {
            return false;
        }

        Span<int> workspace = stackalloc int[64];

        // Pass 1: columns, from the coefficients into the workspace, scaled up by 2^Pass1Bits.
        for (int column = 0; column < 8; column++)
        {
            if (coefficients[8 + column] == 0 && coefficients[16 + column] == 0 && coefficients[24 + column] == 0
                && coefficients[32 + column] == 0 && coefficients[40 + column] == 0 && coefficients[48 + column] == 0
                && coefficients[56 + column] == 0)
            {
                // Only the DC term: the column is flat (the full computation gives the same value).
                int dc = Dequantize(coefficients, quantization, column) << Pass1Bits;
                for (int row = 0; row < 8; row++)
                {
                    workspace[(row * 8) + column] = dc;
                }

                continue;
            }

            // Even part.
            long z2 = Dequantize(coefficients, quantization, 16 + column);
            long z3 = Dequantize(coefficients, quantization, 48 + column);
            long z1 = (z2 + z3) * Fix0541196100;
            long tmp2 = z1 + (z3 * -Fix1847759065);
            long tmp3 = z1 + (z2 * Fix0765366865);

            z2 = Dequantize(coefficients, quantization, column);
            z3 = Dequantize(coefficients, quantization, 32 + column);
            long tmp0 = (z2 + z3) << ConstBits;
            long tmp1 = (z2 - z3) << ConstBits;

            long tmp10 = tmp0 + tmp3;
            long tmp13 = tmp0 - tmp3;
            long tmp11 = tmp1 + tmp2;
            long tmp12 = tmp1 - tmp2;

            // Odd part.
            tmp0 = Dequantize(coefficients, quantization, 56 + column);
            tmp1 = Dequantize(coefficients, quantization, 40 + column);
            tmp2 = Dequantize(coefficients, quantization, 24 + column);
            tmp3 = Dequantize(coefficients, quantization, 8 + column);
            OddPart(ref tmp0, ref tmp1, ref tmp2, ref tmp3);

            const int shift = ConstBits - Pass1Bits;
            workspace[column] = (int)Descale(tmp10 + tmp3, shift);
            workspace[56 + column] = (int)Descale(tmp10 - tmp3, shift);
            workspace[8 + column] = (int)Descale(tmp11 + tmp2, shift);
            workspace[48 + column] = (int)Descale(tmp11 - tmp2, shift);
            workspace[16 + column] = (int)Descale(tmp12 + tmp1, shift);
            workspace[40 + column] = (int)Descale(tmp12 - tmp1, shift);
            workspace[24 + column] = (int)Descale(tmp13 + tmp0, shift);
            workspace[32 + column] = (int)Descale(tmp13 - tmp0, shift);
        }

        // Pass 2: rows, from the workspace to samples, removing the 2^Pass1Bits and the factor 8 of the 2-D transform.
        ReadOnlySpan<byte> limit = RangeLimit;
        for (int row = 0; row < 8; row++)
        {
            ReadOnlySpan<int> w = workspace.Slice(row * 8, 8);
            Span<byte> outRow = output.Slice(row * stride, 8);
            if (w[1] == 0 && w[2] == 0 && w[3] == 0 && w[4] == 0 && w[5] == 0 && w[6] == 0 && w[7] == 0)
            {
                long flat = Descale(w[0], Pass1Bits + 3);
                if (flat is < -MaxSampleOffset or >= MaxSampleOffset)
                {
                    return false;
                }

                outRow.Fill(limit[(int)flat & 1023]);
                continue;
            }

            long z2 = w[2];
            long z3 = w[6];
            long z1 = (z2 + z3) * Fix0541196100;
            long tmp2 = z1 + (z3 * -Fix1847759065);
            long tmp3 = z1 + (z2 * Fix0765366865);

            long tmp0 = ((long)w[0] + w[4]) << ConstBits;
            long tmp1 = ((long)w[0] - w[4]) << ConstBits;

            long tmp10 = tmp0 + tmp3;
            long tmp13 = tmp0 - tmp3;
            long tmp11 = tmp1 + tmp2;
            long tmp12 = tmp1 - tmp2;

            tmp0 = w[7];
            tmp1 = w[5];
            tmp2 = w[3];
            tmp3 = w[1];
            OddPart(ref tmp0, ref tmp1, ref tmp2, ref tmp3);

            Span<long> samples =
            [
                tmp10 + tmp3, tmp11 + tmp2, tmp12 + tmp1, tmp13 + tmp0, tmp13 - tmp0, tmp12 - tmp1, tmp11 - tmp2, tmp10 - tmp3,
            ];
            for (int x = 0; x < 8; x++)
            {
                long value = Descale(samples[x], ConstBits + Pass1Bits + 3);
                if (value is < -MaxSampleOffset or >= MaxSampleOffset)
                {
                    return false;
                }

                outRow[x] = limit[(int)value & 1023];
            }
        }

        return true;
    }

    /// <summary>Whether the dequantized coefficients fit 16 bits and every column's Σ|c·q| is within <see cref="MaxColumnSum"/>.</summary>
    private static bool IsPlausible(ReadOnlySpan<short> coefficients, ReadOnlySpan<ushort> quantization)
    {
        for (int column = 0; column < 8; column++)
        {
            long sum = 0;
            for (int row = 0; row < 8; row++)
            {
                int value = Math.Abs(Dequantize(coefficients, quantization, (row * 8) + column));
                if (value > short.MaxValue)
                {
                    return false;
                }

                sum += value;
            }

            if (sum > MaxColumnSum)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The odd part of the 1-D transform: the inputs at positions 7, 5, 3, 1 in, the four odd outputs out (in the
    /// same variables, as libjpeg names them).
    /// </summary>
    private static void OddPart(ref long tmp0, ref long tmp1, ref long tmp2, ref long tmp3)
    {
        long z1 = tmp0 + tmp3;
        long z2 = tmp1 + tmp2;
        long z3 = tmp0 + tmp2;
        long z4 = tmp1 + tmp3;
        long z5 = (z3 + z4) * Fix1175875602; // sqrt(2) * c3

        tmp0 *= Fix0298631336; // sqrt(2) * (-c1+c3+c5-c7)
        tmp1 *= Fix2053119869; // sqrt(2) * ( c1+c3-c5+c7)
        tmp2 *= Fix3072711026; // sqrt(2) * ( c1+c3+c5-c7)
        tmp3 *= Fix1501321110; // sqrt(2) * ( c1+c3-c5-c7)
        z1 *= -Fix0899976223; // sqrt(2) * ( c7-c3)
        z2 *= -Fix2562915447; // sqrt(2) * (-c1-c3)
        z3 = (z3 * -Fix1961570560) + z5; // sqrt(2) * (-c3-c5)
        z4 = (z4 * -Fix0390180644) + z5; // sqrt(2) * ( c5-c3)

        tmp0 += z1 + z3;
        tmp1 += z2 + z4;
        tmp2 += z2 + z3;
        tmp3 += z1 + z4;
    }

    /// <summary>A dequantized coefficient; a 16 × 16-bit product, as libjpeg computes it in <c>int</c>.</summary>
    private static int Dequantize(ReadOnlySpan<short> coefficients, ReadOnlySpan<ushort> quantization, int index) =>
        coefficients[index] * quantization[index];

    /// <summary>Divides by 2^<paramref name="shift"/>, rounding halves up (an arithmetic shift, as libjpeg's DESCALE).</summary>
    private static long Descale(long value, int shift) => (value + (1L << (shift - 1))) >> shift;

    private static byte[] CreateRangeLimit()
    {
        var table = new byte[1024];
        for (int i = 0; i < 1024; i++)
        {
            int signed = i < 512 ? i : i - 1024;
            table[i] = (byte)Math.Clamp(signed + 128, 0, 255);
        }

        return table;
    }
}
