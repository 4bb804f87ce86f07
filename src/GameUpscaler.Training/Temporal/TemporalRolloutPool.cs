using GameUpscaler.Capture;
using GameUpscaler.Imaging;
using GameUpscaler.Models;
using GameUpscaler.Temporal;

namespace GameUpscaler.Training.Temporal;

/// <summary>
/// One training crop of a rolled-out frame: the generator's input planes at render size, the reference on the grid,
/// and, unless the frame is a reset, the previous frame's output and reference warped to this frame (the temporal
/// loss's terms and the pair the discriminator judges).
/// </summary>
internal sealed record TemporalCrop(float[] Input, float[] Reference, float[]? WarpedPreviousOutput, float[]? WarpedPreviousReference);

/// <summary>
/// The trainer's data: sequences rolled out through the temporal pipeline, cut into random crops. No gradient flows
/// through time: the network's input (current frame, accumulation, confidence) does not depend on its earlier
/// outputs, because its correction is shown and not fed back into history (<see cref="TemporalGeneratorReference"/>'s
/// remarks give the measurement that decided it); only the temporal loss term and the discriminator's pair read the
/// previous output, which is the network's own from the rollout. <see cref="Refresh"/> rolls a sequence out again with
/// the current weights (new crops, and previous outputs that follow the training).
/// </summary>
internal sealed class TemporalRolloutPool
{
    private readonly IReadOnlyList<TemporalSequence> _sequences;
    private readonly List<TemporalCrop>[] _crops;
    private readonly int _patch;
    private readonly int _cropsPerFrame;
    private readonly GeneratorArchitecture _architecture;
    private readonly Random _random;
    private int _next;

    public TemporalRolloutPool(IReadOnlyList<TemporalSequence> sequences, GeneratorArchitecture architecture, int patch, int cropsPerFrame, int seed)
    {
        if (sequences.Count == 0)
        {
            throw new ArgumentException("A temporal run needs at least one sequence.", nameof(sequences));
        }

        foreach (TemporalSequence sequence in sequences)
        {
            if (sequence.RenderSize.Width < patch || sequence.RenderSize.Height < patch)
            {
                throw new ArgumentException($"The sequence {sequence.Name} ({sequence.RenderSize.Width}x{sequence.RenderSize.Height}) is smaller than the {patch}-pixel patch.");
            }
        }

        _sequences = sequences;
        _architecture = architecture;
        _patch = patch;
        _cropsPerFrame = cropsPerFrame;
        _random = new Random(seed);
        _crops = new List<TemporalCrop>[sequences.Count];
    }

    public int CropCount => _crops.Sum(c => c?.Count ?? 0);

    /// <summary>Rolls out every sequence once (the first fill).</summary>
    public void Fill(GeneratorWeights weights, Action<string>? log = null)
    {
        for (int i = 0; i < _sequences.Count; i++)
        {
            _crops[i] = Rollout(_sequences[i], weights);
            log?.Invoke($"rolled out {_sequences[i].Name}: {_crops[i].Count} crops");
        }
    }

    /// <summary>Rolls out the next sequence (round robin) again with the current weights.</summary>
    public void Refresh(GeneratorWeights weights)
    {
        _crops[_next] = Rollout(_sequences[_next], weights);
        _next = (_next + 1) % _sequences.Count;
    }

    /// <summary>A random crop.</summary>
    public TemporalCrop Sample()
    {
        List<TemporalCrop> crops;
        do
        {
            crops = _crops[_random.Next(_crops.Length)];
        }
        while (crops is null || crops.Count == 0);

        return crops[_random.Next(crops.Count)];
    }

    private List<TemporalCrop> Rollout(TemporalSequence sequence, GeneratorWeights weights)
    {
        int s = _architecture.Scale, p = _patch, gp = p * s;
        Size2D render = sequence.RenderSize;
        var grid = new Size2D(render.Width * s, render.Height * s);
        var pipeline = new TemporalGeneratorReference(weights, render, grid);
        var crops = new List<TemporalCrop>(sequence.FrameCount * _cropsPerFrame);
        PlanarImage? previousOutput = null;
        PlanarImage? previousReference = null;
        for (int t = 0; t < sequence.FrameCount; t++)
        {
            TemporalTrainingFrame frame = sequence.ReadFrame(t);
            pipeline.Upscale(frame.Color, TaauMethod.MotionPairs(frame.Motion), frame.Depth?.Data ?? [], frame.JitterX, frame.JitterY, frame.Reset || t == 0);
            PlanarImage input = pipeline.LastInput!;
            PlanarImage output = pipeline.LastGridOutput!;
            PlanarImage reference = Planar(frame.Reference);
            PlanarImage? warpedOutput = null, warpedReference = null;
            if (!frame.Reset && previousOutput is not null)
            {
                float[] motion = CaptureScoring.DisplayMotion(frame.Motion, grid);
                warpedOutput = Warp(previousOutput, motion);
                warpedReference = Warp(previousReference!, motion);
            }

            for (int k = 0; k < _cropsPerFrame; k++)
            {
                int x = _random.Next(render.Width - p + 1), y = _random.Next(render.Height - p + 1);
                crops.Add(new TemporalCrop(
                    Crop(input, x, y, p),
                    Crop(reference, x * s, y * s, gp),
                    warpedOutput is null ? null : Crop(warpedOutput, x * s, y * s, gp),
                    warpedReference is null ? null : Crop(warpedReference, x * s, y * s, gp)));
            }

            previousOutput = output;
            previousReference = reference;
        }

        return crops;
    }

    private static PlanarImage Planar(Image8 image)
    {
        var planar = new PlanarImage(image.Width, image.Height, 3);
        int n = image.Width * image.Height, channels = image.Channels;
        for (int c = 0; c < 3; c++)
        {
            Span<float> plane = planar.GetPlane(c);
            for (int i = 0; i < n; i++)
            {
                plane[i] = image.Pixels[(i * channels) + c] / 255f;
            }
        }

        return planar;
    }

    /// <summary>CAPTURE.md's W per colour plane: the previous frame bilinearly sampled at p + motion(p), edge-clamped.</summary>
    private static PlanarImage Warp(PlanarImage previous, float[] motion)
    {
        int w = previous.Width, h = previous.Height;
        var warped = new PlanarImage(w, h, previous.Channels);
        for (int c = 0; c < previous.Channels; c++)
        {
            ReadOnlySpan<float> source = previous.GetPlane(c);
            Span<float> target = warped.GetPlane(c);
            for (int y = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    int i = (y * w) + x;
                    float u = Math.Clamp(x + motion[2 * i], 0, w - 1), v = Math.Clamp(y + motion[(2 * i) + 1], 0, h - 1);
                    int x0 = (int)u, y0 = (int)v, x1 = Math.Min(x0 + 1, w - 1), y1 = Math.Min(y0 + 1, h - 1);
                    float fx = u - x0, fy = v - y0;
                    float top = (source[(y0 * w) + x0] * (1 - fx)) + (source[(y0 * w) + x1] * fx);
                    float bottom = (source[(y1 * w) + x0] * (1 - fx)) + (source[(y1 * w) + x1] * fx);
                    target[i] = (top * (1 - fy)) + (bottom * fy);
                }
            }
        }

        return warped;
    }

    private static float[] Crop(PlanarImage image, int x0, int y0, int size)
    {
        var crop = new float[image.Channels * size * size];
        for (int c = 0; c < image.Channels; c++)
        {
            ReadOnlySpan<float> plane = image.GetPlane(c);
            for (int y = 0; y < size; y++)
            {
                plane.Slice(((y0 + y) * image.Width) + x0, size).CopyTo(crop.AsSpan(((c * size) + y) * size, size));
            }
        }

        return crop;
    }
}
