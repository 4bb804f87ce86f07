namespace GameUpscaler.Training.Layers;

/// <summary>
/// Runs a network that maps an LR window to its s× larger output over a whole image in tiles, so that no feature map
/// of the whole image is ever held (the training layers keep every activation for a backward pass). Each tile is read
/// with a halo of the network's receptive radius and starts at an even LR pixel (the U-Net groups pixels in 2×2
/// blocks, so a tile must group them as the whole image does): the result equals whole-image inference exactly.
/// </summary>
internal static class LowResolutionTiles
{
    /// <summary>
    /// The s× output of <paramref name="run"/> over a <paramref name="width"/>×<paramref name="height"/> LR image, built
    /// from tiles of at most <paramref name="tileSize"/> LR pixels; <paramref name="run"/> gets an LR window
    /// (x, y, width, height) and returns its output, [1, channels, s·height, s·width].
    /// </summary>
    public static Tensor Run(int width, int height, int scale, int channels, int tileSize, int halo, Func<int, int, int, int, Tensor> run)
    {
        if (width <= tileSize && height <= tileSize)
        {
            return run(0, 0, width, height);
        }

        var result = new Tensor(1, channels, height * scale, width * scale);
        int[] columns = Split(width, tileSize), rows = Split(height, tileSize);
        for (int j = 0; j + 1 < rows.Length; j++)
        {
            for (int i = 0; i + 1 < columns.Length; i++)
            {
                int x0 = columns[i], x1 = columns[i + 1], y0 = rows[j], y1 = rows[j + 1];
                int ax = Math.Max(0, x0 - halo) & ~1, ay = Math.Max(0, y0 - halo) & ~1;
                int bx = Math.Min(width, x1 + halo), by = Math.Min(height, y1 + halo);
                Tensor tile = run(ax, ay, bx - ax, by - ay);
                Paste(tile, (x0 - ax) * scale, (y0 - ay) * scale, result, x0 * scale, y0 * scale, (x1 - x0) * scale, (y1 - y0) * scale);
            }
        }

        return result;
    }

    /// <summary>The <paramref name="width"/>×<paramref name="height"/> window at (x, y) of a one-image tensor.</summary>
    public static Tensor Crop(Tensor source, int x, int y, int width, int height)
    {
        var crop = new Tensor(1, source.Channels, height, width);
        for (int c = 0; c < source.Channels; c++)
        {
            for (int row = 0; row < height; row++)
            {
                source.Data.AsSpan((((c * source.Height) + y + row) * source.Width) + x, width)
                    .CopyTo(crop.Data.AsSpan(((c * height) + row) * width, width));
            }
        }

        return crop;
    }

    /// <summary>Boundaries of the fewest equal tiles of at most <paramref name="tile"/> pixels that cover <paramref name="length"/>.</summary>
    private static int[] Split(int length, int tile)
    {
        int count = (length + tile - 1) / tile;
        return [.. Enumerable.Range(0, count + 1).Select(i => (int)((long)i * length / count))];
    }

    private static void Paste(Tensor tile, int tileX, int tileY, Tensor target, int x, int y, int width, int height)
    {
        for (int c = 0; c < target.Channels; c++)
        {
            for (int row = 0; row < height; row++)
            {
                tile.Data.AsSpan((((c * tile.Height) + tileY + row) * tile.Width) + tileX, width)
                    .CopyTo(target.Data.AsSpan((((c * target.Height) + y + row) * target.Width) + x, width));
            }
        }
    }
}
