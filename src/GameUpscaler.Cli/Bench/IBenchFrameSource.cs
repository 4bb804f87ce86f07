namespace GameUpscaler.Cli.Bench;

using GameUpscaler.Imaging;

/// <summary>
/// Where <c>gameupscaler bench</c> gets the render-size frames it upscales (<c>--source</c>): the built-in synthetic
/// test scene (<see cref="SyntheticSceneSource"/>) or the sample game's scene (<see cref="SampleSceneSource"/>).
/// </summary>
internal interface IBenchFrameSource
{
    /// <summary>A description for reports (which source produced the numbers).</summary>
    string Description { get; }

    /// <summary>Produces frame <paramref name="frame"/> at <paramref name="renderSize"/> as RGB(A) planes.</summary>
    PlanarImage Render(Size2D renderSize, int frame);
}
