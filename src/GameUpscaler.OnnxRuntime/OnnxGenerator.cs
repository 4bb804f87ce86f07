using GameUpscaler.Imaging;
using GameUpscaler.Models;
using GameUpscaler.Models.Onnx;

namespace GameUpscaler.OnnxRuntime;

/// <summary>
/// A generator run by ONNX Runtime: the weights are exported to ONNX (<see cref="OnnxExporter"/>) with a fixed
/// input shape, one session per input resolution (fixed shapes let DirectML and CUDA plan memory once). The planar
/// images are NCHW tensors with N = 1, so frames go in and out without conversion.
/// </summary>
/// <remarks>
/// Weights are exported when a resolution is first seen; later edits of the arrays are not seen by existing sessions.
/// At most <see cref="OnnxRuntimeOptions.MaxCachedSessions"/> sessions are kept, least recently used released first.
/// <see cref="Run(PlanarImage, PlanarImage)"/> may be called from several threads at once.
/// </remarks>
public sealed class OnnxGenerator : IDisposable
{
    private readonly GeneratorWeights _weights;
    private readonly Dictionary<(int Width, int Height), OnnxSession> _sessions = [];
    private readonly LinkedList<(int Width, int Height)> _recentlyUsed = new();
    private readonly object _sessionsLock = new();
    private bool _disposed;

    /// <summary>Prepares the generator; the library is loaded now, so a missing one fails here rather than on the first frame.</summary>
    /// <param name="weights">The model.</param>
    /// <param name="options">Library, provider and threads; null for <see cref="OnnxRuntimeOptions.Default"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="weights"/> is null.</exception>
    /// <exception cref="UpscalerException"><see cref="UpscalerErrorCode.BackendUnavailable"/>: no ONNX Runtime library (the message says how to get it).</exception>
    public OnnxGenerator(GeneratorWeights weights, OnnxRuntimeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(weights);
        weights.Architecture.ThrowIfNotPlain("The ONNX Runtime backend");
        if (weights.Architecture.Temporal)
        {
            throw new ArgumentException($"{weights.Architecture} is a temporal generator; the ONNX Runtime backend runs per-frame generators only so far.", nameof(weights));
        }

        _weights = weights;
        Options = options ?? OnnxRuntimeOptions.Default;
        Library = OnnxRuntimeLibrary.Load(Options.LibraryPath);
    }

    /// <summary>The generator shape.</summary>
    public GeneratorArchitecture Architecture => _weights.Architecture;

    /// <summary>The settings in use.</summary>
    public OnnxRuntimeOptions Options { get; }

    /// <summary>The native library in use.</summary>
    public OnnxRuntimeLibrary Library { get; }

    /// <summary>How many resolutions currently have a session.</summary>
    public int CachedSessionCount
    {
        get
        {
            lock (_sessionsLock)
            {
                return _sessions.Count;
            }
        }
    }

    /// <summary>The provider of the most recently created session; null before the first frame.</summary>
    public OnnxExecutionProvider? ExecutionProvider { get; private set; }

    /// <summary>Why a GPU provider was not used (see <see cref="OnnxSession.FallbackReason"/>); null when none was skipped.</summary>
    public string? FallbackReason { get; private set; }

    /// <summary>Creates the session for an input size ahead of the first frame of that size (session creation takes time).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive.</exception>
    /// <exception cref="ObjectDisposedException">The generator was disposed.</exception>
    /// <exception cref="UpscalerException">ORT could not create the session.</exception>
    public void Prepare(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        _ = GetSession(width, height);
    }

    /// <summary>Upscales an RGB image into a new image of <c>Scale</c> times its size.</summary>
    /// <returns>Three planes, not clamped: callers clamp and round.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="input"/> is null.</exception>
    /// <exception cref="ArgumentException">The input does not have 3 channels, or the output would be too large.</exception>
    /// <exception cref="UpscalerException">ORT failed.</exception>
    public PlanarImage Run(PlanarImage input)
    {
        ArgumentNullException.ThrowIfNull(input);
        int s = Architecture.Scale;
        long outputLength = (long)input.Width * s * input.Height * s * GeneratorArchitecture.ImageChannels;
        if ((long)input.Width * s > int.MaxValue || (long)input.Height * s > int.MaxValue || outputLength > Array.MaxLength)
        {
            throw new ArgumentException($"A {input.Width}x{input.Height} image upscaled x{s} is too large for one array.", nameof(input));
        }

        var output = new PlanarImage(input.Width * s, input.Height * s, GeneratorArchitecture.ImageChannels);
        Run(input, output);
        return output;
    }

    /// <summary>Upscales an RGB image into an existing image of <c>Scale</c> times its size (every sample overwritten).</summary>
    /// <exception cref="ArgumentNullException">An image is null.</exception>
    /// <exception cref="ArgumentException">An image does not have 3 channels, the output has the wrong size, or both are the same image.</exception>
    /// <exception cref="ObjectDisposedException">The generator was disposed.</exception>
    /// <exception cref="UpscalerException">ORT failed.</exception>
    public void Run(PlanarImage input, PlanarImage output)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        Architecture.ThrowIfImagesDoNotFit(input, output);

        for (int attempt = 0; ; attempt++)
        {
            OnnxSession session = GetSession(input.Width, input.Height);
            try
            {
                session.Run(
                    input.Data,
                    [1, GeneratorArchitecture.ImageChannels, input.Height, input.Width],
                    output.Data,
                    [1, GeneratorArchitecture.ImageChannels, output.Height, output.Width]);
                return;
            }
            catch (ObjectDisposedException) when (attempt < 3 && !_disposed)
            {
                // Another thread evicted this resolution's session between lookup and run: create it again.
            }
        }
    }

    /// <summary>Releases every session.</summary>
    public void Dispose()
    {
        lock (_sessionsLock)
        {
            foreach (OnnxSession session in _sessions.Values)
            {
                session.Dispose();
            }

            _sessions.Clear();
            _recentlyUsed.Clear();
            _disposed = true;
        }
    }

    private OnnxSession GetSession(int width, int height)
    {
        lock (_sessionsLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            (int, int) key = (width, height);
            if (_sessions.TryGetValue(key, out OnnxSession? session))
            {
                _recentlyUsed.Remove(key);
                _recentlyUsed.AddFirst(key);
                return session;
            }

            byte[] model = OnnxExporter.Export(_weights, new OnnxExportOptions { Width = width, Height = height });
            session = OnnxSession.Create(model, OnnxExporter.InputName, OnnxExporter.OutputName, Options);
            _sessions.Add(key, session);
            _recentlyUsed.AddFirst(key);
            ExecutionProvider = session.ExecutionProvider;
            FallbackReason = session.FallbackReason;
            while (_sessions.Count > Options.MaxCachedSessions)
            {
                (int, int) oldest = _recentlyUsed.Last!.Value;
                _recentlyUsed.RemoveLast();
                _sessions.Remove(oldest, out OnnxSession? evicted);
                evicted?.Dispose(); // waits for a run in progress on it to finish
            }

            return session;
        }
    }
}
