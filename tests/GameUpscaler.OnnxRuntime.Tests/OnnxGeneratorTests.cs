using GameUpscaler.Imaging;
using GameUpscaler.Inference;
using GameUpscaler.Models;
using GameUpscaler.Models.Onnx;
using Xunit.Abstractions;

namespace GameUpscaler.OnnxRuntime.Tests;

/// <summary>The exported ONNX graph run by ONNX Runtime's CPU provider against the fp32 CPU reference.</summary>
public sealed class OnnxGeneratorTests(ITestOutputHelper output)
{
    private static readonly OnnxRuntimeOptions CpuOptions = new() { ExecutionProvider = OnnxExecutionProvider.Cpu, IntraOpThreads = 1 };

    /// <summary>Shapes of every scale, the shipped sizes (x2 C8/N2, C16/N4, C32/N6; x3 C16/N4) and edge cases (N = 0, odd C).</summary>
    public static TheoryData<int, int, int> Shapes => new()
    {
        { 1, 4, 0 },
        { 2, 8, 2 },
        { 2, 16, 4 },
        { 2, 32, 6 },
        { 3, 16, 4 },
        { 4, 12, 1 },
        { 3, 5, 3 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Onnx_runtime_matches_the_cpu_reference(int scale, int channels, int bodyConvs)
    {
        var architecture = new GeneratorArchitecture(scale, channels, bodyConvs);
        GeneratorWeights weights = TestImages.RandomWeights(architecture, seed: (scale * 100) + channels);
        PlanarImage input = TestImages.Scene(37, 29);
        PlanarImage reference = new CpuGenerator(weights).Run(input);
        using var generator = new OnnxGenerator(weights, CpuOptions);
        PlanarImage actual = generator.Run(input);

        double psnr = TestImages.Psnr(reference, actual);
        double maxDifference = TestImages.MaxAbsDifference(reference, actual);
        output.WriteLine($"{architecture}: ORT vs CPU reference {psnr:F2} dB, max |diff| {maxDifference:E2}");
        Assert.True(psnr >= 50, $"{architecture}: PSNR {psnr:F1} dB < 50 dB (max |diff| {maxDifference:E2})");
        Assert.True(maxDifference < 1e-4, $"{architecture}: max |diff| {maxDifference:E2}; fp32 paths should agree to rounding");
        Assert.Equal(OnnxExecutionProvider.Cpu, generator.ExecutionProvider);
    }

    [Fact]
    public void One_session_per_resolution_and_repeated_runs_agree()
    {
        GeneratorWeights weights = TestImages.RandomWeights(new GeneratorArchitecture(2, 8, 2), seed: 3);
        using var generator = new OnnxGenerator(weights, CpuOptions);
        var cpu = new CpuGenerator(weights);
        foreach ((int w, int h) in new[] { (16, 9), (9, 16), (16, 9) })
        {
            PlanarImage input = TestImages.Scene(w, h);
            Assert.True(TestImages.Psnr(cpu.Run(input), generator.Run(input)) > 100);
        }
    }

    [Fact]
    public void Sessions_beyond_the_cache_limit_are_released_least_recently_used_first_and_threads_share_them()
    {
        GeneratorWeights weights = TestImages.RandomWeights(new GeneratorArchitecture(2, 4, 1), seed: 4);
        using var generator = new OnnxGenerator(weights, CpuOptions with { MaxCachedSessions = 2 });
        var cpu = new CpuGenerator(weights);
        int[] widths = [8, 9, 8, 10, 11, 8, 9, 12, 10, 8];
        Parallel.For(0, widths.Length * 3, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            PlanarImage input = TestImages.Scene(widths[i % widths.Length], 7);
            Assert.True(TestImages.Psnr(cpu.Run(input), generator.Run(input)) > 100);
        });
        Assert.InRange(generator.CachedSessionCount, 1, 2);
        Assert.Throws<ArgumentOutOfRangeException>(() => new OnnxRuntimeOptions { MaxCachedSessions = 0 });
    }

    [Fact]
    public void Exported_model_with_symbolic_shape_runs_at_any_size_and_every_opset()
    {
        GeneratorWeights weights = TestImages.RandomWeights(new GeneratorArchitecture(3, 8, 1), seed: 5);
        foreach ((int w, int h, int opset) in new[] { (11, 7, 13), (20, 13, 17), (9, 9, 19), (12, 5, 21) })
        {
            byte[] model = OnnxExporter.Export(weights, new OnnxExportOptions { Opset = opset });
            using OnnxSession session = OnnxSession.Create(model, OnnxExporter.InputName, OnnxExporter.OutputName, CpuOptions);
            PlanarImage input = TestImages.Scene(w, h);
            var output = new PlanarImage(w * 3, h * 3, 3);
            session.Run(input.Data, [1, 3, h, w], output.Data, [1, 3, h * 3, w * 3]);
            Assert.True(TestImages.Psnr(new CpuGenerator(weights).Run(input), output) > 100);
        }
    }

    [Fact]
    public void Output_size_mismatch_is_an_argument_error_and_a_wrong_shape_an_ort_error()
    {
        GeneratorWeights weights = TestImages.RandomWeights(new GeneratorArchitecture(2, 4, 0), seed: 1);
        using var generator = new OnnxGenerator(weights, CpuOptions);
        Assert.Throws<ArgumentException>(() => generator.Run(TestImages.Scene(8, 8), new PlanarImage(15, 16, 3)));

        using OnnxSession session = OnnxSession.Create(
            OnnxExporter.Export(weights, new OnnxExportOptions { Width = 8, Height = 8 }), OnnxExporter.InputName, OnnxExporter.OutputName, CpuOptions);
        var e = Assert.Throws<UpscalerException>(() => session.Run(new float[3 * 9 * 8], [1, 3, 9, 8], new float[3 * 18 * 16], [1, 3, 18, 16]));
        Assert.Equal(UpscalerErrorCode.NativeCallFailed, e.ErrorCode);
        Assert.Contains("Run", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Disposed_generator_and_session_refuse_work()
    {
        GeneratorWeights weights = TestImages.RandomWeights(new GeneratorArchitecture(2, 4, 0), seed: 1);
        var generator = new OnnxGenerator(weights, CpuOptions);
        generator.Prepare(8, 8);
        generator.Dispose();
        Assert.Throws<ObjectDisposedException>(() => generator.Run(TestImages.Scene(8, 8)));

        OnnxSession session = OnnxSession.Create(OnnxExporter.Export(weights), OnnxExporter.InputName, OnnxExporter.OutputName, CpuOptions);
        session.Dispose();
        session.Dispose();
        Assert.Throws<ObjectDisposedException>(() => session.Run(new float[3], [1, 3, 1, 1], new float[12], [1, 3, 2, 2]));
    }

    [Fact]
    public void Auto_provider_picks_the_cpu_on_this_machine_without_a_gpu_provider()
    {
        GeneratorWeights weights = TestImages.RandomWeights(new GeneratorArchitecture(2, 4, 0), seed: 1);
        using var generator = new OnnxGenerator(weights, new OnnxRuntimeOptions { IntraOpThreads = 1 });
        generator.Prepare(8, 8);
        Assert.NotNull(generator.ExecutionProvider);
        Assert.NotEqual(OnnxExecutionProvider.Auto, generator.ExecutionProvider);
        IReadOnlyList<string> providers = generator.Library.ExecutionProviders;
        if (!providers.Contains("CUDAExecutionProvider") && !providers.Contains("DmlExecutionProvider"))
        {
            // The CPU package: auto is the CPU itself, not a fallback from a provider that failed.
            Assert.Equal(OnnxExecutionProvider.Cpu, generator.ExecutionProvider);
            Assert.Null(generator.FallbackReason);
        }
    }

    [Fact]
    public void A_session_computes_a_known_result_in_the_callers_buffers()
    {
        // x1 generator, C=1, N=0, all weights zero but the last bias: output = input + bias, so Run must have read our
        // input, executed the graph and written our output buffer.
        var architecture = new GeneratorArchitecture(1, 1, 0);
        GeneratorWeights weights = GeneratorWeights.CreateRandom(architecture, 1);
        foreach (float[] tensor in weights.Tensors.Values)
        {
            Array.Clear(tensor);
        }

        weights.GetTensor(GeneratorArchitecture.ConvBiasName(1)).AsSpan().Fill(0.5f);
        using OnnxSession session = OnnxSession.Create(OnnxExporter.Export(weights), OnnxExporter.InputName, OnnxExporter.OutputName, CpuOptions);
        float[] input = [0f, 1f, 2f, 3f, 4f, 5f];
        var buffer = new float[8];
        buffer.AsSpan().Fill(-1f);
        session.Run(input, [1, 3, 1, 2], buffer.AsSpan(1, 6), [1, 3, 1, 2]);
        Assert.Equal(new[] { -1f }.Concat(input.Select(v => v + 0.5f)).Append(-1f), buffer);
        Assert.Equal(OnnxExecutionProvider.Cpu, session.ExecutionProvider);
        Assert.Null(session.FallbackReason);
    }

    [Fact]
    public void Ort_run_errors_carry_ort_code_and_message_and_no_ort_exception_type()
    {
        GeneratorWeights weights = TestImages.RandomWeights(new GeneratorArchitecture(2, 4, 0), seed: 1);
        using OnnxSession session = OnnxSession.Create(
            OnnxExporter.Export(weights, new OnnxExportOptions { Width = 4, Height = 4 }), OnnxExporter.InputName, OnnxExporter.OutputName, CpuOptions);
        // Assert.Throws is exact: an OnnxRuntimeException (or a subclass of ours) would fail it.
        var e = Assert.Throws<UpscalerException>(() => session.Run(new float[3 * 5 * 4], [1, 3, 5, 4], new float[3 * 10 * 8], [1, 3, 10, 8]));
        Assert.Equal(UpscalerErrorCode.NativeCallFailed, e.ErrorCode);
        Assert.NotNull(e.NativeResult);
        Assert.Contains("ONNX Runtime Run failed (InvalidArgument): ", e.Message, StringComparison.Ordinal);
        Assert.Contains("dimensions", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("[ErrorCode:", e.Message, StringComparison.Ordinal);
        Assert.Null(e.InnerException);
    }

    [Fact]
    public void Requesting_cuda_on_a_library_without_it_is_a_clear_error()
    {
        if (OnnxRuntimeLibrary.Load().ExecutionProviders.Contains("CUDAExecutionProvider"))
        {
            return; // a CUDA build of ONNX Runtime
        }

        GeneratorWeights weights = TestImages.RandomWeights(new GeneratorArchitecture(2, 4, 0), seed: 1);
        using var generator = new OnnxGenerator(weights, new OnnxRuntimeOptions { ExecutionProvider = OnnxExecutionProvider.Cuda });
        var e = Assert.Throws<UpscalerException>(() => generator.Prepare(8, 8));
        Assert.Equal(UpscalerErrorCode.FeatureNotSupported, e.ErrorCode);
        Assert.Contains("no CUDA execution provider", e.Message, StringComparison.Ordinal);
        Assert.Contains("CPUExecutionProvider", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Requesting_directml_on_a_library_without_it_is_a_clear_error()
    {
        if (OnnxRuntimeLibrary.Load().ExecutionProviders.Contains("DmlExecutionProvider"))
        {
            return; // the DirectML build (Microsoft.ML.OnnxRuntime.DirectML)
        }

        GeneratorWeights weights = TestImages.RandomWeights(new GeneratorArchitecture(2, 4, 0), seed: 1);
        using var generator = new OnnxGenerator(weights, new OnnxRuntimeOptions { ExecutionProvider = OnnxExecutionProvider.DirectML });
        var e = Assert.Throws<UpscalerException>(() => generator.Prepare(8, 8));
        Assert.Equal(UpscalerErrorCode.FeatureNotSupported, e.ErrorCode);
        Assert.Contains("no DirectML execution provider", e.Message, StringComparison.Ordinal);
        Assert.Contains(OnnxRuntimeLibrary.DirectMLPackageId, e.Message, StringComparison.Ordinal);
    }
}
