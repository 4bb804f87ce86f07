using GameUpscaler.Tests;

namespace GameUpscaler.Native.Tests;

/// <summary>
/// Where the published C API lies (artifacts/native, written by scripts/build-native.sh) and the C test programs
/// compiled against it with gcc, once per test run. A missing library fails the tests with the command that makes it.
/// </summary>
internal static class NativeBuild
{
    private static readonly Lazy<string> FramesProgram = new(() => Compile("gu_frames.c", "gu_frames"));

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

    /// <summary>Runs gcc (or g++) and fails with its output when it does not succeed.</summary>
    public static void RunCompiler(string compiler, IEnumerable<string> arguments)
    {
        ChildProcess.Result result = ChildProcess.Run(compiler, arguments);
        Assert.True(result.ExitCode == 0, $"{compiler} {string.Join(' ', arguments)} failed ({result.ExitCode}):\n{result.Output}");
    }

    private static string Compile(string source, string name)
    {
        _ = Library;
        string output = Path.Combine(Path.GetTempPath(), $"gameupscaler-native-{Environment.ProcessId}-{name}");
        RunCompiler("gcc", [
            "-std=c99", "-pedantic-errors", "-Wall", "-Wextra", "-Werror", "-O1",
            "-I", Include, Path.Combine(TestPaths.RepositoryRoot, "tests", "native", source),
            "-L", Directory, "-lgameupscaler", "-lvulkan", "-lm", $"-Wl,-rpath,{Directory}", "-o", output,
        ]);
        return output;
    }
}
