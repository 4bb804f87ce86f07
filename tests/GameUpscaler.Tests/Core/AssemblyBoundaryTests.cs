namespace GameUpscaler.Tests.Core;

using System.Reflection;

/// <summary>
/// What a game links (the GameUpscaler assembly: API, quality modes, hooks, governor, model files, CPU reference) holds
/// none of the tools (codecs, evaluation, metrics, ncnn import, ONNX export), which live in GameUpscaler.Tools.
/// </summary>
public sealed class AssemblyBoundaryTests
{
    private static readonly Assembly Core = typeof(UpscalerContext).Assembly;

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
