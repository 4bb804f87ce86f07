namespace GameUpscaler;

/// <summary>Numeric precision of the network passes.</summary>
public enum UpscalerPrecision
{
    /// <summary>fp16 storage and arithmetic where the device supports them, fp32 otherwise.</summary>
    Auto = 0,

    /// <summary>fp32 everywhere: slower, bit-for-bit closest to the CPU reference.</summary>
    Float32,

    /// <summary>fp16 storage (and arithmetic when supported); fails if the device has neither.</summary>
    Float16,
}
