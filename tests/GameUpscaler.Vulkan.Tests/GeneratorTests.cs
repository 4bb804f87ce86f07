using GameUpscaler.Imaging;
using GameUpscaler.Inference;
using GameUpscaler.Models;
using GameUpscaler.Resampling;
using Silk.NET.Vulkan;

namespace GameUpscaler.Vulkan.Tests;

/// <summary>
/// Whole frames through <see cref="VulkanUpscalerContext"/> (recorded into a command buffer as a host would)
/// against <see cref="FrameReference"/>: every permutation, ×2 and ×3 models, integer and non-integer ratios.
/// </summary>
[Collection("Vulkan")]
public sealed class GeneratorTests(VulkanFixture fixture)
{
    public static TheoryData<VulkanPermutation, int, double> FrameCases()
    {
        var data = new TheoryData<VulkanPermutation, int, double>();
        foreach (VulkanPermutation p in Enum.GetValues<VulkanPermutation>())
        {
            data.Add(p, 2, 2.0);   // Performance: the model's own scale, no resample
            data.Add(p, 3, 3.0);   // Ultra Performance with a ×3 model
            data.Add(p, 2, 1.5);   // Quality: ×2 network, then shrink
            data.Add(p, 2, 1.7);   // Balanced
            data.Add(p, 3, 1.7);   // Balanced with a ×3 model
            data.Add(p, 2, 3.0);   // Ultra Performance with a ×2 model: enlarge after the network
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(FrameCases))]
    public void Generator_frame_matches_cpu_reference(VulkanPermutation permutation, int scale, double ratio)
    {
        GeneratorWeights weights = RandomModel(scale, channels: 8, bodyConvs: 2, seed: scale);
        var display = new Size2D(30, 22);
        Size2D render = QualityModes.GetRenderResolution(ratio, display);
        PlanarImage color = TestData.Image(render.Width, render.Height, 3, seed: 11);

        PlanarImage expected = FrameReference.Upscale(weights, color, display, 0f, hdr: false, hud: null);
        using var upscaler = new VulkanOfflineUpscaler(fixture.Device, weights, permutation);
        PlanarImage actual = upscaler.Upscale(color, display);
        Assert.Equal(permutation, upscaler.Context!.Permutation);
        TestData.AssertClose(expected.Data, actual.Data, TestData.Tolerance(permutation), $"{weights.Architecture} {permutation} ratio {ratio} {render}->{display}");
        fixture.AssertValidationSilent();
    }

    [Theory]
    [InlineData(VulkanPermutation.Float32)]
    [InlineData(VulkanPermutation.Float16StorageAndArithmetic)]
    public void Sharpening_hud_and_hdr_match_cpu_reference(VulkanPermutation permutation)
    {
        GeneratorWeights weights = RandomModel(2, channels: 4, bodyConvs: 1, seed: 5);
        var display = new Size2D(24, 18);
        Size2D render = QualityModes.GetRenderResolution(QualityMode.Quality, display);
        PlanarImage color = TestData.Image(render.Width, render.Height, 3, seed: 12, low: 0f, high: 4f);
        PlanarImage hud = PremultipliedHud(display, seed: 13);

        PlanarImage expected = FrameReference.Upscale(weights, color, display, 0.6f, hdr: true, hud);
        using var upscaler = new VulkanOfflineUpscaler(fixture.Device, weights, permutation);
        PlanarImage actual = upscaler.Upscale(color, display, 0.6f, hdr: true, hud);

        // HDR values are unbounded: compare relative to the magnitude (1e-4 of max(1, |value|) for fp32).
        double tolerance = TestData.Tolerance(permutation);
        for (int i = 0; i < expected.Data.Length; i++)
        {
            double allowed = tolerance * Math.Max(1.0, Math.Abs(expected.Data[i]));
            Assert.True(Math.Abs(expected.Data[i] - actual.Data[i]) <= allowed, $"element {i}: expected {expected.Data[i]}, got {actual.Data[i]}");
        }

        fixture.AssertValidationSilent();
    }

    [Theory]
    [InlineData(1.5, 0f)]
    [InlineData(2.0, 0.4f)]
    [InlineData(1.7, 1f)]
    public void Spatial_fallback_matches_cpu_reference(double ratio, float sharpness)
    {
        var display = new Size2D(34, 26);
        Size2D render = QualityModes.GetRenderResolution(ratio, display);
        PlanarImage color = TestData.Structured(render.Width, render.Height, seed: 21);

        PlanarImage expected = SpatialUpscaler.Upscale(color, display.Width, display.Height, sharpness);
        using var upscaler = new VulkanOfflineUpscaler(fixture.Device, weights: null);
        PlanarImage actual = upscaler.Upscale(color, display, sharpness);
        Assert.True(upscaler.Context!.IsSpatialFallback);
        TestData.AssertClose(expected.Data, actual.Data.AsSpan(0, 3 * actual.PlaneLength), TestData.Fp32Tolerance, $"spatial ratio {ratio} sharpness {sharpness}");
        fixture.AssertValidationSilent();
    }

    [Theory]
    [InlineData(VulkanPermutation.Float32)]
    [InlineData(VulkanPermutation.Float16Storage)]
    public unsafe void Dynamic_resolution_reuses_one_context(VulkanPermutation permutation)
    {
        // Render sizes below the maximum change push constants only: one context, frames of different sizes, each
        // matching the reference (and no stale data from the larger frame leaking into the smaller one).
        GeneratorWeights weights = RandomModel(2, channels: 4, bodyConvs: 1, seed: 9);
        VulkanDevice device = fixture.Device;
        var display = new Size2D(32, 24);
        var max = new Size2D(16, 12);
        using var context = VulkanUpscalerContext.Create(device, new UpscalerContextDescription(max, display), weights, permutation,
            new VulkanImageLayouts(GpuImage.ShaderReadOnlyLayout, (uint)ImageLayout.TransferSrcOptimal));
        Assert.Equal(max, context.GetRenderResolution(QualityMode.Performance));
        Assert.Equal(max, context.GetRenderResolution(QualityMode.NativeAA)); // limited to the maximum
        using var colorImage = new GpuImage(device, UpscalerFormat.R32G32B32A32Float, max, "dynamic color");
        using var outputImage = new GpuImage(device, UpscalerFormat.R32G32B32A32Float, display, "dynamic output");
        using var upload = new GpuBuffer(device, (ulong)colorImage.ByteCount, "dynamic upload", hostVisible: true);
        using var download = new GpuBuffer(device, (ulong)outputImage.ByteCount, "dynamic download", hostVisible: true);
        foreach (Size2D render in new[] { max, new Size2D(11, 9), max, new Size2D(13, 12) })
        {
            // The colour image stays max-size; only its top-left render-size region is meaningful.
            PlanarImage frame = TestData.Image(max.Width, max.Height, 3, seed: render.Width * 100 + render.Height);
            upload.Upload<byte>(VulkanOfflineUpscaler.ToRgba32(frame));
            device.SubmitAndWait(cb =>
            {
                colorImage.RecordUpload(cb, upload);
                context.Dispatch(new UpscalerDispatchDescription(cb, colorImage.AsResource(), outputImage.AsResource(), render) { Sharpness = 0f });
                ComputePass.Barrier(device.Api, cb, PipelineStageFlags.AllCommandsBit, AccessFlags.MemoryWriteBit,
                    PipelineStageFlags.TransferBit, AccessFlags.TransferReadBit);
                outputImage.RecordDownload(cb, download);
                ComputePass.Barrier(device.Api, cb, PipelineStageFlags.TransferBit, AccessFlags.TransferWriteBit,
                    PipelineStageFlags.HostBit, AccessFlags.HostReadBit);
            });

            var region = new PlanarImage(render.Width, render.Height, 3);
            for (int c = 0; c < 3; c++)
            {
                for (int y = 0; y < render.Height; y++)
                {
                    for (int x = 0; x < render.Width; x++)
                    {
                        region[x, y, c] = frame[x, y, c];
                    }
                }
            }

            PlanarImage expected = FrameReference.Upscale(weights, region, display, 0f, hdr: false, hud: null);
            PlanarImage actual = VulkanOfflineUpscaler.FromRgba32(new ReadOnlySpan<byte>(download.Mapped, outputImage.ByteCount), display);
            TestData.AssertClose(expected.Data, actual.Data, TestData.Tolerance(permutation), $"render {render} of max {max}, {permutation}");
        }

        fixture.AssertValidationSilent();
    }

    internal static GeneratorWeights RandomModel(int scale, int channels, int bodyConvs, int seed)
    {
        var weights = GeneratorWeights.CreateRandom(new GeneratorArchitecture(scale, channels, bodyConvs), seed);
        var random = new Random(seed);
        foreach ((string name, float[] values) in weights.Tensors)
        {
            if (name.EndsWith(".bias", StringComparison.Ordinal))
            {
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = (random.NextSingle() - 0.5f) * 0.1f;
                }
            }
            else if (values.Length == channels && !name.EndsWith(".bias", StringComparison.Ordinal))
            {
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = random.NextSingle() * 0.5f; // PReLU slopes
                }
            }
        }

        return weights;
    }

    internal static PlanarImage PremultipliedHud(Size2D size, int seed)
    {
        var hud = TestData.Image(size.Width, size.Height, 4, seed);
        int n = hud.PlaneLength;
        for (int i = 0; i < n; i++)
        {
            float alpha = i % 3 == 0 ? 0f : hud.Data[(3 * n) + i];
            hud.Data[(3 * n) + i] = alpha;
            for (int c = 0; c < 3; c++)
            {
                hud.Data[(c * n) + i] *= alpha;
            }
        }

        return hud;
    }
}
