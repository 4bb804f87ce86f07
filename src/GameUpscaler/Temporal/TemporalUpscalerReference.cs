using GameUpscaler.Imaging;

namespace GameUpscaler.Temporal;

/// <summary>
/// The temporal accumulation upscaler (TAAU) on the CPU: the reference the Vulkan passes are tested against. A
/// display-size history is reprojected by the engine's motion vectors and each frame's jittered samples are
/// accumulated into it, so over a jitter cycle every display pixel gathers samples at many sub-pixel positions, which
/// is what a single aliased frame lacks (the idea of FSR 2, DLSS 2 and XeSS; the design here is our own).
/// </summary>
/// <remarks>
/// <para>Per display pixel, in this order:</para>
/// <list type="number">
/// <item>Motion: the motion vector of the closest-depth render pixel of the 3×3 around it (depth dilation, so
/// foreground edges move with the foreground), scaled to display pixels.</item>
/// <item>History: sampled at the reprojected position with a Lanczos-3 filter (bilinear reprojection blurs a little
/// more every frame, Catmull-Rom lets edges lag under slow motion: <see cref="LanczosSampler"/>); dropped off
/// screen, after a reset, and where depth shows a disocclusion (the surface the motion
/// vector points to in the previous frame was closer than the current one by more than the tolerance: background
/// revealed behind a moving object, the usual ghost trail), tested both for the dilated surface and for the pixel's own
/// (an uncovered background pixel beside the object takes the object's dilated motion, which alone would pass).</item>
/// <item>Rectification: the history colour is clipped towards the mean of the current 3×3 render neighbourhood,
/// into mean ± γ·σ in YCoCg (Salvi's variance clipping): what the current frame cannot support is removed, which
/// bounds ghosting and lag where motion vectors do not tell the whole story (shading, shadows).</item>
/// <item>Accumulation: each of the 3×3 jittered samples is weighted by a Gaussian of its distance to the display
/// pixel centre; history weighs its accumulated sample weight, capped at
/// <see cref="TemporalUpscalerSettings.MaxHistoryWeight"/>. While history is short the output (not the history) adds a
/// Catmull-Rom estimate of the current frame with a fading weight, so a reset or a disocclusion shows a smooth spatial
/// upscale, never the nearest sample's stair steps, and no blur lingers in history once samples have arrived.</item>
/// </list>
/// <para>Colours are accumulated as stored (sRGB-encoded), which behaves like a perceptual tonemap: bright sparks do not
/// dominate the average as they would in linear light. The settings' defaults are explained in
/// <see cref="TemporalUpscalerSettings"/>.</para>
/// </remarks>
public sealed class TemporalUpscalerReference
{
    private readonly TemporalUpscalerSettings _settings;
    private float[] _history;
    private float[] _historyNext;
    private float[] _weight;
    private float[] _weightNext;
    private readonly float[] _previousDepth;
    private readonly float[] _output;
    private bool _hasHistory;
    private bool _hasPreviousDepth;

    /// <summary>Creates the upscaler for one pair of sizes.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, the display is smaller than the render size, or a setting is invalid.</exception>
    public TemporalUpscalerReference(Size2D renderSize, Size2D displaySize, TemporalUpscalerSettings? settings = null)
    {
        TemporalFrameChecks.Sizes(renderSize, displaySize);
        _settings = settings ?? TemporalUpscalerSettings.Default;
        _settings.Validate();
        RenderSize = renderSize;
        DisplaySize = displaySize;
        int display = checked((int)displaySize.Area);
        _history = new float[display * 3];
        _historyNext = new float[display * 3];
        _weight = new float[display];
        _weightNext = new float[display];
        _previousDepth = new float[checked((int)renderSize.Area)];
        _output = new float[display * 3];
    }

    /// <summary>The render (input) size.</summary>
    public Size2D RenderSize { get; }

    /// <summary>The display (output) size.</summary>
    public Size2D DisplaySize { get; }

    /// <summary>The accumulated sample weight of each display pixel after the last frame (row-major), for tests and debugging views.</summary>
    public ReadOnlySpan<float> HistoryWeight => _weight;

    /// <summary>The history colour after the last frame (RGB per display pixel, row-major, [0, 1]): the Vulkan pass's parity target.</summary>
    public ReadOnlySpan<float> HistoryColor => _history;

    /// <summary>The last frame's output before 8-bit rounding (RGB per display pixel, [0, 1]).</summary>
    public ReadOnlySpan<float> LastOutput => _output;

    /// <summary>Discards the history (the next frame is treated as a reset).</summary>
    public void Reset()
    {
        _hasHistory = false;
        _hasPreviousDepth = false;
    }

    /// <summary>Upscales one frame and makes it the history of the next.</summary>
    /// <param name="color">The render-size frame, one sample per pixel at the jittered position (RGB or RGBA; alpha ignored).</param>
    /// <param name="motion">Per render pixel (mx, my): previous minus current position in render pixels, jitter excluded.</param>
    /// <param name="depth">Per render pixel linear depth (larger is farther), or empty for none (no disocclusion test).</param>
    /// <param name="jitterX">The frame's sample offset in render pixels, x right.</param>
    /// <param name="jitterY">The same, y down.</param>
    /// <param name="reset">Discard history first (first frame, camera cut).</param>
    /// <returns>The display-size frame, RGB.</returns>
    /// <exception cref="ArgumentException">A size does not match, or the jitter is not finite or beyond ±1 render pixel.</exception>
    public Image8 Upscale(Image8 color, ReadOnlySpan<float> motion, ReadOnlySpan<float> depth, float jitterX, float jitterY, bool reset)
    {
        Accumulate(color, motion, depth, jitterX, jitterY, reset);
        var output = new Image8(DisplaySize.Width, DisplaySize.Height, 3);
        for (int i = 0; i < _output.Length; i++)
        {
            output.Pixels[i] = (byte)MathF.Round(_output[i] * 255f);
        }

        return output;
    }

    /// <summary>
    /// Accumulates one frame as <see cref="Upscale"/> does, without the 8-bit copy: the result is
    /// <see cref="LastOutput"/> (what the temporal generator reads).
    /// </summary>
    /// <exception cref="ArgumentException">As <see cref="Upscale"/>.</exception>
    public void Accumulate(Image8 color, ReadOnlySpan<float> motion, ReadOnlySpan<float> depth, float jitterX, float jitterY, bool reset)
    {
        ArgumentNullException.ThrowIfNull(color);
        TemporalFrameChecks.Frame(RenderSize, color, motion, depth, jitterX, jitterY);
        if (reset)
        {
            Reset();
        }

        float[] rgb = ToFloat(color);
        float[] motionCopy = motion.ToArray();
        float[]? depthCopy = depth.Length > 0 ? depth.ToArray() : null;
        var frame = new Frame(rgb, motionCopy, depthCopy, jitterX, jitterY, _hasHistory, _hasPreviousDepth && depthCopy is not null);
        int dh = DisplaySize.Height;
        Parallel.For(0, dh, CpuParallelism.Options, y => ResolveRow(y, frame));

        (_history, _historyNext) = (_historyNext, _history);
        (_weight, _weightNext) = (_weightNext, _weight);
        _hasHistory = true;
        if (depthCopy is not null)
        {
            depthCopy.CopyTo(_previousDepth, 0);
            _hasPreviousDepth = true;
        }
        else
        {
            _hasPreviousDepth = false;
        }
    }

    private readonly record struct Frame(float[] Rgb, float[] Motion, float[]? Depth, float JitterX, float JitterY, bool HasHistory, bool HasPreviousDepth);

    private void ResolveRow(int y, Frame frame)
    {
        int rw = RenderSize.Width, rh = RenderSize.Height, dw = DisplaySize.Width, dh = DisplaySize.Height;
        float toRenderX = (float)rw / dw, toRenderY = (float)rh / dh;
        float toDisplayX = (float)dw / rw, toDisplayY = (float)dh / rh;
        float twoSigmaSquared = 2 * _settings.KernelSigma * _settings.KernelSigma;
        Span<float> historyColor = stackalloc float[3];
        Span<float> spatial = stackalloc float[3];
        for (int x = 0; x < dw; x++)
        {
            // The display pixel centre in render-space coordinates (render pixel i covers [i, i + 1)).
            float px = (x + 0.5f) * toRenderX, py = (y + 0.5f) * toRenderY;

            // 1. Motion, dilated by depth over the 3×3 render pixels around the centre.
            int mx = Math.Clamp((int)MathF.Floor(px), 0, rw - 1), my = Math.Clamp((int)MathF.Floor(py), 0, rh - 1);
            int motionPixel = (my * rw) + mx;
            // The centre first, so that where depths tie (a flat wall, constant depth) the centre's own motion is used.
            float closest = frame.Depth is { } centreDepth ? centreDepth[motionPixel] : float.PositiveInfinity;
            if (frame.Depth is { } depth)
            {
                for (int j = -1; j <= 1; j++)
                {
                    int sy = Math.Clamp(my + j, 0, rh - 1);
                    for (int i = -1; i <= 1; i++)
                    {
                        int sx = Math.Clamp(mx + i, 0, rw - 1);
                        float d = depth[(sy * rw) + sx];
                        if (d < closest)
                        {
                            closest = d;
                            motionPixel = (sy * rw) + sx;
                        }
                    }
                }
            }

            float motionX = frame.Motion[2 * motionPixel], motionY = frame.Motion[(2 * motionPixel) + 1];

            // 2. The current samples: the 3×3 render pixels whose jittered samples lie nearest the centre.
            int cx = Math.Clamp((int)MathF.Floor(px - frame.JitterX), 0, rw - 1), cy = Math.Clamp((int)MathF.Floor(py - frame.JitterY), 0, rh - 1);
            float sumW = 0, sumR = 0, sumG = 0, sumB = 0;
            float m1Y = 0, m1Co = 0, m1Cg = 0, m2Y = 0, m2Co = 0, m2Cg = 0;
            int n = 0;
            for (int j = -1; j <= 1; j++)
            {
                int sy = cy + j;
                if (sy < 0 || sy >= rh)
                {
                    continue;
                }

                for (int i = -1; i <= 1; i++)
                {
                    int sx = cx + i;
                    if (sx < 0 || sx >= rw)
                    {
                        continue;
                    }

                    int o = ((sy * rw) + sx) * 3;
                    float r = frame.Rgb[o], g = frame.Rgb[o + 1], b = frame.Rgb[o + 2];
                    float dx = (sx + 0.5f + frame.JitterX - px) * toDisplayX, dy = (sy + 0.5f + frame.JitterY - py) * toDisplayY;
                    float w = MathF.Exp(-((dx * dx) + (dy * dy)) / twoSigmaSquared);
                    sumW += w;
                    sumR += w * r;
                    sumG += w * g;
                    sumB += w * b;
                    (float yy, float co, float cg) = ToYCoCg(r, g, b);
                    m1Y += yy;
                    m1Co += co;
                    m1Cg += cg;
                    m2Y += yy * yy;
                    m2Co += co * co;
                    m2Cg += cg * cg;
                    n++;
                }
            }

            // 3. History at the reprojected position, unless off screen, reset or disoccluded.
            float historyX = x + (motionX * toDisplayX), historyY = y + (motionY * toDisplayY);
            float historyWeight = 0;
            bool onScreen = historyX >= -0.5f && historyX <= dw - 0.5f && historyY >= -0.5f && historyY <= dh - 0.5f;
            // The test runs for the dilated surface and for the pixel's own: a background pixel just uncovered beside the
            // object takes the object's dilated motion, which points at background in the previous frame and would pass.
            int own = (my * rw) + mx;
            bool disoccluded = frame.Depth is { } ownDepth
                && (Disoccluded(frame, px + motionX, py + motionY, closest)
                    || Disoccluded(frame, px + frame.Motion[2 * own], py + frame.Motion[(2 * own) + 1], ownDepth[own]));
            if (frame.HasHistory && onScreen && !disoccluded)
            {
                // Every reprojection at a fractional offset low-passes the history a little, and the loss compounds
                // frame after frame: moving history is trusted less (its cap falls to MovingHistoryWeight at one
                // display pixel per frame and beyond), still history keeps the full length.
                float motionPixels = MathF.Sqrt((motionX * toDisplayX * motionX * toDisplayX) + (motionY * toDisplayY * motionY * toDisplayY));
                float still = MathF.Max(0, 1 - motionPixels);
                float cap = _settings.MovingHistoryWeight + (still * (_settings.MaxHistoryWeight - _settings.MovingHistoryWeight));
                historyWeight = MathF.Min(BilinearWeight(_weight, dw, dh, historyX, historyY), cap);
                Lanczos(_history, dw, dh, historyX, historyY, historyColor);

                // 4. Rectify: clip into mean ± γσ of the current neighbourhood (YCoCg).
                // Where nothing moves, history is trusted further (a wider box): a thin wire seen by only some jitter
                // phases must not be clipped away in the frames that miss it, which is the flicker single-frame methods show.
                float inv = 1f / n, gamma = _settings.ClipGamma + (still * (_settings.StaticClipGamma - _settings.ClipGamma));
                float meanY = m1Y * inv, meanCo = m1Co * inv, meanCg = m1Cg * inv;
                float extentY = (gamma * MathF.Sqrt(MathF.Max((m2Y * inv) - (meanY * meanY), 0))) + 1e-4f;
                float extentCo = (gamma * MathF.Sqrt(MathF.Max((m2Co * inv) - (meanCo * meanCo), 0))) + 1e-4f;
                float extentCg = (gamma * MathF.Sqrt(MathF.Max((m2Cg * inv) - (meanCg * meanCg), 0))) + 1e-4f;
                (float hy, float hco, float hcg) = ToYCoCg(historyColor[0], historyColor[1], historyColor[2]);
                float vy = hy - meanY, vco = hco - meanCo, vcg = hcg - meanCg;
                float units = MathF.Max(MathF.Abs(vy) / extentY, MathF.Max(MathF.Abs(vco) / extentCo, MathF.Abs(vcg) / extentCg));
                if (units > 1)
                {
                    (historyColor[0], historyColor[1], historyColor[2]) = FromYCoCg(meanY + (vy / units), meanCo + (vco / units), meanCg + (vcg / units));
                }
            }

            // 5. Accumulate the samples into history; the output adds the spatial estimate while history is short. It
            //    is not accumulated: it would linger in history as blur long after enough samples had arrived.
            float accumulated = historyWeight + sumW;
            float fallback = _settings.SpatialFallbackWeight * MathF.Max(0, 1 - (accumulated * 0.5f));
            if (fallback > 0 || accumulated <= 0)
            {
                CatmullRom(frame.Rgb, rw, rh, px - 0.5f - frame.JitterX, py - 0.5f - frame.JitterY, spatial);
            }

            int d3 = ((y * dw) + x) * 3;
            for (int c = 0; c < 3; c++)
            {
                float sample = c == 0 ? sumR : c == 1 ? sumG : sumB;
                float history = Math.Clamp(accumulated > 0 ? ((historyWeight * historyColor[c]) + sample) / accumulated : spatial[c], 0, 1);
                _historyNext[d3 + c] = history;
                float shown = fallback > 0 ? ((accumulated * history) + (fallback * spatial[c])) / (accumulated + fallback) : history;
                _output[d3 + c] = Math.Clamp(shown, 0, 1);
            }

            _weightNext[(y * dw) + x] = MathF.Min(historyWeight + sumW, _settings.MaxHistoryWeight);
        }
    }

    private bool Disoccluded(Frame frame, float previousX, float previousY, float currentDepth)
    {
        if (!frame.HasPreviousDepth || !float.IsFinite(currentDepth))
        {
            return false;
        }

        int rw = RenderSize.Width, rh = RenderSize.Height;
        int x = Math.Clamp((int)MathF.Floor(previousX), 0, rw - 1), y = Math.Clamp((int)MathF.Floor(previousY), 0, rh - 1);
        float previous = _previousDepth[(y * rw) + x];
        return previous < currentDepth * (1 - _settings.DisocclusionDepthTolerance);
    }

    private static (float Y, float Co, float Cg) ToYCoCg(float r, float g, float b) =>
        ((0.25f * r) + (0.5f * g) + (0.25f * b), (0.5f * r) - (0.5f * b), (-0.25f * r) + (0.5f * g) - (0.25f * b));

    private static (float R, float G, float B) FromYCoCg(float y, float co, float cg) => (y + co - cg, y + cg, y - co - cg);

    private static float BilinearWeight(float[] weight, int w, int h, float u, float v)
    {
        u = Math.Clamp(u, 0, w - 1);
        v = Math.Clamp(v, 0, h - 1);
        int x0 = (int)u, y0 = (int)v, x1 = Math.Min(x0 + 1, w - 1), y1 = Math.Min(y0 + 1, h - 1);
        float fx = u - x0, fy = v - y0;
        float top = (weight[(y0 * w) + x0] * (1 - fx)) + (weight[(y0 * w) + x1] * fx);
        float bottom = (weight[(y1 * w) + x0] * (1 - fx)) + (weight[(y1 * w) + x1] * fx);
        return (top * (1 - fy)) + (bottom * fy);
    }

    /// <summary>Catmull-Rom (B = 0, C = ½) at index coordinates (u, v) (pixel centres at integers), 4×4 taps, edge-clamped.</summary>
    private static void CatmullRom(float[] rgb, int w, int h, float u, float v, Span<float> result)
    {
        CatmullRomSampler.Sample(rgb, w, h, u, v, result);
        ClampToUnit(result);
    }

    /// <summary>Lanczos-3 at index coordinates (u, v), 6×6 taps, edge-clamped: the history's reprojection (why: <see cref="LanczosSampler"/>).</summary>
    private static void Lanczos(float[] rgb, int w, int h, float u, float v, Span<float> result)
    {
        LanczosSampler.Sample(rgb, w, h, u, v, result);
        ClampToUnit(result);
    }

    // Negative lobes can overshoot; keep the colour in range.
    private static void ClampToUnit(Span<float> rgb)
    {
        rgb[0] = Math.Clamp(rgb[0], 0, 1);
        rgb[1] = Math.Clamp(rgb[1], 0, 1);
        rgb[2] = Math.Clamp(rgb[2], 0, 1);
    }

    private static float[] ToFloat(Image8 image)
    {
        int n = image.Width * image.Height, channels = image.Channels;
        var result = new float[n * 3];
        byte[] p = image.Pixels;
        for (int i = 0; i < n; i++)
        {
            int o = i * channels;
            byte r = p[o];
            result[3 * i] = r / 255f;
            result[(3 * i) + 1] = (channels >= 3 ? p[o + 1] : r) / 255f;
            result[(3 * i) + 2] = (channels >= 3 ? p[o + 2] : r) / 255f;
        }

        return result;
    }
}
