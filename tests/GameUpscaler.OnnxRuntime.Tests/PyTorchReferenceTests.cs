using GameUpscaler.Imaging;
using GameUpscaler.Inference;
using GameUpscaler.Models;
using GameUpscaler.Models.Ncnn;
using Xunit.Abstractions;

namespace GameUpscaler.OnnxRuntime.Tests;

/// <summary>
/// The ncnn import of realesr-animevideov3 against the original fp32 PyTorch checkpoint: same tensors up to fp16
/// rounding of the convolution weights (ncnn's converter rounds some toward zero and flushes fp16 subnormals, so
/// they are within one fp16 step, not always the nearest fp16), and outputs that agree far above the 45 dB bar.
/// </summary>
public sealed class PyTorchReferenceTests(ITestOutputHelper output)
{
    private static readonly Lazy<GeneratorWeights> FromPth = new(() =>
        new GeneratorWeights(new GeneratorArchitecture(4, 64, 16), PyTorchCheckpoint.ReadStateDict(TestPaths.AnimeVideoPth)));

    [Fact]
    public void Checkpoint_holds_the_53_tensors_of_the_architecture()
    {
        Dictionary<string, float[]> tensors = PyTorchCheckpoint.ReadStateDict(TestPaths.AnimeVideoPth);
        Assert.Equal(53, tensors.Count);
        Assert.Equal(new GeneratorArchitecture(4, 64, 16).GetTensorSpecs().Select(s => s.Name).Order(StringComparer.Ordinal), tensors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Ncnn_weights_are_the_checkpoint_weights_rounded_to_fp16()
    {
        GeneratorWeights ncnn = NcnnImporter.Import(TestPaths.AnimeVideoParam, TestPaths.AnimeVideoBin);
        GeneratorWeights pth = FromPth.Value;
        for (int conv = 0; conv < pth.Architecture.ConvCount; conv++)
        {
            string weight = GeneratorArchitecture.ConvWeightName(conv);
            float[] exact = pth.GetTensor(weight);
            float[] imported = ncnn.GetTensor(weight);
            for (int i = 0; i < exact.Length; i++)
            {
                // One fp16 step is 2^-10 relative for normal values; ncnn's converter flushes values below the
                // smallest normal fp16 (2^-14) to zero instead of keeping them as subnormals.
                double step = Math.Max(Math.Abs(exact[i]) * Math.Pow(2, -10), Math.Pow(2, -14));
                Assert.True(Math.Abs(imported[i] - exact[i]) <= step, $"{weight}[{i}]: ncnn {imported[i]}, pth {exact[i]}");
            }

            Assert.Equal(pth.GetTensor(GeneratorArchitecture.ConvBiasName(conv)), ncnn.GetTensor(GeneratorArchitecture.ConvBiasName(conv)));
            if (pth.Architecture.HasActivation(conv))
            {
                Assert.Equal(pth.GetTensor(GeneratorArchitecture.PReluSlopeName(conv)), ncnn.GetTensor(GeneratorArchitecture.PReluSlopeName(conv)));
            }
        }
    }

    [Fact]
    public void Imported_model_output_matches_the_fp32_checkpoint_above_45_db_on_cpu_and_onnx_runtime()
    {
        GeneratorWeights ncnn = NcnnImporter.Import(TestPaths.AnimeVideoParam, TestPaths.AnimeVideoBin);
        PlanarImage input = TestImages.Scene(40, 32);
        PlanarImage reference = new CpuGenerator(FromPth.Value).Run(input);
        PlanarImage cpu = new CpuGenerator(ncnn).Run(input);
        using var onnx = new OnnxGenerator(ncnn, new OnnxRuntimeOptions { ExecutionProvider = OnnxExecutionProvider.Cpu, IntraOpThreads = 1 });
        PlanarImage ort = onnx.Run(input);
        double cpuPsnr = TestImages.Psnr(reference, cpu);
        double ortPsnr = TestImages.Psnr(reference, ort);
        output.WriteLine($"vs fp32 checkpoint: CPU {cpuPsnr:F2} dB, ORT {ortPsnr:F2} dB; CPU vs ORT {TestImages.Psnr(cpu, ort):F2} dB, max |diff| {TestImages.MaxAbsDifference(cpu, ort):E2}");
        Assert.True(cpuPsnr >= 45 && ortPsnr >= 45, $"vs fp32 checkpoint: CPU {cpuPsnr:F1} dB, ORT {ortPsnr:F1} dB");
    }
}
