using GameUpscaler.Imaging;
using GameUpscaler.Models;
using GameUpscaler.Temporal;

namespace GameUpscaler.Capture;

/// <summary>A temporal generator on the CPU reference (<see cref="TemporalGeneratorReference"/>) replayed over a capture.</summary>
public sealed class TemporalGeneratorMethod : ITemporalUpscaleMethod
{
    private readonly GeneratorWeights _weights;
    private readonly TemporalUpscalerSettings? _settings;
    private TemporalGeneratorReference? _pipeline;

    /// <param name="weights">A temporal generator.</param>
    /// <param name="label">The model's name in tables (default: from its architecture).</param>
    /// <param name="settings">The accumulation's settings; null for the defaults.</param>
    /// <exception cref="ArgumentException">The model is per-frame.</exception>
    public TemporalGeneratorMethod(GeneratorWeights weights, string? label = null, TemporalUpscalerSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (!weights.Architecture.Temporal)
        {
            throw new ArgumentException($"--method temporal needs a temporal generator; {label ?? weights.Architecture.ToString()} is per-frame (use --method model).", nameof(weights));
        }

        _weights = weights;
        _settings = settings;
        Name = label ?? weights.Architecture.ToString();
    }

    /// <inheritdoc />
    public string Name { get; }

    /// <inheritdoc />
    public Image8 Upscale(TemporalInput input, Size2D displaySize)
    {
        ArgumentNullException.ThrowIfNull(input);
        var render = new Size2D(input.Color.Width, input.Color.Height);
        bool resized = _pipeline is null || _pipeline.RenderSize != render || _pipeline.DisplaySize != displaySize;
        if (resized)
        {
            _pipeline = new TemporalGeneratorReference(_weights, render, displaySize, _settings);
        }

        return _pipeline!.Upscale(input.Color, TaauMethod.MotionPairs(input.Motion), input.Depth?.Data ?? [], input.JitterX, input.JitterY, input.Reset || resized);
    }
}
