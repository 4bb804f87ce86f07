using GameUpscaler.Imaging;

namespace GameUpscaler.Capture;

/// <summary>One frame of a capture, as an engine hands it to a temporal upscaler, plus its ground truth.</summary>
/// <param name="Index">The frame number.</param>
/// <param name="Color">Render-size colour, one sample per pixel at the jittered position, 8-bit sRGB (RGB or RGBA).</param>
/// <param name="Motion">Render-size motion vectors (mx, my, 0): previous minus current position, render pixels, no jitter.</param>
/// <param name="Depth">Render-size linear view depth, or null when the capture has none.</param>
/// <param name="Reference">Display-size ground truth, or null.</param>
/// <param name="Info">Jitter and reset.</param>
public sealed record CaptureFrame(int Index, Image8 Color, FloatMap Motion, FloatMap? Depth, Image8? Reference, CaptureFrameInfo Info);
