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
}
