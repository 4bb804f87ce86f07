using GameUpscaler.Imaging;
using GameUpscaler.Temporal;

namespace GameUpscaler.Vulkan.Tests;

/// <summary>
/// taau.comp against the CPU reference (<see cref="TemporalUpscalerReference"/>) over a short sequence with camera
/// motion, an object moving on its own over depth, and a reset: the GPU runs on its own history, so drift between
/// the two would grow frame by frame. Tolerance: output and history within 50 dB PSNR of the reference (fp32 on both;
/// the differences are exp/sqrt ulps and the rare sample that lands on the other side of a clip or floor).
/// </summary>
[Collection("Vulkan")]
public sealed class TemporalPassTests(VulkanFixture fixture)
{
    internal static readonly Size2D Render = new(24, 16);
    internal static readonly Size2D Display = new(48, 32);

    [Fact]
    public void Taau_matches_the_cpu_reference_frame_after_frame()
    {
        var reference = new TemporalUpscalerReference(Render, Display);
        TemporalUpscalerSettings settings = TemporalUpscalerSettings.Default;
        int displayPixels = Display.Width * Display.Height, renderPixels = Render.Width * Render.Height;
        float[] history = new float[displayPixels * 4];
        float[] previousDepth = new float[renderPixels];
        bool hasHistory = false;
        for (int frame = 0; frame < 6; frame++)
        {
            bool reset = frame is 0 or 4;
            (float jx, float jy) = TemporalJitter.GetOffset(frame, TemporalJitter.GetPhaseCount(Render, Display));
            (Image8 color, float[] motion, float[] depth) = Frame(frame);
            _ = reference.Upscale(color, motion, depth, jx, jy, reset);

            float[] rgba = new float[renderPixels * 4];
            for (int i = 0; i < renderPixels; i++)
            {
                for (int c = 0; c < 3; c++)
                {
                    rgba[(4 * i) + c] = color.Pixels[(3 * i) + c] / 255f;
                }
            }

            var inputs = TemporalPass.Inputs.Depth | (hasHistory && !reset ? TemporalPass.Inputs.History | TemporalPass.Inputs.PreviousDepth : 0);
            uint[] push = TemporalPass.PushConstants(Render, Display, jx, jy, inputs, settings);
            (uint, uint, uint) groups = ((uint)((Display.Width + 7) / 8), (uint)((Display.Height + 7) / 8), 1);
            PassRunner.Binding[] bindings =
            [
                new(Floats: rgba), new(Floats: motion), new(Floats: depth), new(Floats: previousDepth), new(Floats: history),
                new(OutputBytes: displayPixels * 16), new(OutputBytes: displayPixels * 16),
            ];
            float[] output = PassRunner.AsFloats(PassRunner.Run(fixture.Device, TemporalPass.Shader, [], push, groups, bindings, 6), false, displayPixels * 4);
            float[] nextHistory = PassRunner.AsFloats(PassRunner.Run(fixture.Device, TemporalPass.Shader, [], push, groups, bindings, 5), false, displayPixels * 4);

            AssertClose(reference.LastOutput, Rgb(output), $"frame {frame} output");
            AssertClose(reference.HistoryColor, Rgb(nextHistory), $"frame {frame} history");
            float[] weights = [.. Enumerable.Range(0, displayPixels).Select(i => nextHistory[(4 * i) + 3])];
            TestData.AssertClose(reference.HistoryWeight, weights, 1e-3, $"frame {frame} history weight");

            history = nextHistory;
            previousDepth = depth;
            hasHistory = true;
        }

        fixture.AssertValidationSilent();
    }

    [Fact]
    public void The_offline_vulkan_upscaler_gives_the_cpu_references_bytes_within_one_step()
    {
        var reference = new TemporalUpscalerReference(Render, Display);
        using var vulkan = new VulkanTemporalUpscaler(fixture.Device, Render, Display);
        for (int frame = 0; frame < 6; frame++)
        {
            bool reset = frame is 0 or 4;
            (float jx, float jy) = TemporalJitter.GetOffset(frame, TemporalJitter.GetPhaseCount(Render, Display));
            (Image8 color, float[] motion, float[] depth) = Frame(frame);
            byte[] expected = reference.Upscale(color, motion, depth, jx, jy, reset).Pixels;
            byte[] actual = vulkan.Upscale(color, motion, depth, jx, jy, reset).Pixels;
            int worst = expected.Zip(actual).Max(z => Math.Abs(z.First - z.Second));
            Assert.True(worst <= 1, $"frame {frame}: a byte differs by {worst}");
        }

        Assert.Throws<ArgumentException>(() => vulkan.Upscale(new Image8(8, 8, 3), new float[Render.Width * Render.Height * 2], [], 0, 0, false));
        fixture.AssertValidationSilent();
    }

    /// <summary>A textured background panning by (0.3, −0.2) render pixels per frame, a nearer block moving by (−1, 0.5).</summary>
    internal static (Image8 Color, float[] Motion, float[] Depth) Frame(int t)
    {
        var color = new Image8(Render.Width, Render.Height, 3);
        float[] motion = new float[Render.Width * Render.Height * 2];
        float[] depth = new float[Render.Width * Render.Height];
        float bx = 4 + (1f * t), by = 5 - (0.5f * t);
        for (int y = 0; y < Render.Height; y++)
        {
            for (int x = 0; x < Render.Width; x++)
            {
                int i = (y * Render.Width) + x;
                bool block = x >= bx && x < bx + 7 && y >= by && y < by + 6;
                float wx = x + (0.3f * t), wy = y - (0.2f * t);
                float v = block ? 0.8f : 0.5f + (0.4f * MathF.Sin(wx * 1.7f) * MathF.Cos(wy * 1.3f));
                color.Pixels[3 * i] = (byte)(255 * v);
                color.Pixels[(3 * i) + 1] = (byte)(255 * (block ? 0.2f : 1 - v));
                color.Pixels[(3 * i) + 2] = (byte)(255 * ((((x + y) & 3) == 0) ? 0.9f : 0.3f));
                motion[2 * i] = block ? -1f : 0.3f;
                motion[(2 * i) + 1] = block ? 0.5f : -0.2f;
                depth[i] = block ? 2f : 10f;
            }
        }

        return (color, motion, depth);
    }

    private static float[] Rgb(float[] rgba) => [.. Enumerable.Range(0, rgba.Length / 4).SelectMany(i => new[] { rgba[4 * i], rgba[(4 * i) + 1], rgba[(4 * i) + 2] })];

    private static void AssertClose(ReadOnlySpan<float> expected, float[] actual, string what)
    {
        double sum = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            double d = expected[i] - actual[i];
            sum += d * d;
        }

        double psnr = sum == 0 ? double.PositiveInfinity : 10 * Math.Log10(actual.Length / sum);
        Assert.True(psnr >= 50, $"{what}: {psnr:F1} dB against the CPU reference");
    }
}
