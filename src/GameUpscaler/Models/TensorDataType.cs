namespace GameUpscaler.Models;

/// <summary>How tensor elements are stored in a weights file.</summary>
public enum TensorDataType
{
    /// <summary>IEEE 754 binary32, little-endian (safetensors <c>F32</c>); exact.</summary>
    F32,

    /// <summary>IEEE 754 binary16, little-endian (safetensors <c>F16</c>); half the size, rounded to nearest.</summary>
    F16,
}
