using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using GameUpscaler.OnnxRuntime.Interop;

namespace GameUpscaler.OnnxRuntime;

/// <summary>
/// The loaded ONNX Runtime native library, its C API table and the process-wide ORT environment. Loaded once per
/// path and kept for the life of the process (ORT's environment owns thread pools that must outlive every session).
/// </summary>
/// <remarks>
/// Search order when no path is given: the <see cref="EnvironmentVariable"/> variable (a file or a folder; when set,
/// nothing else is tried), else the program's own folder, the repository's setup cache <see cref="SetupCacheFolder"/>
/// (filled by <see cref="FetchCommand"/>), then the system loader (<c>LD_LIBRARY_PATH</c>, <c>PATH</c> …).
/// </remarks>
public sealed unsafe class OnnxRuntimeLibrary
{
    /// <summary>The environment variable naming the native library file (or the folder holding it).</summary>
    public const string EnvironmentVariable = "GAMEUPSCALER_ONNXRUNTIME";

    /// <summary>The setup cache below the repository root where <see cref="FetchCommand"/> puts the Linux library.</summary>
    public const string SetupCacheFolder = ".cache/onnxruntime";

    /// <summary>What to run, from the repository root, to fetch the Linux library (onnxruntime-node 1.30.0 from npm).</summary>
    public const string FetchCommand = "bash scripts/fetch-onnxruntime.sh";

    private static readonly ConcurrentDictionary<string, OnnxRuntimeLibrary> Loaded = new(StringComparer.Ordinal);
    private static readonly object LoadLock = new();

    private readonly nint _handle;

    private OnnxRuntimeLibrary(string path, nint handle, OrtApi api, string version)
    {
        Path = path;
        _handle = handle;
        Api = api;
        Version = version;
        Environment = api.CreateEnv(logLevel: 3, "GameUpscaler"); // errors only: warnings would go to stderr unasked
    }

    /// <summary>The library's file name on this operating system.</summary>
    public static string PlatformFileName =>
        OperatingSystem.IsWindows() ? "onnxruntime.dll" : OperatingSystem.IsMacOS() ? "libonnxruntime.dylib" : "libonnxruntime.so.1";

    /// <summary>The file the library was loaded from (or the bare name the system loader resolved).</summary>
    public string Path { get; }

    /// <summary>ONNX Runtime's version string, e.g. <c>1.30.0</c>.</summary>
    public string Version { get; }

    internal OrtApi Api { get; }

    internal nint Environment { get; }

    /// <summary>Loads the library from <paramref name="path"/>, or searches for it when null (see remarks).</summary>
    /// <param name="path">A library file; when given, no other location is tried.</param>
    /// <exception cref="UpscalerException">
    /// <see cref="UpscalerErrorCode.BackendUnavailable"/>: the library is missing, cannot be loaded, is not ONNX Runtime
    /// or lacks C API version 30; the message lists the places tried and says how to get the library.
    /// </exception>
    public static OnnxRuntimeLibrary Load(string? path = null) =>
        Load(path, System.Environment.GetEnvironmentVariable(EnvironmentVariable), AppContext.BaseDirectory, PlatformFileName);

    /// <summary>
    /// The search, with the environment variable, the program folder and the name given to the system loader as
    /// parameters (tests use a name no loader resolves: once the library is loaded, its soname always resolves).
    /// </summary>
    internal static OnnxRuntimeLibrary Load(string? explicitPath, string? environmentValue, string programDirectory, string systemName)
    {
        List<string> candidates = Candidates(explicitPath, environmentValue, programDirectory, systemName);
        lock (LoadLock)
        {
            var failures = new List<string>();
            foreach (string candidate in candidates)
            {
                if (Loaded.TryGetValue(candidate, out OnnxRuntimeLibrary? cached))
                {
                    return cached;
                }

                bool isFile = candidate.Contains('/', StringComparison.Ordinal) || candidate.Contains('\\', StringComparison.Ordinal);
                if (isFile && !File.Exists(candidate))
                {
                    failures.Add($"{candidate} (no such file)");
                    continue;
                }

                string? problem = isFile ? NativeLibraryFile.Problem(candidate) : null;
                if (problem is not null)
                {
                    // Checked before the loader maps it: a truncated library would kill the process with SIGBUS.
                    failures.Add($"{candidate} ({problem})");
                    continue;
                }

                nint handle;
                try
                {
                    handle = NativeLibrary.Load(candidate);
                }
                catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
                {
                    failures.Add(isFile ? $"{candidate} (cannot be loaded: {FirstLine(e.Message)})" : $"{candidate} via the system loader (not found)");
                    continue;
                }

                OnnxRuntimeLibrary library = Open(candidate, handle);
                Loaded[candidate] = library;
                return library;
            }

            throw new UpscalerException(
                UpscalerErrorCode.BackendUnavailable,
                "No usable ONNX Runtime native library was found. Tried: " + string.Join("; ", failures) + ". " + HowToGet);
        }
    }

    /// <summary>How to obtain the library, for messages.</summary>
    public static string HowToGet =>
        $"Run '{FetchCommand}' in the repository (it extracts ONNX Runtime 1.30.0 from the onnxruntime-node npm package " +
        $"into {SetupCacheFolder}/: libonnxruntime.so.1 on Linux x64; onnxruntime.dll with DirectML.dll, the DirectML build, " +
        $"on Windows x64 from Git Bash), or set {EnvironmentVariable} to the library file (or put it beside the program).";

    /// <summary>
    /// One line for <c>gameupscaler info</c>: the version, file and execution providers of the library the default
    /// search finds, or why none is usable and how to get it.
    /// </summary>
    public static string DescribeAvailability()
    {
        try
        {
            OnnxRuntimeLibrary library = Load();
            var providers = new List<string> { "cpu" };
            if (library.TryGetExport("OrtSessionOptionsAppendExecutionProvider_DML") != 0)
            {
                providers.Add("directml");
            }

            if (library.TryGetExport("OrtSessionOptionsAppendExecutionProvider_CUDA") != 0)
            {
                providers.Add("cuda (if its provider library and a driver are present)");
            }

            return $"available: ONNX Runtime {library.Version} ({library.Path}), execution providers: {string.Join(", ", providers)}";
        }
        catch (UpscalerException e)
        {
            return "unavailable: " + e.Message;
        }
    }

    /// <summary>An exported function of the library (such as an execution provider's append function), or null.</summary>
    internal nint TryGetExport(string name) => NativeLibrary.TryGetExport(_handle, name, out nint address) ? address : 0;

    private static OnnxRuntimeLibrary Open(string path, nint handle)
    {
        if (!NativeLibrary.TryGetExport(handle, "OrtGetApiBase", out nint getApiBase))
        {
            NativeLibrary.Free(handle);
            throw new UpscalerException(UpscalerErrorCode.BackendUnavailable, $"{path} is not ONNX Runtime: it exports no OrtGetApiBase. {HowToGet}");
        }

        // OrtApiBase is { const OrtApi* (*GetApi)(uint32_t version); const char* (*GetVersionString)(void); }.
        nint* apiBase = ((delegate* unmanaged<nint*>)getApiBase)();
        string version = Marshal.PtrToStringUTF8((nint)((delegate* unmanaged<byte*>)apiBase[1])()) ?? "unknown";
        nint table = ((delegate* unmanaged<uint, nint>)apiBase[0])(OrtApi.ApiVersion);
        if (table == 0)
        {
            NativeLibrary.Free(handle);
            throw new UpscalerException(
                UpscalerErrorCode.BackendUnavailable,
                $"{path} is ONNX Runtime {version}, which does not provide C API version {OrtApi.ApiVersion}; version 1.30 or later is needed. {HowToGet}");
        }

        return new OnnxRuntimeLibrary(path, handle, new OrtApi(table), version);
    }

    private static List<string> Candidates(string? explicitPath, string? environmentValue, string programDirectory, string systemName)
    {
        string fileName = PlatformFileName;
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            return [System.IO.Path.GetFullPath(explicitPath)];
        }

        if (!string.IsNullOrWhiteSpace(environmentValue))
        {
            // Set on purpose, so it is the only candidate: a typo must fail loudly, not fall back to another library.
            string full = System.IO.Path.GetFullPath(environmentValue);
            return [Directory.Exists(full) ? System.IO.Path.Combine(full, fileName) : full];
        }

        var candidates = new List<string>();
        candidates.Add(System.IO.Path.Combine(programDirectory, fileName));
        for (DirectoryInfo? directory = new(programDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, "GameUpscaler.sln")))
            {
                candidates.Add(System.IO.Path.Combine(directory.FullName, SetupCacheFolder, fileName));
                break;
            }
        }

        candidates.Add(systemName);
        return candidates.Distinct(StringComparer.Ordinal).ToList();
    }

    private static string FirstLine(string text)
    {
        int newline = text.IndexOf('\n', StringComparison.Ordinal);
        return (newline < 0 ? text : text[..newline]).Trim();
    }
}
