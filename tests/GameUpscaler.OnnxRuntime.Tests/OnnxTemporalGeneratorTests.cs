using GameUpscaler.Capture;
using GameUpscaler.Imaging;
using GameUpscaler.Models;
using GameUpscaler.Models.Onnx;
using GameUpscaler.Temporal;

namespace GameUpscaler.OnnxRuntime.Tests;

/// <summary>
/// A temporal generator exported to ONNX (frame, history and confidence as inputs) and run on ONNX Runtime against the
/// CPU reference, frame by frame through a reset, at ratio 2 and 3.
/// </summary>
public sealed class OnnxTemporalGeneratorTests
{
    private static readonly OnnxRuntimeOptions CpuOptions = new() { ExecutionProvider = OnnxExecutionProvider.Cpu, IntraOpThreads = 1 };

    private static GeneratorWeights Model(int scale)
    {
        var weights = GeneratorWeights.CreateRandom(new GeneratorArchitecture(scale, 8, 1, temporal: true), seed: 3);
        float[] last = weights.GetTensor(GeneratorArchitecture.ConvWeightName(2));
        var random = new Random(4);
        for (int i = 0; i < last.Length; i++)
        {
            last[i] = (float)(random.NextDouble() - 0.5) * 0.1f;
        }

        return weights;
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void The_onnx_runtime_pipeline_matches_the_cpu_reference(int scale)
    {
        GeneratorWeights weights = Model(scale);
        var render = new Size2D(20, 14);
        var display = new Size2D(20 * scale, 14 * scale);
        var cpu = new TemporalGeneratorMethod(weights);
        using var onnx = new OnnxTemporalGeneratorMethod(weights, CpuOptions);
        var random = new Random(5);
        for (int t = 0; t < 4; t++)
        {
            var color = new Image8(render.Width, render.Height, 3);
            random.NextBytes(color.Pixels);
            var motion = new FloatMap(render.Width, render.Height, 3);
            for (int i = 0; i < render.Area; i++)
            {
                motion.Data[3 * i] = 0.4f;
                motion.Data[(3 * i) + 1] = -0.3f;
            }

            var input = new TemporalInput(color, motion, null, 0.25f, -0.25f, Reset: t is 0 or 2);
            byte[] expected = cpu.Upscale(input, display).Pixels;
            byte[] actual = onnx.Upscale(input, display).Pixels;
            int worst = expected.Zip(actual).Max(z => Math.Abs(z.First - z.Second));
            Assert.True(worst <= 1, $"frame {t}: a byte differs by {worst}");
        }

        Assert.Equal(OnnxExecutionProvider.Cpu, onnx.ExecutionProvider);
    }

    [Fact]
    public void The_export_names_three_inputs_and_refuses_nothing_silently()
    {
        GeneratorWeights weights = Model(2);
        byte[] model = OnnxExporter.Export(weights);
        string text = System.Text.Encoding.Latin1.GetString(model);
        Assert.Contains(OnnxExporter.HistoryName, text, StringComparison.Ordinal);
        Assert.Contains(OnnxExporter.ConfidenceName, text, StringComparison.Ordinal);
        Assert.Contains("SpaceToDepth", text, StringComparison.Ordinal);
        // A one-input session is refused by ORT with its message (a model that needs three inputs).
        using OnnxSession session = OnnxSession.Create(model, [OnnxExporter.InputName, OnnxExporter.HistoryName, OnnxExporter.ConfidenceName], OnnxExporter.OutputName, CpuOptions);
        Assert.Throws<ArgumentException>(() => session.Run([(new float[12], [1, 3, 2, 2])], new float[48], [1, 3, 4, 4]));
        Assert.Throws<ArgumentException>(() => new OnnxGenerator(weights, CpuOptions));
    }
}
