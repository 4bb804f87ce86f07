using GameUpscaler.Tests;

namespace GameUpscaler.Native.Tests;

/// <summary>
/// Where the published C API lies (artifacts/native, written by scripts/build-native.sh) and the C test programs
/// compiled against it (and the test tools beside them) with gcc, once per test run. A missing library fails the tests with the command that makes it.
/// </summary>
internal static class NativeBuild
{
    private static readonly Lazy<string> FramesProgram = new(() =>
    {
        _ = Library;
        return Compile("gu_frames.c", "gu_frames", ["-L", Directory, "-lgameupscaler", "-lvulkan", "-lm", $"-Wl,-rpath,{Directory}"]);
    });

    private static readonly Lazy<string> SizingWindowManagerProgram = new(() => Compile("sizing_wm.c", "sizing_wm", ["-lxcb"]));

    private static readonly Lazy<string> QuitClientProgram = new(() => Compile("vk_quit_client.c", "vk_quit_client", ["-lvulkan", "-lxcb"]));

    public static string Directory => Path.Combine(TestPaths.RepositoryRoot, "artifacts", "native");

    public static string Include => Path.Combine(TestPaths.RepositoryRoot, "include");

    public static string Library
    {
        get
        {
            string path = Path.Combine(Directory, "libgameupscaler.so");
            return File.Exists(path)
                ? path
                : throw new FileNotFoundException($"{path} is missing: run scripts/build-native.sh (./test.sh runs it before the tests).");
        }
    }

    /// <summary>The Vulkan layer's library (its manifest lies beside it).</summary>
    public static string Layer
    {
        get
        {
            string path = Path.Combine(Directory, "libVkLayer_gameupscaler.so");
            return File.Exists(path)
                ? path
                : throw new FileNotFoundException($"{path} is missing: run scripts/build-native.sh (./test.sh runs it before the tests).");
        }
    }

    /// <summary>tests/native/gu_frames.c, built as strict C99 with every warning an error.</summary>
    public static string Frames => FramesProgram.Value;

    /// <summary>tests/native/sizing_wm.c: a window manager that gives every window the size on its command line.</summary>
    public static string SizingWindowManager => SizingWindowManagerProgram.Value;

    /// <summary>tests/native/vk_quit_client.c: a Vulkan game that presents a few frames and exits with its device alive.</summary>
    public static string QuitClient => QuitClientProgram.Value;

    /// <summary>Runs gcc (or g++) and fails with its output when it does not succeed.</summary>
    public static void RunCompiler(string compiler, IEnumerable<string> arguments)
    {
        ChildProcess.Result result = ChildProcess.Run(compiler, arguments);
        Assert.True(result.ExitCode == 0, $"{compiler} {string.Join(' ', arguments)} failed ({result.ExitCode}):\n{result.Output}");
    }

    private static string Compile(string source, string name, string[] linkArguments)
    {
        string output = Path.Combine(Path.GetTempPath(), $"gameupscaler-native-{Environment.ProcessId}-{name}");
        RunCompiler("gcc", [
            "-std=c99", "-pedantic-errors", "-Wall", "-Wextra", "-Werror", "-O1",
            "-I", Include, Path.Combine(TestPaths.RepositoryRoot, "tests", "native", source),
            .. linkArguments, "-o", output,
        ]);
        return output;
    }
}
