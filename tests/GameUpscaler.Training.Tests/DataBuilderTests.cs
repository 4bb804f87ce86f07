using GameUpscaler.Imaging;
using GameUpscaler.Resampling;
using GameUpscaler.Training.Data;

namespace GameUpscaler.Training.Tests;

public sealed class DataBuilderTests
{
    private static string RepositoryRoot()
    {
        for (DirectoryInfo? d = new(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "GameUpscaler.sln")))
            {
                return d.FullName;
            }
        }

        throw new DirectoryNotFoundException("No GameUpscaler.sln above the test binaries.");
    }

    private static Image8 Checker(int size)
    {
        var image = new Image8(size, size, 3);
        for (int i = 0; i < image.Pixels.Length; i++)
        {
            image.Pixels[i] = (byte)((i * 37) % 251);
        }

        return image;
    }

    [Fact]
    public void GuardRefusesTheEvaluationFolderAndEverythingInIt()
    {
        string eval = Path.Combine(RepositoryRoot(), "..", "shared", "data", "eval");
        var guard = EvaluationDataGuard.ForRepository();
        Assert.Contains(Path.GetFullPath(eval), guard.ForbiddenRoots);
        Assert.Throws<ArgumentException>(() => guard.CheckSourceDirectory(eval));
        Assert.Throws<ArgumentException>(() => guard.CheckSourceDirectory(Path.Combine(eval, "Set5")));
        Assert.Throws<ArgumentException>(() => guard.CheckSourceDirectory(Path.Combine(eval, "..")));
        Assert.Throws<ArgumentException>(() => ImageCorpus.Load([Path.Combine(eval, "Set14")], guard));
        Assert.Throws<ArgumentException>(() => ImageCorpus.Load([], guard, textureDirectories: [Path.Combine(eval, "games_widelands")]));
        Assert.NotNull(guard.ExclusionReason(Path.Combine(eval, "Set5", "baby.png")));
    }

    [Fact]
    public void CorpusSkipsScreenshotKindsAndCopiesOfEvaluationImages()
    {
        using var temp = new TempFolder();
        string Write(string relative, Image8 image)
        {
            string path = Path.Combine(temp.Path, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            PngCodec.Encode(image, path);
            return path;
        }

        string keep = Write("textures/wall.png", Checker(128));
        Write("redeclipse/data/maps/dust.png", Checker(128));
        Write("supertuxkart/data/tracks/hacienda/screenshot.png", Checker(128));
        Write("widelands/loadscreens/mainmenu/a.png", Checker(128));
        Write("flightgear/Textures/Splash1.png", Checker(128));
        Write("small/icon.png", Checker(32));

        // A byte-identical copy of an evaluation image, renamed, is still refused.
        string evalRoot = Path.Combine(temp.Path, "eval");
        string evalImage = Write("eval/set/x.png", Checker(100));
        string copy = Path.Combine(temp.Path, "textures", "renamed.png");
        File.Copy(evalImage, copy);

        var guard = new EvaluationDataGuard([evalRoot]);
        Assert.Equal(1, guard.ForbiddenFileCount);
        ImageCorpus corpus = ImageCorpus.Load([Path.Combine(temp.Path, "textures"), Path.Combine(temp.Path, "redeclipse"),
            Path.Combine(temp.Path, "supertuxkart"), Path.Combine(temp.Path, "widelands"), Path.Combine(temp.Path, "flightgear"),
            Path.Combine(temp.Path, "small")], guard);
        Assert.Equal([Path.GetFullPath(keep)], corpus.Files);
        Assert.Contains(corpus.Skipped, s => s.Path.EndsWith("dust.png", StringComparison.Ordinal) && s.Reason.Contains("Red Eclipse", StringComparison.Ordinal));
        Assert.Contains(corpus.Skipped, s => s.Path.EndsWith("screenshot.png", StringComparison.Ordinal));
        Assert.Contains(corpus.Skipped, s => s.Path.EndsWith("a.png", StringComparison.Ordinal) && s.Reason.Contains("Widelands", StringComparison.Ordinal));
        Assert.Contains(corpus.Skipped, s => s.Path.EndsWith("Splash1.png", StringComparison.Ordinal));
        Assert.Contains(corpus.Skipped, s => s.Path.EndsWith("renamed.png", StringComparison.Ordinal) && s.Reason.Contains("identical", StringComparison.Ordinal));
        Assert.Contains(corpus.Skipped, s => s.Path.EndsWith("icon.png", StringComparison.Ordinal) && !s.Excluded);
        Assert.Equal(5, corpus.ExcludedCount);
        Assert.Throws<ArgumentException>(() => ImageCorpus.Load([evalRoot], guard));

        // The same folders given as texture folders: the same five files refused, the wall and the icon kept.
        ImageCorpus textures = ImageCorpus.Load([], guard, textureDirectories: [Path.Combine(temp.Path, "textures"), Path.Combine(temp.Path, "redeclipse"),
            Path.Combine(temp.Path, "supertuxkart"), Path.Combine(temp.Path, "widelands"), Path.Combine(temp.Path, "flightgear"),
            Path.Combine(temp.Path, "small")]);
        Assert.Equal(5, textures.ExcludedCount);
        Assert.Equal(2, textures.Textures.Count);
        Assert.Empty(textures.Images);
    }

    [Theory]
    [InlineData(Degradation.Bicubic, 2)]
    [InlineData(Degradation.Box, 2)]
    [InlineData(Degradation.Point, 3)]
    [InlineData(Degradation.RenderedScene, 2)]
    [InlineData(Degradation.RenderedScene, 3)]
    public void PairsAreAlignedAndReproducible(Degradation kind, int scale)
    {
        var options = new PatchSamplerOptions
        {
            Scale = scale, PatchSize = 24, BatchSize = 4, Seed = 7, Mix = new Dictionary<Degradation, double> { [kind] = 1 },
        };
        var sampler = new PatchPairSampler(options, corpus: null);
        (Tensor lr, Tensor hr) = sampler.SampleBatch(3);
        (Tensor lr2, Tensor hr2) = new PatchPairSampler(options, corpus: null).SampleBatch(3);
        Assert.Equal(lr.Data, lr2.Data);
        Assert.Equal(hr.Data, hr2.Data);
        Assert.NotEqual(lr.Data, sampler.SampleBatch(4).LowResolution.Data);

        // Aligned pairs: HR averaged over each s×s block lands closer to LR than a shift of one LR pixel either way.
        double aligned = 0, shifted = 0, shiftedBack = 0;
        int p = options.PatchSize;
        for (int b = 0; b < lr.Batch; b++)
        {
            for (int c = 0; c < 3; c++)
            {
                for (int y = 1; y < p - 1; y++)
                {
                    for (int x = 1; x < p - 1; x++)
                    {
                        double mean = 0;
                        for (int dy = 0; dy < scale; dy++)
                        {
                            for (int dx = 0; dx < scale; dx++)
                            {
                                mean += hr.Data[(((b * 3) + c) * p * scale + (y * scale) + dy) * p * scale + (x * scale) + dx];
                            }
                        }

                        mean /= scale * scale;
                        int at = (((b * 3) + c) * p + y) * p;
                        aligned += Math.Abs(mean - lr.Data[at + x]);
                        shifted += Math.Abs(mean - lr.Data[at + x + 1]);
                        shiftedBack += Math.Abs(mean - lr.Data[at + x - 1]);
                    }
                }
            }
        }

        // Point-sampled LR differs from the area mean even when aligned, hence the loose factor.
        Assert.True(aligned < 0.75 * Math.Min(shifted, shiftedBack), $"{kind}: misaligned pairs (error {aligned:F1} aligned vs {shifted:F1} / {shiftedBack:F1} shifted)");
    }

    [Fact]
    public void The_holdout_split_is_a_function_of_names_and_stays_out_of_the_corpus()
    {
        // The same folder and file name under two install roots: the same decision (the split does not depend on
        // where the data is installed), and about 1 in N of many names.
        Assert.Equal(ImageCorpus.IsHeldOut("/usr/share/games/x/data/units/archer.png", 7), ImageCorpus.IsHeldOut("/home/me/x/units/archer.png", 7));
        int held = Enumerable.Range(0, 5000).Count(i => ImageCorpus.IsHeldOut($"/d/folder{i % 37}/image{i}.png", 10));
        Assert.InRange(held, 400, 600);
        Assert.False(ImageCorpus.IsHeldOut("/d/a/b.png", 0));

        using var temp = new TempFolder();
        var random = new Random(2);
        for (int i = 0; i < 40; i++)
        {
            var image = new Image8(100, 100, 3);
            random.NextBytes(image.Pixels);
            Directory.CreateDirectory(Path.Combine(temp.Path, $"set{i % 3}"));
            PngCodec.Encode(image, Path.Combine(temp.Path, $"set{i % 3}", $"img{i}.png"));
        }

        var guard = new EvaluationDataGuard([]);
        IReadOnlyList<string> heldOut = ImageCorpus.HeldOutFiles([temp.Path], guard, 4);
        ImageCorpus corpus = ImageCorpus.Load([temp.Path], guard, holdoutEvery: 4);
        Assert.NotEmpty(heldOut);
        Assert.Equal(40 - heldOut.Count, corpus.Images.Count);
        Assert.Empty(corpus.Files.Intersect(heldOut));
        Assert.Equal(heldOut.Order(StringComparer.Ordinal), corpus.Skipped.Where(f => f.Reason.StartsWith("held out", StringComparison.Ordinal)).Select(f => f.Path).Order(StringComparer.Ordinal));
        Assert.Equal(40, ImageCorpus.Load([temp.Path], guard).Images.Count);
    }

    [Fact]
    public void BicubicPairsMatchTheEvaluationDegradation()
    {
        // A natural-image pair cut from a corpus image equals ImageResizer's MATLAB bicubic of the HR patch, away
        // from the patch border (the sampler shrinks a larger crop, so its border pixels see real context).
        using var temp = new TempFolder();
        var random = new Random(1);
        var image = new Image8(200, 200, 3);
        random.NextBytes(image.Pixels);
        PngCodec.Encode(image, Path.Combine(temp.Path, "noise.png"));
        ImageCorpus corpus = ImageCorpus.Load([temp.Path], new EvaluationDataGuard([]));
        var options = new PatchSamplerOptions
        {
            Scale = 2, PatchSize = 16, BatchSize = 1, Mix = new Dictionary<Degradation, double> { [Degradation.Bicubic] = 1 },
        };
        (Tensor lr, Tensor hr) = new PatchPairSampler(options, corpus).SampleBatch(0);
        var hrImage = new Image8(32, 32, 3);
        for (int i = 0; i < 32 * 32; i++)
        {
            for (int c = 0; c < 3; c++)
            {
                hrImage.Pixels[(i * 3) + c] = (byte)Math.Round(hr.Data[(c * 1024) + i] * 255);
            }
        }

        Image8 expected = ImageResizer.Resize(hrImage, 16, 16, 0.5, ResampleKernel.Bicubic);
        for (int y = 3; y < 13; y++)
        {
            for (int x = 3; x < 13; x++)
            {
                for (int c = 0; c < 3; c++)
                {
                    Assert.Equal(expected[x, y, c], (byte)Math.Round(lr.Data[(c * 256) + (y * 16) + x] * 255));
                }
            }
        }
    }

    [Fact]
    public void TexturesLoadOpaqueOnlyAndAreCutAsIfTiled()
    {
        using var temp = new TempFolder();
        var random = new Random(3);
        var terrain = new Image8(16, 16, 3);
        random.NextBytes(terrain.Pixels);
        PngCodec.Encode(terrain, Path.Combine(temp.Path, "terrain.png"));
        var opaqueRgba = new Image8(16, 16, 4);
        random.NextBytes(opaqueRgba.Pixels);
        for (int i = 3; i < opaqueRgba.Pixels.Length; i += 4)
        {
            opaqueRgba.Pixels[i] = 255;
        }

        PngCodec.Encode(opaqueRgba, Path.Combine(temp.Path, "water.png"));
        var sprite = opaqueRgba.Crop(0, 0, 16, 16);
        sprite.Pixels[7] = 0;
        PngCodec.Encode(sprite, Path.Combine(temp.Path, "sprite.png"));
        PngCodec.Encode(Checker(8), Path.Combine(temp.Path, "tiny.png"));

        ImageCorpus corpus = ImageCorpus.Load([], new EvaluationDataGuard([]), textureDirectories: [temp.Path]);
        Assert.Equal(2, corpus.Textures.Count);
        Assert.All(corpus.Textures, t => Assert.False(t.HasAlpha));
        Assert.Contains(corpus.Skipped, f => f.Path.EndsWith("sprite.png", StringComparison.Ordinal) && f.Reason.Contains("transparent", StringComparison.Ordinal));
        Assert.Contains(corpus.Skipped, f => f.Path.EndsWith("tiny.png", StringComparison.Ordinal));

        var colours = new HashSet<int>();
        foreach (Image8 texture in corpus.Textures)
        {
            for (int i = 0; i < 16 * 16; i++)
            {
                colours.Add((texture.Pixels[i * 3] << 16) | (texture.Pixels[(i * 3) + 1] << 8) | texture.Pixels[(i * 3) + 2]);
            }
        }

        var options = new PatchSamplerOptions
        {
            Scale = 2, PatchSize = 16, BatchSize = 6, TextureShare = 1,
            Mix = new Dictionary<Degradation, double> { [Degradation.Bicubic] = 1 },
        };
        (_, Tensor hr) = new PatchPairSampler(options, corpus).SampleBatch(0);
        for (int b = 0; b < 6; b++)
        {
            // A 32-pixel patch of a 16-pixel tiling repeats with period 16 in both directions (whatever its flip or
            // rotation), and holds only the textures' colours.
            float[] patch = hr.GetImage(b).ToArray();
            byte At(int x, int y, int c) => (byte)Math.Round(patch[(c * 1024) + (y * 32) + x] * 255);
            for (int y = 0; y < 32; y++)
            {
                for (int x = 0; x < 32; x++)
                {
                    for (int c = 0; c < 3; c++)
                    {
                        Assert.Equal(At(x, y, c), At((x + 16) % 32, y, c));
                        Assert.Equal(At(x, y, c), At(x, (y + 16) % 32, c));
                    }

                    Assert.Contains((At(x, y, 0) << 16) | (At(x, y, 1) << 8) | At(x, y, 2), colours);
                }
            }
        }
    }

    [Fact]
    public void TexturesChangeTheStreamOnlyWhenTheirShareIsPositive()
    {
        using var temp = new TempFolder();
        Directory.CreateDirectory(Path.Combine(temp.Path, "images"));
        Directory.CreateDirectory(Path.Combine(temp.Path, "textures"));
        PngCodec.Encode(Checker(200), Path.Combine(temp.Path, "images", "art.png"));
        var texture = new Image8(32, 32, 3);
        new Random(5).NextBytes(texture.Pixels);
        PngCodec.Encode(texture, Path.Combine(temp.Path, "textures", "grass.png"));
        var guard = new EvaluationDataGuard([]);
        ImageCorpus imagesOnly = ImageCorpus.Load([Path.Combine(temp.Path, "images")], guard);
        ImageCorpus withTextures = ImageCorpus.Load([Path.Combine(temp.Path, "images")], guard, textureDirectories: [Path.Combine(temp.Path, "textures")]);
        var options = new PatchSamplerOptions { Scale = 2, PatchSize = 16, BatchSize = 8 };

        (Tensor lr, Tensor hr) = new PatchPairSampler(options, imagesOnly).SampleBatch(4);
        (Tensor lrSame, Tensor hrSame) = new PatchPairSampler(options, withTextures).SampleBatch(4);
        Assert.Equal(lr.Data, lrSame.Data);
        Assert.Equal(hr.Data, hrSame.Data);

        (_, Tensor hrHalf) = new PatchPairSampler(options with { TextureShare = 0.5 }, withTextures).SampleBatch(4);
        Assert.NotEqual(hr.Data, hrHalf.Data);
        Assert.Throws<ArgumentException>(() => new PatchPairSampler(options with { TextureShare = 1.5 }, withTextures));
    }

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "gu-train-" + Guid.NewGuid().ToString("N"));

        public TempFolder() => Directory.CreateDirectory(Path);

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
