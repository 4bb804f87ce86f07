namespace GameUpscaler.Resampling;

using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using GameUpscaler.Imaging;

/// <summary>
/// The cheap non-ML upscaler: an edge-adaptive spatial upscale followed by optional contrast-adaptive sharpening
/// (<see cref="ContrastAdaptiveSharpener"/>), the class of AMD FSR1 (EASU + RCAS), written from the ideas. It is the
/// baseline the generator is compared with and the fallback when the generator does not fit the frame budget.
/// Input is perceptual (gamma-encoded, tonemapped) RGB or RGBA in [0, 1], after anti-aliasing and before UI.
/// </summary>
/// <remarks>
/// <para>
/// This class is the CPU reference of the upscale pass; a GPU port must follow these steps with 32-bit float
/// arithmetic. Per output pixel <c>(ox, oy)</c> of an <c>outW × outH</c> image from an <c>inW × inH</c> one:
/// </para>
/// <list type="number">
/// <item><description>
/// Source position (pixel centres at integer + 0.5, <c>float</c> arithmetic, scale = <c>(float)inW / outW</c>):
/// <c>sx = (ox + 0.5) · scale − 0.5</c>; <c>x0 = floor(sx)</c>, <c>fx = sx − x0</c>; likewise <c>sy, y0, fy</c>.
/// Taps are the 4 × 4 pixels <c>(x0 − 1 + i, y0 − 1 + j)</c>, <c>i, j ∈ 0..3</c>, coordinates clamped to the image
/// (clamp-to-edge). The 2 × 2 "quad" is <c>i, j ∈ {1, 2}</c>.
/// </description></item>
/// <item><description>
/// Luma of a tap: <c>L = (0.25 R + 0.5 G) + 0.25 B</c>. At each quad pixel, the central-difference gradient
/// <c>gx = (L[x+1] − L[x−1]) / 2</c>, <c>gy = (L[y+1] − L[y−1]) / 2</c> (all 12 needed lumas are taps).
/// </description></item>
/// <item><description>
/// Structure tensor: the bilinear blend of the four gradients' outer products, with weights
/// <c>(1−fx)(1−fy), fx(1−fy), (1−fx)fy, fx·fy</c> for quad pixels (1,1), (2,1), (1,2), (2,2):
/// <c>Jxx = (w11·gx11² + w21·gx21²) + (w12·gx12² + w22·gx22²)</c>, likewise <c>Jxy</c> with <c>gx·gy</c> and
/// <c>Jyy</c> with <c>gy²</c>. Outer products, not gradients, are averaged, so the two opposite-signed flanks of a
/// thin line reinforce instead of cancelling. (The CPU computes the products once per input pixel.)
/// </description></item>
/// <item><description>
/// Edge analysis: <c>tr = Jxx + Jyy</c>, <c>d = sqrt((Jxx − Jyy)² + 4·Jxy·Jxy)</c> (eigenvalue difference).
/// Strength <c>s = d / (tr + ε)</c>, <c>ε = </c><see cref="EdgeEnergyEpsilon"/>: the coherence <c>d / tr</c> (1 for a
/// straight edge or ramp, 0 for corners, texture and flat areas), faded out where the gradient energy is near the
/// noise floor. Gradient direction (dominant eigenvector) from the doubled angle: if <c>d &gt; 0</c>,
/// <c>c2 = (Jxx − Jyy) / d</c>, <c>cos = sqrt(max(0, 0.5 + 0.5·c2))</c>,
/// <c>sin = ±sqrt(max(0, 0.5 − 0.5·c2))</c>, negative only if <c>Jxy &lt; 0</c>;
/// if <c>d = 0</c>, <c>cos = 1, sin = 0</c>.
/// </description></item>
/// <item><description>
/// Kernel shape, blended by <c>s</c> from the isotropic kernel (s = 0) to the edge kernel (s = 1):
/// across-edge distance scale <c>kA = 1 + s · (stretch − 1)</c> with <c>stretch = 1 / max(|cos|, |sin|)</c> (projected
/// on the normal of a diagonal edge the lattice is up to √2 denser, so the kernel is narrowed to match);
/// along-edge distance scale <c>kL = 1 − s · </c><see cref="AlongShrink"/> (a longer kernel along the edge, which
/// averages away the staircase); negative-lobe factor <c>lobe = 1 + s · (</c><see cref="LobeEdge"/><c> − 1)</c>
/// (a deeper lobe makes the edge profile steeper; the clamp below removes the overshoot it would cause).
/// </description></item>
/// <item><description>
/// Weight of tap (i, j), offset <c>dx = i − 1 − fx</c>, <c>dy = j − 1 − fy</c>: rotate and scale,
/// <c>u = dx·(kA·cos) + dy·(kA·sin)</c> (across the edge), <c>v = dy·(kL·cos) − dx·(kL·sin)</c> (along it);
/// <c>r = sqrt(u² + v²)</c>;
/// <c>w = (r − 1)(1.5 r² − r − 1)</c> for <c>r ≤ 1</c>,
/// <c>w = −0.5 · lobe · (r − 1) · min(r − 2, 0)²</c> for <c>r &gt; 1</c>. With <c>lobe = 1</c> this is the Catmull-Rom cubic (Keys, a = −0.5) made radial: 1 at the centre,
/// zero at distances 1 and 2 (the isotropic kernel interpolates), support 2, which the 4 × 4 footprint always covers.
/// Among the radial profiles tried (Lanczos-2, polynomials in r²) it reproduces linear ramps best: the weights'
/// first moment across the edge stays within 0.035 px of the sample position (0.12 px at full edge strength). The
/// full 4 × 4 footprint is used rather than the 12 taps without corners because a diagonal edge's along-edge
/// neighbours are exactly those corners (1.8 dB better on the tuning edges). The weight sum stays above 0.5 for every
/// phase, direction and strength, so the normalisation is well conditioned.
/// </description></item>
/// <item><description>
/// Output per channel (alpha included): <c>Σ w·value / Σ w</c>, then clamped to that channel's min and max over the
/// 2 × 2 quad (deringing: no halo or overshoot, and an image region of one value stays exactly that value).
/// </description></item>
/// </list>
/// <para>
/// Alpha uses the colour weights and the same clamp: one weight set per pixel is the cheapest on a GPU (RGBA is one
/// vec4 multiply-add per tap), the alpha edge stays aligned with the colour edge it usually belongs to instead of
/// being blurrier (a bilinear alpha around a sharp colour edge shows fringes), and the clamp keeps alpha inside the
/// quad's range, so opaque stays exactly opaque.
/// </para>
/// <para>
/// When the output size equals the input size the pass is an exact copy: there are no missing samples to
/// reconstruct, and the along-edge smoothing would only blur. Summation order is not part of the contract; a GPU
/// port (which may also contract multiply-adds) agrees with this reference to a few units in the last place.
/// </para>
/// </remarks>
public static class SpatialUpscaler
{
    /// <summary>Gradient energy (luma² units) at which the edge strength reaches half the coherence.</summary>
    public const float EdgeEnergyEpsilon = 1f / 1024f;

    /// <summary>At full edge strength along-edge distances are scaled by <c>1 − AlongShrink</c>: a longer kernel.</summary>
    public const float AlongShrink = 0.35f;

    /// <summary>Negative-lobe factor at full edge strength (1 is plain Catmull-Rom).</summary>
    public const float LobeEdge = 1.5f;

    /// <summary>
    /// Upscales with the edge-adaptive pass and then sharpens with <see cref="ContrastAdaptiveSharpener"/> (noise
    /// attenuation off), returning a new image.
    /// </summary>
    /// <param name="input">The source frame: 3 (RGB) or 4 (RGBA) planes, perceptual values in [0, 1].</param>
    /// <param name="outputWidth">Output width, at least the input width.</param>
    /// <param name="outputHeight">Output height, at least the input height.</param>
    /// <param name="sharpness">0 (no sharpening) to 1 (strongest); see <see cref="ContrastAdaptiveSharpener"/>.</param>
    /// <returns>A new image of the output size with the input's channel count.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="input"/> is null.</exception>
    /// <exception cref="ArgumentException">The input does not have 3 or 4 channels.</exception>
    /// <exception cref="ArgumentOutOfRangeException">
    /// An output dimension is not positive or is smaller than the input's, or the sharpness is not in [0, 1].
    /// </exception>
    public static PlanarImage Upscale(PlanarImage input, int outputWidth, int outputHeight, float sharpness)
    {
        ArgumentNullException.ThrowIfNull(input);
        ValidateChannels(input, nameof(input));
        ValidateOutputSize(input, outputWidth, outputHeight);
        ContrastAdaptiveSharpener.ValidateSharpness(sharpness);

        var upscaled = new PlanarImage(outputWidth, outputHeight, input.Channels);
        UpscaleCore(input, upscaled);
        if (sharpness == 0f)
        {
            return upscaled;
        }

        var sharpened = new PlanarImage(outputWidth, outputHeight, input.Channels);
        ContrastAdaptiveSharpener.SharpenCore(upscaled, sharpened, sharpness, attenuateNoise: false);
        return sharpened;
    }

    /// <summary>
    /// Runs the edge-adaptive upscale pass alone (no sharpening) into a caller-owned image, whose size is the output
    /// size; for frame loops that reuse their buffers.
    /// </summary>
    /// <param name="input">The source frame: 3 (RGB) or 4 (RGBA) planes, perceptual values in [0, 1].</param>
    /// <param name="output">The destination: at least the input's size, the same channel count, not the input.</param>
    /// <exception cref="ArgumentNullException">An image is null.</exception>
    /// <exception cref="ArgumentException">
    /// The input does not have 3 or 4 channels, the channel counts differ, or both arguments are the same image.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException">The output is smaller than the input on an axis.</exception>
    public static void UpscaleInto(PlanarImage input, PlanarImage output)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ValidateChannels(input, nameof(input));
        if (output.Channels != input.Channels)
        {
            throw new ArgumentException(
                $"The output has {output.Channels} channels; it must have the input's {input.Channels}.", nameof(output));
        }

        if (ReferenceEquals(input, output))
        {
            throw new ArgumentException("The output must be a different image from the input.", nameof(output));
        }

        ValidateOutputSize(input, output.Width, output.Height);
        UpscaleCore(input, output);
    }

    internal static void ValidateChannels(PlanarImage image, string paramName)
    {
        if (image.Channels is not (3 or 4))
        {
            throw new ArgumentException(
                $"The image has {image.Channels} channels; RGB (3) or RGBA (4) planes are expected.", paramName);
        }
    }

    private static void ValidateOutputSize(PlanarImage input, int outputWidth, int outputHeight)
    {
        if (outputWidth < 1 || outputHeight < 1)
        {
            throw new ArgumentOutOfRangeException(
                outputWidth < 1 ? nameof(outputWidth) : nameof(outputHeight),
                $"The output size {outputWidth}x{outputHeight} is not positive.");
        }

        if (outputWidth < input.Width || outputHeight < input.Height)
        {
            throw new ArgumentOutOfRangeException(
                outputWidth < input.Width ? nameof(outputWidth) : nameof(outputHeight),
                $"The output size {outputWidth}x{outputHeight} is smaller than the input size " +
                $"{input.Width}x{input.Height} on an axis; the spatial upscaler only enlarges (use ImageResizer to shrink).");
        }
    }

    private static void UpscaleCore(PlanarImage input, PlanarImage output)
    {
        if (output.Width == input.Width && output.Height == input.Height)
        {
            input.Data.AsSpan().CopyTo(output.Data);
            return;
        }

        var source = PaddedSource.Create(input);
        try
        {
            int outW = output.Width;
            var columns = new int[outW];
            var columnFractions = new float[outW];
            float scaleX = (float)input.Width / outW;
            for (int ox = 0; ox < outW; ox++)
            {
                float sx = ((ox + 0.5f) * scaleX) - 0.5f;
                float x0 = MathF.Floor(sx);
                columns[ox] = (int)x0;
                columnFractions[ox] = sx - x0;
            }

            float scaleY = (float)input.Height / output.Height;
            Parallel.For(0, output.Height, CpuParallelism.Options, oy => UpscaleRow(source, output, columns, columnFractions, scaleY, oy));
        }
        finally
        {
            source.Return();
        }
    }

    private static void UpscaleRow(
        in PaddedSource source, PlanarImage output, int[] columns, float[] columnFractions, float scaleY, int oy)
    {
        float sy = ((oy + 0.5f) * scaleY) - 0.5f;
        float y0f = MathF.Floor(sy);
        float fy = sy - y0f;
        int y0 = (int)y0f;
        int stride = source.Stride;
        int channels = source.Channels;
        int planeLength = source.PlaneLength;
        ReadOnlySpan<float> tensors = source.Tensors;
        ReadOnlySpan<float> planes = source.Planes;
        Span<float> outData = output.Data;
        int outPlane = output.PlaneLength;
        int outRow = oy * output.Width;

        // Row j of the 4x4 footprint starts at padded row y0 - 1 + j + Pad, column x0 - 1 + Pad.
        int rowBase = (y0 - 1 + PaddedSource.Pad) * stride;

        for (int ox = 0; ox < output.Width; ox++)
        {
            float fx = columnFractions[ox];
            int t0 = rowBase + columns[ox] - 1 + PaddedSource.Pad; // tap (0, 0)
            int t1 = t0 + stride;
            int t2 = t1 + stride;
            int t3 = t2 + stride;

            // Structure tensor: bilinear blend of the quad pixels' (gx², gx·gy, gy², 0).
            int q = 4 * (t1 + 1);
            Vector128<float> tensor =
                ((Vector128.Create((1f - fx) * (1f - fy)) * Vector128.Create(tensors.Slice(q, 4)))
                + (Vector128.Create(fx * (1f - fy)) * Vector128.Create(tensors.Slice(q + 4, 4))))
                + ((Vector128.Create((1f - fx) * fy) * Vector128.Create(tensors.Slice(q + (4 * stride), 4)))
                + (Vector128.Create(fx * fy) * Vector128.Create(tensors.Slice(q + (4 * stride) + 4, 4))));
            float jxx = tensor.GetElement(0);
            float jxy = tensor.GetElement(1);
            float jyy = tensor.GetElement(2);

            float trace = jxx + jyy;
            float diff = jxx - jyy;
            float disc = MathF.Sqrt((diff * diff) + (4f * jxy * jxy));
            float strength = disc / (trace + EdgeEnergyEpsilon);
            float cos = 1f, sin = 0f;
            if (disc > 0f)
            {
                float c2 = diff / disc;
                cos = MathF.Sqrt(MathF.Max(0f, 0.5f + (0.5f * c2)));
                sin = MathF.Sqrt(MathF.Max(0f, 0.5f - (0.5f * c2)));
                if (jxy < 0f)
                {
                    sin = -sin;
                }
            }

            float stretch = 1f / MathF.Max(MathF.Abs(cos), MathF.Abs(sin));
            float kA = 1f + (strength * (stretch - 1f));
            float kL = 1f - (strength * AlongShrink);
            float lobe = 1f + (strength * (LobeEdge - 1f));

            // Weights, one vector per footprint row (lanes are the 4 columns). The rotation and the distance scales
            // are folded: u = dx·(kA·cos) + dy·(kA·sin), v = dy·(kL·cos) − dx·(kL·sin).
            var kernel = new EdgeKernel(fx, cos, sin, kA, kL, lobe);
            Vector128<float> w0 = kernel.Row(-1f - fy);
            Vector128<float> w1 = kernel.Row(0f - fy);
            Vector128<float> w2 = kernel.Row(1f - fy);
            Vector128<float> w3 = kernel.Row(2f - fy);
            float invSum = 1f / HorizontalSum(((w0 + w1) + w2) + w3);

            int outIndex = outRow + ox;
            for (int c = 0; c < channels; c++)
            {
                ReadOnlySpan<float> plane = planes.Slice(c * planeLength, planeLength);
                Vector128<float> p0 = Vector128.Create(plane.Slice(t0, 4));
                Vector128<float> p1 = Vector128.Create(plane.Slice(t1, 4));
                Vector128<float> p2 = Vector128.Create(plane.Slice(t2, 4));
                Vector128<float> p3 = Vector128.Create(plane.Slice(t3, 4));
                float value = HorizontalSum(((w0 * p0) + (w1 * p1)) + ((w2 * p2) + (w3 * p3))) * invSum;

                // Lanes 1 and 2 of rows 1 and 2 are the quad.
                Vector128<float> low = Vector128.Min(p1, p2);
                Vector128<float> high = Vector128.Max(p1, p2);
                float lo = MathF.Min(low.GetElement(1), low.GetElement(2));
                float hi = MathF.Max(high.GetElement(1), high.GetElement(2));
                outData[(c * outPlane) + outIndex] = MathF.Min(MathF.Max(value, lo), hi);
            }
        }
    }

    private static float HorizontalSum(Vector128<float> v) =>
        (v.GetElement(0) + v.GetElement(1)) + (v.GetElement(2) + v.GetElement(3));

    /// <summary>The per-pixel kernel, evaluated one footprint row (four taps) at a time.</summary>
    private readonly struct EdgeKernel
    {
        private readonly Vector128<float> _dxAcross;
        private readonly Vector128<float> _dxAlong;
        private readonly float _acrossPerDy;
        private readonly float _alongPerDy;
        private readonly Vector128<float> _lobe;

        public EdgeKernel(float fx, float cos, float sin, float kA, float kL, float lobe)
        {
            Vector128<float> dx = Vector128.Create(-1f, 0f, 1f, 2f) - Vector128.Create(fx);
            _dxAcross = dx * Vector128.Create(kA * cos);
            _dxAlong = dx * Vector128.Create(kL * sin);
            _acrossPerDy = kA * sin;
            _alongPerDy = kL * cos;
            _lobe = Vector128.Create(-0.5f * lobe);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector128<float> Row(float dy)
        {
            var one = Vector128<float>.One;
            Vector128<float> u = _dxAcross + Vector128.Create(dy * _acrossPerDy);
            Vector128<float> v = Vector128.Create(dy * _alongPerDy) - _dxAlong;
            Vector128<float> r = Vector128.Sqrt((u * u) + (v * v));
            Vector128<float> rm1 = r - one;
            Vector128<float> rm2 = Vector128.Min(r - Vector128.Create(2f), Vector128<float>.Zero);
            Vector128<float> inner = rm1 * (((Vector128.Create(1.5f) * r) * r) - r - one);
            Vector128<float> outer = ((_lobe * rm1) * rm2) * rm2;
            return Vector128.ConditionalSelect(Vector128.GreaterThan(r, one), outer, inner);
        }
    }

    /// <summary>
    /// The input planes with a clamp-to-edge border, so that every 4 × 4 footprint is in bounds and each footprint
    /// row is four consecutive floats, and the per-pixel structure tensor terms <c>(gx², gx·gy, gy², 0)</c> of the
    /// padded luma, interleaved. Buffers come from the shared array pool.
    /// </summary>
    private readonly struct PaddedSource
    {
        /// <summary>Border width: a footprint reaches one pixel before and two after its quad's first pixel.</summary>
        public const int Pad = 2;

        private readonly float[] _planes;
        private readonly float[] _tensors;

        private PaddedSource(float[] planes, float[] tensors, int stride, int planeLength, int channels)
        {
            _planes = planes;
            _tensors = tensors;
            Stride = stride;
            PlaneLength = planeLength;
            Channels = channels;
        }

        public int Stride { get; }

        public int PlaneLength { get; }

        public int Channels { get; }

        public ReadOnlySpan<float> Planes => _planes.AsSpan(0, PlaneLength * Channels);

        public ReadOnlySpan<float> Tensors => _tensors.AsSpan(0, PlaneLength * 4);

        public static PaddedSource Create(PlanarImage input)
        {
            int w = input.Width, h = input.Height, channels = input.Channels;
            int stride = w + (2 * Pad);
            int rows = h + (2 * Pad);
            int planeLength = stride * rows;
            float[] planes = ArrayPool<float>.Shared.Rent(planeLength * channels);
            for (int c = 0; c < channels; c++)
            {
                Span<float> padded = planes.AsSpan(c * planeLength, planeLength);
                ReadOnlySpan<float> plane = input.GetPlane(c);
                for (int py = 0; py < rows; py++)
                {
                    ReadOnlySpan<float> sourceRow = plane.Slice(Math.Clamp(py - Pad, 0, h - 1) * w, w);
                    Span<float> row = padded.Slice(py * stride, stride);
                    row[..Pad].Fill(sourceRow[0]);
                    sourceRow.CopyTo(row[Pad..]);
                    row[(Pad + w)..].Fill(sourceRow[w - 1]);
                }
            }

            float[] luma = ArrayPool<float>.Shared.Rent(planeLength);
            Parallel.For(0, rows, CpuParallelism.Options, py =>
            {
                for (int i = py * stride, end = i + stride; i < end; i++)
                {
                    float red = planes[i], green = planes[planeLength + i], blue = planes[(2 * planeLength) + i];
                    luma[i] = ((0.25f * red) + (0.5f * green)) + (0.25f * blue);
                }
            });

            // Quads never touch the outermost padded ring, so its terms are left at zero.
            float[] tensors = ArrayPool<float>.Shared.Rent(planeLength * 4);
            tensors.AsSpan(0, planeLength * 4).Clear();
            Parallel.For(1, rows - 1, CpuParallelism.Options, py =>
            {
                for (int i = (py * stride) + 1, end = i + stride - 2; i < end; i++)
                {
                    float gx = 0.5f * (luma[i + 1] - luma[i - 1]);
                    float gy = 0.5f * (luma[i + stride] - luma[i - stride]);
                    tensors[4 * i] = gx * gx;
                    tensors[(4 * i) + 1] = gx * gy;
                    tensors[(4 * i) + 2] = gy * gy;
                }
            });

            ArrayPool<float>.Shared.Return(luma);
            return new PaddedSource(planes, tensors, stride, planeLength, channels);
        }

        public void Return()
        {
            ArrayPool<float>.Shared.Return(_planes);
            ArrayPool<float>.Shared.Return(_tensors);
        }
    }
}
