namespace GameUpscaler.Training.Data;

/// <summary>
/// A random game-like scene, defined in continuous coordinates so that it can be sampled on any grid: a sky
/// gradient or a perspective checkerboard floor, then textured polygons, discs, rings, thin lines and glyph-like
/// bars with hard edges (the content that aliases when a game renders it at one sample per pixel).
/// Training pairs come from <see cref="Render"/>: the render size at one sample per pixel centre (aliased, as a
/// game renders) and the display size supersampled (the reference a game would show with perfect antialiasing).
/// </summary>
public sealed class ProceduralScene
{
    private readonly Shape[] _shapes;
    private readonly Background _background;

    private ProceduralScene(Background background, Shape[] shapes)
    {
        _background = background;
        _shapes = shapes;
    }

    /// <summary>A random scene drawn with <paramref name="random"/>.</summary>
    public static ProceduralScene CreateRandom(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var background = new Background(
            RandomColor(random), RandomColor(random), RandomColor(random),
            random.NextDouble() < 0.5 ? 0.25 + (random.NextDouble() * 0.35) : double.NaN,
            4 + (random.NextDouble() * 20),
            random.NextDouble() * Math.PI);
        int count = 6 + random.Next(30);
        var shapes = new Shape[count];
        for (int i = 0; i < count; i++)
        {
            shapes[i] = Shape.CreateRandom(random);
        }

        return new ProceduralScene(background, shapes);
    }

    /// <summary>
    /// Samples the scene over the unit square on a <paramref name="width"/>×<paramref name="height"/> pixel grid with
    /// <paramref name="samplesPerAxis"/>² samples per pixel (1 = pixel centres only, aliased), averaged into RGB
    /// values in [0, 1], planar (3 planes of height×width).
    /// </summary>
    public float[] Render(int width, int height, int samplesPerAxis)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(samplesPerAxis, 1);
        int gw = width * samplesPerAxis;
        int gh = height * samplesPerAxis;
        var grid = new float[3 * gw * gh];
        int plane = gw * gh;
        for (int y = 0; y < gh; y++)
        {
            double v = (y + 0.5) / gh;
            for (int x = 0; x < gw; x++)
            {
                double u = (x + 0.5) / gw;
                (float r, float g, float b) = _background.Color(u, v);
                int i = (y * gw) + x;
                grid[i] = r;
                grid[plane + i] = g;
                grid[(2 * plane) + i] = b;
            }
        }

        // Painter's algorithm, each shape over its bounding box only.
        foreach (Shape shape in _shapes)
        {
            int x0 = Math.Max(0, (int)Math.Floor(shape.MinX * gw));
            int x1 = Math.Min(gw - 1, (int)Math.Ceiling(shape.MaxX * gw));
            int y0 = Math.Max(0, (int)Math.Floor(shape.MinY * gh));
            int y1 = Math.Min(gh - 1, (int)Math.Ceiling(shape.MaxY * gh));
            for (int y = y0; y <= y1; y++)
            {
                double v = (y + 0.5) / gh;
                for (int x = x0; x <= x1; x++)
                {
                    double u = (x + 0.5) / gw;
                    if (shape.Covers(u, v))
                    {
                        (float r, float g, float b) = shape.Color(u, v);
                        int i = (y * gw) + x;
                        grid[i] = r;
                        grid[plane + i] = g;
                        grid[(2 * plane) + i] = b;
                    }
                }
            }
        }

        if (samplesPerAxis == 1)
        {
            return grid;
        }

        var result = new float[3 * width * height];
        float inverse = 1f / (samplesPerAxis * samplesPerAxis);
        for (int c = 0; c < 3; c++)
        {
            for (int y = 0; y < height; y++)
            {
                for (int x = 0; x < width; x++)
                {
                    float sum = 0;
                    for (int sy = 0; sy < samplesPerAxis; sy++)
                    {
                        int row = (c * plane) + (((y * samplesPerAxis) + sy) * gw) + (x * samplesPerAxis);
                        for (int sx = 0; sx < samplesPerAxis; sx++)
                        {
                            sum += grid[row + sx];
                        }
                    }

                    result[(((c * height) + y) * width) + x] = sum * inverse;
                }
            }
        }

        return result;
    }

    /// <summary>The scene's colour at one point (u, v) of the unit square (outside it, the background continues): one exact sample.</summary>
    public (float R, float G, float B) Sample(double u, double v)
    {
        for (int i = _shapes.Length - 1; i >= 0; i--)
        {
            Shape shape = _shapes[i];
            if (u >= shape.MinX && u <= shape.MaxX && v >= shape.MinY && v <= shape.MaxY && shape.Covers(u, v))
            {
                return shape.Color(u, v);
            }
        }

        return _background.Color(u, v);
    }

    private static (float R, float G, float B) RandomColor(Random random) =>
        ((float)random.NextDouble(), (float)random.NextDouble(), (float)random.NextDouble());

    private static (float R, float G, float B) Mix((float R, float G, float B) a, (float R, float G, float B) b, double t) =>
        ((float)(a.R + ((b.R - a.R) * t)), (float)(a.G + ((b.G - a.G) * t)), (float)(a.B + ((b.B - a.B) * t)));

    /// <summary>A vertical gradient, with an optional perspective checkerboard floor below a horizon.</summary>
    private sealed record Background((float R, float G, float B) Top, (float R, float G, float B) Bottom, (float R, float G, float B) Floor, double Horizon, double Frequency, double Angle)
    {
        public (float R, float G, float B) Color(double u, double v)
        {
            if (double.IsNaN(Horizon) || v <= Horizon)
            {
                return Mix(Top, Bottom, v);
            }

            // A floor plane seen in perspective: depth ∝ 1 / (v − horizon), so the squares shrink to the horizon.
            double depth = 1 / (v - Horizon);
            double x = (u - 0.5) * depth;
            double cos = Math.Cos(Angle), sin = Math.Sin(Angle);
            double a = ((x * cos) - (depth * sin)) * Frequency * 0.1;
            double b = ((x * sin) + (depth * cos)) * Frequency * 0.1;
            bool odd = (((long)Math.Floor(a) + (long)Math.Floor(b)) & 1) != 0;
            return odd ? Floor : Mix(Floor, Bottom, 0.7);
        }
    }

    /// <summary>A shape with a fill: kind 0 convex polygon, 1 disc, 2 ring, 3 line segment, 4 glyph bars.</summary>
    private sealed class Shape
    {
        private int _kind;
        private double[] _px = [];
        private double[] _py = [];
        private double _cx, _cy, _radius, _inner, _thickness;
        private (float R, float G, float B) _color, _color2;
        private int _fill; // 0 solid, 1 stripes, 2 checker, 3 gradient
        private double _frequency, _angle;
        private int _glyphBits;

        public double MinX { get; private set; }

        public double MaxX { get; private set; }

        public double MinY { get; private set; }

        public double MaxY { get; private set; }

        public static Shape CreateRandom(Random random)
        {
            var s = new Shape
            {
                _kind = random.Next(5),
                _color = RandomColor(random),
                _color2 = RandomColor(random),
                _fill = random.Next(4),
                _frequency = 5 + (random.NextDouble() * 60),
                _angle = random.NextDouble() * Math.PI,
                _cx = random.NextDouble(),
                _cy = random.NextDouble(),
                _radius = 0.02 + (random.NextDouble() * 0.3),
            };
            switch (s._kind)
            {
                case 0:
                {
                    // A convex polygon: points on a circle at sorted random angles.
                    int n = 3 + random.Next(4);
                    double[] angles = Enumerable.Range(0, n).Select(_ => random.NextDouble() * 2 * Math.PI).Order().ToArray();
                    double stretch = 0.3 + (random.NextDouble() * 1.4);
                    s._px = angles.Select(a => s._cx + (s._radius * Math.Cos(a) * stretch)).ToArray();
                    s._py = angles.Select(a => s._cy + (s._radius * Math.Sin(a) / stretch)).ToArray();
                    s.SetBounds(s._px.Min(), s._px.Max(), s._py.Min(), s._py.Max());
                    break;
                }

                case 3:
                {
                    // Thin lines, 0.1 to 3 pixels wide when the unit square is 128 pixels: the hairlines games alias worst.
                    s._thickness = (0.1 + (random.NextDouble() * 3)) / 128;
                    double length = 0.05 + (random.NextDouble() * 0.8);
                    double dx = Math.Cos(s._angle) * length / 2, dy = Math.Sin(s._angle) * length / 2;
                    s._px = [s._cx - dx, s._cx + dx];
                    s._py = [s._cy - dy, s._cy + dy];
                    s.SetBounds(s._px.Min() - s._thickness, s._px.Max() + s._thickness, s._py.Min() - s._thickness, s._py.Max() + s._thickness);
                    break;
                }

                case 4:
                    s._radius = 0.01 + (random.NextDouble() * 0.05);
                    s._glyphBits = random.Next(1 << 15);
                    s.SetBounds(s._cx, s._cx + (s._radius * 6), s._cy, s._cy + (s._radius * 2));
                    break;
                default:
                    s._inner = s._radius * (0.3 + (random.NextDouble() * 0.6));
                    s.SetBounds(s._cx - s._radius, s._cx + s._radius, s._cy - s._radius, s._cy + s._radius);
                    break;
            }

            return s;
        }

        public bool Covers(double u, double v)
        {
            switch (_kind)
            {
                case 0:
                    for (int i = 0; i < _px.Length; i++)
                    {
                        int j = (i + 1) % _px.Length;
                        if (((_px[j] - _px[i]) * (v - _py[i])) - ((_py[j] - _py[i]) * (u - _px[i])) < 0)
                        {
                            return false;
                        }
                    }

                    return true;
                case 1:
                    return Square(u - _cx) + Square(v - _cy) <= _radius * _radius;
                case 2:
                {
                    double d = Square(u - _cx) + Square(v - _cy);
                    return d <= _radius * _radius && d >= _inner * _inner;
                }

                case 3:
                {
                    double ex = _px[1] - _px[0], ey = _py[1] - _py[0];
                    double t = Math.Clamp((((u - _px[0]) * ex) + ((v - _py[0]) * ey)) / ((ex * ex) + (ey * ey)), 0, 1);
                    return Square(u - (_px[0] + (t * ex))) + Square(v - (_py[0] + (t * ey))) <= Square(_thickness / 2);
                }

                default:
                {
                    // Glyph bars: a 5×3 bit pattern per "character", 2 characters, like pixel-font HUD text.
                    int gx = (int)Math.Floor((u - _cx) / (_radius * 6) * 6);
                    int gy = (int)Math.Floor((v - _cy) / (_radius * 2) * 5);
                    // The last column stays empty: spacing after the second character.
                    if (gx is < 0 or >= 5 || gy is < 0 or >= 5)
                    {
                        return false;
                    }

                    int bit = ((gy * 3) + (gx % 3) + (gx / 3 * 7)) % 15;
                    return ((_glyphBits >> bit) & 1) != 0;
                }
            }
        }

        public (float R, float G, float B) Color(double u, double v)
        {
            double a = ((u * Math.Cos(_angle)) + (v * Math.Sin(_angle))) * _frequency;
            double b = ((-u * Math.Sin(_angle)) + (v * Math.Cos(_angle))) * _frequency;
            return _fill switch
            {
                1 => (((long)Math.Floor(a)) & 1) == 0 ? _color : _color2,
                2 => ((((long)Math.Floor(a)) + ((long)Math.Floor(b))) & 1) == 0 ? _color : _color2,
                3 => Mix(_color, _color2, 0.5 + (0.5 * Math.Sin(a))),
                _ => _color,
            };
        }

        private static double Square(double x) => x * x;

        private void SetBounds(double minX, double maxX, double minY, double maxY)
        {
            MinX = minX;
            MaxX = maxX;
            MinY = minY;
            MaxY = maxY;
        }
    }
}
