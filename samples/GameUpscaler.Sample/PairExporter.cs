using System.Globalization;
using GameUpscaler.Hooks;
using GameUpscaler.Imaging;

namespace GameUpscaler.Sample;

/// <summary>
/// Training pairs from the game's own renderer: lr/NNNN.png at the mode's render size with one sample per pixel
/// (aliased, as the game renders) and hr/NNNN.png at display size with N×N samples per pixel (the target).
/// </summary>
internal static class PairExporter
{
    public static void Export(SampleGame game, RenderPipelineHookSettings mode, int frames, int samplesPerAxis, string directory, TextWriter log)
    {
        Size2D render = mode.GetRenderResolution(game.DisplaySize);
        string lr = Path.Combine(directory, "lr");
        string hr = Path.Combine(directory, "hr");
        Directory.CreateDirectory(lr);
        Directory.CreateDirectory(hr);
        var c = CultureInfo.InvariantCulture;
        for (int k = 0; k < frames; k++)
        {
            string file = string.Create(c, $"{k:D4}.png");
            PngCodec.Encode(game.RenderSceneOnly(k, render, 1), Path.Combine(lr, file));
            PngCodec.Encode(game.RenderSceneOnly(k, game.DisplaySize, samplesPerAxis), Path.Combine(hr, file));
        }

        log.WriteLine(string.Create(
            c,
            $"wrote {frames} pairs to {directory}: lr {render.Width}x{render.Height} (1 sample per pixel), hr {game.DisplaySize.Width}x{game.DisplaySize.Height} ({samplesPerAxis * samplesPerAxis} samples per pixel)"));
    }
}
