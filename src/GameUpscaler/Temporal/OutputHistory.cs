namespace GameUpscaler.Temporal;

/// <summary>
/// The temporal generator's second, short history: the frame it shows, blended with the previous shown frame
/// reprojected by the motion vectors. The accumulation's history is untouched (the network's output is still not fed
/// back into it, see <see cref="TemporalGeneratorReference"/>); this history only steadies what is shown.
/// </summary>
/// <remarks>
/// <para>Per grid pixel: the previous shown frame is sampled (Lanczos-3, so that reprojection neither blurs it nor lets
/// its edges lag, see <see cref="LanczosSampler"/>) at
/// the position the motion vector of the grid pixel's render pixel points to, then clamped into the range of the
/// network's output over the 3×3 grid neighbourhood, so a frame that no longer fits what the network sees now (changed
/// lighting, an animation, a wrong motion vector) cannot linger as a ghost; <c>shown = a·output + (1 − a)·previous</c>
/// with <c>a = 1 − (1 − OutputBlend)·confidence</c>, the confidence being the accumulation's weight over its cap at
/// that pixel. So where history was just reset, disoccluded or moves (the accumulation caps moving history lower) the
/// shown frame follows the network, and where the accumulation has converged it is averaged over about
/// 1/OutputBlend frames.</para>
/// <para>Why the shown frame and not the network's correction (accumulated frame − output), which this history held
/// first: the network reads the current jittered frame, so its output changes with the jitter phase where nothing
/// else does, and while the accumulation converges after a reset its frame changes from one frame to the next and the
/// network's correction changes the opposite way — a blended correction lags behind the accumulation it was made for
/// and shows the accumulation's own convergence as flicker. Blending the shown frame removes both. Measured with
/// x2-c16-n4-temporal-l1 (frames ≥ 8 / temporal error, `capture eval --method temporal`) on the validation captures
/// 600 (still) and 100 (moving) and the training captures 512 (still) and 20 (moving): the shown frame's history
/// 36.09 / 2.430, 33.58 / 4.490, 37.16 / 2.256, 34.36 / 4.528 dB; the correction's 35.96 / 2.877, 33.46 / 4.768,
/// 37.12 / 2.583, 34.29 / 4.760 (the TAAU alone 35.59 / 2.807, 32.83 / 4.846 on the validation captures). The blend
/// stays at the 0.1 chosen for the correction's history (0.05 and 0.2 score within 0.1 dB).</para>
/// </remarks>
public sealed class OutputHistory
{
    private readonly Size2D _renderSize;
    private readonly int _scale;
    private readonly float[] _current;
    private float[] _previous;
    private float[] _next;
    private bool _valid;

    /// <summary>Creates the history for one render size and scale (the grid is scale × the render size).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size or the scale is not positive.</exception>
    public OutputHistory(Size2D renderSize, int scale)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(renderSize.Width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(renderSize.Height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(scale);
        _renderSize = renderSize;
        _scale = scale;
        int n = checked(renderSize.Width * scale * renderSize.Height * scale * 3);
        _current = new float[n];
        _previous = new float[n];
        _next = new float[n];
    }

    /// <summary>The last frame's shown grid frame (RGB per grid pixel, row-major), for tests; empty before the first frame.</summary>
    public ReadOnlySpan<float> LastShown => _valid ? _previous : [];

    /// <summary>Forgets the history (the next frame shows the network's output as it is).</summary>
    public void Reset() => _valid = false;

    /// <summary>Replaces the network's grid frame by the frame to show, in place.</summary>
    /// <param name="grid">The network's output on the grid, three planes, already clamped to [0, 1]; overwritten.</param>
    /// <param name="weight">The accumulation's weight per grid pixel after this frame.</param>
    /// <param name="maxWeight">The accumulation's weight cap.</param>
    /// <param name="motion">Per render pixel (mx, my): previous minus current position in render pixels.</param>
    /// <param name="blend">The output's weight where the accumulation has converged, in (0, 1]; 1 turns the history off.</param>
    /// <param name="reset">The frame is a reset: no previous frame.</param>
    /// <exception cref="ArgumentException">A size does not match.</exception>
    public void Apply(Imaging.PlanarImage grid, ReadOnlySpan<float> weight, float maxWeight, ReadOnlySpan<float> motion, float blend, bool reset)
    {
        ArgumentNullException.ThrowIfNull(grid);
        int rw = _renderSize.Width, rh = _renderSize.Height, s = _scale, gw = rw * s, gh = rh * s, n = gw * gh;
        if (grid.Width != gw || grid.Height != gh || grid.Channels < 3 || weight.Length != n || motion.Length != rw * rh * 2)
        {
            throw new ArgumentException($"The output history is for a {gw}x{gh} grid over {rw}x{rh} render pixels.");
        }

        Span<float> r = grid.GetPlane(0), g = grid.GetPlane(1), b = grid.GetPlane(2);
        for (int i = 0; i < n; i++)
        {
            _current[3 * i] = r[i];
            _current[(3 * i) + 1] = g[i];
            _current[(3 * i) + 2] = b[i];
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
                    LanczosSampler.Sample(_previous, gw, gh, hx, hy, previous);
                    ClampToNeighbourhood(x, y, gw, gh, previous);
                }

                for (int c = 0; c < 3; c++)
                {
                    float shown = a < 1f ? (a * _current[(3 * i) + c]) + ((1f - a) * previous[c]) : _current[(3 * i) + c];
                    _next[(3 * i) + c] = shown;
                    grid.GetPlane(c)[i] = shown;
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
                    float v = _current[(((sy * gw) + Math.Clamp(x + i, 0, gw - 1)) * 3) + c];
                    lo = MathF.Min(lo, v);
                    hi = MathF.Max(hi, v);
                }
            }

            value[c] = Math.Clamp(value[c], lo, hi);
        }
    }
}
