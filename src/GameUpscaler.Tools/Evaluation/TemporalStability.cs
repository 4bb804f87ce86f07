using GameUpscaler.Imaging;
using GameUpscaler.Metrics;

namespace GameUpscaler.Evaluation;

/// <summary>
/// Temporal stability of an upscaler on a camera pan whose motion is known exactly, so that no optical flow (and no
/// learned model) is needed: the high-resolution frames are crops of one image moved by whole pixels, each degraded
/// by the evaluation protocol (<see cref="SuperResolutionEvaluator.Degrade"/>). A move of one HR pixel is a
/// sub-pixel move (1/s) of the low-resolution frame, so each frame shows the upscaler another sampling phase of the
/// same content: a method that hallucinates detail differently per phase flickers, which a still-image score misses.
/// </summary>
/// <remarks>
/// The measure is the warping error of video-consistency work (Lai et al., "Learning Blind Video Temporal
/// Consistency", 2018) with exact flow: frame t + 1 moved back by the pan is compared with frame t. The HR frames
/// themselves have a warping error of exactly 0, so every bit of it is the method's flicker.
/// </remarks>
public static class TemporalStability
{
    /// <summary>The scores of one method on one pan.</summary>
    /// <param name="WarpingError">Mean over consecutive frame pairs of the RMS difference of Y (0–255 scale) between
    /// frame t + 1 moved back by the pan and frame t, over their overlap less <see cref="Border"/> pixels; lower is
    /// steadier, 0 is perfectly stable.</param>
    /// <param name="PsnrY">Mean Y-PSNR of the frames against their HR frames (s border pixels shaved).</param>
    public sealed record Score(double WarpingError, double PsnrY);

    /// <summary>
    /// HR pixels shaved from every side of the compared overlap: each LR frame is cut at its own position, so its edges
    /// differ from frame to frame, and a generator sees an edge up to its receptive field away (N + 2 LR pixels).
    /// </summary>
    public static int Border(int scale) => 12 * scale;

    /// <summary>HR frames of a diagonal pan: crops of <paramref name="image"/> of <paramref name="size"/> at
    /// (t·step, t·step) from the top-left corner of a centred window, t = 0 … frames − 1.</summary>
    /// <exception cref="ArgumentException">The image is too small for the pan, or the size is not a multiple of the scale.</exception>
    public static IReadOnlyList<Image8> PanFrames(Image8 image, int scale, int frames, int step, Size2D size)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(frames, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(step, 1);
        if (size.Width % scale != 0 || size.Height % scale != 0)
        {
            throw new ArgumentException($"The frame size {size.Width}x{size.Height} must be a multiple of the scale {scale}.", nameof(size));
        }

        int travel = (frames - 1) * step;
        if (image.Width < size.Width + travel || image.Height < size.Height + travel)
        {
            throw new ArgumentException(
                $"A {image.Width}x{image.Height} image is too small for {frames} frames of {size.Width}x{size.Height} moving {step} px per frame.", nameof(image));
        }

        Image8 rgb = image.ToRgb();
        int left = (rgb.Width - size.Width - travel) / 2;
        int top = (rgb.Height - size.Height - travel) / 2;
        return Enumerable.Range(0, frames).Select(t => rgb.Crop(left + (t * step), top + (t * step), size.Width, size.Height)).ToArray();
    }

    /// <summary>The warping error of a sequence panned by <paramref name="step"/> pixels per frame (see <see cref="Score"/>).</summary>
    /// <exception cref="ArgumentException">Fewer than two frames, frames of different sizes, or nothing left after the border.</exception>
    public static double WarpingError(IReadOnlyList<Image8> frames, int step, int border)
    {
        ArgumentNullException.ThrowIfNull(frames);
        if (frames.Count < 2)
        {
            throw new ArgumentException("The warping error needs at least two frames.", nameof(frames));
        }

        int width = frames[0].Width, height = frames[0].Height;
        int overlapWidth = width - step - (2 * border), overlapHeight = height - step - (2 * border);
        if (frames.Any(f => f.Width != width || f.Height != height) || overlapWidth < 1 || overlapHeight < 1)
        {
            throw new ArgumentException($"Frames must share one size with something left after a {step} px move and a {border} px border.", nameof(frames));
        }

        double total = 0;
        LumaImage previous = LumaImage.FromRgb(frames[0]);
        for (int t = 1; t < frames.Count; t++)
        {
            LumaImage current = LumaImage.FromRgb(frames[t]);
            double sum = 0;
            for (int y = border; y < border + overlapHeight; y++)
            {
                for (int x = border; x < border + overlapWidth; x++)
                {
                    // Content at (x + step, y + step) of frame t is at (x, y) of frame t + 1.
                    double difference = current.Samples[(y * width) + x] - previous.Samples[((y + step) * width) + x + step];
                    sum += difference * difference;
                }
            }

            total += Math.Sqrt(sum / ((double)overlapWidth * overlapHeight));
            previous = current;
        }

        return total / (frames.Count - 1);
    }

    /// <summary>Upscales every degraded frame of a pan with <paramref name="method"/> and scores the sequence.</summary>
    /// <exception cref="InvalidOperationException">The method returned a frame of another size.</exception>
    public static Score Measure(IReadOnlyList<Image8> highResolutionFrames, int scale, int step, IUpscaleMethod method)
    {
        ArgumentNullException.ThrowIfNull(highResolutionFrames);
        ArgumentNullException.ThrowIfNull(method);
        var outputs = new List<Image8>(highResolutionFrames.Count);
        double psnr = 0;
        foreach (Image8 frame in highResolutionFrames)
        {
            (Image8 hr, Image8 lr) = SuperResolutionEvaluator.Degrade(frame, scale);
            Image8 sr = method.Upscale(lr, new Size2D(hr.Width, hr.Height));
            if (sr.Width != hr.Width || sr.Height != hr.Height)
            {
                throw new InvalidOperationException($"Method '{method.Name}' returned {sr.Width}x{sr.Height}; expected {hr.Width}x{hr.Height}.");
            }

            psnr += ImageQuality.PsnrY(hr, sr, scale);
            outputs.Add(sr);
        }

        return new Score(WarpingError(outputs, step, Border(scale)), psnr / highResolutionFrames.Count);
    }
}
