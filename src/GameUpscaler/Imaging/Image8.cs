namespace GameUpscaler.Imaging;

/// <summary>
/// An 8-bit image with interleaved samples: RGB (3 channels) or RGBA (4 channels), rows top to bottom,
/// no row padding. This is the exchange type between the PNG codec, the resamplers and the metrics.
/// </summary>
public sealed class Image8
{
    /// <summary>Creates a zero-filled image.</summary>
    /// <param name="width">Width in pixels, at least 1.</param>
    /// <param name="height">Height in pixels, at least 1.</param>
    /// <param name="channels">3 for RGB, 4 for RGBA.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, or channels is not 3 or 4.</exception>
    public Image8(int width, int height, int channels)
        : this(width, height, channels, new byte[CheckedLength(width, height, channels)])
    {
    }

    /// <summary>Wraps existing interleaved pixel data (not copied).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive, or channels is not 3 or 4.</exception>
    /// <exception cref="ArgumentException">The data length is not width × height × channels.</exception>
    public Image8(int width, int height, int channels, byte[] pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        long length = CheckedLength(width, height, channels);
        if (pixels.Length != length)
        {
            throw new ArgumentException(
                $"Pixel data holds {pixels.Length} bytes; a {width}x{height} image with {channels} channels needs {length}.",
                nameof(pixels));
        }

        Width = width;
        Height = height;
        Channels = channels;
        Pixels = pixels;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Samples per pixel: 3 (RGB) or 4 (RGBA).</summary>
    public int Channels { get; }

    /// <summary>Whether the image carries an alpha channel.</summary>
    public bool HasAlpha => Channels == 4;

    /// <summary>Interleaved samples, <c>(y * Width + x) * Channels + c</c>.</summary>
    public byte[] Pixels { get; }

    /// <summary>The sample of channel <paramref name="c"/> at (<paramref name="x"/>, <paramref name="y"/>).</summary>
    public byte this[int x, int y, int c]
    {
        get => Pixels[((y * Width) + x) * Channels + c];
        set => Pixels[((y * Width) + x) * Channels + c] = value;
    }

    /// <summary>Returns an RGB copy; alpha, if any, is dropped (not composited).</summary>
    public Image8 ToRgb()
    {
        if (Channels == 3)
        {
            return new Image8(Width, Height, 3, (byte[])Pixels.Clone());
        }

        var rgb = new Image8(Width, Height, 3);
        for (int i = 0, n = Width * Height; i < n; i++)
        {
            rgb.Pixels[i * 3] = Pixels[i * 4];
            rgb.Pixels[(i * 3) + 1] = Pixels[(i * 4) + 1];
            rgb.Pixels[(i * 3) + 2] = Pixels[(i * 4) + 2];
        }

        return rgb;
    }

    /// <summary>Returns the top-left <paramref name="width"/> × <paramref name="height"/> region as a new image.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The region is empty or larger than the image.</exception>
    public Image8 Crop(int x, int y, int width, int height)
    {
        if (x < 0 || y < 0 || width < 1 || height < 1 || x + width > Width || y + height > Height)
        {
            throw new ArgumentOutOfRangeException(
                nameof(width), $"Region {x},{y} {width}x{height} is not inside the {Width}x{Height} image.");
        }

        var result = new Image8(width, height, Channels);
        int rowBytes = width * Channels;
        for (int row = 0; row < height; row++)
        {
            Array.Copy(Pixels, (((y + row) * Width) + x) * Channels, result.Pixels, row * rowBytes, rowBytes);
        }

        return result;
    }

    /// <summary>
    /// Crops to the largest size whose width and height are multiples of <paramref name="multiple"/>,
    /// keeping the top-left corner (the SR literature's "modcrop").
    /// </summary>
    public Image8 ModCrop(int multiple)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(multiple, 1);
        return Crop(0, 0, Width - (Width % multiple), Height - (Height % multiple));
    }

    /// <summary>Converts to a float planar image with samples scaled to [0, 1].</summary>
    public PlanarImage ToPlanar()
    {
        var planar = new PlanarImage(Width, Height, Channels);
        int n = Width * Height;
        for (int c = 0; c < Channels; c++)
        {
            Span<float> plane = planar.GetPlane(c);
            for (int i = 0; i < n; i++)
            {
                plane[i] = Pixels[(i * Channels) + c] * (1f / 255f);
            }
        }

        return planar;
    }

    private static long CheckedLength(int width, int height, int channels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (channels is not (3 or 4))
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "An Image8 has 3 (RGB) or 4 (RGBA) channels.");
        }

        long length = (long)width * height * channels;
        if (length > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"A {width}x{height} image is too large for one array.");
        }

        return length;
    }
}
