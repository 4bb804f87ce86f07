using GameUpscaler.Imaging;
using GameUpscaler.Inference;
using GameUpscaler.Models;
using GameUpscaler.Models.Ncnn;
using GameUpscaler.OnnxRuntime;
using GameUpscaler.Vulkan;

namespace GameUpscaler.OnnxRuntime.Tests;

/// <summary>
/// An imported third-party model (realesr-animevideov3 ×4, C=64, N=16) on all three backends: our CPU reference,
/// ONNX Runtime's CPU provider and our Vulkan shaders (lavapipe in CI, validation on), pairwise PSNR ≥ 45 dB.
/// The frame is small because lavapipe is a CPU device; the model is the full-size one.
/// </summary>
public sealed class CrossBackendTests
{
    private static readonly Lazy<GeneratorWeights> AnimeVideo = new(() => NcnnImporter.Import(TestPaths.AnimeVideoParam, TestPaths.AnimeVideoBin));

    [Theory]
    [InlineData(VulkanPermutation.Float32)]
    [InlineData(VulkanPermutation.Float16StorageAndArithmetic)]
    public void Imported_animevideov3_agrees_on_cpu_onnx_runtime_and_vulkan(VulkanPermutation permutation)
    {
        GeneratorWeights weights = AnimeVideo.Value;
        PlanarImage input = TestImages.Scene(24, 16);
        var display = new Size2D(input.Width * 4, input.Height * 4);

        PlanarImage cpu = Rgb(new CpuGenerator(weights).Run(input));
        PlanarImage ort;
        using (var onnx = new OnnxGenerator(weights, new OnnxRuntimeOptions { ExecutionProvider = OnnxExecutionProvider.Cpu, IntraOpThreads = 1 }))
        {
            ort = Rgb(onnx.Run(input));
        }

        PlanarImage vulkan;
        using (VulkanDevice device = VulkanDevice.Create(new VulkanDeviceOptions { EnableValidation = true }))
        {
            using (var upscaler = new VulkanOfflineUpscaler(device, weights, permutation))
            {
                vulkan = Rgb(upscaler.Upscale(input, display));
            }

            Assert.True(device.ValidationMessages.Count == 0, "Validation layer reported:\n" + string.Join("\n", device.ValidationMessages));
        }

        (string Pair, double Psnr)[] pairs =
        [
            ("cpu/ort", TestImages.Psnr(cpu, ort)), ("cpu/vulkan", TestImages.Psnr(cpu, vulkan)), ("ort/vulkan", TestImages.Psnr(ort, vulkan)),
        ];
        Assert.True(pairs.All(p => p.Psnr >= 45), $"{permutation}: " + string.Join(", ", pairs.Select(p => $"{p.Pair} {p.Psnr:F1} dB")));
    }

    /// <summary>The first three planes, clamped to [0, 1] as every displayed frame is.</summary>
    private static PlanarImage Rgb(PlanarImage image)
    {
        var rgb = new PlanarImage(image.Width, image.Height, 3);
        for (int i = 0; i < rgb.Data.Length; i++)
        {
            rgb.Data[i] = Math.Clamp(image.Data[i], 0f, 1f);
        }

        return rgb;
    }
}
