using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using GameUpscaler.Vulkan.Interop;

namespace GameUpscaler.Vulkan.Tests;

/// <summary>
/// Every interop struct against the C compiler: a small C program including &lt;vulkan/vulkan.h&gt; (libvulkan-dev)
/// prints sizeof and offsetof of every struct and field declared in GameUpscaler.Vulkan.Interop, and the managed
/// layout must match exactly.
/// </summary>
public sealed class StructLayoutTests
{
    // C# field names are PascalCase versions of the C names, except where C spells an acronym in capitals.
    private static readonly Dictionary<string, string> CNameExceptions = new(StringComparer.Ordinal)
    {
        ["VendorId"] = "vendorID",
        ["DeviceId"] = "deviceID",
        ["PipelineCacheUuid"] = "pipelineCacheUUID",
        ["ConstantId"] = "constantID",
    };

    [Fact]
    public void Interop_structs_match_the_vulkan_headers()
    {
        Type[] structs = [.. typeof(VkDeviceApi).Assembly.GetTypes()
            .Where(t => t.IsValueType && !t.IsEnum && t.Namespace == typeof(VkDeviceApi).Namespace && t.Name.StartsWith("Vk", StringComparison.Ordinal))
            .OrderBy(t => t.Name, StringComparer.Ordinal)];
        Assert.True(structs.Length >= 40, $"only {structs.Length} structs found");

        var program = new StringBuilder("#include <vulkan/vulkan.h>\n#include <stdio.h>\n#include <stddef.h>\nint main(void) {\n");
        var expected = new List<string>();
        foreach (Type type in structs)
        {
            program.Append(CultureInfoInvariant($"printf(\"{type.Name} size %zu\\n\", sizeof({type.Name}));\n"));
            expected.Add($"{type.Name} size {Marshal.SizeOf(type)}");
            foreach (FieldInfo field in type.GetFields(BindingFlags.Instance | BindingFlags.Public))
            {
                if (field.Name == "Others")
                {
                    continue; // a block standing for many trailing VkBool32 fields; covered by the struct size
                }

                string cName = CNameExceptions.TryGetValue(field.Name, out string? special) ? special : char.ToLowerInvariant(field.Name[0]) + field.Name[1..];
                program.Append(CultureInfoInvariant($"printf(\"{type.Name}.{cName} %zu\\n\", offsetof({type.Name}, {cName}));\n"));
                expected.Add($"{type.Name}.{cName} {Marshal.OffsetOf(type, field.Name)}");
            }
        }

        // The limits the backend reads by offset inside VkPhysicalDeviceProperties.limits.
        program.Append("printf(\"limits.maxUniformBufferRange %zu\\n\", offsetof(VkPhysicalDeviceLimits, maxUniformBufferRange));\n");
        program.Append("printf(\"limits.maxStorageBufferRange %zu\\n\", offsetof(VkPhysicalDeviceLimits, maxStorageBufferRange));\n");
        program.Append("printf(\"limits.maxComputeWorkGroupCount %zu\\n\", offsetof(VkPhysicalDeviceLimits, maxComputeWorkGroupCount));\n");
        program.Append("printf(\"limits.timestampComputeAndGraphics %zu\\n\", offsetof(VkPhysicalDeviceLimits, timestampComputeAndGraphics));\n");
        program.Append("printf(\"limits.timestampPeriod %zu\\n\", offsetof(VkPhysicalDeviceLimits, timestampPeriod));\n");
        program.Append("printf(\"limits size %zu\\n\", sizeof(VkPhysicalDeviceLimits));\nreturn 0;\n}\n");
        expected.Add($"limits.maxUniformBufferRange {VkPhysicalDeviceProperties.LimitsMaxUniformBufferRangeOffset}");
        expected.Add($"limits.maxStorageBufferRange {VkPhysicalDeviceProperties.LimitsMaxStorageBufferRangeOffset}");
        expected.Add($"limits.maxComputeWorkGroupCount {VkPhysicalDeviceProperties.LimitsMaxComputeWorkGroupCountOffset}");
        expected.Add($"limits.timestampComputeAndGraphics {VkPhysicalDeviceProperties.LimitsTimestampComputeAndGraphicsOffset}");
        expected.Add($"limits.timestampPeriod {VkPhysicalDeviceProperties.LimitsTimestampPeriodOffset}");
        expected.Add($"limits size {VkPhysicalDeviceProperties.LimitsSize}");

        string[] actual = CompileAndRun(program.ToString());
        Assert.Equal(expected, actual);
    }

    private static string CultureInfoInvariant(FormattableString text) => FormattableString.Invariant(text);

    private static string[] CompileAndRun(string source)
    {
        string directory = Path.Combine(Path.GetTempPath(), "gameupscaler-layout-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            string c = Path.Combine(directory, "layout.c");
            string exe = Path.Combine(directory, "layout");
            File.WriteAllText(c, source);
            Assert.True(File.Exists("/usr/include/vulkan/vulkan.h") || File.Exists("/usr/local/include/vulkan/vulkan.h"),
                "<vulkan/vulkan.h> is missing: install libvulkan-dev (scripts/setup.sh does).");
            (int compileCode, string compileOutput) = Run("cc", $"-o \"{exe}\" \"{c}\"");
            Assert.True(compileCode == 0, "cc failed (install gcc and libvulkan-dev; scripts/setup.sh does):\n" + compileOutput);
            (int runCode, string output) = Run(exe, string.Empty);
            Assert.Equal(0, runCode);
            return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static (int ExitCode, string Output) Run(string file, string arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(file, arguments)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            })!;
            string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, $"{file} could not be started: {e.Message}");
        }
    }
}
