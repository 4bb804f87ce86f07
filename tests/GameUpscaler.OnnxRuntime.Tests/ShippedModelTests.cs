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
        PlanarImage input = TestImages.Scene(45, 31);
        PlanarImage reference = new CpuGenerator(weights).Run(input);
        using var generator = new OnnxGenerator(weights, new OnnxRuntimeOptions { ExecutionProvider = OnnxExecutionProvider.Cpu, IntraOpThreads = 1 });
        double psnr = TestImages.Psnr(reference, generator.Run(input));
        output.WriteLine($"{name} ({weights.Architecture}): ORT vs CPU {psnr:F2} dB");
        Assert.True(psnr >= 50, $"{name}: ORT vs CPU reference {psnr:F1} dB < 50 dB");
    }
}
