using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace GameUpscaler.OnnxRuntime;

/// <summary>
/// One ONNX Runtime inference session (the managed binding's <see cref="InferenceSession"/>) over a model with float32
/// inputs (one, or several: a temporal generator's frame, history and confidence) and one float32 output, run on caller
/// memory without copies (the <see cref="OrtValue"/> tensors wrap the caller's buffers, the output pre-allocated, so ORT
/// writes straight into it). Created with the execution provider chosen by
/// <see cref="OnnxRuntimeOptions.ExecutionProvider"/>; <c>Run</c> may be called from several threads.
/// </summary>
/// <remarks>Every ORT failure is an <see cref="UpscalerException"/>; no type of the binding leaves this class.</remarks>
public sealed unsafe class OnnxSession : IDisposable
{
    /// <summary>ORT's name of its CPU provider (always present).</summary>
    internal const string CpuProviderName = "CPUExecutionProvider";

    /// <summary>ORT's name of the DirectML provider (the Microsoft.ML.OnnxRuntime.DirectML build, Windows).</summary>
    internal const string DirectMLProviderName = "DmlExecutionProvider";

    /// <summary>ORT's name of the CUDA provider (the Microsoft.ML.OnnxRuntime.Gpu builds).</summary>
    internal const string CudaProviderName = "CUDAExecutionProvider";

    private readonly OnnxRuntimeLibrary _library;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly ReaderWriterLockSlim _disposeLock = new();
    private InferenceSession? _session;
    private RunOptions? _runOptions;

    private OnnxSession(OnnxRuntimeLibrary library, InferenceSession session, RunOptions runOptions, IReadOnlyList<string> inputNames, string outputName, OnnxExecutionProvider provider, string? fallbackReason)
    {
        _library = library;
        _session = session;
        _runOptions = runOptions;
        _inputNames = [.. inputNames];
        _outputNames = [outputName];
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
    /// <see cref="UpscalerErrorCode.BackendUnavailable"/> (no library, or the provider could not start),
    /// <see cref="UpscalerErrorCode.InvalidModel"/> (ORT rejects the model; its message says why),
    /// <see cref="UpscalerErrorCode.FeatureNotSupported"/> (the requested provider is not in this library) or
    /// <see cref="UpscalerErrorCode.NativeCallFailed"/>.
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
        // First: it hands the chosen native library to the binding before any ORT type is used.
        OnnxRuntimeLibrary library = OnnxRuntimeLibrary.Load(options.LibraryPath);
        byte[] bytes = model.ToArray();

        OnnxExecutionProvider provider = options.ExecutionProvider == OnnxExecutionProvider.Auto ? ChooseAutomatically(library) : options.ExecutionProvider;
        string? fallbackReason = null;
        InferenceSession session;
        try
        {
            session = CreateSession(library, bytes, options, provider);
        }
        catch (UpscalerException e) when (options.ExecutionProvider == OnnxExecutionProvider.Auto && provider != OnnxExecutionProvider.Cpu)
        {
            // A provider that cannot start on this machine (no GPU, no driver, no CUDA libraries). A bad model fails
            // the CPU session too, with its own message.
            session = CreateSession(library, bytes, options, OnnxExecutionProvider.Cpu);
            fallbackReason = $"{provider} could not start ({e.Message}); running on the CPU";
            provider = OnnxExecutionProvider.Cpu;
        }

        RunOptions runOptions;
        try
        {
            runOptions = new RunOptions();
        }
        catch (OnnxRuntimeException e)
        {
            session.Dispose();
            throw OrtErrors.Translate(e, "run options", UpscalerErrorCode.NativeCallFailed);
        }

        return new OnnxSession(library, session, runOptions, inputNames, outputName, provider, fallbackReason);
    }

    /// <summary>Runs the model once: <paramref name="input"/> in, <paramref name="output"/> overwritten.</summary>
    /// <param name="input">The input tensor's elements, row-major.</param>
    /// <param name="inputShape">The input tensor's shape (e.g. [1, 3, H, W]).</param>
    /// <param name="output">Receives the output tensor's elements.</param>
    /// <param name="outputShape">The output shape the model produces for this input; ORT checks it.</param>
    /// <exception cref="ArgumentException">A span's length does not match its shape, or the session takes several inputs.</exception>
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

        if (_inputNames.Length != 1)
        {
            throw new ArgumentException($"The session takes {_inputNames.Length} inputs; this overload feeds one.", nameof(input));
        }

        _disposeLock.EnterReadLock();
        try
        {
            ObjectDisposedException.ThrowIf(_session is null, this);
            fixed (float* inputData = input)
            fixed (float* outputData = output)
            {
                // ORT only reads the input, but a tensor over caller memory takes a mutable pointer.
                using OrtValue inputValue = Wrap(inputData, inputCount, inputShape);
                using OrtValue outputValue = Wrap(outputData, outputCount, outputShape);
                RunCore([inputValue], outputValue);
            }
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
            ArgumentNullException.ThrowIfNull(data, nameof(inputs));
            ArgumentNullException.ThrowIfNull(shape, nameof(inputs));
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
        var values = new List<OrtValue>(inputs.Count);
        try
        {
            ObjectDisposedException.ThrowIf(_session is null, this);
            foreach ((float[] data, long[] shape) in inputs)
            {
                // Pins the array for the value's lifetime: no copy.
                values.Add(OrtValue.CreateTensorValueFromMemory(data, (long[])shape.Clone()));
            }

            fixed (float* outputData = output)
            {
                using OrtValue outputValue = Wrap(outputData, outputCount, outputShape);
                RunCore(values, outputValue);
            }
        }
        catch (OnnxRuntimeException e)
        {
            throw OrtErrors.Translate(e, "tensor creation", UpscalerErrorCode.NativeCallFailed);
        }
        finally
        {
            foreach (OrtValue value in values)
            {
                value.Dispose();
            }

            _disposeLock.ExitReadLock();
        }
    }

    /// <summary>Releases the session. Later <c>Run</c> calls throw.</summary>
    public void Dispose()
    {
        _disposeLock.EnterWriteLock();
        try
        {
            _session?.Dispose();
            _runOptions?.Dispose();
            _session = null;
            _runOptions = null;
        }
        finally
        {
            _disposeLock.ExitWriteLock();
        }
    }

    /// <summary>
    /// What <see cref="OnnxExecutionProvider.Auto"/> picks from the providers the library has: DirectML (Windows),
    /// else CUDA, else the CPU. A GPU provider that then fails to start falls back to the CPU in <c>Create</c>.
    /// </summary>
    internal static OnnxExecutionProvider ChooseAutomatically(OnnxRuntimeLibrary library)
    {
        if (OperatingSystem.IsWindows() && library.Has(DirectMLProviderName))
        {
            return OnnxExecutionProvider.DirectML;
        }

        return library.Has(CudaProviderName) ? OnnxExecutionProvider.Cuda : OnnxExecutionProvider.Cpu;
    }

    private void RunCore(IReadOnlyCollection<OrtValue> inputs, OrtValue output)
    {
        try
        {
            _session!.Run(_runOptions, _inputNames, inputs, _outputNames, [output]);
        }
        catch (OnnxRuntimeException e)
        {
            throw OrtErrors.Translate(e, "Run", UpscalerErrorCode.NativeCallFailed);
        }
    }

    /// <summary>A float32 tensor over memory the caller keeps pinned for the value's lifetime: ORT reads and writes it in place.</summary>
    private static OrtValue Wrap(float* data, long elementCount, ReadOnlySpan<long> shape)
    {
        try
        {
            return OrtValue.CreateTensorValueWithData(OrtMemoryInfo.DefaultInstance, TensorElementType.Float, shape.ToArray(), (nint)data, elementCount * sizeof(float));
        }
        catch (OnnxRuntimeException e)
        {
            throw OrtErrors.Translate(e, "tensor creation", UpscalerErrorCode.NativeCallFailed);
        }
    }

    private static InferenceSession CreateSession(OnnxRuntimeLibrary library, byte[] model, OnnxRuntimeOptions options, OnnxExecutionProvider provider)
    {
        SessionOptions sessionOptions;
        try
        {
            sessionOptions = new SessionOptions
            {
                GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, // fuses Conv + PRelu where it can
                ExecutionMode = ExecutionMode.ORT_SEQUENTIAL, // the generator is a chain, nothing runs in parallel
                IntraOpNumThreads = options.IntraOpThreads,
                InterOpNumThreads = 1,
            };
        }
        catch (OnnxRuntimeException e)
        {
            throw OrtErrors.Translate(e, "session options", UpscalerErrorCode.NativeCallFailed);
        }

        using (sessionOptions)
        {
            return CreateSession(library, model, options, provider, sessionOptions);
        }
    }

    private static InferenceSession CreateSession(OnnxRuntimeLibrary library, byte[] model, OnnxRuntimeOptions options, OnnxExecutionProvider provider, SessionOptions sessionOptions)
    {
        switch (provider)
        {
            case OnnxExecutionProvider.DirectML:
                // DirectML requires memory patterns off and sequential execution (ORT's DirectML documentation).
                sessionOptions.EnableMemoryPattern = false;
                AppendProvider(library, DirectMLProviderName, "DirectML", () => sessionOptions.AppendExecutionProvider_DML(options.DeviceId));
                break;
            case OnnxExecutionProvider.Cuda:
                AppendProvider(library, CudaProviderName, "CUDA", () => sessionOptions.AppendExecutionProvider_CUDA(options.DeviceId));
                break;
        }

        try
        {
            return new InferenceSession(model, sessionOptions);
        }
        catch (OnnxRuntimeException e)
        {
            throw OrtErrors.Translate(e, $"session creation on {provider} (loading the model)", UpscalerErrorCode.InvalidModel);
        }
    }

    private static void AppendProvider(OnnxRuntimeLibrary library, string providerName, string label, Action append)
    {
        string missing = $"The ONNX Runtime library {library.Path} has no {label} execution provider (it has {string.Join(", ", library.ExecutionProviders)})";
        if (!library.Has(providerName))
        {
            throw new UpscalerException(UpscalerErrorCode.FeatureNotSupported, missing + Hint(label));
        }

        try
        {
            append();
        }
        catch (EntryPointNotFoundException)
        {
            throw new UpscalerException(UpscalerErrorCode.FeatureNotSupported, missing + Hint(label));
        }
        catch (OnnxRuntimeException e)
        {
            throw OrtErrors.Translate(e, $"{label} execution provider setup", UpscalerErrorCode.BackendUnavailable);
        }
    }

    private static string Hint(string label) => label == "DirectML"
        ? $". DirectML comes with the {OnnxRuntimeLibrary.DirectMLPackageId} package on Windows: build with -p:{OnnxRuntimeLibrary.PackageProperty}={OnnxRuntimeLibrary.DirectMLPackageId}."
        : $". CUDA comes with the Microsoft.ML.OnnxRuntime.Gpu packages (and needs the CUDA and cuDNN libraries): build with -p:{OnnxRuntimeLibrary.PackageProperty}=Microsoft.ML.OnnxRuntime.Gpu.Linux (or .Gpu.Windows).";

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
