namespace GameUpscaler.Imaging;

/// <summary>
/// Compositing of the display-size HUD layer over the upscaled frame: the HUD has premultiplied alpha, so
/// <c>out = hud + (1 − hud.a) · scene</c> per channel (alpha included; the scene is opaque, so the result is
/// opaque). It happens after sharpening and after the inverse HDR tonemap, on the values the output format stores
/// (display-encoded for 8-bit formats), and the HUD is never upscaled or sharpened.
/// </summary>
public static class HudCompositor
{
    /// <summary>Composites one premultiplied HUD pixel over an opaque scene colour.</summary>
    public static (float R, float G, float B, float A) Over(float sceneR, float sceneG, float sceneB, float hudR, float hudG, float hudB, float hudA)
    {
        float keep = 1f - hudA;
        return (hudR + (keep * sceneR), hudG + (keep * sceneG), hudB + (keep * sceneB), hudA + keep);
    }
}
