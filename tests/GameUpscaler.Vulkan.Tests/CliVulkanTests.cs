using GameUpscaler.Cli;
using GameUpscaler.Imaging;
using GameUpscaler.Metrics;

namespace GameUpscaler.Vulkan.Tests;

/// <summary><c>gameupscaler upscale</c> with <c>--backend vulkan</c> against <c>--backend cpu</c> on the same image and model.</summary>
[Collection("Vulkan")]
public sealed class CliVulkanTests
{
    [Theory]
    [InlineData("--scale", "2")]          // the model's own scale
    [InlineData("--mode", "quality")]     // non-integer: x2 network resampled to 1.5x
    [InlineData("--mode", "ultra-performance")]
    public void Vulkan_and_cpu_backends_agree_above_50_dB(string option, string value)
    {
        string directory = Path.Combine(Path.GetTempPath(), "gameupscaler-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            string input = Path.Combine(directory, "in.png");
            string model = Path.Combine(directory, "model.safetensors");
            PngCodec.Encode(TestScene.Render(48, 32), input);
            GeneratorTests.RandomModel(2, channels: 8, bodyConvs: 2, seed: 4).Save(model);

            string cpu = Path.Combine(directory, "cpu.png");
            string vulkan = Path.Combine(directory, "vulkan.png");
            Assert.Equal(0, Program.Main(["upscale", input, cpu, "--model", model, option, value, "--backend", "cpu"]));
            Assert.Equal(0, Program.Main(["upscale", input, vulkan, "--model", model, option, value, "--backend", "vulkan"]));
            Image8 a = PngCodec.Decode(cpu);
            Image8 b = PngCodec.Decode(vulkan);
            Assert.Equal((a.Width, a.Height), (b.Width, b.Height));
            double psnr = ImageQuality.PsnrRgb(a, b, 0);
            Assert.True(psnr >= 50, $"mutual PSNR {psnr:F2} dB");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Spatial_method_runs_on_vulkan_and_info_lists_devices()
    {
        string directory = Path.Combine(Path.GetTempPath(), "gameupscaler-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            string input = Path.Combine(directory, "in.png");
            PngCodec.Encode(TestScene.Render(40, 24), input);
            string cpu = Path.Combine(directory, "cpu.png");
            string vulkan = Path.Combine(directory, "vulkan.png");
            Assert.Equal(0, Program.Main(["upscale", input, cpu, "--method", "spatial", "--scale", "1.7"]));
            Assert.Equal(0, Program.Main(["upscale", input, vulkan, "--method", "spatial", "--scale", "1.7", "--backend", "vulkan"]));
            Assert.True(ImageQuality.PsnrRgb(PngCodec.Decode(cpu), PngCodec.Decode(vulkan), 0) >= 50);

            var output = new StringWriter();
            TextWriter original = Console.Out;
            Console.SetOut(output);
            try
            {
                Assert.Equal(0, Program.Main(["info"]));
            }
            finally
            {
                Console.SetOut(original);
            }

            Assert.Contains("features used: fp32", output.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
