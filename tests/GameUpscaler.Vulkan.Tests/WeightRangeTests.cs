using GameUpscaler.Imaging;
using GameUpscaler.Inference;
using GameUpscaler.Models;

namespace GameUpscaler.Vulkan.Tests;

/// <summary>
/// Weights beyond the fp16 range (±65,504) would become ±∞ in an fp16 permutation and saturate the output where the
/// CPU reference does not: the context runs such a model in fp32, says so, and matches the reference.
/// </summary>
[Collection("Vulkan")]
public sealed class WeightRangeTests(VulkanFixture fixture)
{
    [Fact]
    public void Weights_beyond_fp16_make_an_fp16_request_run_in_fp32_and_match_the_cpu_reference()
    {
        GeneratorWeights weights = GeneratorTests.RandomModel(2, channels: 8, bodyConvs: 2, seed: 4);
        // Large but representable in fp32: each body weight scaled so the largest is 7e4, the output's bias kept sane.
        float[] body = weights.GetTensor(GeneratorArchitecture.ConvWeightName(1));
        float largest = body.Max(MathF.Abs);
        for (int i = 0; i < body.Length; i++)
        {
            body[i] *= 7e4f / largest;
        }

        Assert.False(weights.FitsFloat16());
        var display = new Size2D(24, 18);
        PlanarImage color = TestData.Image(12, 9, 3, seed: 3);
        PlanarImage expected = FrameReference.Upscale(weights, color, display, 0f, hdr: false, hud: null);

        var messages = new List<UpscalerMessage>();
        using var upscaler = new VulkanOfflineUpscaler(fixture.Device, weights) { Precision = UpscalerPrecision.Float16, MessageCallback = messages.Add };
        PlanarImage actual = upscaler.Upscale(color, display);

        Assert.Equal(VulkanPermutation.Float32, upscaler.Context!.Permutation);
        UpscalerMessage warning = Assert.Single(messages, m => m.Severity == UpscalerMessageSeverity.Warning);
        Assert.Contains("beyond the fp16 range", warning.Text, StringComparison.Ordinal);
        // Values reach the thousands (the frame is not clamped before the output format), so fp32 rounding is relative
        // to the frame's magnitude: fp32's tolerance times the largest value.
        double scale = Math.Max(1.0, expected.Data.Max(MathF.Abs));
        TestData.AssertClose(expected.Data, actual.Data, TestData.Fp32Tolerance * scale, "fp16 requested, fp32 run");
        fixture.AssertValidationSilent();
    }

    [Fact]
    public void Weights_within_fp16_keep_the_requested_precision()
    {
        GeneratorWeights weights = GeneratorTests.RandomModel(2, channels: 4, bodyConvs: 1, seed: 5);
        Assert.True(weights.FitsFloat16());
        Assert.True(fixture.Device.Float16Storage, "lavapipe has 16-bit storage; the fp16 permutations are tested on it");
        using var upscaler = new VulkanOfflineUpscaler(fixture.Device, weights) { Precision = UpscalerPrecision.Float16 };
        upscaler.Upscale(TestData.Image(8, 8, 3, seed: 1), new Size2D(16, 16));
        Assert.NotEqual(VulkanPermutation.Float32, upscaler.Context!.Permutation);
    }
}
