namespace GameUpscaler;

/// <summary>A size in pixels.</summary>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
public readonly record struct Size2D(int Width, int Height)
{
    /// <summary>Number of pixels.</summary>
    public long Area => (long)Width * Height;

    /// <inheritdoc />
    public override string ToString() => $"{Width}x{Height}";
}
