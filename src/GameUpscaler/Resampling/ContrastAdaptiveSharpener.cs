namespace GameUpscaler.Resampling;

using System.Runtime.Intrinsics;
using GameUpscaler.Imaging;

/// <summary>
/// Contrast-adaptive sharpening (the class of AMD FSR1's RCAS, written from the idea): each pixel is pushed away
/// from its four neighbours by the strongest negative lobe that keeps it within the minimum and maximum of its
/// 5-tap cross, scaled by a linear sharpness slider. Flat areas, local extrema and linear ramps are left alone, so
/// there is no clipping, halo or ringing; soft edges (such as an upscaler's) get steeper.
/// </summary>
/// <remarks>
/// <para>
/// CPU reference of the sharpen pass; a GPU port follows these steps in 32-bit float. Per pixel, with centre
/// <c>c</c> and neighbours <c>n, w, e, s</c> (coordinates clamped to the image), for each colour channel:
/// </para>
/// <list type="number">
/// <item><description>
/// <c>S = n + w + e + s</c>, <c>mn = min(c, n, w, e, s)</c>, <c>mx = max(c, n, w, e, s)</c>, <c>D = S − 4c</c>.
/// The filter with lobe <c>−a</c> on the neighbours is <c>r = (c − a·S) / (1 − 4a)</c>, which moves <c>c</c> by
/// <c>−a·D / (1 − 4a)</c>, monotonically in <c>a</c>.
/// </description></item>
/// <item><description>
/// The largest <c>a</c> keeping <c>r ≥ mn</c> when <c>D &gt; 0</c> is <c>(c − mn) / (S − 4·mn)</c>; keeping
/// <c>r ≤ mx</c> when <c>D &lt; 0</c> it is <c>(mx − c) / (4·mx − S)</c>; for <c>D = 0</c> any <c>a</c> leaves
/// <c>c</c> unchanged (no limit). The denominators are at least <c>|D|</c>, so positive where used.
/// </description></item>
/// <item><description>
/// <c>a = sharpness · min(</c><see cref="MaxLobe"/><c>, limit of R, limit of G, limit of B)</c>: one lobe for the
/// three colour channels, so hue does not shift. With <c>attenuateNoise</c>, <c>a</c> is further multiplied by
/// <c>1 − 0.5 · min(1, |0.25·(Ln + Lw + Le + Ls) − Lc| / (Lmax − Lmin))</c> on luma
/// <c>L = (0.25 R + 0.5 G) + 0.25 B</c> over the same five taps (skipped when <c>Lmax = Lmin</c>). That cuts the
/// lobe by up to half on pixels that stand out from their neighbours like isolated noise and leaves ramps and
/// edges at full strength.
/// </description></item>
/// <item><description>
/// Each colour channel is <c>(c − a·S) / (1 − 4a)</c>, clamped to <c>[mn, mx]</c> of that channel (the clamp only
/// absorbs rounding at the exact limit). Alpha is copied unchanged: sharpening is a perceptual enhancement of
/// colour, and a sharpened coverage mask would change transparency.
/// </description></item>
/// </list>
/// <para>
/// The slider is linear in the lobe, which players find easier than FSR's stops: sharpness 1 is the strongest
/// setting (lobe cap 3/16, FSR's 0 stops), and since each FSR stop halves the lobe, <c>sharpness = 2^−stops</c>
/// (<see cref="FromStops"/>): 0.5 is 1 stop, 0.25 is 2 stops. At the cap the
/// filter's gain at the Nyquist frequency is <c>(1 + 4a) / (1 − 4a)</c>: 7 at sharpness 1, 2.2 at 0.5.
/// </para>
/// </remarks>
public static class ContrastAdaptiveSharpener
{
    /// <summary>The largest lobe magnitude, reached at sharpness 1 (FSR's 0-stop setting, 3/16).</summary>
    public const float MaxLobe = 0.1875f;

    /// <summary>Sharpens, returning a new image of the same size.</summary>
    /// <param name="input">An image with 3 (RGB) or 4 (RGBA) planes, perceptual values in [0, 1].</param>
    /// <param name="sharpness">0 returns an exact copy; 1 is the strongest.</param>
    /// <param name="attenuateNoise">Halve the sharpening on pixels that look like isolated noise.</param>
    /// <exception cref="ArgumentNullException"><paramref name="input"/> is null.</exception>
    /// <exception cref="ArgumentException">The input does not have 3 or 4 channels.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The sharpness is not in [0, 1].</exception>
    public static PlanarImage Sharpen(PlanarImage input, float sharpness, bool attenuateNoise = false)
    {
        ArgumentNullException.ThrowIfNull(input);
        SpatialUpscaler.ValidateChannels(input, nameof(input));
        ValidateSharpness(sharpness);
        var output = new PlanarImage(input.Width, input.Height, input.Channels);
        SharpenCore(input, output, sharpness, attenuateNoise);
        return output;
    }

    /// <summary>Sharpens into a caller-owned image of the same size and channel count.</summary>
    /// <param name="input">An image with 3 (RGB) or 4 (RGBA) planes, perceptual values in [0, 1].</param>
    /// <param name="output">The destination, not the input (the filter reads neighbours it would overwrite).</param>
    /// <param name="sharpness">0 copies the input; 1 is the strongest.</param>
    /// <param name="attenuateNoise">Halve the sharpening on pixels that look like isolated noise.</param>
    /// <exception cref="ArgumentNullException">An image is null.</exception>
    /// <exception cref="ArgumentException">
    /// The input does not have 3 or 4 channels, the shapes differ, or both arguments are the same image.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">The sharpness is not in [0, 1].</exception>
    public static void SharpenInto(PlanarImage input, PlanarImage output, float sharpness, bool attenuateNoise = false)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        SpatialUpscaler.ValidateChannels(input, nameof(input));
        if (output.Width != input.Width || output.Height != input.Height || output.Channels != input.Channels)
        {
            throw new ArgumentException(
                $"The output is {output.Width}x{output.Height}x{output.Channels}; it must match the input's " +
                $"{input.Width}x{input.Height}x{input.Channels}.", nameof(output));
        }

        if (ReferenceEquals(input, output))
        {
            throw new ArgumentException("The output must be a different image from the input.", nameof(output));
        }

        ValidateSharpness(sharpness);
        SharpenCore(input, output, sharpness, attenuateNoise);
    }

    /// <summary>
    /// Converts FSR's sharpness in stops (0 = strongest, each stop halves the lobe) to this linear slider:
    /// <c>2^−stops</c>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The stops are negative or NaN.</exception>
    public static float FromStops(float stops)
    {
        if (!(stops >= 0f))
        {
            throw new ArgumentOutOfRangeException(nameof(stops), stops, "Sharpness in stops must be 0 or more.");
        }

        return MathF.Pow(2f, -stops);
    }

    internal static void ValidateSharpness(float sharpness)
    {
        if (!(sharpness >= 0f && sharpness <= 1f))
        {
            throw new ArgumentOutOfRangeException(
                nameof(sharpness), sharpness, "Sharpness must be in [0, 1] (0 = off, 1 = strongest).");
        }
    }

    internal static void SharpenCore(PlanarImage input, PlanarImage output, float sharpness, bool attenuateNoise)
    {
        if (sharpness == 0f)
        {
            input.Data.AsSpan().CopyTo(output.Data);
            return;
        }

        if (input.Channels == 4)
        {
            input.GetPlane(3).CopyTo(output.GetPlane(3));
        }

        Parallel.For(0, input.Height, CpuParallelism.Options, y => SharpenRow(input, output, sharpness, attenuateNoise, y));
    }

    private static void SharpenRow(PlanarImage input, PlanarImage output, float sharpness, bool attenuateNoise, int y)
    {
        int width = input.Width;
        int planeLength = input.PlaneLength;
        ReadOnlySpan<float> data = input.Data;
        Span<float> outData = output.Data;
        int row = y * width;
        int up = Math.Max(y - 1, 0) * width;
        int down = Math.Min(y + 1, input.Height - 1) * width;
        var quarter = Vector128.Create(0.25f);
        var half = Vector128.Create(0.5f);
        var four = Vector128.Create(4f);
        var one = Vector128<float>.One;
        var maxLobe = Vector128.Create(MaxLobe);
        var strength = Vector128.Create(sharpness);

        // Four pixels at a time; the lanes past the right edge repeat the last pixel and are not stored.
        for (int x = 0; x < width; x += 4)
        {
            var red = new Cross(data.Slice(0, planeLength), row, up, down, x, width);
            var green = new Cross(data.Slice(planeLength, planeLength), row, up, down, x, width);
            var blue = new Cross(data.Slice(2 * planeLength, planeLength), row, up, down, x, width);
            Vector128<float> limit = Vector128.Min(
                Vector128.Min(red.Limit(maxLobe), green.Limit(maxLobe)), blue.Limit(maxLobe));
            Vector128<float> lobe = strength * limit;
            if (attenuateNoise)
            {
                Vector128<float> lumaC = Luma(red.Centre, green.Centre, blue.Centre, quarter, half);
                Vector128<float> lumaN = Luma(red.North, green.North, blue.North, quarter, half);
                Vector128<float> lumaW = Luma(red.West, green.West, blue.West, quarter, half);
                Vector128<float> lumaE = Luma(red.East, green.East, blue.East, quarter, half);
                Vector128<float> lumaS = Luma(red.South, green.South, blue.South, quarter, half);
                Vector128<float> lumaMean = quarter * (((lumaN + lumaW) + lumaE) + lumaS);
                Vector128<float> low = Vector128.Min(
                    Vector128.Min(Vector128.Min(lumaN, lumaW), Vector128.Min(lumaE, lumaS)), lumaC);
                Vector128<float> high = Vector128.Max(
                    Vector128.Max(Vector128.Max(lumaN, lumaW), Vector128.Max(lumaE, lumaS)), lumaC);
                Vector128<float> range = high - low;
                Vector128<float> noise = Vector128.Min(one, Vector128.Abs(lumaMean - lumaC) / range);
                Vector128<float> attenuated = lobe * (one - (half * noise));
                lobe = Vector128.ConditionalSelect(Vector128.GreaterThan(range, Vector128<float>.Zero), attenuated, lobe);
            }

            Vector128<float> norm = one / (one - (four * lobe));
            int count = Math.Min(4, width - x);
            red.Store(outData.Slice(0, planeLength), row + x, count, lobe, norm);
            green.Store(outData.Slice(planeLength, planeLength), row + x, count, lobe, norm);
            blue.Store(outData.Slice(2 * planeLength, planeLength), row + x, count, lobe, norm);
        }
    }

    private static Vector128<float> Luma(
        Vector128<float> red, Vector128<float> green, Vector128<float> blue, Vector128<float> quarter, Vector128<float> half) =>
        ((quarter * red) + (half * green)) + (quarter * blue);

    /// <summary>One channel's 5-tap cross for four consecutive pixels, with clamp-to-edge coordinates.</summary>
    private readonly struct Cross
    {
        public Cross(ReadOnlySpan<float> plane, int row, int up, int down, int x, int width)
        {
            if (x >= 1 && x + 5 <= width)
            {
                Centre = Vector128.Create(plane.Slice(row + x, 4));
                North = Vector128.Create(plane.Slice(up + x, 4));
                West = Vector128.Create(plane.Slice(row + x - 1, 4));
                East = Vector128.Create(plane.Slice(row + x + 1, 4));
                South = Vector128.Create(plane.Slice(down + x, 4));
            }
            else
            {
                Centre = Gather(plane, row, x, width, 0);
                North = Gather(plane, up, x, width, 0);
                West = Gather(plane, row, x, width, -1);
                East = Gather(plane, row, x, width, 1);
                South = Gather(plane, down, x, width, 0);
            }

            Sum = ((North + West) + East) + South;
            Low = Vector128.Min(Vector128.Min(Vector128.Min(North, West), Vector128.Min(East, South)), Centre);
            High = Vector128.Max(Vector128.Max(Vector128.Max(North, West), Vector128.Max(East, South)), Centre);
        }

        public Vector128<float> Centre { get; }

        public Vector128<float> North { get; }

        public Vector128<float> West { get; }

        public Vector128<float> East { get; }

        public Vector128<float> South { get; }

        public Vector128<float> Sum { get; }

        public Vector128<float> Low { get; }

        public Vector128<float> High { get; }

        /// <summary>The largest lobe magnitude keeping this channel in [Low, High], at most <paramref name="cap"/>.</summary>
        public Vector128<float> Limit(Vector128<float> cap)
        {
            var four = Vector128.Create(4f);
            Vector128<float> deviation = Sum - (four * Centre);
            Vector128<float> towardLow = (Centre - Low) / (Sum - (four * Low));
            Vector128<float> towardHigh = (High - Centre) / ((four * High) - Sum);
            Vector128<float> limit = Vector128.ConditionalSelect(
                Vector128.GreaterThan(deviation, Vector128<float>.Zero),
                towardLow,
                Vector128.ConditionalSelect(Vector128.LessThan(deviation, Vector128<float>.Zero), towardHigh, cap));
            return Vector128.Min(limit, cap);
        }

        public void Store(Span<float> plane, int index, int count, Vector128<float> lobe, Vector128<float> norm)
        {
            Vector128<float> value = (Centre - (lobe * Sum)) * norm;
            value = Vector128.Min(Vector128.Max(value, Low), High);
            if (count == 4)
            {
                value.CopyTo(plane.Slice(index, 4));
                return;
            }

            for (int k = 0; k < count; k++)
            {
                plane[index + k] = value.GetElement(k);
            }
        }

        private static Vector128<float> Gather(ReadOnlySpan<float> plane, int rowStart, int x, int width, int shift) =>
            Vector128.Create(
                plane[rowStart + Math.Clamp(Math.Min(x, width - 1) + shift, 0, width - 1)],
                plane[rowStart + Math.Clamp(Math.Min(x + 1, width - 1) + shift, 0, width - 1)],
                plane[rowStart + Math.Clamp(Math.Min(x + 2, width - 1) + shift, 0, width - 1)],
                plane[rowStart + Math.Clamp(Math.Min(x + 3, width - 1) + shift, 0, width - 1)]);
    }
}
