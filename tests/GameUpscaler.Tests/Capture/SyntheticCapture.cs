using GameUpscaler.Capture;
using GameUpscaler.Imaging;

namespace GameUpscaler.Tests.Capture;

/// <summary>
/// An analytic scene rendered as an engine renders it for a temporal upscaler: one jittered sample per render pixel
/// (Halton jitter), exact motion vectors and depth, and a 4×4-supersampled display-size reference. The background
/// is a checkerboard with thin lines (aliased at render resolution); an optional square object moves on its own over
/// it; the camera may pan; a cut jumps the camera. Positions are in display pixels.
/// </summary>
internal sealed record SyntheticCapture(Size2D Render, Size2D Display, int Frames)
{
    public const float BackgroundDepth = 10f;
    public const float ObjectDepth = 2f;

    /// <summary>Camera pan per frame, display pixels.</summary>
    public (float X, float Y) Pan { get; init; }

    /// <summary>Object velocity per frame, display pixels; null for no object.</summary>
    public (float X, float Y)? ObjectVelocity { get; init; }

    /// <summary>The frame where the camera cuts (jumps) and history is reset; null for none.</summary>
    public int? CutAt { get; init; }

    public int ObjectSize { get; init; } = 20;

    public float Scale => (float)Display.Width / Render.Width;

    private (float X, float Y) Camera(int t) => (Pan.X * t + (CutAt is { } c && t >= c ? 137f : 0), Pan.Y * t + (CutAt is { } d && t >= d ? 59f : 0));

    /// <summary>Top-left of the object in screen (display) pixels at frame t.</summary>
    public (float X, float Y) ObjectAt(int t) => ObjectVelocity is { } v ? (12 + (v.X * t), 14 + (v.Y * t)) : (float.NaN, float.NaN);

    public bool InObject(int t, float sx, float sy)
    {
        (float ox, float oy) = ObjectAt(t);
        return ObjectVelocity is not null && sx >= ox && sx < ox + ObjectSize && sy >= oy && sy < oy + ObjectSize;
    }

    /// <summary>The colour seen at screen position (sx, sy) at frame t, in [0, 1].</summary>
    public (float R, float G, float B) Shade(int t, float sx, float sy)
    {
        if (InObject(t, sx, sy))
        {
            (float ox, float oy) = ObjectAt(t);
            float u = sx - ox, v = sy - oy;
            bool stripe = ((int)MathF.Floor((u + v) / 3f) & 1) == 0;
            return stripe ? (0.95f, 0.3f, 0.1f) : (0.2f, 0.1f, 0.6f);
        }

        (float cx, float cy) = Camera(t);
        float wx = sx + cx, wy = sy + cy;
        bool check = (((int)MathF.Floor(wx / 5f) + (int)MathF.Floor(wy / 5f)) & 1) == 0;
        float line = MathF.Abs(wx - (13f * MathF.Round(wx / 13f))) < 0.35f || MathF.Abs(wy + (0.4f * wx) - (11f * MathF.Round((wy + (0.4f * wx)) / 11f))) < 0.35f ? 1 : 0;
        float r = check ? 0.8f : 0.25f, g = check ? 0.75f : 0.3f, b = check ? 0.6f : 0.35f;
        return line > 0 ? (0.05f, 0.05f, 0.05f) : (r, g, b);
    }

    public static (float X, float Y) Jitter(int t, Size2D render, Size2D display) => TemporalJitter.GetOffset(t, TemporalJitter.GetPhaseCount(render, display));

    public CaptureFrame Frame(int t)
    {
        (float jx, float jy) = Jitter(t, Render, Display);
        float s = Scale;
        var color = new Image8(Render.Width, Render.Height, 3);
        var motion = new FloatMap(Render.Width, Render.Height, 3);
        var depth = new FloatMap(Render.Width, Render.Height, 1);
        bool reset = t == 0 || CutAt == t;
        for (int y = 0; y < Render.Height; y++)
        {
            for (int x = 0; x < Render.Width; x++)
            {
                (float r, float g, float b) = Shade(t, (x + 0.5f + jx) * s, (y + 0.5f + jy) * s);
                color.Pixels[((y * Render.Width) + x) * 3] = Byte(r);
                color.Pixels[(((y * Render.Width) + x) * 3) + 1] = Byte(g);
                color.Pixels[(((y * Render.Width) + x) * 3) + 2] = Byte(b);
                float cx = (x + 0.5f) * s, cy = (y + 0.5f) * s;
                bool onObject = InObject(t, cx, cy);
                depth[x, y, 0] = onObject ? ObjectDepth : BackgroundDepth;
                if (!reset)
                {
                    // Previous minus current, render pixels: the object carries its own motion, the background the camera's.
                    (float mx, float my) = onObject ? (-ObjectVelocity!.Value.X, -ObjectVelocity.Value.Y) : (Pan.X, Pan.Y);
                    motion[x, y, 0] = mx / s;
                    motion[x, y, 1] = my / s;
                }
            }
        }

        var reference = new Image8(Display.Width, Display.Height, 3);
        for (int y = 0; y < Display.Height; y++)
        {
            for (int x = 0; x < Display.Width; x++)
            {
                float r = 0, g = 0, b = 0;
                for (int j = 0; j < 4; j++)
                {
                    for (int i = 0; i < 4; i++)
                    {
                        (float sr, float sg, float sb) = Shade(t, x + ((i + 0.5f) / 4), y + ((j + 0.5f) / 4));
                        r += sr;
                        g += sg;
                        b += sb;
                    }
                }

                int o = ((y * Display.Width) + x) * 3;
                reference.Pixels[o] = Byte(r / 16);
                reference.Pixels[o + 1] = Byte(g / 16);
                reference.Pixels[o + 2] = Byte(b / 16);
            }
        }

        return new CaptureFrame(t, color, motion, depth, reference, new CaptureFrameInfo(jx, jy, reset));
    }

    /// <summary>Writes the capture to <paramref name="folder"/> (which must not exist or be empty).</summary>
    public void Write(string folder)
    {
        using var writer = new CaptureWriter(folder, Render, Display, hasDepth: true);
        for (int t = 0; t < Frames; t++)
        {
            CaptureFrame f = Frame(t);
            writer.Add(f.Color, f.Motion, f.Depth, f.Reference, f.Info);
        }

        writer.Complete();
    }

    private static byte Byte(float v) => (byte)MathF.Round(Math.Clamp(v, 0, 1) * 255);
}
