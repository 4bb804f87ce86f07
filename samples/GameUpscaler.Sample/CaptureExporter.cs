using System.Globalization;
using GameUpscaler.Capture;
using GameUpscaler.Hooks;
using GameUpscaler.Imaging;

namespace GameUpscaler.Sample;

/// <summary>
/// A frame capture (<c>../shared/docs/CAPTURE.md</c>) from the game's own renderer: per frame the colour at the mode's
/// render size with one sample per pixel at the Halton jitter, the exact motion vectors and depth from the ray
/// caster, the jitter and the reset flag (frame 0 and the path's camera cut), and a display-size reference with
/// N×N samples per pixel (default 16).
/// </summary>
internal static class CaptureExporter
{
    public static void Export(SampleGame game, RenderPipelineHookSettings mode, int frames, int path, int samplesPerAxis, string directory, TextWriter log)
    {
        Size2D render = mode.GetRenderResolution(game.DisplaySize);
        Size2D display = game.DisplaySize;
        using var writer = new CaptureWriter(directory, render, display, hasDepth: true);
        int cuts = 0;
        for (int k = 0; k < frames; k++)
        {
            (Image8 color, float[] motionDepth, Scene.SceneView view) = game.RenderSceneForTemporal(k, path, render);
            var motion = new FloatMap(render.Width, render.Height, 3);
            var depth = new FloatMap(render.Width, render.Height, 1);
            for (int i = 0; i < render.Width * render.Height; i++)
            {
                motion.Data[3 * i] = motionDepth[4 * i];
                motion.Data[(3 * i) + 1] = motionDepth[(4 * i) + 1];
                depth.Data[i] = motionDepth[(4 * i) + 2];
            }

            Image8 reference = game.RenderSceneReference(k, path, display, samplesPerAxis);
            writer.Add(color, motion, depth, reference, new CaptureFrameInfo(view.JitterX, view.JitterY, view.Reset));
            cuts += view.Reset && k > 0 ? 1 : 0;
            if (k % 8 == 7 || k == frames - 1)
            {
                log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  captured {k + 1}/{frames} frames"));
            }
        }

        writer.Complete();
        log.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"wrote a {frames}-frame capture of path {path} to {directory}: colour/motion/depth {render.Width}x{render.Height} (1 jittered sample per pixel), references {display.Width}x{display.Height} ({samplesPerAxis * samplesPerAxis} samples per pixel), {cuts} camera cut(s)"));
    }
}
