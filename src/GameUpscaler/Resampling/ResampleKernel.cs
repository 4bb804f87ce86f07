namespace GameUpscaler.Resampling;

/// <summary>Interpolation kernels of <see cref="ImageResizer"/>, named as MATLAB's <c>imresize</c> names them.</summary>
public enum ResampleKernel
{
    /// <summary>Nearest neighbour (MATLAB 'nearest'; never antialiased).</summary>
    Nearest,

    /// <summary>Triangle kernel of width 2 (MATLAB 'bilinear').</summary>
    Bilinear,

    /// <summary>Keys cubic with a = −0.5, width 4 (MATLAB 'bicubic'): the SR literature's degradation and baseline.</summary>
    Bicubic,

    /// <summary>Lanczos with 3 lobes, width 6 (MATLAB 'lanczos3').</summary>
    Lanczos3,
}
