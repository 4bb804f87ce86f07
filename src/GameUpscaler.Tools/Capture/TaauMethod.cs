using GameUpscaler.Imaging;
using GameUpscaler.Temporal;

namespace GameUpscaler.Capture;

/// <summary>The temporal accumulation upscaler on the CPU (<see cref="TemporalUpscalerReference"/>) replayed over a capture.</summary>
public sealed class TaauMethod(TemporalUpscalerSettings? settings = null) : ITemporalUpscaleMethod
{
    private TemporalUpscalerReference? _upscaler;

    /// <inheritdoc />
    public string Name => "taau";

    /// <inheritdoc />
    public Image8 Upscale(TemporalInput input, Size2D displaySize)
    {
        ArgumentNullException.ThrowIfNull(input);
        var render = new Size2D(input.Color.Width, input.Color.Height);
        bool resized = _upscaler is null || _upscaler.RenderSize != render || _upscaler.DisplaySize != displaySize;
        if (resized)
        {
            _upscaler = new TemporalUpscalerReference(render, displaySize, settings);
        }

        return _upscaler!.Upscale(input.Color, MotionPairs(input.Motion), input.Depth?.Data ?? [], input.JitterX, input.JitterY, input.Reset || resized);
    }

    /// <summary>A PF motion map's (mx, my, 0) triples as (mx, my) pairs, the layout the upscalers take.</summary>
    public static float[] MotionPairs(FloatMap motion)
    {
        ArgumentNullException.ThrowIfNull(motion);
        if (motion.Channels != 3)
        {
            throw new ArgumentException("Motion vectors are a 3-channel map (mx, my, 0).", nameof(motion));
        }

        int n = motion.Width * motion.Height;
        var pairs = new float[n * 2];
        for (int i = 0; i < n; i++)
        {
            pairs[2 * i] = motion.Data[3 * i];
            pairs[(2 * i) + 1] = motion.Data[(3 * i) + 1];
        }

        return pairs;
    }
}
