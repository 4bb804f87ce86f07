using GameUpscaler.Imaging;
using GameUpscaler.Metrics;

namespace GameUpscaler.Capture;

/// <summary>
/// How a capture is scored (<c>../shared/docs/CAPTURE.md</c>, "Scoring"): Y-PSNR and Y-SSIM per frame against the
/// reference with 4 display pixels shaved (the still-image protocol's BT.601 Y), and the temporal error
/// <c>RMS_Y((out_t − W(out_{t−1})) − (ref_t − W(ref_{t−1})))</c>, where W warps by frame t's motion vectors,
/// bilinearly upsampled to display size and scaled by display/render. The reference itself scores a temporal error
/// of exactly 0, so all of it is the method's flicker or lag.
/// </summary>
public static class CaptureScoring
{
    /// <summary>Display pixels shaved on every side for PSNR and SSIM.</summary>
    public const int Border = 4;

    /// <summary>Frames before this one are left out of the "after history has built up" means.</summary>
    public const int SettledFrame = 8;

    /// <summary>Y-PSNR in dB.</summary>
    public static double PsnrY(Image8 reference, Image8 output) => ImageQuality.PsnrY(reference, output, Border);

    /// <summary>Y-SSIM.</summary>
    public static double SsimY(Image8 reference, Image8 output) => ImageQuality.SsimY(reference, output, Border);

    /// <summary>
    /// Frame t's motion vectors at display resolution in display pixels: the render-size field sampled bilinearly at
    /// each display pixel centre (edge-clamped) and scaled by display/render per axis. Returned as (x, y) pairs.
    /// </summary>
    public static float[] DisplayMotion(FloatMap motion, Size2D displaySize)
    {
        ArgumentNullException.ThrowIfNull(motion);
        int dw = displaySize.Width, dh = displaySize.Height;
        double sx = (double)motion.Width / dw, sy = (double)motion.Height / dh;
        var result = new float[dw * dh * 2];
        for (int y = 0; y < dh; y++)
        {
            for (int x = 0; x < dw; x++)
            {
                double u = ((x + 0.5) * sx) - 0.5, v = ((y + 0.5) * sy) - 0.5;
                int i = ((y * dw) + x) * 2;
                result[i] = (float)(Bilinear(motion, u, v, 0) / sx);
                result[i + 1] = (float)(Bilinear(motion, u, v, 1) / sy);
            }
        }

        return result;
    }

    /// <summary>
    /// Warps a display-size Y image by display-size motion (previous minus current): the value at p is the previous
    /// frame's, bilinearly sampled at p + motion(p), edge-clamped.
    /// </summary>
    public static double[] Warp(LumaImage previous, float[] displayMotion)
    {
        ArgumentNullException.ThrowIfNull(previous);
        ArgumentNullException.ThrowIfNull(displayMotion);
        int w = previous.Width, h = previous.Height;
        var result = new double[w * h];
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                int i = (y * w) + x;
                result[i] = Bilinear(previous.Samples, w, h, x + displayMotion[2 * i], y + displayMotion[(2 * i) + 1]);
            }
        }

        return result;
    }

    /// <summary>The temporal error of one frame pair (Y, 0–255 scale), over the whole frame.</summary>
    /// <param name="output">out_t.</param>
    /// <param name="previousOutput">out_{t−1}.</param>
    /// <param name="reference">ref_t.</param>
    /// <param name="previousReference">ref_{t−1}.</param>
    /// <param name="motion">Frame t's render-size motion vectors.</param>
    /// <exception cref="ArgumentException">The images differ in size.</exception>
    public static double TemporalError(Image8 output, Image8 previousOutput, Image8 reference, Image8 previousReference, FloatMap motion)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(previousOutput);
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(previousReference);
        var size = new Size2D(reference.Width, reference.Height);
        foreach (Image8 image in (Image8[])[output, previousOutput, previousReference])
        {
            if (image.Width != size.Width || image.Height != size.Height)
            {
                throw new ArgumentException($"Every frame must be {size.Width}x{size.Height}; got {image.Width}x{image.Height}.");
            }
        }

        float[] flow = DisplayMotion(motion, size);
        LumaImage outT = LumaImage.FromRgb(output), refT = LumaImage.FromRgb(reference);
        double[] outW = Warp(LumaImage.FromRgb(previousOutput), flow), refW = Warp(LumaImage.FromRgb(previousReference), flow);
        double sum = 0;
        for (int i = 0; i < outW.Length; i++)
        {
            double d = (outT.Samples[i] - outW[i]) - (refT.Samples[i] - refW[i]);
            sum += d * d;
        }

        return Math.Sqrt(sum / outW.Length);
    }

    private static double Bilinear(FloatMap map, double u, double v, int channel)
    {
        int w = map.Width, h = map.Height;
        u = Math.Clamp(u, 0, w - 1);
        v = Math.Clamp(v, 0, h - 1);
        int x0 = (int)u, y0 = (int)v;
        int x1 = Math.Min(x0 + 1, w - 1), y1 = Math.Min(y0 + 1, h - 1);
        double fx = u - x0, fy = v - y0;
        double top = (map[x0, y0, channel] * (1 - fx)) + (map[x1, y0, channel] * fx);
        double bottom = (map[x0, y1, channel] * (1 - fx)) + (map[x1, y1, channel] * fx);
        return (top * (1 - fy)) + (bottom * fy);
    }

    private static double Bilinear(double[] samples, int w, int h, double u, double v)
    {
        u = Math.Clamp(u, 0, w - 1);
        v = Math.Clamp(v, 0, h - 1);
        int x0 = (int)u, y0 = (int)v;
        int x1 = Math.Min(x0 + 1, w - 1), y1 = Math.Min(y0 + 1, h - 1);
        double fx = u - x0, fy = v - y0;
        double top = (samples[(y0 * w) + x0] * (1 - fx)) + (samples[(y0 * w) + x1] * fx);
        double bottom = (samples[(y1 * w) + x0] * (1 - fx)) + (samples[(y1 * w) + x1] * fx);
        return (top * (1 - fy)) + (bottom * fy);
    }
}
