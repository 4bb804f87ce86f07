using GameUpscaler.Models;
using GameUpscaler.Models.Onnx;

namespace GameUpscaler.OnnxRuntime.Tests;

/// <summary>
/// <see cref="OnnxRuntimeOptions.IntraOpThreads"/> only stores a number, and ORT accepts any value, so it is checked by
/// its effect: a session with a pool of 6 threads starts about 5 more OS threads than one with a pool of 1 (Linux only:
/// threads are counted in /proc/self/task).
/// </summary>
[Collection(nameof(SerialCollection))]
public sealed class ThreadCountTests
{
    [Fact]
    public void The_intra_op_thread_count_reaches_the_session()
    {
        if (!Directory.Exists("/proc/self/task"))
        {
            return;
        }

        byte[] model = OnnxExporter.Export(GeneratorWeights.CreateRandom(new GeneratorArchitecture(1, 2, 0), 1));
        _ = OnnxRuntimeLibrary.Load(); // the environment's own threads are not counted

        int ThreadsStarted(int intra)
        {
            int before = Directory.GetDirectories("/proc/self/task").Length;
            using OnnxSession session = OnnxSession.Create(model, OnnxExporter.InputName, OnnxExporter.OutputName,
                new OnnxRuntimeOptions { ExecutionProvider = OnnxExecutionProvider.Cpu, IntraOpThreads = intra });
            return Directory.GetDirectories("/proc/self/task").Length - before;
        }

        int baseline = ThreadsStarted(1);
        int six = ThreadsStarted(6);
        Assert.True(six - baseline >= 4, $"intra-op 6 started {six} threads, 1 started {baseline}");
    }
}
