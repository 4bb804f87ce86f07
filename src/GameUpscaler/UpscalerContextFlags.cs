namespace GameUpscaler;

/// <summary>Options fixed for the lifetime of a context.</summary>
[Flags]
public enum UpscalerContextFlags
{
    /// <summary>Defaults: LDR input in [0,1], no timestamps, no validation.</summary>
    None = 0,

    /// <summary>The color input is HDR (linear, unbounded); it goes through an invertible tonemap before the network.</summary>
    HighDynamicRangeInput = 1,

    /// <summary>Record GPU timestamps per pass so that timings can be read back (used by the budget governor).</summary>
    EnableTimestamps = 2,

    /// <summary>Enable the backend's debug validation (Vulkan validation layer) and debug names.</summary>
    EnableDebugValidation = 4,

    /// <summary>
    /// The context's method is temporal: every dispatch must carry motion vectors and depth (and should carry the
    /// frame's jitter); a dispatch without them is refused rather than upscaled without its history.
    /// </summary>
    TemporalInputs = 8,

    /// <summary>The depth buffer is inverted (1 at the near plane, 0 at infinity), as reversed-Z engines store it.</summary>
    DepthInverted = 16,

    /// <summary>
    /// The depth holds linear view depth (distance along the view axis, larger is farther), as a G-buffer or a
    /// capture stores it, instead of device depth. Without this flag depth is the projection's device depth in [0, 1]
    /// (0 at the near plane, or 1 with <see cref="DepthInverted"/>). Cannot be combined with <see cref="DepthInverted"/>.
    /// </summary>
    DepthLinear = 32,
}
