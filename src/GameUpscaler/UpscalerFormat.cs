namespace GameUpscaler;

/// <summary>
/// Pixel formats of the images a backend reads and writes: colour, HUD and output use the RGBA formats; motion
/// vectors (two channels) and depth (one) of a temporal method may also use the R/RG float formats.
/// </summary>
public enum UpscalerFormat
{
    /// <summary>No format (an empty resource).</summary>
    Undefined = 0,

    /// <summary>8-bit RGBA, linear encoding of the stored values (the values are used as stored).</summary>
    R8G8B8A8Unorm,

    /// <summary>8-bit RGBA with sRGB transfer (the hardware decodes on read and encodes on write).</summary>
    R8G8B8A8Srgb,

    /// <summary>8-bit BGRA, the common swapchain format.</summary>
    B8G8R8A8Unorm,

    /// <summary>8-bit BGRA with sRGB transfer, the common sRGB swapchain format.</summary>
    B8G8R8A8Srgb,

    /// <summary>16-bit float RGBA, HDR render targets.</summary>
    R16G16B16A16Float,

    /// <summary>32-bit float RGBA.</summary>
    R32G32B32A32Float,

    /// <summary>16-bit float RG: motion vectors, as engines commonly store them.</summary>
    R16G16Float,

    /// <summary>32-bit float RG: motion vectors.</summary>
    R32G32Float,

    /// <summary>16-bit float R: depth.</summary>
    R16Float,

    /// <summary>32-bit float R: depth (a copy of the depth buffer, or linear view depth).</summary>
    R32Float,
}
