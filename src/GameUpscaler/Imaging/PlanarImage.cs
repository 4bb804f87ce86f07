namespace GameUpscaler.Imaging;

/// <summary>
/// A float image stored as planes (all of channel 0, then all of channel 1, …), the layout the network and the
/// resamplers work in. Values are nominally in [0, 1] for LDR content but are not clamped.
/// </summary>
public sealed class PlanarImage
{
    /// <summary>Creates a zero-filled planar image.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size or the channel count is not positive.</exception>
    public PlanarImage(int width, int height, int channels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        long length = (long)width * height * channels;
        if (length > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(width), $"A {width}x{height}x{channels} image is too large for one array.");
        }

        Width = width;
        Height = height;
        Channels = channels;
        Data = new float[length];
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>Number of planes.</summary>
    public int Channels { get; }

    /// <summary>All planes back to back: <c>(c * Height + y) * Width + x</c>.</summary>
    public float[] Data { get; }

    /// <summary>Pixels per plane.</summary>
    public int PlaneLength => Width * Height;

    /// <summary>The sample of channel <paramref name="c"/> at (<paramref name="x"/>, <paramref name="y"/>).</summary>
    public float this[int x, int y, int c]
    {
        get => Data[(((c * Height) + y) * Width) + x];
        set => Data[(((c * Height) + y) * Width) + x] = value;
    }

    /// <summary>One plane as a span.</summary>
    public Span<float> GetPlane(int channel)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(channel);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(channel, Channels);
        return Data.AsSpan(channel * PlaneLength, PlaneLength);
    }

    /// <summary>
    /// Converts to 8 bits per sample with round-half-away-from-zero after clamping to [0, 1], the way MATLAB's
    /// <c>im2uint8</c> does. Needs 3 or 4 channels.
    /// </summary>
    /// <exception cref="InvalidOperationException">The image does not have 3 or 4 channels.</exception>
    public Image8 ToImage8()
    {
        if (Channels is not (3 or 4))
        {
            throw new InvalidOperationException($"Only 3- or 4-channel planar images convert to Image8; this one has {Channels}.");
        }

        var image = new Image8(Width, Height, Channels);
        int n = PlaneLength;
        for (int c = 0; c < Channels; c++)
        {
            ReadOnlySpan<float> plane = GetPlane(c);
            for (int i = 0; i < n; i++)
            {
                image.Pixels[(i * Channels) + c] = ToByte(plane[i]);
            }
        }

        return image;
    }

    /// <summary>Clamps a [0, 1] sample and rounds it to 8 bits, half away from zero.</summary>
    public static byte ToByte(float value)
    {
        float scaled = value * 255f;
        if (!(scaled > 0f))
        {
            return 0; // also maps NaN to 0 rather than to an undefined cast
        }

        return scaled >= 255f ? (byte)255 : (byte)MathF.Floor(scaled + 0.5f);
    }
}
