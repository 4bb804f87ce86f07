namespace GameUpscaler;

/// <summary>Pixel formats of the color input, HUD and output images a backend reads and writes.</summary>
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
}
