using GameUpscaler.Imaging;
using GameUpscaler.Models;

namespace GameUpscaler.Vulkan.Tests;

/// <summary>The offline comparison's U-Net generator has no Vulkan passes: a context refuses it by name, not by a crash.</summary>
[Collection("Vulkan")]
public sealed class UNetGeneratorRefusalTests(VulkanFixture fixture)
{
    [Fact]
    public void A_unet_generator_is_refused_as_an_invalid_model_that_names_where_it_runs()
    {
        GeneratorWeights unet = GeneratorWeights.CreateRandom(new GeneratorArchitecture(2, 4, 1, backbone: NetworkBackbone.UNet), seed: 1);
        using var vulkan = new VulkanOfflineUpscaler(fixture.Device, unet, VulkanPermutation.Float32);
        var image = new PlanarImage(16, 12, 3);
        byte[] pixels = VulkanOfflineUpscaler.EncodePixels(image, UpscalerFormat.R32G32B32A32Float);
        var error = Assert.Throws<UpscalerException>(() => vulkan.Run(pixels, UpscalerFormat.R32G32B32A32Float, new Size2D(16, 12), new Size2D(32, 24), UpscalerFormat.R32G32B32A32Float));
        Assert.Equal(UpscalerErrorCode.InvalidModel, error.ErrorCode);
        Assert.Contains("U-Net", error.Message, StringComparison.Ordinal);
    }
}
