using GameUpscaler.Capture;
using GameUpscaler.Imaging;
using GameUpscaler.Training.Data;

namespace GameUpscaler.Training.Temporal;

/// <summary>One frame of a training sequence: what an engine hands the upscaler, and the reference on the network's grid.</summary>
/// <param name="Color">Render-size colour, one jittered sample per pixel.</param>
/// <param name="Motion">Render-size motion vectors (mx, my, 0), previous minus current, render pixels, jitter excluded.</param>
/// <param name="Depth">Render-size linear depth, or null.</param>
/// <param name="JitterX">Sample offset in render pixels, x right.</param>
/// <param name="JitterY">The same, y down.</param>
/// <param name="Reset">History must be discarded (first frame, cut).</param>
/// <param name="Reference">The supersampled frame on the grid (s × the render size).</param>
public sealed record TemporalTrainingFrame(Image8 Color, FloatMap Motion, FloatMap? Depth, float JitterX, float JitterY, bool Reset, Image8 Reference);

/// <summary>A sequence of frames with references on the grid: a capture (the sample's renderer, or any engine's) or a procedural pan.</summary>
public abstract class TemporalSequence
{
    /// <summary>A short name for logs.</summary>
    public abstract string Name { get; }

    /// <summary>The render size.</summary>
    public abstract Size2D RenderSize { get; }

    /// <summary>Number of frames.</summary>
    public abstract int FrameCount { get; }

    /// <summary>Frame <paramref name="index"/> (0-based, in order).</summary>
    public abstract TemporalTrainingFrame ReadFrame(int index);
}

/// <summary>
/// A capture (<c>../shared/docs/CAPTURE.md</c>) as training data. Its references must be exactly s × the render size:
/// Performance-mode captures of a ×2 model (a trainer needs the reference on the network's own grid; resampling it
/// would teach the resampler's blur).
/// </summary>
public sealed class CaptureSequence : TemporalSequence
{
    private readonly CaptureReader _capture;

    /// <summary>Opens a capture for a model of scale <paramref name="scale"/>.</summary>
    /// <exception cref="CaptureFormatException">The capture is malformed.</exception>
    /// <exception cref="ArgumentException">The capture has no references, or its display size is not s × its render size.</exception>
    public CaptureSequence(string folder, int scale)
    {
        _capture = CaptureReader.Open(folder);
        Size2D render = _capture.Manifest.RenderSize, display = _capture.Manifest.DisplaySize;
        if (!_capture.HasReferences)
        {
            throw new ArgumentException($"The capture {folder} has no references: a trainer needs them.");
        }

        if (display.Width != render.Width * scale || display.Height != render.Height * scale)
        {
            throw new ArgumentException(
                $"The capture {folder} is {render.Width}x{render.Height} -> {display.Width}x{display.Height}; a x{scale} model trains on captures whose display " +
                $"is exactly {scale} x the render size (Performance mode at x2).");
        }

        Name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)));
    }

    /// <inheritdoc />
    public override string Name { get; }

    /// <inheritdoc />
    public override Size2D RenderSize => _capture.Manifest.RenderSize;

    /// <inheritdoc />
    public override int FrameCount => _capture.FrameCount;

    /// <inheritdoc />
    public override TemporalTrainingFrame ReadFrame(int index)
    {
        CaptureFrame frame = _capture.ReadFrame(index);
        return new TemporalTrainingFrame(frame.Color, frame.Motion, frame.Depth, frame.Info.JitterX, frame.Info.JitterY, frame.Info.Reset, frame.Reference!);
    }
}

/// <summary>
/// A procedural pan: a random <see cref="ProceduralScene"/> (hard edges, thin lines, glyphs, checkerboards) seen
/// through a window that moves at a constant sub-pixel velocity, with a checkered disc that moves on its own in front
/// of it (nearer depth: disocclusions), Halton jitter, exact motion vectors and depth, one jittered point sample per
/// render pixel, the reference 4×4 supersampled on the grid, and a cut to a new scene partway through.
/// </summary>
public sealed class ProceduralSequence : TemporalSequence
{
    private const int ReferenceSamplesPerAxis = 4;
    private const float BackgroundDepth = 10f;
    private const float SpriteDepth = 2f;
    private readonly int _scale;
    private readonly int _cutFrame;
    private readonly Shot[] _shots;
    private readonly int _phases;

    /// <summary>Draws a sequence from <paramref name="seed"/>.</summary>
    public ProceduralSequence(int seed, Size2D renderSize, int scale, int frameCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frameCount, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        var random = new Random(seed);
        RenderSize = renderSize;
        FrameCount = frameCount;
        _scale = scale;
        _cutFrame = frameCount / 2 + random.Next(Math.Max(1, frameCount / 4));
        _shots = [Shot.Create(random, renderSize), Shot.Create(random, renderSize)];
        _phases = TemporalJitter.GetPhaseCount(scale);
        Name = $"procedural-{seed}";
    }

    /// <inheritdoc />
    public override string Name { get; }

    /// <inheritdoc />
    public override Size2D RenderSize { get; }

    /// <inheritdoc />
    public override int FrameCount { get; }

    /// <inheritdoc />
    public override TemporalTrainingFrame ReadFrame(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, FrameCount);
        bool second = index >= _cutFrame;
        Shot shot = _shots[second ? 1 : 0];
        int t = second ? index - _cutFrame : index;
        (float jx, float jy) = TemporalJitter.GetOffset(index, _phases);
        int w = RenderSize.Width, h = RenderSize.Height;
        var color = new Image8(w, h, 3);
        var motion = new FloatMap(w, h, 3);
        var depth = new FloatMap(w, h, 1);
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                (float r, float g, float b) = shot.Sample(t, x + 0.5 + jx, y + 0.5 + jy);
                int o = ((y * w) + x) * 3;
                color.Pixels[o] = PlanarImage.ToByte(r);
                color.Pixels[o + 1] = PlanarImage.ToByte(g);
                color.Pixels[o + 2] = PlanarImage.ToByte(b);
                bool sprite = shot.OnSprite(t, x + 0.5, y + 0.5);
                // Previous minus current: the background's point moved against the window; the disc with its own velocity.
                motion.Data[o] = sprite ? -shot.SpriteVelocityX : shot.VelocityX;
                motion.Data[o + 1] = sprite ? -shot.SpriteVelocityY : shot.VelocityY;
                depth.Data[(y * w) + x] = sprite ? SpriteDepth : BackgroundDepth;
            }
        }

        int gw = w * _scale, gh = h * _scale, n = ReferenceSamplesPerAxis;
        var reference = new Image8(gw, gh, 3);
        double step = 1.0 / (_scale * n);
        for (int y = 0; y < gh; y++)
        {
            for (int x = 0; x < gw; x++)
            {
                float r = 0, g = 0, b = 0;
                for (int sy = 0; sy < n; sy++)
                {
                    for (int sx = 0; sx < n; sx++)
                    {
                        (float sr, float sg, float sb) = shot.Sample(t, ((double)x / _scale) + ((sx + 0.5) * step), ((double)y / _scale) + ((sy + 0.5) * step));
                        r += sr;
                        g += sg;
                        b += sb;
                    }
                }

                float inverse = 1f / (n * n);
                int o = ((y * gw) + x) * 3;
                reference.Pixels[o] = PlanarImage.ToByte(r * inverse);
                reference.Pixels[o + 1] = PlanarImage.ToByte(g * inverse);
                reference.Pixels[o + 2] = PlanarImage.ToByte(b * inverse);
            }
        }

        return new TemporalTrainingFrame(color, motion, depth, jx, jy, index == 0 || index == _cutFrame, reference);
    }

    /// <summary>One shot: the scene, the window's pixel size and velocity, the disc's path.</summary>
    private sealed class Shot
    {
        private readonly ProceduralScene _scene;
        private readonly double _pixel;
        private readonly double _originX;
        private readonly double _originY;
        private readonly double _spriteX;
        private readonly double _spriteY;
        private readonly double _spriteRadius;
        private readonly (float R, float G, float B) _spriteColor;
        private readonly double _spriteChecks;

        private Shot(Random random, Size2D render)
        {
            _scene = ProceduralScene.CreateRandom(random);
            // The window covers 35 to 70% of the unit square's width: features from sub-pixel to many pixels wide.
            _pixel = (0.35 + (0.35 * random.NextDouble())) / render.Width;
            // One still shot in five (static content must converge); else up to 1.5 render pixels per frame per axis.
            bool still = random.NextDouble() < 0.2;
            VelocityX = still ? 0f : (float)((random.NextDouble() * 3) - 1.5);
            VelocityY = still ? 0f : (float)((random.NextDouble() * 2) - 1.0);
            _originX = random.NextDouble() * 0.2;
            _originY = random.NextDouble() * 0.2;
            _spriteRadius = render.Height * (0.08 + (0.12 * random.NextDouble()));
            _spriteX = render.Width * (0.2 + (0.6 * random.NextDouble()));
            _spriteY = render.Height * (0.2 + (0.6 * random.NextDouble()));
            SpriteVelocityX = (float)((random.NextDouble() * 4) - 2);
            SpriteVelocityY = (float)((random.NextDouble() * 2) - 1);
            _spriteColor = ((float)random.NextDouble(), (float)random.NextDouble(), (float)random.NextDouble());
            _spriteChecks = 3 + (random.NextDouble() * 5);
        }

        /// <summary>Window motion, render pixels per frame (so a background point moves by −V on screen: MV = +V).</summary>
        public float VelocityX { get; }

        public float VelocityY { get; }

        /// <summary>The disc's screen velocity, render pixels per frame.</summary>
        public float SpriteVelocityX { get; }

        public float SpriteVelocityY { get; }

        public static Shot Create(Random random, Size2D render) => new(random, render);

        public bool OnSprite(int t, double x, double y)
        {
            double dx = x - (_spriteX + (SpriteVelocityX * t)), dy = y - (_spriteY + (SpriteVelocityY * t));
            return (dx * dx) + (dy * dy) <= _spriteRadius * _spriteRadius;
        }

        /// <summary>The colour at screen position (x, y) in render pixels of frame t.</summary>
        public (float R, float G, float B) Sample(int t, double x, double y)
        {
            if (OnSprite(t, x, y))
            {
                double u = (x - (_spriteX + (SpriteVelocityX * t))) / _spriteRadius, v = (y - (_spriteY + (SpriteVelocityY * t))) / _spriteRadius;
                bool check = (((long)Math.Floor(u * _spriteChecks) + (long)Math.Floor(v * _spriteChecks)) & 1) == 0;
                return check ? _spriteColor : (1 - _spriteColor.R, 1 - _spriteColor.G, 1 - _spriteColor.B);
            }

            return _scene.Sample(_originX + ((x + (VelocityX * t)) * _pixel), _originY + ((y + (VelocityY * t)) * _pixel));
        }
    }
}
