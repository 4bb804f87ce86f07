namespace GameUpscaler.OnnxRuntime.Tests;

/// <summary>Finding the native library, and the errors when it is missing or wrong.</summary>
public sealed class OnnxRuntimeLibraryTests
{
    /// <summary>The library the build copies from the Microsoft.ML.OnnxRuntime package beside the test binary.</summary>
    private static string PackageLibrary => Path.Combine(AppContext.BaseDirectory, OnnxRuntimeLibrary.PlatformFileName);

    [Fact]
    public void Missing_library_says_what_was_tried_and_how_to_get_it()
    {
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        string missing = temp.File("libonnxruntime.so");
        var e = Assert.Throws<UpscalerException>(() => OnnxRuntimeLibrary.Load(missing));
        Assert.Equal(UpscalerErrorCode.BackendUnavailable, e.ErrorCode);
        Assert.Contains(missing, e.Message, StringComparison.Ordinal);
        Assert.Contains("no such file", e.Message, StringComparison.Ordinal);
        Assert.Contains(OnnxRuntimeLibrary.PackageId + " NuGet package", e.Message, StringComparison.Ordinal);
        Assert.Contains(OnnxRuntimeLibrary.EnvironmentVariable, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_a_library_cannot_be_loaded()
    {
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        string fake = temp.File("libonnxruntime.so");
        File.WriteAllText(fake, "not a shared object");
        var e = Assert.Throws<UpscalerException>(() => OnnxRuntimeLibrary.Load(fake));
        Assert.Equal(UpscalerErrorCode.BackendUnavailable, e.ErrorCode);
        Assert.Contains(OperatingSystem.IsLinux() ? "not an ELF shared library" : "cannot be loaded", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1_000_000)] // the issue's `truncate -s 1000000`: loading it was a bus error (exit 135, no message)
    [InlineData(4096)]
    [InlineData(63)]
    public void A_truncated_library_is_refused_before_the_loader_maps_it(int keep)
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // the ELF check is Linux's
        }

        Assert.True(File.Exists(PackageLibrary), $"{PackageLibrary} is missing: the build copies it from the {OnnxRuntimeLibrary.PackageId} package");
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        string truncated = temp.File(OnnxRuntimeLibrary.PlatformFileName);
        using (FileStream source = File.OpenRead(PackageLibrary), target = File.Create(truncated))
        {
            byte[] start = new byte[keep];
            source.ReadExactly(start);
            target.Write(start);
        }

        var e = Assert.Throws<UpscalerException>(() => OnnxRuntimeLibrary.Load(truncated));
        Assert.Equal(UpscalerErrorCode.BackendUnavailable, e.ErrorCode);
        Assert.Contains(truncated, e.Message, StringComparison.Ordinal);
        Assert.Contains(keep < 64 ? "not an ELF shared library" : "truncated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_library_that_is_not_onnx_runtime_is_named_as_such()
    {
        string? libm = new[] { "/lib/x86_64-linux-gnu/libm.so.6", "/usr/lib/x86_64-linux-gnu/libm.so.6", "/lib64/libm.so.6" }.FirstOrDefault(File.Exists);
        if (libm is null)
        {
            return; // not a glibc Linux machine; the other tests cover the message
        }

        var e = Assert.Throws<UpscalerException>(() => OnnxRuntimeLibrary.Load(libm));
        Assert.Equal(UpscalerErrorCode.BackendUnavailable, e.ErrorCode);
        Assert.Contains("not ONNX Runtime", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Search_tries_the_program_folder_its_runtimes_folder_and_the_system_loader_in_order()
    {
        using TemporaryDirectory program = TestPaths.CreateTemporaryDirectory();
        var e = Assert.Throws<UpscalerException>(() =>
            OnnxRuntimeLibrary.Load(null, null, program.Path, "libgameupscaler-test-no-such-library.so.1"));
        Assert.Equal(UpscalerErrorCode.BackendUnavailable, e.ErrorCode);
        string message = e.Message;
        int programFolder = message.IndexOf(Path.Combine(program.Path, OnnxRuntimeLibrary.PlatformFileName) + " (no such file)", StringComparison.Ordinal);
        string runtimes = Path.Combine(program.Path, "runtimes", System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier, "native", OnnxRuntimeLibrary.PlatformFileName);
        int runtimesFolder = message.IndexOf(runtimes + " (no such file)", StringComparison.Ordinal);
        int system = message.IndexOf("libgameupscaler-test-no-such-library.so.1 via the system loader (not found)", StringComparison.Ordinal);
        Assert.True(programFolder >= 0 && runtimesFolder > programFolder && system > runtimesFolder, message);
        Assert.Contains(OnnxRuntimeLibrary.PackageId, message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_environment_variable_is_the_only_candidate_when_set()
    {
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        // The program folder is the test binary's, which holds the package's library: it must not be used.
        string file = temp.File("custom-onnxruntime.so");
        var e = Assert.Throws<UpscalerException>(() => OnnxRuntimeLibrary.Load(null, file, AppContext.BaseDirectory, OnnxRuntimeLibrary.PlatformFileName));
        Assert.Contains(file + " (no such file)", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(PackageLibrary + " (", e.Message, StringComparison.Ordinal);

        // A folder means the platform file name inside it.
        e = Assert.Throws<UpscalerException>(() => OnnxRuntimeLibrary.Load(null, temp.Path, AppContext.BaseDirectory, OnnxRuntimeLibrary.PlatformFileName));
        Assert.Contains(Path.Combine(temp.Path, OnnxRuntimeLibrary.PlatformFileName) + " (no such file)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_package_library_is_found_beside_the_test_binary_with_its_providers()
    {
        OnnxRuntimeLibrary library = OnnxRuntimeLibrary.Load();
        Assert.Equal(PackageLibrary, library.Path);
        Assert.StartsWith("1.31", library.Version, StringComparison.Ordinal);
        Assert.Equal(OnnxRuntimeLibrary.BindingVersion, library.Version);
        Assert.Contains("CPUExecutionProvider", library.ExecutionProviders);
        string line = OnnxRuntimeLibrary.DescribeAvailability();
        Assert.Contains($"available: ONNX Runtime {library.Version} ({PackageLibrary})", line, StringComparison.Ordinal);
        Assert.Contains("execution providers: " + string.Join(", ", library.ExecutionProviders), line, StringComparison.Ordinal);
        Assert.Contains("auto picks ", line, StringComparison.Ordinal);
        Assert.Same(library, OnnxRuntimeLibrary.Load(PackageLibrary));
    }

    [Fact]
    public void The_loaded_library_under_another_name_is_the_same_library()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        OnnxRuntimeLibrary library = OnnxRuntimeLibrary.Load();
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        string link = temp.File("link-to-onnxruntime.so");
        File.CreateSymbolicLink(link, PackageLibrary);
        Assert.Same(library, OnnxRuntimeLibrary.Load(link));
    }

    [Fact]
    public void The_output_holds_only_this_runtimes_native_files()
    {
        // The test project restores with this machine's runtime identifier: no runtimes/ tree of every platform's
        // ONNX Runtime (238 MB without it), and no Windows DLLs on Linux.
        string folder = AppContext.BaseDirectory;
        Assert.False(Directory.Exists(Path.Combine(folder, "runtimes")), $"{folder}runtimes exists: " +
            string.Join(", ", Directory.Exists(Path.Combine(folder, "runtimes")) ? Directory.GetDirectories(Path.Combine(folder, "runtimes")).Select(Path.GetFileName) : []));
        Assert.True(File.Exists(PackageLibrary), PackageLibrary);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Empty(Directory.GetFiles(folder, "onnxruntime*.dll"));
        }
    }
}
