namespace GameUpscaler.Imaging;

/// <summary>How a JPEG file's components are to be read, decided as libjpeg decides it.</summary>
public enum JpegColorSpace
{
    /// <summary>One component: luminance only.</summary>
    Grayscale,

    /// <summary>
    /// Three components Y, Cb, Cr (JFIF): the usual case, and what libjpeg assumes when neither a JFIF nor an Adobe
    /// marker says otherwise and the component identifiers are not 'R', 'G', 'B'.
    /// </summary>
    YCbCr,

    /// <summary>Three components stored as R, G, B: an Adobe APP14 marker with transform 0, or identifiers 'R', 'G', 'B'.</summary>
    Rgb,
}
