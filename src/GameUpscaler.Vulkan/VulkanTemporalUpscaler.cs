using GameUpscaler.Hooks;
using GameUpscaler.Imaging;
using GameUpscaler.Temporal;
using System.Numerics;
using System.Runtime.InteropServices;

namespace GameUpscaler.Vulkan;

/// <summary>
/// The TAAU on Vulkan offline, frame by frame, through the same <see cref="VulkanUpscalerContext"/> a game's hook
/// runs (input, temporal inputs, taau and finish passes; fp32, no sharpening): what <c>gameupscaler capture eval
/// --method taau --backend vulkan</c>, <c>bench --models taau</c> and the tests run. Frames go in as 8-bit colour with
/// per-pixel motion and linear depth (a capture's conventions) and come back as 8-bit display frames; the same rule as
/// <see cref="TemporalUpscalerReference"/>. With a temporal generator it runs that model inside the accumulation
/// (<see cref="TemporalGeneratorReference"/>'s rule: <c>capture eval --method temporal --backend vulkan</c>).
/// </summary>
public sealed class VulkanTemporalUpscaler : IDisposable
{
    private readonly VulkanOfflineUpscaler _upscaler;

    /// <summary>Creates the upscaler for one pair of sizes (the context is made on the first frame).</summary>
    /// <exception cref="ArgumentNullException">The device is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size is not positive or the display is smaller than the render size.</exception>
    /// <param name="device">The device.</param>
    /// <param name="renderSize">The render size.</param>
    /// <param name="displaySize">The display size.</param>
    /// <param name="generator">A temporal generator to run inside the accumulation, or null for the TAAU alone.</param>
    public VulkanTemporalUpscaler(VulkanDevice device, Size2D renderSize, Size2D displaySize, Models.GeneratorWeights? generator = null)
    {
        ArgumentNullException.ThrowIfNull(device);
        TemporalFrameChecks.Sizes(renderSize, displaySize);
        RenderSize = renderSize;
        DisplaySize = displaySize;
        _upscaler = new VulkanOfflineUpscaler(device, generator, VulkanPermutation.Float32, enableTimestamps: true) { Temporal = true };
    }

    /// <summary>The render (input) size.</summary>
    public Size2D RenderSize { get; }

    /// <summary>The display (output) size.</summary>
    public Size2D DisplaySize { get; }

    /// <summary>The GPU time per pass of the last frame; empty before the first frame.</summary>
    public IReadOnlyList<UpscalerPassTiming> LastTimings => _upscaler.LastTimings;

    /// <summary>The context the frames run in (null before the first frame).</summary>
    public VulkanUpscalerContext? Context => _upscaler.Context;

    /// <summary>
    /// Upscales one frame (see <see cref="TemporalUpscalerReference.Upscale"/> for the arguments) and waits for it.
    /// Without depth the context gets a constant one, which the rule reads as no depth: no dilation, no disocclusion.
    /// </summary>
    /// <exception cref="ArgumentException">A size does not match, or the jitter is not finite or beyond ±1 render pixel.</exception>
    /// <exception cref="UpscalerException">A native failure (device lost …).</exception>
    public Image8 Upscale(Image8 color, ReadOnlySpan<float> motion, ReadOnlySpan<float> depth, float jitterX, float jitterY, bool reset)
    {
        ArgumentNullException.ThrowIfNull(color);
        TemporalFrameChecks.Frame(RenderSize, color, motion, depth, jitterX, jitterY);
        int renderPixels = checked((int)RenderSize.Area);
        var rgba = new float[renderPixels * 4];
        byte[] p = color.Pixels;
        int channels = color.Channels;
        for (int i = 0; i < renderPixels; i++)
        {
            rgba[4 * i] = p[i * channels] / 255f;
            rgba[(4 * i) + 1] = p[(i * channels) + (channels >= 3 ? 1 : 0)] / 255f;
            rgba[(4 * i) + 2] = p[(i * channels) + (channels >= 3 ? 2 : 0)] / 255f;
            rgba[(4 * i) + 3] = 1f;
        }

        float[] depthValues = depth.Length > 0 ? depth.ToArray() : Enumerable.Repeat(1f, renderPixels).ToArray();
        byte[] bytes = _upscaler.Run(
            MemoryMarshal.AsBytes(rgba.AsSpan()), UpscalerFormat.R32G32B32A32Float, RenderSize, DisplaySize, UpscalerFormat.R32G32B32A32Float,
            sharpness: 0f, temporal: new OfflineTemporalInputs(motion.ToArray(), depthValues, new Vector2(jitterX, jitterY), reset));
        ReadOnlySpan<float> floats = MemoryMarshal.Cast<byte, float>(bytes);
        var output = new Image8(DisplaySize.Width, DisplaySize.Height, 3);
        for (int i = 0; i < output.Pixels.Length / 3; i++)
        {
            for (int c = 0; c < 3; c++)
            {
                output.Pixels[(3 * i) + c] = (byte)MathF.Round(Math.Clamp(floats[(4 * i) + c], 0, 1) * 255f);
            }
        }

        return output;
    }

    /// <summary>Releases the context and its images after the device is done with them.</summary>
    public void Dispose() => _upscaler.Dispose();
}
