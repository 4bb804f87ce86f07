using System.Runtime.InteropServices;

namespace GameUpscaler.OnnxRuntime.Interop;

/// <summary>
/// Typed access to the ONNX Runtime C API function table (<c>OrtApi</c>, version <see cref="ApiVersion"/>): each
/// method calls one slot, and every returned <c>OrtStatus</c> is checked, turned into an
/// <see cref="UpscalerException"/> carrying ORT's message and code, and released. Call sites read like the C API.
/// </summary>
internal sealed unsafe class OrtApi
{
    /// <summary>The C API version requested from <c>OrtGetApiBase()->GetApi</c> (ONNX Runtime 1.30).</summary>
    public const uint ApiVersion = 30;

    private readonly nint* _table;

    public OrtApi(nint table) => _table = (nint*)table;

    // ---- status -------------------------------------------------------------------------------------------------

    /// <summary><c>CreateStatus</c>: a status object with a code and message (the caller releases it).</summary>
    public nint CreateStatus(OrtErrorCode code, string message)
    {
        byte[] utf8 = NullTerminated(message);
        fixed (byte* text = utf8)
        {
            return ((delegate* unmanaged<int, byte*, nint>)_table[OrtApiSlot.CreateStatus])((int)code, text);
        }
    }

    /// <summary><c>GetErrorCode</c>.</summary>
    public OrtErrorCode GetErrorCode(nint status) =>
        (OrtErrorCode)((delegate* unmanaged<nint, int>)_table[OrtApiSlot.GetErrorCode])(status);

    /// <summary><c>GetErrorMessage</c>, copied into a managed string.</summary>
    public string GetErrorMessage(nint status) =>
        Marshal.PtrToStringUTF8((nint)((delegate* unmanaged<nint, byte*>)_table[OrtApiSlot.GetErrorMessage])(status)) ?? string.Empty;

    /// <summary><c>ReleaseStatus</c> (null is allowed).</summary>
    public void ReleaseStatus(nint status) => ((delegate* unmanaged<nint, void>)_table[OrtApiSlot.ReleaseStatus])(status);

    /// <summary>
    /// Throws for a non-null status, after releasing it: ORT's model errors become
    /// <see cref="UpscalerErrorCode.InvalidModel"/>, everything else <paramref name="otherwise"/>.
    /// </summary>
    public void Check(nint status, string operation, UpscalerErrorCode otherwise = UpscalerErrorCode.NativeCallFailed)
    {
        if (status == 0)
        {
            return;
        }

        OrtErrorCode code;
        string message;
        try
        {
            code = GetErrorCode(status);
            message = GetErrorMessage(status);
        }
        finally
        {
            ReleaseStatus(status);
        }

        UpscalerErrorCode errorCode = code switch
        {
            OrtErrorCode.InvalidProtobuf or OrtErrorCode.NoModel or OrtErrorCode.InvalidGraph or OrtErrorCode.ModelLoaded => UpscalerErrorCode.InvalidModel,
            _ => otherwise,
        };
        throw new UpscalerException(errorCode, $"ONNX Runtime {operation} failed ({code}): {message}") { NativeResult = (long)code };
    }

    // ---- environment, options, sessions -------------------------------------------------------------------------

    /// <summary><c>CreateEnv</c> with a log level (0 verbose … 4 fatal) and log id.</summary>
    public nint CreateEnv(int logLevel, string logId)
    {
        byte[] utf8 = NullTerminated(logId);
        nint env;
        fixed (byte* id = utf8)
        {
            Check(((delegate* unmanaged<int, byte*, nint*, nint>)_table[OrtApiSlot.CreateEnv])(logLevel, id, &env), "CreateEnv", UpscalerErrorCode.BackendUnavailable);
        }

        return env;
    }

    /// <summary><c>ReleaseEnv</c>.</summary>
    public void ReleaseEnv(nint env) => ((delegate* unmanaged<nint, void>)_table[OrtApiSlot.ReleaseEnv])(env);

    /// <summary><c>CreateSessionOptions</c>.</summary>
    public nint CreateSessionOptions()
    {
        nint options;
        Check(((delegate* unmanaged<nint*, nint>)_table[OrtApiSlot.CreateSessionOptions])(&options), "CreateSessionOptions");
        return options;
    }

    /// <summary><c>ReleaseSessionOptions</c>.</summary>
    public void ReleaseSessionOptions(nint options) => ((delegate* unmanaged<nint, void>)_table[OrtApiSlot.ReleaseSessionOptions])(options);

    /// <summary><c>SetSessionExecutionMode</c> (0 sequential, 1 parallel).</summary>
    public void SetSessionExecutionMode(nint options, int mode) =>
        Check(((delegate* unmanaged<nint, int, nint>)_table[OrtApiSlot.SetSessionExecutionMode])(options, mode), "SetSessionExecutionMode");

    /// <summary><c>DisableMemPattern</c> (DirectML needs it).</summary>
    public void DisableMemPattern(nint options) =>
        Check(((delegate* unmanaged<nint, nint>)_table[OrtApiSlot.DisableMemPattern])(options), "DisableMemPattern");

    /// <summary><c>SetSessionGraphOptimizationLevel</c> (0, 1, 2 or 99).</summary>
    public void SetSessionGraphOptimizationLevel(nint options, int level) =>
        Check(((delegate* unmanaged<nint, int, nint>)_table[OrtApiSlot.SetSessionGraphOptimizationLevel])(options, level), "SetSessionGraphOptimizationLevel");

    /// <summary><c>SetIntraOpNumThreads</c> (0 = ORT's default, one per physical core).</summary>
    public void SetIntraOpNumThreads(nint options, int threads) =>
        Check(((delegate* unmanaged<nint, int, nint>)_table[OrtApiSlot.SetIntraOpNumThreads])(options, threads), "SetIntraOpNumThreads");

    /// <summary><c>SetInterOpNumThreads</c>.</summary>
    public void SetInterOpNumThreads(nint options, int threads) =>
        Check(((delegate* unmanaged<nint, int, nint>)_table[OrtApiSlot.SetInterOpNumThreads])(options, threads), "SetInterOpNumThreads");

    /// <summary><c>CreateSessionFromArray</c>: ORT parses and validates the model here.</summary>
    public nint CreateSessionFromArray(nint env, ReadOnlySpan<byte> model, nint options)
    {
        nint session;
        fixed (byte* data = model)
        {
            Check(
                ((delegate* unmanaged<nint, void*, nuint, nint, nint*, nint>)_table[OrtApiSlot.CreateSessionFromArray])(env, data, (nuint)model.Length, options, &session),
                "CreateSessionFromArray (loading the model)",
                UpscalerErrorCode.InvalidModel);
        }

        return session;
    }

    /// <summary><c>ReleaseSession</c>.</summary>
    public void ReleaseSession(nint session) => ((delegate* unmanaged<nint, void>)_table[OrtApiSlot.ReleaseSession])(session);

    /// <summary><c>Run</c> with several named inputs and one named, pre-allocated output.</summary>
    public void Run(nint session, byte** inputNames, nint* inputs, int inputCount, byte* outputName, nint* output)
    {
        Check(
            ((delegate* unmanaged<nint, nint, byte**, nint*, nuint, byte**, nuint, nint*, nint>)_table[OrtApiSlot.Run])(
                session, 0, inputNames, inputs, (nuint)inputCount, &outputName, 1, output),
            "Run");
    }

    /// <summary><c>Run</c> with one named input and one named, pre-allocated output.</summary>
    public void Run(nint session, byte* inputName, nint input, byte* outputName, nint* output)
    {
        Check(
            ((delegate* unmanaged<nint, nint, byte**, nint*, nuint, byte**, nuint, nint*, nint>)_table[OrtApiSlot.Run])(
                session, 0, &inputName, &input, 1, &outputName, 1, output),
            "Run");
    }

    // ---- tensors ------------------------------------------------------------------------------------------------

    /// <summary><c>CreateCpuMemoryInfo</c> (allocator type 0 = device, memory type 0 = default).</summary>
    public nint CreateCpuMemoryInfo()
    {
        nint info;
        Check(((delegate* unmanaged<int, int, nint*, nint>)_table[OrtApiSlot.CreateCpuMemoryInfo])(0, 0, &info), "CreateCpuMemoryInfo");
        return info;
    }

    /// <summary><c>ReleaseMemoryInfo</c>.</summary>
    public void ReleaseMemoryInfo(nint info) => ((delegate* unmanaged<nint, void>)_table[OrtApiSlot.ReleaseMemoryInfo])(info);

    /// <summary>
    /// <c>CreateTensorWithDataAsOrtValue</c> for float32 (ONNX type 1) over memory the caller keeps pinned for the
    /// value's lifetime: ORT reads and writes it in place, without a copy.
    /// </summary>
    public nint CreateFloatTensor(nint memoryInfo, float* data, long elementCount, ReadOnlySpan<long> shape)
    {
        nint value;
        fixed (long* dims = shape)
        {
            Check(
                ((delegate* unmanaged<nint, void*, nuint, long*, nuint, int, nint*, nint>)_table[OrtApiSlot.CreateTensorWithDataAsOrtValue])(
                    memoryInfo, data, (nuint)(elementCount * sizeof(float)), dims, (nuint)shape.Length, 1, &value),
                "CreateTensorWithDataAsOrtValue");
        }

        return value;
    }

    /// <summary><c>GetTensorMutableData</c>: the tensor's data pointer.</summary>
    public void* GetTensorMutableData(nint value)
    {
        void* data;
        Check(((delegate* unmanaged<nint, void**, nint>)_table[OrtApiSlot.GetTensorMutableData])(value, &data), "GetTensorMutableData");
        return data;
    }

    /// <summary><c>ReleaseValue</c>.</summary>
    public void ReleaseValue(nint value) => ((delegate* unmanaged<nint, void>)_table[OrtApiSlot.ReleaseValue])(value);

    /// <summary>A NUL-terminated UTF-8 copy of a string, for C string parameters.</summary>
    public static byte[] NullTerminated(string text)
    {
        int length = System.Text.Encoding.UTF8.GetByteCount(text);
        var bytes = new byte[length + 1];
        System.Text.Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }
}
