namespace GameUpscaler.Cli;

using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using GameUpscaler.Models;

/// <summary><c>gameupscaler info</c>: what this build and this machine offer.</summary>
internal static class InfoCommand
{
    public static string Version =>
        typeof(UpscalerException).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";

    public static int Run(CommandLineArguments args)
    {
        args.EnsureAllUsed(0);
        Console.WriteLine($"gameupscaler {Version}");
        Console.WriteLine($"runtime      {RuntimeInformation.FrameworkDescription} on {RuntimeInformation.OSDescription} ({RuntimeInformation.ProcessArchitecture})");
        Console.WriteLine($"cpu          {CpuModel()} ({Environment.ProcessorCount} logical cores)");
        Console.WriteLine($"cpu features {string.Join(' ', CpuFeatures())}");
        Console.WriteLine("backends");
        Console.WriteLine($"  cpu          available: fp32 reference generator, {(Vector512.IsHardwareAccelerated ? 512 : Vector256.IsHardwareAccelerated ? 256 : 128)}-bit SIMD, tiled");
        VulkanInfo.Print();
        Console.WriteLine($"  onnxruntime  {OnnxRuntime.OnnxRuntimeLibrary.DescribeAvailability()}");
        Console.WriteLine("models");
        IReadOnlyList<KnownModel> models = KnownModels.List();
        if (models.Count == 0)
        {
            Console.WriteLine($"  none shipped yet (searched: {string.Join(", ", KnownModels.SearchDirectories())})");
        }

        foreach (KnownModel model in models)
        {
            Console.WriteLine($"  {model.Name,-24} {model.Description}  {model.Path}");
        }

        return Program.ExitSuccess;
    }

    private static IEnumerable<string> CpuFeatures()
    {
        (string Name, bool Supported)[] features =
        [
            ("sse4.2", Sse42.IsSupported), ("avx", Avx.IsSupported), ("avx2", Avx2.IsSupported), ("fma", Fma.IsSupported),
            ("avx512f", Avx512F.IsSupported), ("avx512bw", Avx512BW.IsSupported), ("avx512vl", Avx512F.VL.IsSupported),
            ("neon", System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported),
        ];
        return features.Where(f => f.Supported).Select(f => f.Name).DefaultIfEmpty("none detected");
    }

    /// <summary>The CPU model: /proc/cpuinfo's model name, else the architecture.</summary>
    internal static string CpuModel()
    {
        try
        {
            string? line = File.Exists("/proc/cpuinfo")
                ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))
                : null;
            return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
