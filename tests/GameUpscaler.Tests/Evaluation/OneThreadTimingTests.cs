namespace GameUpscaler.Tests.Evaluation;

using GameUpscaler.Evaluation;
using GameUpscaler.Imaging;
using GameUpscaler.Models;
using GameUpscaler.Resampling;
using GameUpscaler.Training.Evaluation;

/// <summary>
/// The library's own CPU methods timed on one thread use one core: the process's CPU time during their calls stays
/// within its wall time. Runs in the console collection, alone, so that no other test's CPU time is counted. It can
/// only catch a method that leaves its one thread where a second core is free to run the extra threads.
/// </summary>
[Collection("ConsoleCollection")]
public sealed class OneThreadTimingTests
{
    [Fact]
    public void Resamplers_spatial_upscaler_and_generator_use_one_core_when_timed_on_one_thread()
    {
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        PngCodec.Encode(TestScene.Render(512, 384, 2), temp.File("scene.png"));
        IUpscaleMethod[] methods =
        [
            new ResamplerMethod(ResampleKernel.Lanczos3), new SpatialMethod(0.2f),
            new GeneratorMethod(GeneratorWeights.CreateRandom(new GeneratorArchitecture(2, 16, 4), seed: 5)),
        ];
        IReadOnlyList<ModelReport.ImageRow> rows = ModelReport.EvaluateImages(
            [temp.Path], 2, methods, new ModelReport.Options { WarmUp = true, SingleThread = true });

        foreach (ModelReport.ImageRow row in rows)
        {
            // 2 ms of slack for the runtime's own threads (GC) on short calls.
            Assert.True(row.CpuMilliseconds <= (MethodComparison.MaxCpuPerWall * row.Milliseconds) + 2,
                $"{row.Method}: {row.CpuMilliseconds:F1} ms CPU in {row.Milliseconds:F1} ms wall");
        }
    }
}
