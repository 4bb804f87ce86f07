using GameUpscaler.Imaging;
using GameUpscaler.Inference;
using GameUpscaler.Models;
using GameUpscaler.Resampling;

namespace GameUpscaler.Temporal;

/// <summary>
/// The temporal generator on the CPU: the reference the GPU backends are tested against, the capture evaluator's
/// <c>temporal</c> method and the trainer's rollout. Per frame: the temporal accumulation (<see cref="TemporalUpscalerReference"/>)
/// reprojects the history by the motion vectors and accumulates the jittered samples on the network's grid (s × the
/// render size); the generator reads the current frame, that accumulated frame (space-to-depth) and its confidence, and
/// writes a correction of it; the corrected frame is blended with the previous shown frame (<see cref="OutputHistory"/>)
/// and shown, resampled when the display is not exactly s × the render size.
/// </summary>
/// <remarks>
/// <para>The history stays the accumulation's own: the correction is shown, not fed back. Measured on the validation
/// capture (training path 100, x2-c16-n4 from its per-frame twin, 1,000 iterations): fed back into history, the
/// correction compounded from frame to frame faster than training on detached rollouts could follow (Y-PSNR went from
/// the accumulation's 32.85 dB down to 32.66 after 500 iterations, 32.78 after 750); shown only, it rose steadily
/// (33.02 after 500, 33.03 after 750). DLSS 2's network, too, steers the accumulation rather than replacing its history.</para>
/// <para>The history lives on the grid, not at the display size, so that at non-integer ratios (Quality, 1.5×) the
/// recurrence never resamples: only the shown frame is resampled (<see cref="OutputResampler"/>), once.</para>
/// </remarks>
public sealed class TemporalGeneratorReference
{
    private readonly TemporalUpscalerReference _accumulation;
    private readonly OutputHistory _shown;
    private readonly Func<PlanarImage, PlanarImage> _network;
    private readonly TemporalUpscalerSettings _settings;

    /// <summary>Creates the pipeline for one pair of sizes.</summary>
    /// <param name="weights">A temporal generator (<see cref="GeneratorArchitecture.Temporal"/>).</param>
    /// <param name="renderSize">The render (input) size.</param>
    /// <param name="displaySize">The display (output) size, at least the render size.</param>
    /// <param name="settings">The accumulation's settings; null for the defaults.</param>
    /// <param name="options">CPU inference options; null for the defaults.</param>
    /// <exception cref="ArgumentException">The model is not a temporal generator.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive or the display is smaller than the render size.</exception>
    public TemporalGeneratorReference(GeneratorWeights weights, Size2D renderSize, Size2D displaySize, TemporalUpscalerSettings? settings = null, CpuGeneratorOptions? options = null)
        : this(CheckTemporal(weights).Architecture, CpuNetwork(weights, options), renderSize, displaySize, settings)
    {
    }

    /// <summary>Creates the pipeline around another implementation of the network (the ONNX Runtime backend's).</summary>
    /// <param name="architecture">A temporal generator's shape.</param>
    /// <param name="network">Input planes (<see cref="TemporalGeneratorInput"/>) in, the grid frame (three planes, not clamped) out.</param>
    /// <param name="renderSize">The render (input) size.</param>
    /// <param name="displaySize">The display (output) size, at least the render size.</param>
    /// <param name="settings">The accumulation's settings; null for the defaults.</param>
    /// <exception cref="ArgumentException">The architecture is not temporal.</exception>
    public TemporalGeneratorReference(GeneratorArchitecture architecture, Func<PlanarImage, PlanarImage> network, Size2D renderSize, Size2D displaySize, TemporalUpscalerSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(network);
        if (!architecture.Temporal)
        {
            throw new ArgumentException($"The temporal pipeline needs a temporal generator; this model is {architecture} (per-frame).", nameof(architecture));
        }

        TemporalFrameChecks.Sizes(renderSize, displaySize);
        Architecture = architecture;
        _network = network;
        _settings = settings ?? TemporalUpscalerSettings.Default;
        RenderSize = renderSize;
        DisplaySize = displaySize;
        int s = Architecture.Scale;
        GridSize = new Size2D(checked(renderSize.Width * s), checked(renderSize.Height * s));
        _accumulation = new TemporalUpscalerReference(renderSize, GridSize, _settings);
        _shown = new OutputHistory(renderSize, s);
    }

    private static Func<PlanarImage, PlanarImage> CpuNetwork(GeneratorWeights weights, CpuGeneratorOptions? options)
    {
        var generator = new CpuGenerator(weights, options);
        return input => generator.Run(input);
    }

    private static GeneratorWeights CheckTemporal(GeneratorWeights weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        return weights.Architecture.Temporal
            ? weights
            : throw new ArgumentException($"The temporal pipeline needs a temporal generator; this model is {weights.Architecture} (per-frame).", nameof(weights));
    }

    /// <summary>The generator's shape.</summary>
    public GeneratorArchitecture Architecture { get; }

    /// <summary>The render (input) size.</summary>
    public Size2D RenderSize { get; }

    /// <summary>The display (output) size.</summary>
    public Size2D DisplaySize { get; }

    /// <summary>The network's grid and the history's size: the render size times the scale.</summary>
    public Size2D GridSize { get; }

    /// <summary>The generator's input of the last frame (the planes of <see cref="TemporalGeneratorInput"/>).</summary>
    public PlanarImage? LastInput { get; private set; }

    /// <summary>The last frame's shown grid frame (three planes, clamped to [0, 1], the output history applied), before any resample to the display.</summary>
    public PlanarImage? LastGridOutput { get; private set; }

    /// <summary>Discards the history (the next frame is treated as a reset).</summary>
    public void Reset()
    {
        _accumulation.Reset();
        _shown.Reset();
    }

    /// <summary>Upscales one frame and makes its output the history of the next.</summary>
    /// <param name="color">The render-size frame, one sample per pixel at the jittered position (RGB or RGBA; alpha ignored).</param>
    /// <param name="motion">Per render pixel (mx, my): previous minus current position in render pixels, jitter excluded.</param>
    /// <param name="depth">Per render pixel linear depth (larger is farther), or empty for none.</param>
    /// <param name="jitterX">The frame's sample offset in render pixels, x right.</param>
    /// <param name="jitterY">The same, y down.</param>
    /// <param name="reset">Discard history first (first frame, camera cut).</param>
    /// <returns>The display-size frame, RGB.</returns>
    /// <exception cref="ArgumentException">A size does not match, or the jitter is not finite or beyond ±1 render pixel.</exception>
    public Image8 Upscale(Image8 color, ReadOnlySpan<float> motion, ReadOnlySpan<float> depth, float jitterX, float jitterY, bool reset)
    {
        ArgumentNullException.ThrowIfNull(color);
        _accumulation.Accumulate(color, motion, depth, jitterX, jitterY, reset);
        PlanarImage input = TemporalGeneratorInput.Build(Architecture, color, _accumulation.LastOutput, _accumulation.HistoryWeight, _settings.MaxHistoryWeight);
        PlanarImage grid = _network(input);
        int n = grid.PlaneLength;
        for (int c = 0; c < 3; c++)
        {
            Span<float> plane = grid.GetPlane(c);
            for (int i = 0; i < n; i++)
            {
                plane[i] = Math.Clamp(plane[i], 0f, 1f);
            }
        }

        _shown.Apply(grid, _accumulation.HistoryWeight, _settings.MaxHistoryWeight, motion, _settings.OutputBlend, reset);
        LastInput = input;
        LastGridOutput = grid;
        PlanarImage shown = GridSize == DisplaySize ? grid : OutputResampler.Resample(grid, DisplaySize.Width, DisplaySize.Height);
        return shown.ToImage8();
    }
}
