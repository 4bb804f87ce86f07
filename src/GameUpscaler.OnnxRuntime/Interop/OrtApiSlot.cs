namespace GameUpscaler.OnnxRuntime.Interop;

/// <summary>
/// 0-based indices of the functions this backend calls in the <c>OrtApi</c> table (onnxruntime_c_api.h; the table is
/// append-only, so indices hold for every API version from the one that added them). Each one is exercised by a
/// round-trip test in <c>OrtApiSlotTests</c>, which is how a wrong index would show.
/// </summary>
internal static class OrtApiSlot
{
    public const int CreateStatus = 0;
    public const int GetErrorCode = 1;
    public const int GetErrorMessage = 2;
    public const int CreateEnv = 3;
    public const int CreateSessionFromArray = 8;
    public const int Run = 9;
    public const int CreateSessionOptions = 10;
    public const int SetSessionExecutionMode = 13;
    public const int DisableMemPattern = 17;
    public const int SetSessionGraphOptimizationLevel = 23;
    public const int SetIntraOpNumThreads = 24;
    public const int SetInterOpNumThreads = 25;
    public const int CreateTensorWithDataAsOrtValue = 49;
    public const int GetTensorMutableData = 51;
    public const int CreateCpuMemoryInfo = 69;
    public const int ReleaseEnv = 92;
    public const int ReleaseStatus = 93;
    public const int ReleaseMemoryInfo = 94;
    public const int ReleaseSession = 95;
    public const int ReleaseValue = 96;
    public const int ReleaseSessionOptions = 100;
}
