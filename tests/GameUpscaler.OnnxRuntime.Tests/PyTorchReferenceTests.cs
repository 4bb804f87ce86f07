using GameUpscaler.Evaluation;
using GameUpscaler.Imaging;
using GameUpscaler.Inference;
using GameUpscaler.Metrics;
using GameUpscaler.Models;
using GameUpscaler.Models.Ncnn;
using GameUpscaler.Models.PyTorch;
using Xunit.Abstractions;

namespace GameUpscaler.OnnxRuntime.Tests;

/// <summary>
/// realesr-animevideov3 two ways: the PyTorch import of the original fp32 checkpoint (Real-ESRGAN's release .pth)
/// against the ncnn import of the same network. Same tensors up to fp16 rounding of the convolution weights
/// (ncnn's converter rounds some toward zero and flushes fp16 subnormals, so they are within one fp16 step, not
/// always the nearest fp16), and outputs that agree far above the 45 dB bar of the backends.
/// </summary>
public sealed class PyTorchReferenceTests(ITestOutputHelper output)
{
    /// <summary>
    /// The agreement asked of the two imports on Set5 <c>head</c>: 60 dB Y-PSNR (peak 255, float outputs, 4-pixel
    /// border shaved) is an RMS difference of 0.26 of an 8-bit level. fp16 rounding of the ncnn weights leaves
    /// 76.6 dB here; a wrong tensor, a transposed kernel or a lost bias costs tens of dB.
    /// </summary>
    private const double MinimumHeadYPsnr = 60;

    private static readonly Lazy<GeneratorWeights> FromPth = new(() => PyTorchImporter.Import(TestPaths.AnimeVideoPth));

    private static readonly Lazy<GeneratorWeights> FromNcnn = new(() => NcnnImporter.Import(TestPaths.AnimeVideoParam, TestPaths.AnimeVideoBin));

    [Fact]
    public void Checkpoint_imports_as_x4_C64_N16_from_params()
    {
        GeneratorWeights pth = FromPth.Value;
        Assert.Equal(new GeneratorArchitecture(4, 64, 16), pth.Architecture);
        Assert.Equal(53, pth.Tensors.Count);
        Assert.Equal(PyTorchImporter.StateDictKey, pth.Metadata[PyTorchImporter.StateDictKeyMetadataKey]);
        Assert.Equal("PyTorch import of realesr-animevideov3.pth, 'params'", pth.Metadata[PyTorchImporter.SourceMetadataKey]);
    }

    [Fact]
    public void Ncnn_weights_are_the_checkpoint_weights_rounded_to_fp16()
    {
        GeneratorWeights ncnn = FromNcnn.Value;
        GeneratorWeights pth = FromPth.Value;
        Assert.Equal(pth.Architecture, ncnn.Architecture);
        double maxDifference = 0, maxSteps = 0;
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
                double difference = Math.Abs(imported[i] - exact[i]);
                Assert.True(difference <= step, $"{weight}[{i}]: ncnn {imported[i]}, pth {exact[i]}");
                maxDifference = Math.Max(maxDifference, difference);
                maxSteps = Math.Max(maxSteps, difference / step);
            }

            // Biases and slopes are fp32 in both files.
            Assert.Equal(pth.GetTensor(GeneratorArchitecture.ConvBiasName(conv)), ncnn.GetTensor(GeneratorArchitecture.ConvBiasName(conv)));
            if (pth.Architecture.HasActivation(conv))
            {
                Assert.Equal(pth.GetTensor(GeneratorArchitecture.PReluSlopeName(conv)), ncnn.GetTensor(GeneratorArchitecture.PReluSlopeName(conv)));
            }
        }

        output.WriteLine($"max |ncnn - pth| over the convolution weights: {maxDifference:E3} ({maxSteps:F2} fp16 steps); biases and slopes equal");
        Assert.True(maxDifference > 0, "the fp16 ncnn weights cannot all equal the fp32 checkpoint's");
    }

    [Fact]
    public void Pth_and_ncnn_imports_agree_above_60_db_y_psnr_on_set5_head()
    {
        // Set5 head (280x280) through the SR protocol's degradation (bicubic ÷4, 8-bit): a 70x70 input, whole (the
        // two x4 runs of C64/N16 take under a second on the CPU reference).
        Image8 head = ImageFile.Load(Path.Combine(TestPaths.EvalSet("Set5"), "head.png"));
        (_, Image8 low) = SuperResolutionEvaluator.Degrade(head, 4);
        PlanarImage input = low.ToPlanar();
        PlanarImage pth = new CpuGenerator(FromPth.Value).Run(input);
        PlanarImage ncnn = new CpuGenerator(FromNcnn.Value).Run(input);

        double psnr = ImageQuality.Psnr(Luma(pth, border: 4), Luma(ncnn, border: 4));
        output.WriteLine($"Set5 head (70x70 → 280x280): pth vs ncnn import Y-PSNR {psnr:F2} dB, max |diff| {TestImages.MaxAbsDifference(pth, ncnn):E2}");
        Assert.True(psnr >= MinimumHeadYPsnr, $"pth vs ncnn import Y-PSNR {psnr:F2} dB < {MinimumHeadYPsnr} dB");
        Assert.True(psnr < 200, $"Y-PSNR {psnr:F2} dB: the fp16 and fp32 weights cannot give identical outputs (did both read one file?)");
    }

    [Fact]
    public void Imported_model_output_matches_the_fp32_checkpoint_above_45_db_on_cpu_and_onnx_runtime()
    {
        GeneratorWeights ncnn = FromNcnn.Value;
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

    /// <summary>
    /// BT.601 Y on the 0–255 scale (<see cref="LumaImage.FromRgb"/>'s weights) of a float output clamped to [0, 1] as a
    /// shown frame is, kept in double precision rather than rounded to 8 bits, with <paramref name="border"/> shaved.
    /// </summary>
    private static double[] Luma(PlanarImage image, int border)
    {
        var y = new List<double>();
        for (int row = border; row < image.Height - border; row++)
        {
            for (int x = border; x < image.Width - border; x++)
            {
                double r = Math.Clamp(image[x, row, 0], 0, 1), g = Math.Clamp(image[x, row, 1], 0, 1), b = Math.Clamp(image[x, row, 2], 0, 1);
                y.Add(16 + (65.481 * r) + (128.553 * g) + (24.966 * b));
            }
        }

        return [.. y];
    }
}
