using System.Globalization;

namespace GameUpscaler;

/// <summary>A size in pixels.</summary>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
public readonly record struct Size2D(int Width, int Height)
{
    /// <summary>Number of pixels.</summary>
    public long Area => (long)Width * Height;

    /// <summary>
    /// Parses <c>WIDTHxHEIGHT</c> as command lines and settings write it ("1920x1080"; <c>X</c> also separates): two
    /// positive integers, digits only. The one parser of sizes, so every tool accepts the same spellings; callers
    /// add their own range checks and messages.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <param name="size">The size, when the text is one.</param>
    public static bool TryParse(string? text, out Size2D size)
    {
        size = default;
        string[] parts = text?.Split('x', 'X') ?? [];
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int width)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int height)
            || width < 1 || height < 1)
        {
            return false;
        }

        size = new Size2D(width, height);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Width}x{Height}";
}
