namespace GameUpscaler.Metrics;

using GameUpscaler.Imaging;

/// <summary>
/// A single-channel double image, the Y channel that SR metrics are computed on. Values are on the 0–255 scale
/// (Y of BT.601 "studio swing" lies in [16, 235]).
/// </summary>
public sealed class LumaImage
{
    /// <summary>Wraps samples (not copied).</summary>
    /// <exception cref="ArgumentException">The sample count is not width × height.</exception>
    public LumaImage(int width, int height, double[] samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (samples.Length != width * height)
        {
            throw new ArgumentException($"{samples.Length} samples do not make a {width}x{height} image.", nameof(samples));
        }

        Width = width;
        Height = height;
        Samples = samples;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Row-major samples.</summary>
    public double[] Samples { get; }

    /// <summary>
    /// The luma that SR evaluation scores. For colour sources, the Y channel of MATLAB's
    /// <c>rgb2ycbcr(im2double(rgb))</c> scaled back to 0–255: <c>Y = 16 + (65.481·R + 128.553·G + 24.966·B) / 255</c>,
    /// kept in double precision as the usual SR evaluation scripts (EDSR, BasicSR) do. For single-channel
    /// (grayscale) sources those scripts take the gray value itself as Y, without the studio-swing compression, so
    /// with <paramref name="grayscaleSource"/> the same weights are normalised to full range:
    /// <c>Y = (65.481·R + 128.553·G + 24.966·B) / 219</c>, which is exactly the gray value when R = G = B. The published
    /// Set14 bicubic figures are reproduced only with this rule (its bridge.png is a grayscale file).
    /// </summary>
    public static LumaImage FromRgb(Image8 image, bool grayscaleSource = false)
    {
        ArgumentNullException.ThrowIfNull(image);
        int n = image.Width * image.Height, channels = image.Channels;
        double offset = grayscaleSource ? 0.0 : 16.0, divisor = grayscaleSource ? 219.0 : 255.0;
        double[] y = new double[n];
        byte[] p = image.Pixels;
        for (int i = 0; i < n; i++)
        {
            int o = i * channels;
            y[i] = offset + (((65.481 * p[o]) + (128.553 * p[o + 1]) + (24.966 * p[o + 2])) / divisor);
        }

        return new LumaImage(image.Width, image.Height, y);
    }

    /// <summary>Returns the image without <paramref name="border"/> pixels on every side.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The border is negative or leaves nothing.</exception>
    public LumaImage Shave(int border)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(border);
        if (border == 0)
        {
            return this;
        }

        int width = Width - (2 * border), height = Height - (2 * border);
        if (width < 1 || height < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(border), border, $"A border of {border} leaves nothing of a {Width}x{Height} image.");
        }

        double[] samples = new double[width * height];
        for (int y = 0; y < height; y++)
        {
            Array.Copy(Samples, ((y + border) * Width) + border, samples, y * width, width);
        }

        return new LumaImage(width, height, samples);
    }
}
