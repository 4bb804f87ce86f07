using GameUpscaler.Imaging;
using GameUpscaler.Resampling;

namespace GameUpscaler.Vulkan.Tests;

/// <summary>The output-side passes on their own: resample.comp against OutputResampler, finish.comp against the sharpener and HUD rule.</summary>
[Collection("Vulkan")]
public sealed class PassTests(VulkanFixture fixture)
{
    [Theory]
    [InlineData(20, 14, 30, 21)]   // enlarge 1.5x
    [InlineData(32, 24, 27, 20)]   // shrink (x2 network in Balanced mode)
    [InlineData(9, 9, 31, 13)]     // different ratios per axis
    public void Resample_matches_OutputResampler(int sw, int sh, int tw, int th)
    {
        PlanarImage source = TestData.Image(sw, sh, 4, seed: 41);
        PlanarImage expected = OutputResampler.Resample(source, tw, th);
        byte[] result = PassRunner.Run(
            fixture.Device, "resample", [], [(uint)sw, (uint)sh, (uint)tw, (uint)th], ((uint)((tw + 7) / 8), (uint)((th + 7) / 8), 1),
            [new(Floats: Interleave(source)), new(OutputBytes: tw * th * 16)], 1);
        PlanarImage actual = VulkanOfflineUpscaler.FromRgba32(result, new Size2D(tw, th));
        TestData.AssertClose(expected.Data, actual.Data, TestData.Fp32Tolerance, $"resample {sw}x{sh}->{tw}x{th}");
        fixture.AssertValidationSilent();
    }

    [Theory]
    [InlineData(0f, false)]
    [InlineData(0.5f, false)]
    [InlineData(1f, true)]
    public void Finish_matches_sharpener_and_hud_rule(float sharpness, bool withHud)
    {
        const int width = 21, height = 13;
        PlanarImage source = TestData.Image(width, height, 3, seed: 42);
        PlanarImage? hud = withHud ? GeneratorTests.PremultipliedHud(new Size2D(width, height), seed: 43) : null;
        PlanarImage expected = Inference.FrameReference.Compose(source, new Size2D(width, height), sharpness, hdr: false, hud);
        byte[] hudWords = hud is null ? new byte[16] : VulkanOfflineUpscaler.ToRgba32(hud);
        byte[] result = PassRunner.Run(
            fixture.Device, "finish", [],
            [width, height, BitConverter.SingleToUInt32Bits(sharpness), 0, (uint)UpscalerFormat.R32G32B32A32Float, withHud ? (uint)UpscalerFormat.R32G32B32A32Float : 0],
            ((width + 7) / 8, (height + 7) / 8, 1),
            [new(Floats: Interleave(source)), new(Words: ToWords(hudWords)), new(OutputBytes: width * height * 16)], 2);
        PlanarImage actual = VulkanOfflineUpscaler.FromRgba32(result, new Size2D(width, height));
        TestData.AssertClose(expected.Data, actual.Data, TestData.Fp32Tolerance, $"finish sharpness {sharpness} hud {withHud}");
        fixture.AssertValidationSilent();
    }

    private static float[] Interleave(PlanarImage image)
    {
        byte[] bytes = VulkanOfflineUpscaler.ToRgba32(image);
        var floats = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, floats, 0, bytes.Length);
        return floats;
    }

    private static uint[] ToWords(byte[] bytes)
    {
        var words = new uint[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, words, 0, bytes.Length);
        return words;
    }
}

/// <summary>input.comp on its own: every format decoded, HDR tonemapped, into the tensor's block 0.</summary>
[Collection("Vulkan")]
public sealed class InputPassTests(VulkanFixture fixture)
{
    [Theory]
    [InlineData(UpscalerFormat.R8G8B8A8Unorm, false)]
    [InlineData(UpscalerFormat.B8G8R8A8Srgb, false)]
    [InlineData(UpscalerFormat.R16G16B16A16Float, true)]
    [InlineData(UpscalerFormat.R32G32B32A32Float, true)]
    [InlineData(UpscalerFormat.R32G32B32A32Float, false)]
    public void Input_pass_decodes_and_tonemaps(UpscalerFormat format, bool hdr)
    {
        const int width = 13, height = 9;
        var size = new Size2D(width, height);
        PlanarImage color = TestData.Image(width, height, 4, seed: 51, low: 0f, high: hdr ? 6f : 1f);
        byte[] bytes = FormatTests.Encode(color, format);
        PlanarImage decoded = FormatTests.Decode(bytes, format, size);
        PlanarImage expected = Inference.FrameReference.PrepareInput(decoded, hdr);
        var words = new uint[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, words, 0, bytes.Length);
        foreach (bool half in new[] { false, true })
        {
            byte[] result = PassRunner.Run(
                fixture.Device, half ? "input_sfp16" : "input_fp32", [], [width, height, (uint)format, hdr ? 1u : 0u], (2, 2, 1),
                [new(Words: words), new(OutputBytes: width * height * (half ? 8 : 16))], 1);
            float[] tensor = PassRunner.AsFloats(result, half, width * height * 4);
            float[] actual = ConvPassTests.FromBlocks(tensor, 3, width, height);
            TestData.AssertClose(expected.Data, actual, half ? 1e-3 : TestData.Fp32Tolerance, $"input {format} hdr {hdr} fp16 {half}");
            Assert.All(Enumerable.Range(0, width * height), i => Assert.Equal(0f, tensor[(i * 4) + 3])); // lane 3 is padding
        }

        fixture.AssertValidationSilent();
    }
}

/// <summary>spatial.comp on its own against SpatialUpscaler.UpscaleInto (no sharpening).</summary>
[Collection("Vulkan")]
public sealed class SpatialPassTests(VulkanFixture fixture)
{
    [Theory]
    [InlineData(16, 12, 24, 18)]
    [InlineData(15, 11, 31, 23)]
    [InlineData(12, 12, 12, 12)] // same size: an exact copy
    public void Spatial_pass_matches_SpatialUpscaler(int sw, int sh, int tw, int th)
    {
        PlanarImage source = TestData.Structured(sw, sh, seed: 61);
        var expected = new PlanarImage(tw, th, 3);
        SpatialUpscaler.UpscaleInto(source, expected);
        byte[] input = VulkanOfflineUpscaler.ToRgba32(source);
        var floats = new float[input.Length / 4];
        Buffer.BlockCopy(input, 0, floats, 0, input.Length);
        byte[] result = PassRunner.Run(
            fixture.Device, "spatial", [], [(uint)sw, (uint)sh, (uint)tw, (uint)th], ((uint)((tw + 7) / 8), (uint)((th + 7) / 8), 1),
            [new(Floats: floats), new(OutputBytes: tw * th * 16)], 1);
        PlanarImage actual = VulkanOfflineUpscaler.FromRgba32(result, new Size2D(tw, th));
        TestData.AssertClose(expected.Data, actual.Data.AsSpan(0, 3 * tw * th), TestData.Fp32Tolerance, $"spatial {sw}x{sh}->{tw}x{th}");
        fixture.AssertValidationSilent();
    }
}
