using System.Numerics;
using System.Runtime.InteropServices;
using GameUpscaler.Imaging;
using GameUpscaler.Models;
using GameUpscaler.Temporal;

namespace GameUpscaler.Vulkan.Tests;

/// <summary>
/// A temporal generator inside <see cref="VulkanUpscalerContext"/>: the passes (taau on the grid, temporal generator
/// input, convolutions, reconstruct with the accumulation as skip and the corrected history) against the CPU reference
/// (<see cref="TemporalGeneratorReference"/>) frame by frame, through resets, at a ratio of 2 and at a non-integer one.
/// </summary>
[Collection("Vulkan")]
public sealed class TemporalGeneratorContextTests(VulkanFixture fixture)
{
    private static readonly Size2D Render = TemporalPassTests.Render;

    /// <summary>A random temporal generator with a last convolution large enough that its correction shows.</summary>
    internal static GeneratorWeights Model()
    {
        var weights = GeneratorWeights.CreateRandom(new GeneratorArchitecture(2, 8, 1, temporal: true), seed: 6);
        float[] last = weights.GetTensor(GeneratorArchitecture.ConvWeightName(2));
        var random = new Random(2);
        for (int i = 0; i < last.Length; i++)
        {
            last[i] = (float)(random.NextDouble() - 0.5) * 0.1f;
        }

        return weights;
    }

    [Theory]
    [InlineData(48, 32)]
    [InlineData(36, 24)]
    public void The_passes_match_the_cpu_reference_through_resets(int displayWidth, int displayHeight)
    {
        var display = new Size2D(displayWidth, displayHeight);
        GeneratorWeights weights = Model();
        var reference = new TemporalGeneratorReference(weights, Render, display);
        // The same without the output history: the Vulkan frames must be far closer to the reference than this is,
        // or the temporal output pass could be skipped unnoticed.
        var unblended = new TemporalGeneratorReference(weights, Render, display, TemporalUpscalerSettings.Default with { OutputBlend = 1f });
        double blendEffect = double.PositiveInfinity;
        using var vulkan = new VulkanOfflineUpscaler(fixture.Device, weights, VulkanPermutation.Float32) { Temporal = true };
        double worst = double.PositiveInfinity;
        double correction = 0;
        for (int t = 0; t < 6; t++)
        {
            bool reset = t is 0 or 4;
            (Image8 color, float[] motion, float[] depth) = TemporalPassTests.Frame(t);
            (float jx, float jy) = TemporalJitter.GetOffset(t, TemporalJitter.GetPhaseCount(Render, display));
            reference.Upscale(color, motion, depth, jx, jy, reset);
            unblended.Upscale(color, motion, depth, jx, jy, reset);
            PlanarImage grid = reference.LastGridOutput!;
            blendEffect = Math.Min(blendEffect, Psnr(grid.Data, unblended.LastGridOutput!.Data));
            PlanarImage expected = grid.Width == display.Width ? grid : Resampling.OutputResampler.Resample(grid, display.Width, display.Height);
            byte[] bytes = vulkan.Run(Rgba(color), UpscalerFormat.R32G32B32A32Float, Render, display, UpscalerFormat.R32G32B32A32Float,
                temporal: new OfflineTemporalInputs(motion, depth, new Vector2(jx, jy), reset));
            float[] actual = MemoryMarshal.Cast<byte, float>(bytes).ToArray();
            double sum = 0;
            for (int i = 0; i < display.Area; i++)
            {
                for (int c = 0; c < 3; c++)
                {
                    double d = expected[i % display.Width, i / display.Width, c] - actual[(4 * i) + c];
                    sum += d * d;
                }
            }

            double psnr = sum == 0 ? double.PositiveInfinity : 10 * Math.Log10(display.Area * 3 / sum);
            worst = Math.Min(worst, psnr);
            Assert.True(psnr >= 50, $"frame {t}: {psnr:F1} dB against the CPU reference");

            // The network must have changed something, or the comparison would only test the accumulation.
            PlanarImage input = reference.LastInput!;
            for (int i = 0; i < grid.PlaneLength; i++)
            {
                int x = i % grid.Width, y = i / grid.Width;
                correction = Math.Max(correction, Math.Abs(grid[x, y, 0] - input[x / 2, y / 2, GeneratorArchitecture.HistoryPlane + ((y % 2) * 2) + (x % 2)]));
            }
        }

        Assert.True(correction > 0.01, $"the network's largest correction is {correction:G3}");
        Assert.True(blendEffect < worst - 10, $"the output history changes the output only to {blendEffect:F1} dB; the passes match to {worst:F1} dB");
        Assert.True(vulkan.Context!.IsTemporal);
        fixture.AssertValidationSilent();
    }

    private static double Psnr(float[] a, float[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            double d = a[i] - b[i];
            sum += d * d;
        }

        return sum == 0 ? double.PositiveInfinity : 10 * Math.Log10(a.Length / sum);
    }

    [Fact]
    public void A_temporal_generator_without_temporal_inputs_is_refused_by_name()
    {
        using var vulkan = new VulkanOfflineUpscaler(fixture.Device, Model(), VulkanPermutation.Float32);
        (Image8 color, _, _) = TemporalPassTests.Frame(0);
        var error = Assert.Throws<UpscalerException>(() => vulkan.Run(Rgba(color), UpscalerFormat.R32G32B32A32Float, Render, new Size2D(48, 32), UpscalerFormat.R32G32B32A32Float));
        Assert.Equal(UpscalerErrorCode.FeatureNotSupported, error.ErrorCode);
        Assert.Contains("temporal generator", error.Message, StringComparison.Ordinal);
    }

    private static byte[] Rgba(Image8 color) => VulkanOfflineUpscaler.EncodePixels(color.ToPlanar(), UpscalerFormat.R32G32B32A32Float);
}
