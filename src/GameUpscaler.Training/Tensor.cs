namespace GameUpscaler.Training;

/// <summary>A batch of planar feature maps, laid out N×C×H×W in one contiguous array (the layout of the core's
/// <see cref="Imaging.PlanarImage"/> per image, and of PyTorch).</summary>
public sealed class Tensor
{
    /// <summary>Allocates a zeroed tensor.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is not positive.</exception>
    public Tensor(int batch, int channels, int height, int width)
        : this(batch, channels, height, width, null)
    {
    }

    /// <summary>Wraps <paramref name="data"/> (not copied) as a tensor of the given shape.</summary>
    /// <exception cref="ArgumentException"><paramref name="data"/> has the wrong length.</exception>
    public Tensor(int batch, int channels, int height, int width, float[]? data)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        Batch = batch;
        Channels = channels;
        Height = height;
        Width = width;
        long length = (long)batch * channels * height * width;
        if (length > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(nameof(batch), $"A {batch}×{channels}×{height}×{width} tensor is too large.");
        }

        if (data is not null && data.Length != length)
        {
            throw new ArgumentException($"A {batch}×{channels}×{height}×{width} tensor needs {length} values; {data.Length} were given.", nameof(data));
        }

        Data = data ?? new float[length];
    }

    /// <summary>Images in the batch.</summary>
    public int Batch { get; }

    /// <summary>Channels per image.</summary>
    public int Channels { get; }

    /// <summary>Rows per plane.</summary>
    public int Height { get; }

    /// <summary>Columns per plane.</summary>
    public int Width { get; }

    /// <summary>The values, N×C×H×W row-major.</summary>
    public float[] Data { get; }

    /// <summary>Values in one plane.</summary>
    public int PlaneLength => Height * Width;

    /// <summary>Values in one image (all its channels).</summary>
    public int ImageLength => Channels * Height * Width;

    /// <summary>The values of image <paramref name="index"/>.</summary>
    public Span<float> GetImage(int index) => Data.AsSpan(index * ImageLength, ImageLength);

    /// <summary>A zeroed tensor of the same shape.</summary>
    public Tensor ZerosLike() => new(Batch, Channels, Height, Width);

    /// <summary>True when <paramref name="other"/> has the same shape.</summary>
    public bool SameShape(Tensor other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Batch == other.Batch && Channels == other.Channels && Height == other.Height && Width == other.Width;
    }

    /// <summary>Throws unless <paramref name="other"/> has the same shape.</summary>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public void CheckSameShape(Tensor other, string parameterName)
    {
        if (!SameShape(other))
        {
            throw new ArgumentException($"Expected a {this} tensor, got {other}.", parameterName);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Batch}×{Channels}×{Height}×{Width}";
}
