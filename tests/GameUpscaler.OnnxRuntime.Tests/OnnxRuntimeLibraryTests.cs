namespace GameUpscaler.OnnxRuntime.Tests;

/// <summary>Finding the native library, and the errors when it is missing or wrong.</summary>
public sealed class OnnxRuntimeLibraryTests
{
    [Fact]
    public void Missing_library_says_what_was_tried_and_what_to_run()
    {
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        string missing = temp.File("libonnxruntime.so.1");
        var e = Assert.Throws<UpscalerException>(() => OnnxRuntimeLibrary.Load(missing));
        Assert.Equal(UpscalerErrorCode.BackendUnavailable, e.ErrorCode);
        Assert.Contains(missing, e.Message, StringComparison.Ordinal);
        Assert.Contains("no such file", e.Message, StringComparison.Ordinal);
        Assert.Contains(OnnxRuntimeLibrary.FetchCommand, e.Message, StringComparison.Ordinal);
        Assert.Contains(OnnxRuntimeLibrary.EnvironmentVariable, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_a_library_cannot_be_loaded()
    {
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        string fake = temp.File("libonnxruntime.so.1");
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
            return; // the ELF check is Linux's; the library fetched for the tests is the Linux one
        }

        string real = Path.Combine(TestPaths.RepositoryRoot, OnnxRuntimeLibrary.SetupCacheFolder, OnnxRuntimeLibrary.PlatformFileName);
        Assert.True(File.Exists(real), $"{real} is missing: run {OnnxRuntimeLibrary.FetchCommand}");
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        string truncated = temp.File(OnnxRuntimeLibrary.PlatformFileName);
        using (FileStream source = File.OpenRead(real), target = File.Create(truncated))
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
    public void Search_tries_the_program_folder_the_setup_cache_and_the_system_loader_in_order()
    {
        using TemporaryDirectory program = TestPaths.CreateTemporaryDirectory();
        var e = Assert.Throws<UpscalerException>(() =>
            OnnxRuntimeLibrary.Load(null, null, program.Path, "libgameupscaler-test-no-such-library.so.1"));
        Assert.Equal(UpscalerErrorCode.BackendUnavailable, e.ErrorCode);
        string message = e.Message;
        int programFolder = message.IndexOf(Path.Combine(program.Path, OnnxRuntimeLibrary.PlatformFileName) + " (no such file)", StringComparison.Ordinal);
        int system = message.IndexOf("libgameupscaler-test-no-such-library.so.1 via the system loader (not found)", StringComparison.Ordinal);
        Assert.True(programFolder >= 0 && system > programFolder, message);
        Assert.Contains(OnnxRuntimeLibrary.FetchCommand, message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_environment_variable_is_the_only_candidate_when_set()
    {
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        // The program folder is the test binary's, whose repository has the setup cache: it must not be used.
        string file = temp.File("custom-onnxruntime.so");
        var e = Assert.Throws<UpscalerException>(() => OnnxRuntimeLibrary.Load(null, file, AppContext.BaseDirectory, OnnxRuntimeLibrary.PlatformFileName));
        Assert.Contains(file + " (no such file)", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(OnnxRuntimeLibrary.SetupCacheFolder + "/" + OnnxRuntimeLibrary.PlatformFileName + " (", e.Message, StringComparison.Ordinal);

        // A folder means the platform file name inside it.
        e = Assert.Throws<UpscalerException>(() => OnnxRuntimeLibrary.Load(null, temp.Path, AppContext.BaseDirectory, OnnxRuntimeLibrary.PlatformFileName));
        Assert.Contains(Path.Combine(temp.Path, OnnxRuntimeLibrary.PlatformFileName) + " (no such file)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_setup_cache_is_found_from_the_test_binary()
    {
        OnnxRuntimeLibrary library = OnnxRuntimeLibrary.Load();
        Assert.StartsWith("1.30", library.Version, StringComparison.Ordinal);
        Assert.Contains("available: ONNX Runtime 1.30", OnnxRuntimeLibrary.DescribeAvailability(), StringComparison.Ordinal);
    }
}
