namespace GameUpscaler.Temporal;

/// <summary>
/// The tuning of the temporal accumulation upscaler (TAAU). Defaults were chosen from first principles and a few
/// looks at a synthetic test scene and the sample's captures, not fitted by a search: a reconstruction kernel about one display pixel wide,
/// history capped at roughly 8 frames' worth of samples, Salvi's variance clip at γ = 1.25 (10 where nothing moves), and a 10% depth
/// tolerance for disocclusion.
/// </summary>
public sealed record TemporalUpscalerSettings
{
    /// <summary>
    /// σ of the Gaussian that weights a jittered sample by its distance to the display pixel centre, in display
    /// pixels. A display pixel's own footprint (a 1-pixel box) has σ ≈ 0.29; narrower than about 0.5 and a frame at
    /// ratio 2 (samples 2 display pixels apart) leaves many display pixels with almost no weight, so each frame's
    /// jitter shows as noise. 0.5 was kept over 0.4 after one comparison on the sample's road and facade captures at
    /// Performance (+0.2 dB, temporal error −4%); the synthetic test scene of hard 5-pixel checks prefers narrower.
    /// </summary>
    public float KernelSigma { get; init; } = 0.5f;

    /// <summary>The most accumulated sample weight history keeps (its length in "full-weight samples"): longer is smoother and converges further on static content, shorter follows change sooner.</summary>
    public float MaxHistoryWeight { get; init; } = 8f;

    /// <summary>
    /// The cap on history's weight where content moves by a display pixel per frame or more (blending to
    /// <see cref="MaxHistoryWeight"/> at rest): each fractional reprojection softens history, so moving history is kept shorter.
    /// </summary>
    public float MovingHistoryWeight { get; init; } = 4f;

    /// <summary>
    /// How much the spatial (Catmull-Rom) estimate of the current frame weighs while history is short: at a reset it
    /// dominates (no single-frame aliasing), and it fades out as samples accumulate.
    /// </summary>
    public float SpatialFallbackWeight { get; init; } = 1f;

    /// <summary>Variance clipping: history is clipped to mean ± γ·σ of the current 3×3 neighbourhood in YCoCg.</summary>
    public float ClipGamma { get; init; } = 1.25f;

    /// <summary>
    /// γ where the motion is zero, blending to <see cref="ClipGamma"/> at one display pixel per frame: static thin
    /// features seen by only some jitter phases survive rectification (anti-flicker), moving content is clipped tight.
    /// A single aliased frame's 3×3 neighbourhood is a poor witness of converged still history — clipped to it, the
    /// history is pulled towards each frame's samples again and again and never converges as far as its samples
    /// allow. 10 instead of 2.5, measured on the validation
    /// captures 600 (still) and 100 (moving) and the training captures 512 (still), 5 and 20 (moving), frames ≥ 8
    /// (`capture eval --method taau`): +0.27, +0.29, +0.01, 0.00, +0.06 dB, temporal error −2.1, −1.5, −0.3, −0.1,
    /// −0.4 %; wider still (20, 50, unclipped) keeps helping the still training capture but costs the validation one
    /// (35.54, 35.48, 35.45 against 35.59 dB at 10), whose moving ball and the shading it changes need the clip.
    /// </summary>
    public float StaticClipGamma { get; init; } = 10f;

    /// <summary>
    /// Relative depth tolerance for disocclusion: history is dropped where the surface the motion vector points to in
    /// the previous frame was this much closer than the current one (revealed background behind a moving object).
    /// </summary>
    public float DisocclusionDepthTolerance { get; init; } = 0.1f;

    /// <summary>
    /// A temporal generator only: the weight of the network's own output where the accumulation has converged, the
    /// rest coming from the previous shown frame reprojected (<see cref="OutputHistory"/>, whose remarks give the
    /// measurements behind it); 1 shows each frame's output alone.
    /// </summary>
    public float OutputBlend { get; init; } = 0.1f;

    /// <summary>The defaults.</summary>
    public static TemporalUpscalerSettings Default { get; } = new();

    /// <summary>Throws when a setting is out of range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is not finite or not positive where it must be.</exception>
    public void Validate()
    {
        Positive(KernelSigma, nameof(KernelSigma));
        Positive(MaxHistoryWeight, nameof(MaxHistoryWeight));
        Positive(MovingHistoryWeight, nameof(MovingHistoryWeight));
        Positive(ClipGamma, nameof(ClipGamma));
        Positive(StaticClipGamma, nameof(StaticClipGamma));
        Positive(DisocclusionDepthTolerance, nameof(DisocclusionDepthTolerance));
        if (!(OutputBlend > 0 && OutputBlend <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(OutputBlend), OutputBlend, "Must be in (0, 1].");
        }

        if (!(SpatialFallbackWeight >= 0) || !float.IsFinite(SpatialFallbackWeight))
        {
            throw new ArgumentOutOfRangeException(nameof(SpatialFallbackWeight), SpatialFallbackWeight, "Must be a finite, non-negative number.");
        }
    }

    private static void Positive(float value, string name)
    {
        if (!(value > 0) || !float.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(name, value, "Must be a finite, positive number.");
        }
    }
}
