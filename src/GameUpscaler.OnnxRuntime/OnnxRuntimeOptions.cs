namespace GameUpscaler.OnnxRuntime;

/// <summary>Settings of the ONNX Runtime backend. Invalid values throw when set.</summary>
public sealed record OnnxRuntimeOptions
{
    private readonly int _intraOpThreads;
    private readonly int _deviceId;
    private readonly int _maxCachedSessions = 4;

    /// <summary>The defaults: library found by search, <see cref="OnnxExecutionProvider.Auto"/>, ORT's default thread count.</summary>
    public static OnnxRuntimeOptions Default { get; } = new();

    /// <summary>
    /// The native library file; null to search (see <see cref="OnnxRuntimeLibrary"/>: the package's library beside the
    /// program). One library serves the whole process: the first one loaded stays.
    /// </summary>
    public string? LibraryPath { get; init; }

    /// <summary>Which execution provider to use.</summary>
    public OnnxExecutionProvider ExecutionProvider { get; init; } = OnnxExecutionProvider.Auto;

    /// <summary>GPU index for DirectML or CUDA (0 = the first adapter).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int DeviceId
    {
        get => _deviceId;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            _deviceId = value;
        }
    }

    /// <summary>
    /// Threads ORT's CPU kernels use inside one operator; 0 (the default) lets ORT pick one per physical core. Set it to
    /// the CPU generator's thread count for a fair comparison.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative or above 1024.</exception>
    public int IntraOpThreads
    {
        get => _intraOpThreads;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 1024);
            _intraOpThreads = value;
        }
    }

    /// <summary>
    /// How many input resolutions an <see cref="OnnxGenerator"/> keeps a session for (each holds its own memory
    /// plan); the least recently used one is released beyond that, so dynamic resolution cannot grow memory without
    /// bound. Default 4.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 1.</exception>
    public int MaxCachedSessions
    {
        get => _maxCachedSessions;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            _maxCachedSessions = value;
        }
    }
}
