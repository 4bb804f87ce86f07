using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using GameUpscaler.Tests;

namespace GameUpscaler.Native.Tests;

/// <summary>
/// include/gameupscaler.h as engines compile it: strict C99 and C++ with every warning an error, and every struct
/// field at the offset the library reads it from (the managed mirrors in src/GameUpscaler.Native), every result code
/// the value the library returns.
/// </summary>
public sealed class HeaderTests
{
    [Theory]
    [InlineData("gcc", "c", "-std=c99")]
    [InlineData("g++", "c++", "-std=c++11")]
    public void The_header_compiles_strictly(string compiler, string language, string standard)
    {
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        string source = temp.File(language == "c" ? "use.c" : "use.cpp");
        // Every declaration used once, so a signature that does not parse in either language fails here.
        File.WriteAllText(source, """
            #include "gameupscaler.h"
            int main(void) {
                GuContextCreateInfo info; GuDispatchInfo frame; GuContext context = NULL; GuPassTiming timings[4];
                uint32_t w = 0, h = 0, n = 4; float x = 0, y = 0;
                guInitContextCreateInfo(&info); guInitDispatchInfo(&frame);
                (void)guGetApiVersion(); (void)guGetLastError();
                (void)guGetRenderResolutionForDisplay(1920, 1080, GU_QUALITY_MODE_QUALITY, &w, &h);
                (void)guGetJitterPhaseCount(960, 1920, &n); (void)guGetJitterOffset(0, n, &x, &y); (void)guGetMipBias(960, 540, 1920, 1080, &x);
                if (guCreateContext(&info, &context) == GU_SUCCESS) {
                    (void)guGetRenderResolution(context, GU_QUALITY_MODE_PERFORMANCE, &w, &h);
                    (void)guDispatch(context, &frame); (void)guGetPassTimings(context, timings, &n); (void)guGetMethodName(context);
                }
                guDestroyContext(context);
                return 0;
            }
            """);
        NativeBuild.RunCompiler(compiler, [standard, "-pedantic-errors", "-Wall", "-Wextra", "-Werror", "-fsyntax-only", "-I", NativeBuild.Include, source]);
    }

    [Fact]
    public void Every_struct_field_and_result_code_matches_the_library()
    {
        Type[] structs = [typeof(GuContextCreateInfo), typeof(GuImage), typeof(GuDispatchInfo), typeof(GuPassTiming)];
        var expected = new List<string>();
        var program = new StringBuilder("#include <stdio.h>\n#include \"gameupscaler.h\"\nint main(void) {\n");
        foreach (Type type in structs)
        {
            program.Append(CultureInfo.InvariantCulture, $"    printf(\"{type.Name} %zu\\n\", sizeof({type.Name}));\n");
            expected.Add($"{type.Name} {Marshal.SizeOf(type)}");
            foreach (FieldInfo field in type.GetFields(BindingFlags.Instance | BindingFlags.Public))
            {
                string name = Snake(field.Name);
                program.Append(CultureInfo.InvariantCulture, $"    printf(\"{type.Name}.{name} %zu\\n\", offsetof({type.Name}, {name}));\n");
                expected.Add($"{type.Name}.{name} {Marshal.OffsetOf(type, field.Name)}");
            }
        }

        foreach (GuResult result in Enum.GetValues<GuResult>())
        {
            string name = "GU_" + (result < 0 ? "ERROR_" : string.Empty) + Snake(result.ToString()).ToUpperInvariant();
            program.Append(CultureInfo.InvariantCulture, $"    printf(\"{name} %d\\n\", (int){name});\n");
            expected.Add($"{name} {(int)result}");
        }

        program.Append("    return 0;\n}\n");
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        File.WriteAllText(temp.File("layout.c"), program.ToString());
        NativeBuild.RunCompiler("gcc", ["-std=c99", "-Wall", "-Werror", "-I", NativeBuild.Include, temp.File("layout.c"), "-o", temp.File("layout")]);
        ChildProcess.Result run = ChildProcess.Run(temp.File("layout"), []);
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(expected, run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.True(expected.Count > 50, $"only {expected.Count} facts compared");
    }

    /// <summary>ApiVersion → api_version, MotionVectorScaleX → motion_vector_scale_x.</summary>
    private static string Snake(string pascal)
    {
        var text = new StringBuilder();
        foreach (char c in pascal)
        {
            if (char.IsUpper(c) && text.Length > 0)
            {
                text.Append('_');
            }

            text.Append(char.ToLowerInvariant(c));
        }

        return text.ToString();
    }
}
