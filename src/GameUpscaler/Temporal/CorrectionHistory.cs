namespace GameUpscaler.Temporal;

/// <summary>
/// The temporal generator's second, short history: the correction the network adds to the accumulated frame, blended
/// with the previous frame's shown correction reprojected by the motion vectors. The accumulation converges where
/// nothing moves, but the network reads the current jittered frame, so its correction changes with the jitter phase —
/// flicker the accumulation itself does not have. Blending the correction over a few frames removes it; the
/// accumulation's history is untouched (the correction is still not fed back into it, see
/// <see cref="TemporalGeneratorReference"/>).
/// </summary>
/// <remarks>
/// <para>Per grid pixel: <c>raw = clamp(network output) − accumulated</c>; the previous shown correction is sampled
/// (Catmull-Rom, so that reprojection does not blur it) at the position the motion vector of the grid pixel's render
/// pixel points to, then clamped into the range of the raw correction over the 3×3 grid neighbourhood, so a
/// correction that no longer fits what the network sees now (changed lighting, an animation, a wrong motion vector)
/// cannot linger as a ghost; <c>shown = a·raw + (1 − a)·previous</c> with <c>a = 1 − (1 − CorrectionBlend)·confidence</c>,
/// the confidence being the accumulation's weight over its cap at that pixel. So where history was just reset,
/// disoccluded or moves (the accumulation caps moving history lower) the correction follows the network, and where
/// the accumulation has converged it is averaged over about 1/CorrectionBlend frames.</para>
/// <para>Chosen on the validation capture (training path 100) and two training captures (paths 5 and 20), not on the
/// report's: with x2-c16-n4-temporal-l1 the blend at 0.1 lowered the temporal error below the TAAU's on all three
/// (4.82/2.85/4.81 against 4.86/2.90/5.72; without it 5.00/2.98/4.92) and raised Y-PSNR by 0.01–0.09 dB; a blend
/// independent of the confidence, or one that also trusts moving history, blurred moving captures (−0.5 dB).</para>
/// </remarks>
public sealed class CorrectionHistory
{
    private readonly Size2D _renderSize;
    private readonly int _scale;
    private readonly float[] _raw;
    private float[] _previous;
    private float[] _next;
    private bool _valid;

    /// <summary>Creates the history for one render size and scale (the grid is scale × the render size).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size or the scale is not positive.</exception>
    public CorrectionHistory(Size2D renderSize, int scale)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(renderSize.Width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(renderSize.Height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(scale);
        _renderSize = renderSize;
        _scale = scale;
        int n = checked(renderSize.Width * scale * renderSize.Height * scale * 3);
        _raw = new float[n];
        _previous = new float[n];
        _next = new float[n];
    }

    /// <summary>The last frame's shown correction (RGB per grid pixel, row-major), for tests.</summary>
    public ReadOnlySpan<float> LastCorrection => _valid ? _previous : [];

    /// <summary>Forgets the history (the next frame shows its own correction).</summary>
    public void Reset() => _valid = false;

    /// <summary>Replaces the network's grid frame by the accumulated frame plus the blended correction, in place.</summary>
    /// <param name="grid">The network's output on the grid, three planes, already clamped to [0, 1]; overwritten.</param>
    /// <param name="accumulated">The accumulation's shown frame on the grid (RGB per pixel, row-major).</param>
    /// <param name="weight">The accumulation's weight per grid pixel after this frame.</param>
    /// <param name="maxWeight">The accumulation's weight cap.</param>
    /// <param name="motion">Per render pixel (mx, my): previous minus current position in render pixels.</param>
    /// <param name="blend">The correction's weight where the accumulation has converged, in (0, 1]; 1 turns the history off.</param>
    /// <param name="reset">The frame is a reset: no previous correction.</param>
    /// <exception cref="ArgumentException">A size does not match.</exception>
    public void Apply(Imaging.PlanarImage grid, ReadOnlySpan<float> accumulated, ReadOnlySpan<float> weight, float maxWeight, ReadOnlySpan<float> motion, float blend, bool reset)
    {
        ArgumentNullException.ThrowIfNull(grid);
        int rw = _renderSize.Width, rh = _renderSize.Height, s = _scale, gw = rw * s, gh = rh * s, n = gw * gh;
        if (grid.Width != gw || grid.Height != gh || grid.Channels < 3 || accumulated.Length != n * 3 || weight.Length != n || motion.Length != rw * rh * 2)
        {
            throw new ArgumentException($"The correction history is for a {gw}x{gh} grid over {rw}x{rh} render pixels.");
        }

        Span<float> r = grid.GetPlane(0), g = grid.GetPlane(1), b = grid.GetPlane(2);
        for (int i = 0; i < n; i++)
        {
            _raw[3 * i] = r[i] - accumulated[3 * i];
            _raw[(3 * i) + 1] = g[i] - accumulated[(3 * i) + 1];
            _raw[(3 * i) + 2] = b[i] - accumulated[(3 * i) + 2];
        }

        bool hasPrevious = _valid && !reset && blend < 1f;
        Span<float> previous = stackalloc float[3];
        for (int y = 0; y < gh; y++)
        {
            for (int x = 0; x < gw; x++)
            {
                int i = (y * gw) + x;
                int m = ((y / s) * rw) + (x / s);
                float hx = x + (motion[2 * m] * s), hy = y + (motion[(2 * m) + 1] * s);
                float a = 1f;
                if (hasPrevious && hx >= -0.5f && hx <= gw - 0.5f && hy >= -0.5f && hy <= gh - 0.5f)
                {
                    float confidence = Math.Clamp(weight[i] / maxWeight, 0f, 1f);
                    a = 1f - ((1f - blend) * confidence);
                    CatmullRomSampler.Sample(_previous, gw, gh, hx, hy, previous);
                    ClampToNeighbourhood(x, y, gw, gh, previous);
                }

                for (int c = 0; c < 3; c++)
                {
                    float shown = a < 1f ? (a * _raw[(3 * i) + c]) + ((1f - a) * previous[c]) : _raw[(3 * i) + c];
                    _next[(3 * i) + c] = shown;
                    grid.GetPlane(c)[i] = Math.Clamp(accumulated[(3 * i) + c] + shown, 0f, 1f);
                }
            }
        }

        (_previous, _next) = (_next, _previous);
        _valid = true;
    }

    private void ClampToNeighbourhood(int x, int y, int gw, int gh, Span<float> value)
    {
        for (int c = 0; c < 3; c++)
        {
            float lo = float.MaxValue, hi = float.MinValue;
            for (int j = -1; j <= 1; j++)
            {
                int sy = Math.Clamp(y + j, 0, gh - 1);
                for (int i = -1; i <= 1; i++)
                {
                    float v = _raw[(((sy * gw) + Math.Clamp(x + i, 0, gw - 1)) * 3) + c];
                    lo = MathF.Min(lo, v);
                    hi = MathF.Max(hi, v);
                }
            }

            value[c] = Math.Clamp(value[c], lo, hi);
        }
    }
}
