using GameUpscaler.Capture;
using GameUpscaler.Imaging;
using GameUpscaler.Inference;
using GameUpscaler.Models;
using GameUpscaler.Temporal;
using GameUpscaler.Training.Layers;
using GameUpscaler.Training.Temporal;
using GameUpscaler.Training.Training;

namespace GameUpscaler.Training.Tests;

/// <summary>The temporal generator: its input layout, skip, CPU inference against the trainer's forward, and the trainer's start.</summary>
public sealed class TemporalGeneratorTests
{
    private static GeneratorWeights RandomTemporal(int scale, int channels, int blocks, int seed)
    {
        var weights = GeneratorWeights.CreateRandom(new GeneratorArchitecture(scale, channels, blocks, temporal: true), seed);
        // A random last conv (the default starts it near zero) so that the correction is not negligible.
        var random = new Random(seed);
        float[] last = weights.GetTensor(GeneratorArchitecture.ConvWeightName(blocks + 1));
        for (int i = 0; i < last.Length; i++)
        {
            last[i] = (float)(random.NextDouble() - 0.5) * 0.2f;
        }

        return weights;
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void CpuInferenceMatchesTheTrainersForward(int scale)
    {
        GeneratorWeights weights = RandomTemporal(scale, 8, 2, seed: 5);
        int planes = weights.Architecture.InputChannels;
        Assert.Equal(3 + (3 * scale * scale) + 1, planes);
        var random = new Random(1);
        var image = new PlanarImage(13, 11, planes);
        for (int i = 0; i < image.Data.Length; i++)
        {
            image.Data[i] = (float)random.NextDouble();
        }

        PlanarImage expected = new CpuGenerator(weights, new CpuGeneratorOptions { TileSize = 8 }).Run(image);
        Tensor actual = new TrainableGenerator(weights).Forward(new Tensor(1, planes, 11, 13, (float[])image.Data.Clone()));
        Assert.Equal(expected.Data.Length, actual.Data.Length);
        for (int i = 0; i < actual.Data.Length; i++)
        {
            Assert.True(Math.Abs(expected.Data[i] - actual.Data[i]) < 1e-4, $"element {i}: {expected.Data[i]} vs {actual.Data[i]}");
        }
    }

    [Fact]
    public void TheSkipIsTheHistoryNotTheInput()
    {
        // With the last convolution zero the output is exactly the history planes, depth-to-space.
        GeneratorWeights weights = RandomTemporal(2, 4, 1, seed: 2);
        Array.Clear(weights.GetTensor(GeneratorArchitecture.ConvWeightName(2)));
        Array.Clear(weights.GetTensor(GeneratorArchitecture.ConvBiasName(2)));
        var input = new PlanarImage(5, 4, weights.Architecture.InputChannels);
        var random = new Random(3);
        for (int i = 0; i < input.Data.Length; i++)
        {
            input.Data[i] = (float)random.NextDouble();
        }

        PlanarImage output = new CpuGenerator(weights).Run(input);
        for (int c = 0; c < 3; c++)
        {
            for (int y = 0; y < 8; y++)
            {
                for (int x = 0; x < 10; x++)
                {
                    int plane = GeneratorArchitecture.HistoryPlane + (c * 4) + ((y % 2) * 2) + (x % 2);
                    Assert.Equal(input[x / 2, y / 2, plane], output[x, y, c]);
                }
            }
        }
    }

    [Theory]
    [InlineData(16, 4)]
    [InlineData(32, 6)]
    public void CostsAtMostThirtyPercentMoreThanThePerFrameTwin(int channels, int blocks)
    {
        var temporal = new GeneratorArchitecture(2, channels, blocks, temporal: true);
        double ratio = (double)temporal.MacsPerInputPixel / temporal.PerFrame.MacsPerInputPixel;
        Assert.InRange(ratio, 1.0, 1.3);
        // 9·(16C + N·C² + 12C) against 9·(3C + N·C² + 12C).
        Assert.Equal(9L * ((16 * channels) + (blocks * channels * channels) + (12 * channels)), temporal.MacsPerInputPixel);
    }

    [Fact]
    public void TheModelFileRecordsTheKind()
    {
        GeneratorWeights weights = RandomTemporal(2, 4, 1, seed: 9);
        byte[] file = weights.ToSafetensors();
        GeneratorWeights read = GeneratorWeights.Load(new MemoryStream(file), "t.safetensors");
        Assert.True(read.Architecture.Temporal);
        Assert.Equal(weights.Architecture, read.Architecture);
        Assert.Equal("srvgg-temporal x2 C4 N1", read.Architecture.ToString());
        Assert.NotEqual(weights.Architecture, weights.Architecture.PerFrame);
        string header = System.Text.Encoding.UTF8.GetString(file, 8, (int)BitConverter.ToInt64(file, 0));
        Assert.Contains("\"arch\":\"srvgg_temporal\"", header, StringComparison.Ordinal);
        Assert.Contains("\"skip\":\"history\"", header, StringComparison.Ordinal);
    }

    [Fact]
    public void AZeroCorrectionIsExactlyTheAccumulation()
    {
        // The pipeline with a zero last convolution and the output history off must reproduce the TAAU frame by frame
        // (at display = 2 × render): the trainer's start, and the proof that the history round trip (replace,
        // reproject) loses nothing. With the output history on (the default), the first frame after each reset is
        // still exactly the TAAU's, and every later one lies within the TAAU frame's own 3×3 range.
        GeneratorWeights weights = RandomTemporal(2, 4, 1, seed: 4);
        Array.Clear(weights.GetTensor(GeneratorArchitecture.ConvWeightName(2)));
        Array.Clear(weights.GetTensor(GeneratorArchitecture.ConvBiasName(2)));
        var sequence = new ProceduralSequence(3, new Size2D(24, 16), 2, 6);
        var display = new Size2D(48, 32);
        var pipeline = new TemporalGeneratorReference(weights, sequence.RenderSize, display, TemporalUpscalerSettings.Default with { OutputBlend = 1f });
        var blended = new TemporalGeneratorReference(weights, sequence.RenderSize, display);
        var taau = new TemporalUpscalerReference(sequence.RenderSize, display);
        bool blendShowed = false;
        for (int t = 0; t < sequence.FrameCount; t++)
        {
            TemporalTrainingFrame frame = sequence.ReadFrame(t);
            float[] motion = TaauMethod.MotionPairs(frame.Motion);
            Image8 expected = taau.Upscale(frame.Color, motion, frame.Depth!.Data, frame.JitterX, frame.JitterY, frame.Reset);
            Image8 actual = pipeline.Upscale(frame.Color, motion, frame.Depth!.Data, frame.JitterX, frame.JitterY, frame.Reset);
            Image8 shown = blended.Upscale(frame.Color, motion, frame.Depth!.Data, frame.JitterX, frame.JitterY, frame.Reset);
            int maxDifference = MaxDifference(expected, actual);
            // The history is fed back clamped and the output differs from history only by the spatial fallback: one
            // 8-bit step of rounding at most.
            Assert.True(maxDifference <= 1, $"frame {t}: {maxDifference}");
            if (frame.Reset || t == 0)
            {
                Assert.True(MaxDifference(expected, shown) <= 1, $"frame {t} is a reset");
                continue;
            }

            for (int y = 0; y < display.Height; y++)
            {
                for (int x = 0; x < display.Width; x++)
                {
                    for (int c = 0; c < 3; c++)
                    {
                        (int lo, int hi) = NeighbourhoodRange(expected, x, y, c);
                        int s = shown[x, y, c];
                        Assert.InRange(s, lo - 1, hi + 1);
                        blendShowed |= s != expected[x, y, c];
                    }
                }
            }
        }

        Assert.True(blendShowed, "the output history never changed a frame");

        static int MaxDifference(Image8 a, Image8 b) => a.Pixels.Zip(b.Pixels, (p, q) => Math.Abs(p - q)).Max();

        // The range of channel c over the 3×3 pixels around (x, y), edge-clamped.
        static (int Lo, int Hi) NeighbourhoodRange(Image8 image, int x, int y, int c)
        {
            int lo = 255, hi = 0;
            for (int j = -1; j <= 1; j++)
            {
                for (int i = -1; i <= 1; i++)
                {
                    int v = image[Math.Clamp(x + i, 0, image.Width - 1), Math.Clamp(y + j, 0, image.Height - 1), c];
                    lo = Math.Min(lo, v);
                    hi = Math.Max(hi, v);
                }
            }

            return (lo, hi);
        }
    }

    [Fact]
    public void ProceduralMotionVectorsAreExact()
    {
        // Warping the previous reference by the motion vectors must predict the current one far better than no warp
        // (exact translation: only the disc's edges and resampling differ).
        var sequence = new ProceduralSequence(11, new Size2D(48, 32), 2, 8);
        TemporalTrainingFrame previous = sequence.ReadFrame(1), current = sequence.ReadFrame(2);
        Assert.False(current.Reset);
        var display = new Size2D(96, 64);
        float[] motion = CaptureScoring.DisplayMotion(current.Motion, display);
        Assert.Contains(motion, m => Math.Abs(m) > 0.1f);
        var previousY = Metrics.LumaImage.FromRgb(previous.Reference);
        var currentY = Metrics.LumaImage.FromRgb(current.Reference);
        double Error(float[] field)
        {
            double[] warped = CaptureScoring.Warp(previousY, field);
            double sum = 0;
            for (int i = 0; i < warped.Length; i++)
            {
                sum += Math.Abs(warped[i] - currentY.Samples[i]);
            }

            return sum;
        }

        // Bilinear warping softens hard edges, so the exact field does not reach zero; the wrong sign or no motion
        // must be clearly worse.
        double exact = Error(motion), still = Error(new float[motion.Length]), negated = Error([.. motion.Select(m => -m)]);
        Assert.True(exact < 0.7 * still && exact < 0.7 * negated, $"exact {exact:F0}, still {still:F0}, negated {negated:F0}");
    }

    [Fact]
    public void TrainingStartsAtTheAccumulationAndLowersTheLoss()
    {
        string folder = Path.Combine(Path.GetTempPath(), "gu-temporal-train-" + Guid.NewGuid().ToString("N"));
        try
        {
            var options = new TrainingOptions
            {
                Scale = 2, Channels = 4, BodyConvs = 1, Temporal = true, Iterations = 60, BatchSize = 4, PatchSize = 12,
                LearningRate = 3e-3, ProceduralSequences = 2, RefreshEvery = 20, EvalEvery = 0, Seed = 3,
            };
            TemporalGeneratorTrainer trainer = TemporalGeneratorTrainer.Create(options);
            Assert.All(trainer.CurrentWeights.GetTensor(GeneratorArchitecture.ConvWeightName(2)), v => Assert.Equal(0f, v));
            var losses = new List<double>();
            trainer.Run(Path.Combine(folder, "ck"), Path.Combine(folder, "m.safetensors"), null, TimeSpan.FromHours(1), p => losses.Add(p.Loss), reportEvery: 10);
            Assert.Equal(60, trainer.Step);
            Assert.True(losses[^1] < losses[0], $"L1 {losses[0]:G4} → {losses[^1]:G4}");
            Assert.True(GeneratorWeights.Load(Path.Combine(folder, "m.safetensors")).Architecture.Temporal);

            // A resume continues the same run.
            TrainingCheckpoint checkpoint = TrainingCheckpoint.Load(Path.Combine(folder, "ck"));
            TemporalGeneratorTrainer resumed = TemporalGeneratorTrainer.Resume(checkpoint.WithOptions(checkpoint.Options with { Iterations = 70 }));
            Assert.Equal(60, resumed.Step);
            resumed.Run(Path.Combine(folder, "ck"), null, null, TimeSpan.FromHours(1));
            Assert.Equal(70, resumed.Step);
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [Fact]
    public void ThePerFrameTwinStartsTheBodyAndTheAccumulationTheOutput()
    {
        string twin = Path.Combine(Path.GetTempPath(), "gu-twin-" + Guid.NewGuid().ToString("N") + ".safetensors");
        try
        {
            GeneratorWeights perFrame = GeneratorWeights.CreateRandom(new GeneratorArchitecture(2, 4, 1), seed: 8);
            perFrame.Save(twin);
            var options = new TrainingOptions
            {
                Scale = 2, Channels = 4, BodyConvs = 1, Temporal = true, Iterations = 1, BatchSize = 2, PatchSize = 12,
                ProceduralSequences = 1, EvalEvery = 0, InitialModel = twin,
            };
            GeneratorWeights start = TemporalGeneratorTrainer.Create(options).CurrentWeights;
            float[] first = start.GetTensor(GeneratorArchitecture.ConvWeightName(0)), twinFirst = perFrame.GetTensor(GeneratorArchitecture.ConvWeightName(0));
            int cin = start.Architecture.InputChannels;
            for (int co = 0; co < 4; co++)
            {
                for (int ci = 0; ci < cin; ci++)
                {
                    for (int tap = 0; tap < 9; tap++)
                    {
                        float expected = ci < 3 ? twinFirst[(((co * 3) + ci) * 9) + tap] : 0f;
                        Assert.Equal(expected, first[(((co * cin) + ci) * 9) + tap]);
                    }
                }
            }

            Assert.Equal(perFrame.GetTensor(GeneratorArchitecture.ConvWeightName(1)), start.GetTensor(GeneratorArchitecture.ConvWeightName(1)));
            Assert.All(start.GetTensor(GeneratorArchitecture.ConvWeightName(2)), v => Assert.Equal(0f, v));

            // Another size is refused by name.
            var wrong = options with { Channels = 8 };
            ArgumentException error = Assert.Throws<ArgumentException>(() => TemporalGeneratorTrainer.Create(wrong));
            Assert.Contains("twin", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(twin);
        }
    }

    [Fact]
    public void Still_image_first_frames_need_natural_images()
    {
        var options = new TrainingOptions { Temporal = true, StillShare = 0.25, ProceduralSequences = 1 };
        ArgumentException error = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains("--data", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>((options with { StillShare = 1.0, DataDirectories = ["x"] }).Validate);
    }

    [Fact]
    public void Only_frames_with_a_previous_frame_get_the_adversarial_gradient()
    {
        // Batch of 3: images 0 and 2 were judged (pair gradients 0 and 1), image 1 is a first frame.
        var gradient = new Tensor(3, 3, 2, 2);
        for (int i = 0; i < gradient.Data.Length; i++)
        {
            gradient.Data[i] = 0.01f * (i + 1);
        }

        float[] before = [.. gradient.Data];
        var pairGradient = new Tensor(2, 6, 2, 2);
        for (int i = 0; i < pairGradient.Data.Length; i++)
        {
            pairGradient.Data[i] = i % 2 == 0 ? 1f : -2f;
        }

        TemporalGeneratorTrainer.MixAdversarialGradient(gradient, pairGradient, [0, 2], wl1: 2f, wadv: 0.5f);
        int image = gradient.ImageLength;
        for (int b = 0; b < 3; b++)
        {
            for (int i = 0; i < image; i++)
            {
                float adversarial = b == 1 ? 0f : 0.5f * pairGradient.GetImage(b / 2)[i];
                Assert.Equal((2f * before[(b * image) + i]) + adversarial, gradient.GetImage(b)[i], 6);
            }
        }

        // A batch with no judged frame is L1 only; an adversarial gradient without its images is refused.
        var l1Only = new Tensor(1, 3, 2, 2, [.. before[..12]]);
        TemporalGeneratorTrainer.MixAdversarialGradient(l1Only, null, [], wl1: 3f, wadv: 0.5f);
        Assert.Equal(before[..12].Select(v => 3f * v), l1Only.Data);
        Assert.Throws<ArgumentException>(() => TemporalGeneratorTrainer.MixAdversarialGradient(l1Only, null, [0], 1f, 1f));
    }
}
