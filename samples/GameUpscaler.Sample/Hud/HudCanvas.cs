namespace GameUpscaler.Sample.Hud;

/// <summary>
/// The HUD layer at display size: premultiplied RGBA8 pixels drawn on the CPU with a 5×7 bitmap font (text is
/// what a HUD is made of, and drawing it at display resolution is the point: it is composited after upscaling).
/// </summary>
internal sealed class HudCanvas
{
    private const int GlyphWidth = 5;
    private const int GlyphHeight = 7;

    public HudCanvas(Size2D size)
    {
        Size = size;
        Pixels = new byte[size.Area * 4];
        // Text one glyph pixel per display pixel up to 960 wide, larger above, so it stays readable.
        Scale = Math.Max(1, size.Width / 960 + 1);
    }

    public Size2D Size { get; }

    /// <summary>Premultiplied RGBA8, row-major, tightly packed.</summary>
    public byte[] Pixels { get; }

    public int Scale { get; }

    public int LineHeight => (GlyphHeight + 3) * Scale;

    public void Clear() => Array.Clear(Pixels);

    /// <summary>Draws lines of text over a translucent dark panel at the top-left corner.</summary>
    public void DrawPanel(IReadOnlyList<string> lines)
    {
        int width = lines.Count == 0 ? 0 : lines.Max(l => l.Length) * (GlyphWidth + 1) * Scale + 4 * Scale;
        int height = lines.Count * LineHeight + 2 * Scale;
        FillRect(0, 0, width, height, 0, 0, 0, 160);
        for (int i = 0; i < lines.Count; i++)
        {
            DrawText(2 * Scale, 2 * Scale + i * LineHeight, lines[i], 255, 255, 255);
        }
    }

    public void DrawText(int x, int y, string text, byte r, byte g, byte b)
    {
        foreach (char raw in text)
        {
            char c = char.ToUpperInvariant(raw);
            int index = BitmapFontData.Characters.IndexOf(c, StringComparison.Ordinal);
            ulong glyph = BitmapFontData.Glyphs[Math.Max(0, index)]; // characters the font lacks draw as spaces
            for (int row = 0; row < GlyphHeight; row++)
            {
                for (int column = 0; column < GlyphWidth; column++)
                {
                    if (((glyph >> (row * GlyphWidth + column)) & 1) != 0)
                    {
                        FillRect(x + column * Scale, y + row * Scale, Scale, Scale, r, g, b, 255);
                    }
                }
            }

            x += (GlyphWidth + 1) * Scale;
        }
    }

    /// <summary>Blends a rectangle of one colour over what is there (premultiplied "over").</summary>
    public void FillRect(int x0, int y0, int width, int height, byte r, byte g, byte b, byte a)
    {
        int x1 = Math.Min(Size.Width, x0 + width);
        int y1 = Math.Min(Size.Height, y0 + height);
        float alpha = a / 255f;
        for (int y = Math.Max(0, y0); y < y1; y++)
        {
            for (int x = Math.Max(0, x0); x < x1; x++)
            {
                int i = (y * Size.Width + x) * 4;
                Pixels[i] = (byte)MathF.Round(r * alpha + Pixels[i] * (1 - alpha));
                Pixels[i + 1] = (byte)MathF.Round(g * alpha + Pixels[i + 1] * (1 - alpha));
                Pixels[i + 2] = (byte)MathF.Round(b * alpha + Pixels[i + 2] * (1 - alpha));
                Pixels[i + 3] = (byte)MathF.Round(a + Pixels[i + 3] * (1 - alpha));
            }
        }
    }
}
