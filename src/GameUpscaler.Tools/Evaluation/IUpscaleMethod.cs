namespace GameUpscaler.Evaluation;

using GameUpscaler.Imaging;

/// <summary>An offline way to enlarge an 8-bit image: a resampler, the spatial upscaler, a model.</summary>
public interface IUpscaleMethod
{
    /// <summary>A short name for tables and reports, e.g. "bicubic" or "model:gu-c16n4-x2".</summary>
    string Name { get; }

    /// <summary>
    /// Enlarges <paramref name="lowResolution"/> to <paramref name="outputSize"/> (integer or non-integer ratio, the
    /// two axes may differ slightly after rounding). Alpha, if present, is carried through.
    /// </summary>
    /// <exception cref="ArgumentException">The output is smaller than the input, or the method cannot produce it.</exception>
    Image8 Upscale(Image8 lowResolution, Size2D outputSize);
}
