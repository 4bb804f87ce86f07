namespace GameUpscaler.Tests.Core;

using System.Reflection;

/// <summary>
/// What a game links (the GameUpscaler assembly: API, quality modes, hooks, governor, model files, CPU reference) holds
/// none of the tools (codecs, evaluation, metrics, ncnn import, ONNX export), which live in GameUpscaler.Tools.
/// </summary>
public sealed class AssemblyBoundaryTests
{
    private static readonly Assembly Core = typeof(UpscalerContext).Assembly;

    /// <summary>
    /// No product assembly opens its internals to another (samples, benchmarks, tools and the CLI use the public
    /// surface, as a game would); only test projects may see internals.
    /// </summary>
    [Fact]
    public void Internals_are_visible_to_test_assemblies_only()
    {
        var offenders = new List<string>();
        foreach (string folder in (string[])["src", "samples", "benchmarks"])
        {
            foreach (string project in Directory.EnumerateFiles(Path.Combine(TestPaths.RepositoryRoot, folder), "*.csproj", SearchOption.AllDirectories))
            {
                foreach (System.Xml.Linq.XElement item in System.Xml.Linq.XDocument.Load(project).Descendants("InternalsVisibleTo"))
                {
                    string name = (string?)item.Attribute("Include") ?? string.Empty;
                    if (!name.EndsWith(".Tests", StringComparison.Ordinal))
                    {
                        offenders.Add($"{Path.GetFileName(project)} -> {name}");
                    }
                }
            }
        }

        Assert.True(offenders.Count == 0, "InternalsVisibleTo to non-test assemblies: " + string.Join(", ", offenders));
    }

    [Fact]
    public void The_core_does_not_reference_the_tools()
    {
        Assert.DoesNotContain(Core.GetReferencedAssemblies(), a => a.Name == "GameUpscaler.Tools");
    }

    [Theory]
    [InlineData("GameUpscaler.Imaging.PngCodec")]
    [InlineData("GameUpscaler.Imaging.JpegCodec")]
    [InlineData("GameUpscaler.Imaging.ImageFile")]
    [InlineData("GameUpscaler.Metrics.ImageQuality")]
    [InlineData("GameUpscaler.Evaluation.SuperResolutionEvaluator")]
    [InlineData("GameUpscaler.Models.Ncnn.NcnnImporter")]
    [InlineData("GameUpscaler.Models.Onnx.OnnxExporter")]
    public void Each_tool_lives_in_the_tools_assembly(string typeName)
    {
        Assert.Null(Core.GetType(typeName));
        Assert.NotNull(typeof(GameUpscaler.Imaging.PngCodec).Assembly.GetType(typeName));
        Assert.Equal("GameUpscaler.Tools", typeof(GameUpscaler.Imaging.PngCodec).Assembly.GetName().Name);
    }

    [Theory]
    [InlineData("GameUpscaler.Hooks.IRenderPipelineHook")]
    [InlineData("GameUpscaler.Governor.BudgetGovernor")]
    [InlineData("GameUpscaler.Models.GeneratorWeights")]
    [InlineData("GameUpscaler.Models.KnownModels")]
    [InlineData("GameUpscaler.QualityModes")]
    public void What_a_game_links_stays_in_the_core(string typeName) => Assert.NotNull(Core.GetType(typeName));
}
