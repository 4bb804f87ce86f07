namespace GameUpscaler.Cli.Bench;

using GameUpscaler.Imaging;

/// <summary>
/// The core's test scene (checkerboard, Siemens star, hairlines, glyphs) rendered once per size with one sample per
/// pixel, as a game would; every frame of that size reuses it, so host frame time measures the upscaler, not the scene.
/// </summary>
internal sealed class SyntheticSceneSource : IBenchFrameSource
{
    private readonly Dictionary<Size2D, PlanarImage> _frames = [];

    /// <inheritdoc />
    public string Description => "synthetic: the built-in test scene (TestScene), rendered once per render size";

    /// <inheritdoc />
    public PlanarImage Render(Size2D renderSize, int frame)
    {
        if (!_frames.TryGetValue(renderSize, out PlanarImage? image))
        {
            image = TestScene.Render(renderSize.Width, renderSize.Height).ToPlanar();
            _frames.Add(renderSize, image);
        }

        return image;
    }
}
