using GameUpscaler.Imaging;
using GameUpscaler.Resampling;

namespace GameUpscaler.Training.Data;

/// <summary>
/// Builds batches of (LR, HR) patch pairs: natural images from an <see cref="ImageCorpus"/> degraded by bicubic, box
/// or point sampling, and procedural scenes rendered aliased against supersampled, each with a random flip/rotation.
/// Batch k depends only on (seed, k), which makes runs reproducible and resumable mid-way.
/// </summary>
public sealed class PatchPairSampler
{
    /// <summary>LR pixels of context cut around a natural patch before it is shrunk, so that the resampling
    /// kernel's border handling never reaches the patch (bicubic at ×1/3 reaches 2 LR pixels).</summary>
    private const int Margin = 4;

    private const int SceneSupersampling = 4;

    private readonly ImageCorpus? _corpus;
    private readonly long[] _cumulativePixels;
    private readonly (Degradation Kind, double Cumulative)[] _mix;

    /// <summary>Creates a sampler; without a corpus (or with an empty one) natural-image degradations use procedural
    /// scenes, supersampled, as their high-resolution images.</summary>
    public PatchPairSampler(PatchSamplerOptions options, ImageCorpus? corpus)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _corpus = corpus is { Images.Count: > 0 } or { Textures.Count: > 0 } ? corpus : null;
        _cumulativePixels = _corpus is null ? [] : Cumulative(_corpus.Images.Select(i => (long)i.Width * i.Height));
        double total = options.Mix.Values.Sum();
        double running = 0;
        _mix = options.Mix.Where(kv => kv.Value > 0).OrderBy(kv => kv.Key).Select(kv => (kv.Key, running += kv.Value / total)).ToArray();
    }

    /// <summary>The geometry and mix.</summary>
    public PatchSamplerOptions Options { get; }

    /// <summary>Whether natural images are in use.</summary>
    public bool HasCorpus => _corpus is not null;

    /// <summary>Batch number <paramref name="index"/> of the stream: LR [B, 3, p, p] and HR [B, 3, sp, sp], values in [0, 1].</summary>
    public (Tensor LowResolution, Tensor HighResolution) SampleBatch(long index)
    {
        int s = Options.Scale;
        int p = Options.PatchSize;
        var lr = new Tensor(Options.BatchSize, 3, p, p);
        var hr = new Tensor(Options.BatchSize, 3, p * s, p * s);
        for (int b = 0; b < Options.BatchSize; b++)
        {
            var random = new Random(StableHash.Seed(Options.Seed, index, b));
            (float[] lrPatch, float[] hrPatch) = SamplePair(random);
            int transform = random.Next(8);
            Dihedral(lrPatch, p, transform, lr.GetImage(b));
            Dihedral(hrPatch, p * s, transform, hr.GetImage(b));
        }

        return (lr, hr);
    }

    private (float[] Lr, float[] Hr) SamplePair(Random random)
    {
        double pick = random.NextDouble();
        Degradation kind = _mix.First(m => pick < m.Cumulative || m.Cumulative >= 1 - 1e-12).Kind;
        int s = Options.Scale;
        int p = Options.PatchSize;
        if (kind == Degradation.RenderedScene)
        {
            var scene = ProceduralScene.CreateRandom(random);
            return (Quantize(scene.Render(p, p, 1)), Quantize(scene.Render(p * s, p * s, SceneSupersampling)));
        }

        int lrSide = p + (2 * Margin);
        Image8 crop = CutHighResolution(random, lrSide * s);
        Image8 small = kind switch
        {
            Degradation.Bicubic => ImageResizer.Resize(crop, lrSide, lrSide, 1.0 / s, ResampleKernel.Bicubic),
            Degradation.Box => BoxShrink(crop, s),
            _ => PointShrink(crop, s, random.Next(s), random.Next(s)),
        };
        return (ToPlanar(small.Crop(Margin, Margin, p, p)), ToPlanar(crop.Crop(Margin * s, Margin * s, p * s, p * s)));
    }

    private Image8 CutHighResolution(Random random, int side)
    {
        if (_corpus is { Textures.Count: > 0 } && Options.TextureShare > 0 && random.NextDouble() < Options.TextureShare)
        {
            // Drawn only when textures are in use, so that a run without them keeps its data stream.
            return CutTiled(_corpus.Textures[random.Next(_corpus.Textures.Count)], random, side);
        }

        if (_corpus is { Images.Count: > 0 })
        {
            // Images are drawn in proportion to their area; sprites' transparent surroundings are rejected.
            for (int attempt = 0; attempt < 20; attempt++)
            {
                long target = (long)(random.NextDouble() * _cumulativePixels[^1]);
                int index = Array.BinarySearch(_cumulativePixels, target + 1);
                index = index < 0 ? ~index : index;
                Image8 image = _corpus.Images[Math.Min(index, _corpus.Images.Count - 1)];
                if (image.Width < side || image.Height < side)
                {
                    continue;
                }

                Image8 crop = image.Crop(random.Next(image.Width - side + 1), random.Next(image.Height - side + 1), side, side);
                if (!crop.HasAlpha)
                {
                    return crop;
                }

                if (ImageCorpus.IsOpaque(crop))
                {
                    return crop.ToRgb();
                }
            }
        }

        // No usable natural image: a supersampled procedural scene stands in as the high-resolution image.
        float[] rendered = ProceduralScene.CreateRandom(random).Render(side, side, SceneSupersampling);
        var result = new Image8(side, side, 3);
        int plane = side * side;
        for (int i = 0; i < plane; i++)
        {
            for (int c = 0; c < 3; c++)
            {
                result.Pixels[(i * 3) + c] = PlanarImage.ToByte(rendered[(c * plane) + i]);
            }
        }

        return result;
    }

    /// <summary>A side×side crop of the texture repeated in both directions, from a random origin.</summary>
    private static Image8 CutTiled(Image8 texture, Random random, int side)
    {
        int originX = random.Next(texture.Width);
        int originY = random.Next(texture.Height);
        var result = new Image8(side, side, 3);
        for (int y = 0; y < side; y++)
        {
            int sourceRow = (originY + y) % texture.Height;
            for (int x = 0; x < side; x++)
            {
                int sourceX = (originX + x) % texture.Width;
                for (int c = 0; c < 3; c++)
                {
                    result.Pixels[(((y * side) + x) * 3) + c] = texture[sourceX, sourceRow, c];
                }
            }
        }

        return result;
    }

    private static Image8 BoxShrink(Image8 image, int s)
    {
        var result = new Image8(image.Width / s, image.Height / s, 3);
        for (int y = 0; y < result.Height; y++)
        {
            for (int x = 0; x < result.Width; x++)
            {
                for (int c = 0; c < 3; c++)
                {
                    int sum = 0;
                    for (int dy = 0; dy < s; dy++)
                    {
                        for (int dx = 0; dx < s; dx++)
                        {
                            sum += image[(x * s) + dx, (y * s) + dy, c];
                        }
                    }

                    result.Pixels[(((y * result.Width) + x) * 3) + c] = (byte)((sum + ((s * s) / 2)) / (s * s));
                }
            }
        }

        return result;
    }

    private static Image8 PointShrink(Image8 image, int s, int offsetX, int offsetY)
    {
        var result = new Image8(image.Width / s, image.Height / s, 3);
        for (int y = 0; y < result.Height; y++)
        {
            for (int x = 0; x < result.Width; x++)
            {
                for (int c = 0; c < 3; c++)
                {
                    result.Pixels[(((y * result.Width) + x) * 3) + c] = image[(x * s) + offsetX, (y * s) + offsetY, c];
                }
            }
        }

        return result;
    }

    private static float[] ToPlanar(Image8 image) => image.ToPlanar().Data;

    /// <summary>Rounds to 8 bits, as a game's frame buffer and the evaluation's PNG files hold them.</summary>
    private static float[] Quantize(float[] values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = PlanarImage.ToByte(values[i]) / 255f;
        }

        return values;
    }

    /// <summary>One of the 8 flips/rotations of a square planar RGB patch of side n, written to <paramref name="destination"/>.</summary>
    private static void Dihedral(float[] source, int n, int transform, Span<float> destination)
    {
        int plane = n * n;
        for (int c = 0; c < 3; c++)
        {
            for (int y = 0; y < n; y++)
            {
                for (int x = 0; x < n; x++)
                {
                    int sx = (transform & 1) != 0 ? n - 1 - x : x;
                    int sy = (transform & 2) != 0 ? n - 1 - y : y;
                    if ((transform & 4) != 0)
                    {
                        (sx, sy) = (sy, sx);
                    }

                    destination[(c * plane) + (y * n) + x] = source[(c * plane) + (sy * n) + sx];
                }
            }
        }
    }

    private static long[] Cumulative(IEnumerable<long> values)
    {
        long running = 0;
        return values.Select(v => running += v).ToArray();
    }
}
