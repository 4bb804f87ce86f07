using System.Reflection;
using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace GameUpscaler.OnnxRuntime;

/// <summary>
/// The ONNX Runtime native library under the managed binding (the Microsoft.ML.OnnxRuntime.Managed package), its
/// version and execution providers, and the process-wide ORT environment. The binding binds one native library per
/// process, for the life of the process, so the first successful <see cref="Load(string?)"/> decides which one.
/// </summary>
/// <remarks>
/// <para>
/// Search order when no path is given: the <see cref="EnvironmentVariable"/> variable (a file or a folder; when set,
/// nothing else is tried), else the program's own folder (where the build puts the library of the
/// <see cref="PackageId"/> package for this machine's runtime identifier), its <c>runtimes/RID/native</c> folder (a
/// build without a runtime identifier), then the system loader (<c>LD_LIBRARY_PATH</c>, <c>PATH</c> …).
/// </para>
/// <para>
/// The library is found and loaded here, before any type of the binding is touched, and handed to the binding through
/// a DllImport resolver: so a missing or damaged file is an <see cref="UpscalerException"/> naming every place tried
/// (a truncated file is refused before the system loader maps it, which would end the process with SIGBUS), and the
/// binding never falls back silently to another copy.
/// </para>
/// </remarks>
public sealed class OnnxRuntimeLibrary
{
    /// <summary>The environment variable naming the native library file (or the folder holding it).</summary>
    public const string EnvironmentVariable = "GAMEUPSCALER_ONNXRUNTIME";

    /// <summary>The NuGet package that carries the native library (CPU provider; linux-x64, win-x64, osx-arm64 …).</summary>
    public const string PackageId = "Microsoft.ML.OnnxRuntime";

    /// <summary>The package for DirectML on Windows, named by the build property <see cref="PackageProperty"/> (not served by this project's feed).</summary>
    public const string DirectMLPackageId = "Microsoft.ML.OnnxRuntime.DirectML";

    /// <summary>The MSBuild property that replaces <see cref="PackageId"/> with another ONNX Runtime native package.</summary>
    public const string PackageProperty = "OnnxRuntimePackage";

    /// <summary>The name the binding imports its functions from; only this name is resolved to the chosen library.</summary>
    private const string ImportName = "onnxruntime";

    private static readonly object LoadLock = new();
    private static OnnxRuntimeLibrary? _loaded;
    private static nint _loadedHandle;
    private static string? _bindingFailure;

    private OnnxRuntimeLibrary(string path, string version, IReadOnlyList<string> executionProviders)
    {
        Path = path;
        Version = version;
        ExecutionProviders = executionProviders;
    }

    /// <summary>The library's file name on this operating system.</summary>
    public static string PlatformFileName =>
        OperatingSystem.IsWindows() ? "onnxruntime.dll" : OperatingSystem.IsMacOS() ? "libonnxruntime.dylib" : "libonnxruntime.so";

    /// <summary>The version of the managed binding (Microsoft.ML.OnnxRuntime.Managed), e.g. <c>1.31.1</c>; the native library must offer its C API version.</summary>
    public static string BindingVersion { get; } =
        typeof(OrtEnv).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(OrtEnv).Assembly.GetName().Version?.ToString() ?? "unknown";

    /// <summary>The oldest ONNX Runtime release whose library offers the binding's C API version, e.g. <c>1.31</c> (any later 1.x does too).</summary>
    public static string MinimumLibraryVersion { get; } = string.Join('.', BindingVersion.Split('.').Take(2));

    /// <summary>How to obtain the library, for messages.</summary>
    public static string HowToGet =>
        $"The library comes with the {PackageId} NuGet package ({BindingVersion}): building the program restores it for this machine's " +
        $"runtime identifier and puts {PlatformFileName} beside the program (run 'dotnet build' in the repository if it is missing), " +
        $"or set {EnvironmentVariable} to an ONNX Runtime library file ({MinimumLibraryVersion} or later; or its folder), or put one beside the program. " +
        $"DirectML (Windows): build with -p:{PackageProperty}={DirectMLPackageId}.";

    /// <summary>The file the library was loaded from (or the bare name the system loader resolved).</summary>
    public string Path { get; }

    /// <summary>ONNX Runtime's version string, e.g. <c>1.31.1</c>.</summary>
    public string Version { get; }

    /// <summary>The execution providers compiled into the library, in ORT's names (<c>CPUExecutionProvider</c>, <c>DmlExecutionProvider</c>, <c>CUDAExecutionProvider</c> …).</summary>
    public IReadOnlyList<string> ExecutionProviders { get; }

    /// <summary>Loads the library from <paramref name="path"/>, or searches for it when null (see remarks); returns the one already loaded when it is the same.</summary>
    /// <param name="path">A library file; when given, no other location is tried.</param>
    /// <exception cref="UpscalerException">
    /// <see cref="UpscalerErrorCode.BackendUnavailable"/>: the library is missing, cannot be loaded, is not ONNX Runtime,
    /// lacks the binding's C API version, or another ONNX Runtime library is already loaded in this process; the
    /// message lists the places tried and says how to get the library.
    /// </exception>
    public static OnnxRuntimeLibrary Load(string? path = null) =>
        Load(path, System.Environment.GetEnvironmentVariable(EnvironmentVariable), AppContext.BaseDirectory, PlatformFileName);

    /// <summary>
    /// The search, with the environment variable, the program folder and the name given to the system loader as
    /// parameters (tests use a name no loader resolves).
    /// </summary>
    internal static OnnxRuntimeLibrary Load(string? explicitPath, string? environmentValue, string programDirectory, string systemName)
    {
        List<string> candidates = Candidates(explicitPath, environmentValue, programDirectory, systemName);
        lock (LoadLock)
        {
            if (_bindingFailure is not null)
            {
                // The binding's type initializer failed: .NET never runs it again, so ORT is unusable in this process.
                throw new UpscalerException(UpscalerErrorCode.BackendUnavailable, _bindingFailure);
            }

            var failures = new List<string>();
            foreach (string candidate in candidates)
            {
                if (_loaded is not null && string.Equals(candidate, _loaded.Path, StringComparison.Ordinal))
                {
                    return _loaded;
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

                if (!NativeLibrary.TryGetExport(handle, "OrtGetApiBase", out _))
                {
                    NativeLibrary.Free(handle);
                    throw new UpscalerException(UpscalerErrorCode.BackendUnavailable, $"{candidate} is not ONNX Runtime: it exports no OrtGetApiBase. {HowToGet}");
                }

                if (_loaded is not null)
                {
                    NativeLibrary.Free(handle); // the loader counts references: this only undoes our Load
                    if (handle == _loadedHandle)
                    {
                        return _loaded; // the same library under another name
                    }

                    throw new UpscalerException(
                        UpscalerErrorCode.BackendUnavailable,
                        $"ONNX Runtime {_loaded.Version} is already loaded in this process from {_loaded.Path}, so {candidate} cannot be used: " +
                        "the managed binding binds one native library per process. Use one library per process.");
                }

                _loaded = Bind(candidate, handle);
                return _loaded;
            }

            throw new UpscalerException(
                UpscalerErrorCode.BackendUnavailable,
                "No usable ONNX Runtime native library was found. Tried: " + string.Join("; ", failures) + ". " + HowToGet);
        }
    }

    /// <summary>
    /// One line for <c>gameupscaler info</c>: the version, file and execution providers of the library the default
    /// search finds and the provider <see cref="OnnxExecutionProvider.Auto"/> picks, or why none is usable and how to get it.
    /// </summary>
    public static string DescribeAvailability()
    {
        try
        {
            OnnxRuntimeLibrary library = Load();
            string auto = OnnxSession.ChooseAutomatically(library).ToString().ToLowerInvariant();
            return $"available: ONNX Runtime {library.Version} ({library.Path}), execution providers: {string.Join(", ", library.ExecutionProviders)}; auto picks {auto}";
        }
        catch (UpscalerException e)
        {
            return "unavailable: " + e.Message;
        }
    }

    /// <summary>Whether the library has the execution provider of this ORT name.</summary>
    internal bool Has(string providerName) => ExecutionProviders.Contains(providerName, StringComparer.Ordinal);

    /// <summary>Hands the loaded library to the binding and creates the ORT environment (log level: errors only).</summary>
    private static OnnxRuntimeLibrary Bind(string path, nint handle)
    {
        try
        {
            // Before any other ORT member: the binding's static constructor would register its own resolver.
            OrtEnv.DisableDllImportResolver = true;
            NativeLibrary.SetDllImportResolver(typeof(OrtEnv).Assembly, Resolve);
        }
        catch (InvalidOperationException)
        {
            NativeLibrary.Free(handle);
            throw new UpscalerException(
                UpscalerErrorCode.BackendUnavailable,
                "Another component of this process set the native library resolver of the ONNX Runtime binding first, so the backend cannot choose the library.");
        }

        _loadedHandle = handle;
        try
        {
            OrtEnv environment;
            if (OrtEnv.IsCreated)
            {
                environment = OrtEnv.Instance();
            }
            else
            {
                // Warnings would go to stderr unasked (ORT's default level is warning).
                var options = new EnvironmentCreationOptions { logId = "GameUpscaler", logLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
                environment = OrtEnv.CreateInstanceWithOptions(ref options);
            }

            return new OnnxRuntimeLibrary(path, environment.GetVersionString(), environment.GetAvailableProviders());
        }
        catch (Exception e) when (e is TypeInitializationException or EntryPointNotFoundException or DllNotFoundException or OnnxRuntimeException)
        {
            Exception cause = e;
            while (cause is TypeInitializationException { InnerException: not null })
            {
                cause = cause.InnerException;
            }

            _bindingFailure =
                $"{path} cannot be used by the ONNX Runtime binding {BindingVersion}: {FirstLine(OrtErrors.MessageOf(cause))}. It needs ONNX Runtime " +
                $"{MinimumLibraryVersion} or a later 1.x; the binding cannot be initialized again in this process. {HowToGet}";
            throw new UpscalerException(UpscalerErrorCode.BackendUnavailable, _bindingFailure);
        }
    }

    private static nint Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        string.Equals(libraryName, ImportName, StringComparison.Ordinal) ? _loadedHandle : 0; // 0: the runtime's own search

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

        List<string> candidates =
        [
            System.IO.Path.Combine(programDirectory, fileName),
            System.IO.Path.Combine(programDirectory, "runtimes", RuntimeInformation.RuntimeIdentifier, "native", fileName),
            systemName,
        ];
        return candidates.Distinct(StringComparer.Ordinal).ToList();
    }

    private static string FirstLine(string text)
    {
        int newline = text.IndexOf('\n', StringComparison.Ordinal);
        return (newline < 0 ? text : text[..newline]).Trim().TrimEnd('.');
    }
}
