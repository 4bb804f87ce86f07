using System.Globalization;
using GameUpscaler.OnnxRuntime.Interop;

namespace GameUpscaler.OnnxRuntime;

/// <summary>
/// One ONNX Runtime inference session over a model with float32 inputs (one, or several: a temporal generator's frame,
/// history and confidence) and one float32 output, run on caller memory without copies (the tensors wrap the caller's
/// arrays). Created with the execution provider chosen by
/// <see cref="OnnxRuntimeOptions.ExecutionProvider"/>; <c>Run</c> may be called from several threads.
/// </summary>
public sealed unsafe class OnnxSession : IDisposable
{
    private const string DirectMLExport = "OrtSessionOptionsAppendExecutionProvider_DML";
    private const string CudaExport = "OrtSessionOptionsAppendExecutionProvider_CUDA";

    private readonly OnnxRuntimeLibrary _library;
    private readonly byte[] _inputName;
    private readonly byte[][] _inputNames;
    private readonly byte[] _outputName;
    private readonly ReaderWriterLockSlim _disposeLock = new();
    private nint _session;
    private nint _memoryInfo;

    private OnnxSession(OnnxRuntimeLibrary library, nint session, nint memoryInfo, IReadOnlyList<string> inputNames, string outputName, OnnxExecutionProvider provider, string? fallbackReason)
    {
        _library = library;
        _session = session;
        _memoryInfo = memoryInfo;
        _inputNames = [.. inputNames.Select(OrtApi.NullTerminated)];
        _inputName = _inputNames[0];
        _outputName = OrtApi.NullTerminated(outputName);
        ExecutionProvider = provider;
        FallbackReason = fallbackReason;
    }

    /// <summary>The execution provider the session runs on (never <see cref="OnnxExecutionProvider.Auto"/>).</summary>
    public OnnxExecutionProvider ExecutionProvider { get; }

    /// <summary>Why <see cref="OnnxExecutionProvider.Auto"/> fell back to the CPU from a GPU provider; null when it did not.</summary>
    public string? FallbackReason { get; }

    /// <summary>The library the session runs in.</summary>
    public OnnxRuntimeLibrary Library => _library;

    /// <summary>Loads a model (ONNX bytes) into a new session.</summary>
    /// <param name="model">The ONNX file bytes.</param>
    /// <param name="inputName">The graph input to feed.</param>
    /// <param name="outputName">The graph output to read.</param>
    /// <param name="options">Library, provider and threads; null for <see cref="OnnxRuntimeOptions.Default"/>.</param>
    /// <exception cref="ArgumentException">The model is empty or a name is empty.</exception>
    /// <exception cref="UpscalerException">
    /// <see cref="UpscalerErrorCode.BackendUnavailable"/> (no library), <see cref="UpscalerErrorCode.InvalidModel"/>
    /// (ORT rejects the model; its message says why), <see cref="UpscalerErrorCode.FeatureNotSupported"/> (the
    /// requested provider is not in this library) or <see cref="UpscalerErrorCode.NativeCallFailed"/>.
    /// </exception>
    public static OnnxSession Create(ReadOnlySpan<byte> model, string inputName, string outputName, OnnxRuntimeOptions? options = null) =>
        Create(model, [inputName], outputName, options);

    /// <summary>Loads a model with several inputs (fed in this order by <see cref="Run(IReadOnlyList{ValueTuple{float[], long[]}}, Span{float}, ReadOnlySpan{long})"/>).</summary>
    /// <exception cref="ArgumentException">The model is empty, there is no input, or a name is empty.</exception>
    /// <exception cref="UpscalerException">As <see cref="Create(ReadOnlySpan{byte}, string, string, OnnxRuntimeOptions?)"/>.</exception>
    public static OnnxSession Create(ReadOnlySpan<byte> model, IReadOnlyList<string> inputNames, string outputName, OnnxRuntimeOptions? options = null)
    {
        if (model.IsEmpty)
        {
            throw new ArgumentException("The ONNX model is empty.", nameof(model));
        }

        ArgumentNullException.ThrowIfNull(inputNames);
        if (inputNames.Count == 0)
        {
            throw new ArgumentException("A session needs at least one input.", nameof(inputNames));
        }

        foreach (string inputName in inputNames)
        {
            ArgumentException.ThrowIfNullOrEmpty(inputName);
        }

        ArgumentException.ThrowIfNullOrEmpty(outputName);
        options ??= OnnxRuntimeOptions.Default;
        OnnxRuntimeLibrary library = OnnxRuntimeLibrary.Load(options.LibraryPath);
        OrtApi api = library.Api;

        OnnxExecutionProvider provider = options.ExecutionProvider;
        string? fallbackReason = null;
        if (provider == OnnxExecutionProvider.Auto)
        {
            provider = ChooseAutomatically(library);
        }

        nint session;
        try
        {
            session = CreateSession(library, model, options, provider);
        }
        catch (UpscalerException e) when (options.ExecutionProvider == OnnxExecutionProvider.Auto && provider != OnnxExecutionProvider.Cpu &&
            e.ErrorCode != UpscalerErrorCode.InvalidModel)
        {
            fallbackReason = $"{provider} could not start ({e.Message}); running on the CPU";
            provider = OnnxExecutionProvider.Cpu;
            session = CreateSession(library, model, options, provider);
        }

        nint memoryInfo;
        try
        {
            memoryInfo = api.CreateCpuMemoryInfo();
        }
        catch
        {
            api.ReleaseSession(session);
            throw;
        }

        return new OnnxSession(library, session, memoryInfo, inputNames, outputName, provider, fallbackReason);
    }

    /// <summary>Runs the model once: <paramref name="input"/> in, <paramref name="output"/> overwritten.</summary>
    /// <param name="input">The input tensor's elements, row-major.</param>
    /// <param name="inputShape">The input tensor's shape (e.g. [1, 3, H, W]).</param>
    /// <param name="output">Receives the output tensor's elements.</param>
    /// <param name="outputShape">The output shape the model produces for this input; ORT checks it.</param>
    /// <exception cref="ArgumentException">A span's length does not match its shape.</exception>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    /// <exception cref="UpscalerException">ORT failed (e.g. a shape the model does not accept); the message is ORT's.</exception>
    public void Run(ReadOnlySpan<float> input, ReadOnlySpan<long> inputShape, Span<float> output, ReadOnlySpan<long> outputShape)
    {
        long inputCount = ElementCount(inputShape, nameof(inputShape));
        long outputCount = ElementCount(outputShape, nameof(outputShape));
        if (input.Length != inputCount)
        {
            throw new ArgumentException($"The input holds {input.Length} values; its shape [{Join(inputShape)}] needs {inputCount}.", nameof(input));
        }

        if (output.Length != outputCount)
        {
            throw new ArgumentException($"The output holds {output.Length} values; its shape [{Join(outputShape)}] needs {outputCount}.", nameof(output));
        }

        _disposeLock.EnterReadLock();
        try
        {
            ObjectDisposedException.ThrowIf(_session == 0, this);
            RunCore(input, inputShape, output, outputShape, inputCount, outputCount);
        }
        finally
        {
            _disposeLock.ExitReadLock();
        }
    }

    /// <summary>Runs the model once with every input the session was created with, in order; <paramref name="output"/> overwritten.</summary>
    /// <exception cref="ArgumentException">The input count differs from the session's, or a length does not match its shape.</exception>
    /// <exception cref="ObjectDisposedException">The session was disposed.</exception>
    /// <exception cref="UpscalerException">ORT failed; the message is ORT's.</exception>
    public void Run(IReadOnlyList<(float[] Data, long[] Shape)> inputs, Span<float> output, ReadOnlySpan<long> outputShape)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Count != _inputNames.Length)
        {
            throw new ArgumentException($"The session takes {_inputNames.Length} inputs; got {inputs.Count}.", nameof(inputs));
        }

        foreach ((float[] data, long[] shape) in inputs)
        {
            if (data.Length != ElementCount(shape, nameof(inputs)))
            {
                throw new ArgumentException($"An input holds {data.Length} values; its shape [{Join(shape)}] needs {ElementCount(shape, nameof(inputs))}.", nameof(inputs));
            }
        }

        long outputCount = ElementCount(outputShape, nameof(outputShape));
        if (output.Length != outputCount)
        {
            throw new ArgumentException($"The output holds {output.Length} values; its shape [{Join(outputShape)}] needs {outputCount}.", nameof(output));
        }

        _disposeLock.EnterReadLock();
        var pins = new System.Runtime.InteropServices.GCHandle[inputs.Count + _inputNames.Length];
        nint* values = stackalloc nint[inputs.Count];
        byte** names = stackalloc byte*[inputs.Count];
        OrtApi api = _library.Api;
        for (int i = 0; i < inputs.Count; i++)
        {
            values[i] = 0;
        }

        try
        {
            ObjectDisposedException.ThrowIf(_session == 0, this);
            for (int i = 0; i < inputs.Count; i++)
            {
                pins[i] = System.Runtime.InteropServices.GCHandle.Alloc(inputs[i].Data, System.Runtime.InteropServices.GCHandleType.Pinned);
                pins[inputs.Count + i] = System.Runtime.InteropServices.GCHandle.Alloc(_inputNames[i], System.Runtime.InteropServices.GCHandleType.Pinned);
                names[i] = (byte*)pins[inputs.Count + i].AddrOfPinnedObject();
                values[i] = api.CreateFloatTensor(_memoryInfo, (float*)pins[i].AddrOfPinnedObject(), inputs[i].Data.Length, inputs[i].Shape);
            }

            fixed (float* outputData = output)
            fixed (byte* outputName = _outputName)
            {
                nint outputValue = 0;
                try
                {
                    outputValue = api.CreateFloatTensor(_memoryInfo, outputData, outputCount, outputShape);
                    api.Run(_session, names, values, inputs.Count, outputName, &outputValue);
                    float* written = (float*)api.GetTensorMutableData(outputValue);
                    if (written != outputData)
                    {
                        new ReadOnlySpan<float>(written, checked((int)outputCount)).CopyTo(output);
                    }
                }
                finally
                {
                    api.ReleaseValue(outputValue);
                }
            }
        }
        finally
        {
            for (int i = 0; i < inputs.Count; i++)
            {
                if (values[i] != 0)
                {
                    api.ReleaseValue(values[i]);
                }
            }

            foreach (System.Runtime.InteropServices.GCHandle pin in pins)
            {
                if (pin.IsAllocated)
                {
                    pin.Free();
                }
            }

            _disposeLock.ExitReadLock();
        }
    }

    /// <summary>Releases the session and its memory description. Later <c>Run</c> calls throw.</summary>
    public void Dispose()
    {
        _disposeLock.EnterWriteLock();
        try
        {
            if (_session != 0)
            {
                _library.Api.ReleaseSession(_session);
                _library.Api.ReleaseMemoryInfo(_memoryInfo);
                _session = 0;
                _memoryInfo = 0;
            }
        }
        finally
        {
            _disposeLock.ExitWriteLock();
        }
    }

    private void RunCore(ReadOnlySpan<float> input, ReadOnlySpan<long> inputShape, Span<float> output, ReadOnlySpan<long> outputShape, long inputCount, long outputCount)
    {
        OrtApi api = _library.Api;
        fixed (float* inputData = input)
        fixed (float* outputData = output)
        fixed (byte* inputName = _inputName)
        fixed (byte* outputName = _outputName)
        {
            // ORT only reads the input, but its API takes a mutable pointer.
            nint inputValue = api.CreateFloatTensor(_memoryInfo, inputData, inputCount, inputShape);
            nint outputValue = 0;
            try
            {
                // A pre-allocated output makes ORT write straight into the caller's buffer.
                outputValue = api.CreateFloatTensor(_memoryInfo, outputData, outputCount, outputShape);
                api.Run(_session, inputName, inputValue, outputName, &outputValue);
                float* written = (float*)api.GetTensorMutableData(outputValue);
                if (written != outputData)
                {
                    // Not expected from ORT's contract, but cheap to guard: never hand back a buffer ORT did not fill.
                    new ReadOnlySpan<float>(written, checked((int)outputCount)).CopyTo(output);
                }
            }
            finally
            {
                api.ReleaseValue(inputValue);
                api.ReleaseValue(outputValue);
            }
        }
    }

    private static OnnxExecutionProvider ChooseAutomatically(OnnxRuntimeLibrary library)
    {
        if (OperatingSystem.IsWindows() && library.TryGetExport(DirectMLExport) != 0)
        {
            return OnnxExecutionProvider.DirectML;
        }

        // The CUDA append function is exported by every build, but it only works where the provider library (and a
        // CUDA driver) exists; checking for the file first avoids an error on every CPU-only machine.
        string cudaProvider = OperatingSystem.IsWindows() ? "onnxruntime_providers_cuda.dll" : "libonnxruntime_providers_cuda.so";
        string? folder = Path.GetDirectoryName(library.Path);
        if (library.TryGetExport(CudaExport) != 0 && !string.IsNullOrEmpty(folder) && File.Exists(Path.Combine(folder, cudaProvider)))
        {
            return OnnxExecutionProvider.Cuda;
        }

        return OnnxExecutionProvider.Cpu;
    }

    private static nint CreateSession(OnnxRuntimeLibrary library, ReadOnlySpan<byte> model, OnnxRuntimeOptions options, OnnxExecutionProvider provider)
    {
        OrtApi api = library.Api;
        nint sessionOptions = api.CreateSessionOptions();
        try
        {
            api.SetSessionGraphOptimizationLevel(sessionOptions, 99); // ORT_ENABLE_ALL: fuses Conv + PRelu where it can
            api.SetSessionExecutionMode(sessionOptions, 0); // sequential: the generator is a chain, nothing runs in parallel
            api.SetIntraOpNumThreads(sessionOptions, options.IntraOpThreads);
            api.SetInterOpNumThreads(sessionOptions, 1);
            switch (provider)
            {
                case OnnxExecutionProvider.DirectML:
                    // DirectML requires memory patterns off and sequential execution (ORT's DirectML documentation).
                    api.DisableMemPattern(sessionOptions);
                    AppendProvider(library, sessionOptions, DirectMLExport, options.DeviceId, "DirectML");
                    break;
                case OnnxExecutionProvider.Cuda:
                    AppendProvider(library, sessionOptions, CudaExport, options.DeviceId, "CUDA");
                    break;
            }

            return api.CreateSessionFromArray(library.Environment, model, sessionOptions);
        }
        finally
        {
            api.ReleaseSessionOptions(sessionOptions);
        }
    }

    private static void AppendProvider(OnnxRuntimeLibrary library, nint sessionOptions, string export, int deviceId, string name)
    {
        nint append = library.TryGetExport(export);
        if (append == 0)
        {
            throw new UpscalerException(
                UpscalerErrorCode.FeatureNotSupported,
                $"The ONNX Runtime library {library.Path} has no {name} execution provider ({export} is not exported).");
        }

        library.Api.Check(((delegate* unmanaged<nint, int, nint>)append)(sessionOptions, deviceId), $"{name} execution provider setup", UpscalerErrorCode.BackendUnavailable);
    }

    private static long ElementCount(ReadOnlySpan<long> shape, string name)
    {
        long count = 1;
        foreach (long dimension in shape)
        {
            if (dimension < 1 || count > Array.MaxLength / dimension)
            {
                throw new ArgumentException($"Shape [{Join(shape)}] has a dimension below 1 or is too large.", name);
            }

            count *= dimension;
        }

        return count;
    }

    private static string Join(ReadOnlySpan<long> shape)
    {
        var parts = new string[shape.Length];
        for (int i = 0; i < shape.Length; i++)
        {
            parts[i] = shape[i].ToString(CultureInfo.InvariantCulture);
        }

        return string.Join(", ", parts);
    }
}
