using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using Silk.NET.Vulkan;

namespace GameUpscaler.Vulkan.Tests;

/// <summary>
/// Every Vulkan struct the backend hands to the driver, against the C compiler: a small C program including
/// &lt;vulkan/vulkan.h&gt; (libvulkan-dev) prints sizeof and offsetof of each struct and field, and Silk.NET's
/// managed layout must match exactly on this platform (the binding is generated; this proves it for the structs we
/// use, as the check once proved our own).
/// </summary>
public sealed class StructLayoutTests
{
    // C# field names are PascalCase versions of the C names, except where C spells an acronym in capitals.
    private static readonly Dictionary<string, string> CNameExceptions = new(StringComparer.Ordinal)
    {
        ["PipelineCacheUuid"] = "pipelineCacheUUID",
    };

    private static readonly Type[] Structs =
    [
        typeof(ApplicationInfo), typeof(InstanceCreateInfo), typeof(DeviceQueueCreateInfo), typeof(DeviceCreateInfo),
        typeof(PhysicalDeviceProperties), typeof(PhysicalDeviceLimits), typeof(PhysicalDeviceFeatures2),
        typeof(PhysicalDeviceVulkan11Features), typeof(PhysicalDeviceVulkan12Features), typeof(PhysicalDeviceMemoryProperties),
        typeof(QueueFamilyProperties), typeof(SubmitInfo), typeof(MemoryAllocateInfo), typeof(MemoryRequirements),
        typeof(BufferCreateInfo), typeof(ImageCreateInfo), typeof(ShaderModuleCreateInfo), typeof(DescriptorSetLayoutBinding),
        typeof(DescriptorSetLayoutCreateInfo), typeof(PushConstantRange), typeof(PipelineLayoutCreateInfo),
        typeof(SpecializationMapEntry), typeof(SpecializationInfo), typeof(PipelineShaderStageCreateInfo),
        typeof(ComputePipelineCreateInfo), typeof(PipelineCacheCreateInfo), typeof(DescriptorPoolSize),
        typeof(DescriptorPoolCreateInfo), typeof(DescriptorSetAllocateInfo), typeof(DescriptorBufferInfo), typeof(WriteDescriptorSet),
        typeof(CommandPoolCreateInfo), typeof(CommandBufferAllocateInfo), typeof(CommandBufferBeginInfo), typeof(FenceCreateInfo),
        typeof(SemaphoreCreateInfo), typeof(QueryPoolCreateInfo), typeof(MemoryBarrier), typeof(ImageMemoryBarrier),
        typeof(ImageSubresourceRange), typeof(ImageSubresourceLayers), typeof(BufferCopy), typeof(BufferImageCopy), typeof(ImageCopy),
        typeof(Extent2D), typeof(Extent3D), typeof(Offset3D), typeof(LayerProperties), typeof(ExtensionProperties),
        typeof(DebugUtilsMessengerCreateInfoEXT), typeof(DebugUtilsMessengerCallbackDataEXT), typeof(DebugUtilsObjectNameInfoEXT),
        typeof(SwapchainCreateInfoKHR), typeof(PresentInfoKHR), typeof(SurfaceCapabilitiesKHR), typeof(SurfaceFormatKHR),
    ];

    [Fact]
    public void The_structs_the_backend_uses_match_the_vulkan_headers()
    {
        var program = new StringBuilder("#include <vulkan/vulkan.h>\n#include <stdio.h>\n#include <stddef.h>\nint main(void) {\n");
        var expected = new List<string>();
        foreach (Type type in Structs)
        {
            string cType = "Vk" + type.Name;
            program.Append(CultureInfoInvariant($"printf(\"{cType} size %zu\\n\", sizeof({cType}));\n"));
            expected.Add($"{cType} size {Marshal.SizeOf(type)}");
            foreach (FieldInfo field in type.GetFields(BindingFlags.Instance | BindingFlags.Public))
            {
                string cName = CNameExceptions.TryGetValue(field.Name, out string? special) ? special : char.ToLowerInvariant(field.Name[0]) + field.Name[1..];
                program.Append(CultureInfoInvariant($"printf(\"{cType}.{cName} %zu\\n\", offsetof({cType}, {cName}));\n"));
                expected.Add($"{cType}.{cName} {Marshal.OffsetOf(type, field.Name)}");
            }
        }

        program.Append("return 0;\n}\n");
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
