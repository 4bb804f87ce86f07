using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using GameUpscaler.Imaging;
using GameUpscaler.Inference;
using GameUpscaler.Models;
using GameUpscaler.Temporal;
using GameUpscaler.Tests;
using Xunit.Abstractions;

namespace GameUpscaler.Native.Tests;

/// <summary>
/// The C API on a device a C program creates itself (tests/native/gu_frames.c): frames through the per-frame and the
/// temporal generator, each checked by the program against the CPU reference (<see cref="FrameReference"/>,
/// <see cref="TemporalGeneratorReference"/>) at 50 dB or better, the validation layer silent, plus the error paths and
/// the pass timings. The reference is computed here and handed over as files; the comparison is the C program's.
/// </summary>
public sealed class FrameTests(ITestOutputHelper log)
{
    private const double MinPsnr = 50;

    [Theory]
    [InlineData(12, 8, 24, 16)]
    [InlineData(16, 12, 24, 18)]
    public void A_per_frame_generator_matches_the_cpu_reference(int renderWidth, int renderHeight, int displayWidth, int displayHeight)
    {
        var render = new Size2D(renderWidth, renderHeight);
        var display = new Size2D(displayWidth, displayHeight);
        GeneratorWeights weights = GeneratorWeights.CreateRandom(new GeneratorArchitecture(2, 8, 1), seed: 3);
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        string model = temp.File("model.safetensors");
        weights.Save(model);
        var frames = new List<string>();
        for (int t = 0; t < 2; t++)
        {
            PlanarImage color = Pattern(render, t);
            WriteRgba(temp.File($"frame{t}.color"), color);
            WriteRgba(temp.File($"frame{t}.expected"), FrameReference.Upscale(weights, color, display, 0.2f, hdr: false, hud: null));
            frames.Add($"frame 0 0 {(t == 0 ? 1 : 0)}");
        }

        string output = RunCase(temp, render, display, flags: 0, model, 0.2f, frames);
        Assert.Contains("method: generator srvgg x2 C8 N1", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(12, 8, 24, 16)]
    [InlineData(16, 12, 24, 18)]
    public void A_temporal_generator_matches_the_cpu_reference_through_a_reset(int renderWidth, int renderHeight, int displayWidth, int displayHeight)
    {
        var render = new Size2D(renderWidth, renderHeight);
        var display = new Size2D(displayWidth, displayHeight);
        GeneratorWeights weights = GeneratorWeights.CreateRandom(new GeneratorArchitecture(2, 8, 1, temporal: true), seed: 6);
        // A last convolution large enough that the network's correction shows, or the test would check only the accumulation.
        float[] last = weights.GetTensor(GeneratorArchitecture.ConvWeightName(2));
        var random = new Random(2);
        for (int i = 0; i < last.Length; i++)
        {
            last[i] = (float)(random.NextDouble() - 0.5) * 0.1f;
        }

        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        string model = temp.File("temporal.safetensors");
        weights.Save(model);
        var reference = new TemporalGeneratorReference(weights, render, display);
        int phases = TemporalJitter.GetPhaseCount(render, display);
        var frames = new List<string>();
        for (int t = 0; t < 5; t++)
        {
            bool reset = t is 0 or 3;
            (float jx, float jy) = TemporalJitter.GetOffset(t, phases);
            PlanarImage color = Pattern(render, t);
            float[] motion = new float[render.Area * 2];
            float[] depth = new float[render.Area];
            for (int i = 0; i < render.Area; i++)
            {
                // The pattern moves 0.5 pixel right and 0.25 down per frame: it was there (previous minus current).
                (motion[2 * i], motion[(2 * i) + 1]) = (-0.5f, -0.25f);
                depth[i] = 0.5f + (0.01f * (i % render.Width));
            }

            reference.Upscale(ToImage8(color), motion, depth, jx, jy, reset);
            PlanarImage expected = FrameReference.Compose(reference.LastGridOutput!, display, 0.2f, hdr: false, hud: null);
            WriteRgba(temp.File($"frame{t}.color"), ToImage8(color).ToPlanar());
            WriteFloats(temp.File($"frame{t}.motion"), motion);
            WriteFloats(temp.File($"frame{t}.depth"), depth);
            WriteRgba(temp.File($"frame{t}.expected"), expected);
            frames.Add(string.Create(CultureInfo.InvariantCulture, $"frame {jx:R} {jy:R} {(reset ? 1 : 0)}"));
        }

        string output = RunCase(temp, render, display, flags: 8, model, 0.2f, frames);
        Assert.Contains("method: temporal generator srvgg-temporal x2 C8 N1", output, StringComparison.Ordinal);
        Assert.Contains("frame 3 (reset)", output, StringComparison.Ordinal);
    }

    /// <summary>Writes case.txt, runs gu_frames on it and fails with its whole output unless every check held.</summary>
    private string RunCase(TemporaryDirectory temp, Size2D render, Size2D display, int flags, string model, float sharpness, List<string> frames)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"render {render.Width} {render.Height}");
        text.AppendLine(CultureInfo.InvariantCulture, $"display {display.Width} {display.Height}");
        text.AppendLine(CultureInfo.InvariantCulture, $"flags {flags}");
        text.AppendLine(CultureInfo.InvariantCulture, $"model {model}");
        text.AppendLine(CultureInfo.InvariantCulture, $"sharpness {sharpness:R}");
        text.AppendLine(CultureInfo.InvariantCulture, $"min_psnr {MinPsnr}");
        frames.ForEach(f => text.AppendLine(f));
        File.WriteAllText(temp.File("case.txt"), text.ToString());
        ChildProcess.Result run = ChildProcess.Run(NativeBuild.Frames, [temp.Path], timeoutSeconds: 300);
        log.WriteLine(run.Output);
        Assert.True(run.ExitCode == 0, $"gu_frames failed ({run.ExitCode}):\n{run.Output}");
        Assert.Contains($"ok: frame {frames.Count - 1}", run.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("0 failed", run.StandardOutput, StringComparison.Ordinal);
        return run.StandardOutput;
    }

    /// <summary>A smooth pattern with an edge, shifted by half a pixel per frame (alpha 1).</summary>
    private static PlanarImage Pattern(Size2D size, int t)
    {
        var image = new PlanarImage(size.Width, size.Height, 4);
        for (int y = 0; y < size.Height; y++)
        {
            for (int x = 0; x < size.Width; x++)
            {
                float wx = x - (0.5f * t), wy = y - (0.25f * t);
                float v = 0.5f + (0.4f * MathF.Sin(wx * 1.3f) * MathF.Cos(wy * 0.9f));
                image[x, y, 0] = v;
                image[x, y, 1] = wx > 5 ? 0.9f : 0.2f;
                image[x, y, 2] = 1 - v;
                image[x, y, 3] = 1;
            }
        }

        return image;
    }

    private static Image8 ToImage8(PlanarImage rgba)
    {
        var image = new Image8(rgba.Width, rgba.Height, 3);
        for (int y = 0; y < rgba.Height; y++)
        {
            for (int x = 0; x < rgba.Width; x++)
            {
                for (int c = 0; c < 3; c++)
                {
                    image.Pixels[(3 * ((y * rgba.Width) + x)) + c] = (byte)Math.Round(255 * Math.Clamp(rgba[x, y, c], 0, 1));
                }
            }
        }

        return image;
    }

    /// <summary>RGBA planes as interleaved RGBA floats (alpha 1 where the image has 3 planes).</summary>
    private static void WriteRgba(string path, PlanarImage image)
    {
        float[] data = new float[image.PlaneLength * 4];
        for (int i = 0; i < image.PlaneLength; i++)
        {
            for (int c = 0; c < 4; c++)
            {
                data[(4 * i) + c] = c < image.Channels ? image.Data[(c * image.PlaneLength) + i] : 1f;
            }
        }

        WriteFloats(path, data);
    }

    private static void WriteFloats(string path, float[] data) => File.WriteAllBytes(path, MemoryMarshal.AsBytes(data.AsSpan()).ToArray());
}
