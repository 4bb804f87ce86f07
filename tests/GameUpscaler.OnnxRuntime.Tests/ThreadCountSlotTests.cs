using GameUpscaler.Models;
using GameUpscaler.Models.Onnx;
using GameUpscaler.OnnxRuntime.Interop;

namespace GameUpscaler.OnnxRuntime.Tests;

/// <summary>
/// Slots 24 (SetIntraOpNumThreads) and 25 (SetInterOpNumThreads) only store a number, and ORT accepts any value, so
/// they are checked by their effect: a session with a pool of 6 threads starts about 5 more OS threads than one
/// with a pool of 1 (Linux only: threads are counted in /proc/self/task).
/// </summary>
[Collection(nameof(SerialCollection))]
public sealed class ThreadCountSlotTests
{
    [Fact]
    public void Intra_and_inter_op_thread_counts_reach_the_session()
    {
        if (!Directory.Exists("/proc/self/task"))
        {
            return;
        }

        OnnxRuntimeLibrary library = OnnxRuntimeLibrary.Load();
        OrtApi api = library.Api;
        byte[] model = OnnxExporter.Export(GeneratorWeights.CreateRandom(new GeneratorArchitecture(1, 2, 0), 1));

        int ThreadsStarted(int intra, int inter)
        {
            nint options = api.CreateSessionOptions();
            try
            {
                api.SetSessionExecutionMode(options, 1); // parallel: only then does ORT create an inter-op pool
                api.SetIntraOpNumThreads(options, intra);
                api.SetInterOpNumThreads(options, inter);
                int before = Directory.GetDirectories("/proc/self/task").Length;
                nint session = api.CreateSessionFromArray(library.Environment, model, options);
                int after = Directory.GetDirectories("/proc/self/task").Length;
                api.ReleaseSession(session);
                return after - before;
            }
            finally
            {
                api.ReleaseSessionOptions(options);
            }
        }

        int baseline = ThreadsStarted(1, 1);
        int intraSix = ThreadsStarted(6, 1);
        int interSix = ThreadsStarted(1, 6);
        Assert.True(intraSix - baseline >= 4, $"intra-op 6 started {intraSix} threads, 1 started {baseline}");
        Assert.True(interSix - baseline >= 4, $"inter-op 6 started {interSix} threads, 1 started {baseline}");
    }
}
