namespace GameUpscaler.Imaging;

/// <summary>
/// A procedural, game-like test scene defined analytically, so it can be rendered at any resolution either the way
/// a game rasterises (one sample at each pixel centre: aliased) or supersampled (a clean display-resolution
/// reference). It holds what upscalers find hard: a perspective checkerboard floor receding into moiré, a Siemens
/// star, hairlines, small high-contrast "HUD-like" glyph bars, and hard-edged coloured discs over a sky gradient.
/// </summary>
public static class TestScene
{
    /// <summary>Renders the scene.</summary>
    /// <param name="width">Width in pixels.</param>
    /// <param name="height">Height in pixels.</param>
    /// <param name="samplesPerAxis">1 renders like a game (aliased); n &gt; 1 averages an n×n stratified grid per pixel.</param>
    /// <exception cref="ArgumentOutOfRangeException">A size or the sample count is not positive.</exception>
    public static Image8 Render(int width, int height, int samplesPerAxis = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(samplesPerAxis, 1);
        var image = new Image8(width, height, 3);
        double inverseCount = 1.0 / (samplesPerAxis * samplesPerAxis);
        Parallel.For(0, height, y =>
        {
            for (int x = 0; x < width; x++)
            {
                double r = 0, g = 0, b = 0;
                for (int sy = 0; sy < samplesPerAxis; sy++)
                {
                    for (int sx = 0; sx < samplesPerAxis; sx++)
                    {
                        // Scene coordinates: v in [0,1] top to bottom, u scaled by the aspect ratio so shapes stay round.
                        double px = x + ((sx + 0.5) / samplesPerAxis), py = y + ((sy + 0.5) / samplesPerAxis);
                        (double sr, double sg, double sb) = Shade(px / height, py / height, (double)width / height);
                        r += sr;
                        g += sg;
                        b += sb;
                    }
                }

                int o = ((y * width) + x) * 3;
                image.Pixels[o] = ToByte(r * inverseCount);
                image.Pixels[o + 1] = ToByte(g * inverseCount);
                image.Pixels[o + 2] = ToByte(b * inverseCount);
            }
        });
        return image;
    }

    private static (double R, double G, double B) Shade(double u, double v, double aspect)
    {
        const double Horizon = 0.55;
        (double R, double G, double B) color;
        if (v < Horizon)
        {
            // Sky: a smooth gradient (easy) with a sun disc (a hard round edge).
            double t = v / Horizon;
            color = (0.35 + (0.3 * t), 0.55 + (0.25 * t), 0.95 - (0.1 * t));
            if (Distance(u, v, aspect * 0.82, 0.16) < 0.07)
            {
                color = (1.0, 0.92, 0.55);
            }
        }
        else
        {
            // Floor: a checkerboard in perspective, the classic source of aliasing and moiré.
            double depth = 0.12 / (v - Horizon + 1e-4);
            double fx = (u - (aspect / 2)) * depth * 6.0;
            double fz = depth * 6.0;
            bool dark = ((int)Math.Floor(fx) + (int)Math.Floor(fz)) % 2 == 0;
            double fog = Math.Exp(-depth * 0.35);
            double tone = dark ? 0.18 : 0.85;
            color = Mix((0.7, 0.78, 0.9), (tone, tone * 0.95, tone * 0.85), fog);
        }

        // A Siemens star: 36 spokes, detail at every frequency up to the centre.
        double starX = aspect * 0.22, starY = 0.3, dx = u - starX, dy = v - starY;
        double radius = Math.Sqrt((dx * dx) + (dy * dy));
        if (radius < 0.2)
        {
            double angle = Math.Atan2(dy, dx);
            double spoke = Math.Sin(angle * 36) > 0 ? 0.05 : 0.95;
            color = (spoke, spoke, spoke);
        }

        // Hairlines: one-scene-unit-thin lines at several angles, like wires or UI strokes.
        for (int i = 0; i < 5; i++)
        {
            double slope = -0.3 + (0.15 * i);
            double lineV = 0.08 + (0.04 * i) + (slope * (u - (aspect * 0.5)));
            if (u > aspect * 0.45 && u < aspect * 0.7 && Math.Abs(v - lineV) < 0.0012)
            {
                color = (0.05, 0.05, 0.1);
            }
        }

        // Coloured discs with hard edges.
        if (Distance(u, v, aspect * 0.55, 0.42) < 0.06)
        {
            color = (0.9, 0.15, 0.1);
        }

        if (Distance(u, v, aspect * 0.64, 0.45) < 0.045)
        {
            color = (0.1, 0.75, 0.2);
        }

        // Glyph bars: small high-contrast blocks, stand-ins for text in the scene.
        double gx = (u - (aspect * 0.05)) / 0.012, gy = (v - 0.9) / 0.03;
        if (gx >= 0 && gx < 40 && gy >= 0 && gy < 1)
        {
            int column = (int)gx;
            bool ink = ((column * 7) % 5) < 3 && (gx - column) < 0.6 && (((int)(gy * 5) + column) % 3 != 0);
            if (ink)
            {
                color = (1.0, 1.0, 1.0);
            }
        }

        return color;
    }

    private static double Distance(double u, double v, double cu, double cv) =>
        Math.Sqrt(((u - cu) * (u - cu)) + ((v - cv) * (v - cv)));

    private static (double, double, double) Mix((double R, double G, double B) a, (double R, double G, double B) b, double t) =>
        ((a.R * (1 - t)) + (b.R * t), (a.G * (1 - t)) + (b.G * t), (a.B * (1 - t)) + (b.B * t));

    private static byte ToByte(double value) =>
        value <= 0 ? (byte)0 : value >= 1 ? (byte)255 : (byte)Math.Floor((value * 255) + 0.5);
}
