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

    private static readonly Lazy<string> LoseDeviceLayerDirectory = new(() =>
    {
        // A layer library with its manifest beside it, for VK_ADD_LAYER_PATH.
        string directory = Path.Combine(Path.GetTempPath(), $"gameupscaler-native-{Environment.ProcessId}-lose-device");
        System.IO.Directory.CreateDirectory(directory);
        string library = Compile("lose_device_layer.c", "lose-device/libVkLayer_test_lose_device.so", ["-shared", "-fPIC", "-fvisibility=hidden"]);
        File.WriteAllText(Path.Combine(directory, "VkLayer_test_lose_device.json"), $$"""
            {
              "file_format_version": "1.1.2",
              "layer": {
                "name": "VK_LAYER_TEST_lose_device",
                "type": "GLOBAL",
                "library_path": "{{library}}",
                "api_version": "1.3.0",
                "implementation_version": "1",
                "description": "Loses the device after GU_TEST_LOSE_DEVICE_AFTER queue submits (GameUpscaler's tests)"
              }
            }
            """);
        return directory;
    });

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

    /// <summary>The folder of tests/native/lose_device_layer.c's layer (VK_LAYER_TEST_lose_device) and its manifest.</summary>
    public static string LoseDeviceLayer => LoseDeviceLayerDirectory.Value;

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
