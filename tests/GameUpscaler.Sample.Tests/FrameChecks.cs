using GameUpscaler.Imaging;

namespace GameUpscaler.Sample.Tests;

internal static class FrameChecks
{
    /// <summary>Standard deviation of all channel values: near 0 for a blank (cleared or single-colour) frame.</summary>
    public static double StandardDeviation(Image8 image)
    {
        double sum = 0;
        double squares = 0;
        foreach (byte v in image.Pixels)
        {
            sum += v;
            squares += v * (double)v;
        }

        double mean = sum / image.Pixels.Length;
        return Math.Sqrt(Math.Max(0, squares / image.Pixels.Length - mean * mean));
    }

    public static bool Identical(Image8 a, Image8 b) => a.Pixels.AsSpan().SequenceEqual(b.Pixels);
}
