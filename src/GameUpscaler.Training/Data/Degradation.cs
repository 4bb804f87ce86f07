namespace GameUpscaler.Training.Data;

/// <summary>How a training pair's low-resolution side is made from its high-resolution side.</summary>
public enum Degradation
{
    /// <summary>MATLAB-compatible antialiased bicubic ×1/s rounded to 8 bits: the SR literature's protocol (eval).</summary>
    Bicubic,

    /// <summary>The mean of each s×s block: a perfectly antialiased render at the low resolution.</summary>
    Box,

    /// <summary>One pixel of each s×s block: point sampling, aliased like a game frame rendered at one sample per pixel.</summary>
    Point,

    /// <summary>A procedural scene rendered twice: one sample per pixel centre at render size, 4×4 supersampled at display size.</summary>
    RenderedScene,
}
