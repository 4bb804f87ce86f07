namespace GameUpscaler.Capture;

/// <summary>
/// A float image with 1 or 3 channels, rows top to bottom (the file order of PFM is the other way round; the codec
/// flips), channels interleaved: motion vectors (mx, my, 0) and depth.
/// </summary>
public sealed class FloatMap
{
    /// <summary>Creates a zeroed map.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive or the channel count is not 1 or 3.</exception>
    public FloatMap(int width, int height, int channels)
        : this(width, height, channels, new float[CheckedLength(width, height, channels)])
    {
    }

    /// <summary>Wraps <paramref name="data"/> (not copied).</summary>
    /// <exception cref="ArgumentException">The data's length is not width · height · channels.</exception>
    public FloatMap(int width, int height, int channels, float[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        long length = CheckedLength(width, height, channels);
        if (data.Length != length)
        {
            throw new ArgumentException($"{width}x{height}x{channels} needs {length} values, got {data.Length}.", nameof(data));
        }

        Width = width;
        Height = height;
        Channels = channels;
        Data = data;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>1 (depth) or 3 (motion vectors: x, y, unused).</summary>
    public int Channels { get; }

    /// <summary>Values, row-major from the top row, channels interleaved.</summary>
    public float[] Data { get; }

    /// <summary>The size.</summary>
    public Size2D Size => new(Width, Height);

    /// <summary>The value of channel <paramref name="c"/> at (x, y), with y counted from the top.</summary>
    public float this[int x, int y, int c]
    {
        get => Data[(((y * Width) + x) * Channels) + c];
        set => Data[(((y * Width) + x) * Channels) + c] = value;
    }

    private static int CheckedLength(int width, int height, int channels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (channels is not (1 or 3))
        {
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "A float map has 1 or 3 channels (PFM's Pf and PF).");
        }

        long length = (long)width * height * channels;
        if (length > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"{width}x{height}x{channels} is too large.");
        }

        return (int)length;
    }
}
