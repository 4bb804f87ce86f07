namespace GameUpscaler.Tests.Resampling;

using GameUpscaler.Imaging;

/// <summary>
/// Small synthetic images and measures for the spatial upscaler and sharpener tests: analytically rendered
/// (supersampled) shapes, ramps, seeded noise, a reference bilinear resampler with the same pixel-centre mapping, and
/// PSNR on BT.601 luma.
/// </summary>
internal static class SpatialTestImages
{
    /// <summary>An image of one colour (and alpha, for 4 channels) everywhere.</summary>
    public static PlanarImage Constant(int width, int height, params float[] values)
    {
        var image = new PlanarImage(width, height, values.Length);
        for (int c = 0; c < values.Length; c++)
        {
            image.GetPlane(c).Fill(values[c]);
        }

        return image;
    }

    /// <summary>Seeded uniform noise in [0, 1] on every channel.</summary>
    public static PlanarImage Noise(int width, int height, int channels, int seed)
    {
        var random = new Random(seed);
        var image = new PlanarImage(width, height, channels);
        for (int i = 0; i < image.Data.Length; i++)
        {
            image.Data[i] = random.NextSingle();
        }

        return image;
    }

    /// <summary>
    /// A disc and a 30° half-plane on a coloured background, rendered with 16 × 16 supersamples per pixel (box-filtered
    /// coverage, as an anti-aliased game frame) at <paramref name="scale"/> pixels per scene unit. The scene is 48 × 36
    /// units.
    /// </summary>
    public static PlanarImage Shapes(int width, int height, double scale)
    {
        const int Samples = 16;
        var image = new PlanarImage(width, height, 3);
        double cos = Math.Cos(Math.PI / 6), sin = Math.Sin(Math.PI / 6);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int disc = 0, plane = 0;
                for (int j = 0; j < Samples; j++)
                {
                    for (int i = 0; i < Samples; i++)
                    {
                        double px = (x + ((i + 0.5) / Samples)) / scale;
                        double py = (y + ((j + 0.5) / Samples)) / scale;
                        double dx = px - 17.3, dy = py - 18.1;
                        if ((dx * dx) + (dy * dy) < 12.7 * 12.7)
                        {
                            disc++;
                        }

                        if (((px - 36.2) * cos) - ((py - 18.0) * sin) > 0)
                        {
                            plane++;
                        }
                    }
                }

                float a = disc / (float)(Samples * Samples), b = plane / (float)(Samples * Samples);
                image[x, y, 0] = 0.1f + (0.8f * a) + (0.05f * b);
                image[x, y, 1] = 0.2f + (0.6f * a * (1f - b)) + (0.5f * b);
                image[x, y, 2] = 0.9f - (0.7f * a) - (0.3f * b);
            }
        }

        return image;
    }

    /// <summary>Source coordinate of an output pixel centre, as the upscaler maps it.</summary>
    public static float SourcePosition(int outputIndex, int inputLength, int outputLength) =>
        ((outputIndex + 0.5f) * ((float)inputLength / outputLength)) - 0.5f;

    /// <summary>Bilinear upscale with the same pixel-centre mapping and clamp-to-edge.</summary>
    public static PlanarImage Bilinear(PlanarImage source, int width, int height)
    {
        var result = new PlanarImage(width, height, source.Channels);
        for (int y = 0; y < height; y++)
        {
            float sy = SourcePosition(y, source.Height, height);
            int y0 = (int)MathF.Floor(sy);
            float fy = sy - y0;
            int ya = Math.Clamp(y0, 0, source.Height - 1), yb = Math.Clamp(y0 + 1, 0, source.Height - 1);
            for (int x = 0; x < width; x++)
            {
                float sx = SourcePosition(x, source.Width, width);
                int x0 = (int)MathF.Floor(sx);
                float fx = sx - x0;
                int xa = Math.Clamp(x0, 0, source.Width - 1), xb = Math.Clamp(x0 + 1, 0, source.Width - 1);
                for (int c = 0; c < source.Channels; c++)
                {
                    float top = ((1f - fx) * source[xa, ya, c]) + (fx * source[xb, ya, c]);
                    float bottom = ((1f - fx) * source[xa, yb, c]) + (fx * source[xb, yb, c]);
                    result[x, y, c] = ((1f - fy) * top) + (fy * bottom);
                }
            }
        }

        return result;
    }

    /// <summary>PSNR on BT.601 luma with <paramref name="border"/> pixels cropped on every side.</summary>
    public static double LumaPsnr(PlanarImage a, PlanarImage b, int border)
    {
        double sum = 0;
        int count = 0;
        for (int y = border; y < a.Height - border; y++)
        {
            for (int x = border; x < a.Width - border; x++)
            {
                double ya = (0.299 * a[x, y, 0]) + (0.587 * a[x, y, 1]) + (0.114 * a[x, y, 2]);
                double yb = (0.299 * b[x, y, 0]) + (0.587 * b[x, y, 1]) + (0.114 * b[x, y, 2]);
                sum += (ya - yb) * (ya - yb);
                count++;
            }
        }

        return 10 * Math.Log10(count / sum);
    }

    /// <summary>High-frequency energy: the mean squared difference between each pixel and its 4-neighbour mean.</summary>
    public static double HighFrequencyEnergy(PlanarImage image)
    {
        double sum = 0;
        int count = 0;
        for (int c = 0; c < 3; c++)
        {
            for (int y = 1; y < image.Height - 1; y++)
            {
                for (int x = 1; x < image.Width - 1; x++)
                {
                    double mean = 0.25 * (image[x - 1, y, c] + image[x + 1, y, c] + image[x, y - 1, c] + image[x, y + 1, c]);
                    double d = image[x, y, c] - mean;
                    sum += d * d;
                    count++;
                }
            }
        }

        return sum / count;
    }
}
