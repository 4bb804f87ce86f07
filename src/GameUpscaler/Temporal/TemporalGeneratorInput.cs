using GameUpscaler.Imaging;
using GameUpscaler.Models;

namespace GameUpscaler.Temporal;

/// <summary>
/// Builds a temporal generator's input planes at render size (the layout of <see cref="GeneratorArchitecture"/>'s
/// remarks): the current frame's RGB, the accumulated grid frame by space-to-depth (PyTorch <c>pixel_unshuffle</c>
/// order) and the confidence, the accumulated sample weight over its cap averaged over each s×s block (0 after a
/// reset or a disocclusion, 1 on converged history): the network's cue for how far to trust the history.
/// </summary>
public static class TemporalGeneratorInput
{
    /// <summary>Builds the planes.</summary>
    /// <param name="architecture">A temporal generator's shape.</param>
    /// <param name="color">The render-size frame (RGB or RGBA, 8-bit).</param>
    /// <param name="accumulated">The accumulated frame on the grid, RGB interleaved per grid pixel, row-major, [0, 1].</param>
    /// <param name="weight">The accumulated sample weight per grid pixel.</param>
    /// <param name="maxWeight">The weight's cap (<see cref="TemporalUpscalerSettings.MaxHistoryWeight"/>).</param>
    /// <exception cref="ArgumentException">The model is not temporal or a size does not match.</exception>
    public static PlanarImage Build(GeneratorArchitecture architecture, Image8 color, ReadOnlySpan<float> accumulated, ReadOnlySpan<float> weight, float maxWeight)
    {
        ArgumentNullException.ThrowIfNull(architecture);
        ArgumentNullException.ThrowIfNull(color);
        if (!architecture.Temporal)
        {
            throw new ArgumentException($"{architecture} is not a temporal generator.", nameof(architecture));
        }

        int w = color.Width, h = color.Height, s = architecture.Scale, gw = w * s;
        long gridPixels = (long)gw * h * s;
        if (accumulated.Length != gridPixels * 3 || weight.Length != gridPixels)
        {
            throw new ArgumentException($"The accumulated frame and its weights must cover the {gw}x{h * s} grid of a {w}x{h} frame at x{s}.");
        }

        var input = new PlanarImage(w, h, architecture.TemporalInputChannels);
        int channels = color.Channels, n = w * h;
        byte[] pixels = color.Pixels;
        for (int c = 0; c < 3; c++)
        {
            Span<float> plane = input.GetPlane(c);
            int source = channels >= 3 ? c : 0;
            for (int i = 0; i < n; i++)
            {
                plane[i] = pixels[(i * channels) + source] / 255f;
            }
        }

        Span<float> confidence = input.GetPlane(architecture.ConfidencePlane);
        float blockScale = 1f / (s * s * maxWeight);
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                int i = (y * w) + x;
                float sum = 0;
                for (int dy = 0; dy < s; dy++)
                {
                    for (int dx = 0; dx < s; dx++)
                    {
                        int g = ((((y * s) + dy) * gw) + (x * s)) + dx;
                        sum += weight[g];
                        for (int c = 0; c < 3; c++)
                        {
                            input.GetPlane(GeneratorArchitecture.HistoryPlane + (((c * s) + dy) * s) + dx)[i] = accumulated[(3 * g) + c];
                        }
                    }
                }

                confidence[i] = Math.Min(sum * blockScale, 1f);
            }
        }

        return input;
    }
}
