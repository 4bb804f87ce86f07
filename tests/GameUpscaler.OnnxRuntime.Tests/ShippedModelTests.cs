using GameUpscaler.Imaging;
using GameUpscaler.Inference;
using GameUpscaler.Models;
using Xunit.Abstractions;

namespace GameUpscaler.OnnxRuntime.Tests;

/// <summary>
/// Every model in <c>models/</c> (the catalogue <see cref="KnownModels"/> lists) on ONNX Runtime against the CPU
/// reference, PSNR ≥ 50 dB: models shipped by the training issue are covered as soon as they are committed.
/// </summary>
public sealed class ShippedModelTests(ITestOutputHelper output)
{
    /// <summary>One row per shipped model; a single placeholder row while none is shipped.</summary>
    public static TheoryData<string> ShippedModels
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (KnownModel model in KnownModels.List())
            {
                data.Add(model.Name);
            }

            if (data.Count == 0)
            {
                data.Add(NoneShipped);
            }

            return data;
        }
    }

    private const string NoneShipped = "(none shipped)";

    [Theory]
    [MemberData(nameof(ShippedModels))]
    public void Shipped_model_on_onnx_runtime_matches_the_cpu_reference(string name)
    {
        if (name == NoneShipped)
        {
            output.WriteLine("models/ holds no model yet; nothing to compare.");
            return;
        }

        GeneratorWeights weights = KnownModels.Resolve(name);
        if (weights.Architecture.Temporal)
        {
            // A temporal model runs with its accumulation: three jittered frames through both pipelines.
            var cpu = new Capture.TemporalGeneratorMethod(weights);
            using var onnx = new OnnxTemporalGeneratorMethod(weights, new OnnxRuntimeOptions { ExecutionProvider = OnnxExecutionProvider.Cpu, IntraOpThreads = 1 });
            var display = new Size2D(90, 62);
            Image8 color = TestImages.Scene(45, 31).ToImage8();
            for (int t = 0; t < 3; t++)
            {
                var frame = new Capture.TemporalInput(color, new Capture.FloatMap(45, 31, 3), null, 0.25f * (t % 2), -0.25f * (t % 2), t == 0);
                int worst = cpu.Upscale(frame, display).Pixels.Zip(onnx.Upscale(frame, display).Pixels).Max(z => Math.Abs(z.First - z.Second));
                output.WriteLine($"{name} ({weights.Architecture}) frame {t}: largest byte difference ORT vs CPU {worst}");
                Assert.True(worst <= 1, $"{name} frame {t}: a byte differs by {worst}");
            }

            return;
        }

        PlanarImage input = TestImages.Scene(45, 31);
        PlanarImage reference = new CpuGenerator(weights).Run(input);
        using var generator = new OnnxGenerator(weights, new OnnxRuntimeOptions { ExecutionProvider = OnnxExecutionProvider.Cpu, IntraOpThreads = 1 });
        double psnr = TestImages.Psnr(reference, generator.Run(input));
        output.WriteLine($"{name} ({weights.Architecture}): ORT vs CPU {psnr:F2} dB");
        Assert.True(psnr >= 50, $"{name}: ORT vs CPU reference {psnr:F1} dB < 50 dB");
    }
}
