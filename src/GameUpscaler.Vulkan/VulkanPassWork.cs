using GameUpscaler.Hooks;
using GameUpscaler.Models;

namespace GameUpscaler.Vulkan;

/// <summary>
/// The arithmetic and memory traffic of one recorded pass, for benchmark reports (achieved GFLOP/s and GB/s).
/// </summary>
/// <remarks>
/// A model, not a measurement: FLOPs count the multiply-adds of the network (2 FLOPs each) and the main arithmetic of
/// the other passes; bytes count each tensor element read once and written once (neighbourhood re-reads are assumed
/// to hit caches), plus the weights. So the achieved rates are lower bounds of what the hardware moved.
/// </remarks>
/// <param name="Flops">Floating-point operations.</param>
/// <param name="Bytes">Bytes read plus bytes written.</param>
public readonly record struct VulkanPassWork(double Flops, double Bytes)
{
    /// <summary>Estimates a pass of a frame by its label (as in <see cref="UpscalerPassTiming.Label"/>).</summary>
    /// <param name="label">The pass label: <c>input</c>, <c>conv K</c>, <c>reconstruct</c>, <c>spatial</c>, <c>resample</c>, <c>finish</c>, <c>taau</c>, <c>temporal output</c>.</param>
    /// <param name="architecture">The generator, or null for the spatial fallback.</param>
    /// <param name="permutation">The precision (fp16 storage halves tensor bytes).</param>
    /// <param name="render">The frame's render size.</param>
    /// <param name="display">The display size.</param>
    /// <returns>The estimate; zero for an unknown label.</returns>
    public static VulkanPassWork Estimate(string label, GeneratorArchitecture? architecture, VulkanPermutation permutation, Size2D render, Size2D display)
    {
        ArgumentNullException.ThrowIfNull(label);
        double renderPixels = render.Area;
        double displayPixels = display.Area;
        double element = permutation == VulkanPermutation.Float32 ? 4 : 2;
        const double Rgba32 = 16;
        int channels = architecture?.Channels ?? 0;
        int scale = architecture?.Scale ?? 1;
        if (label.StartsWith("conv ", StringComparison.Ordinal) && architecture is not null &&
            int.TryParse(label.AsSpan(5), out int conv) && conv <= architecture.BodyConvs)
        {
            int input = architecture.GetConvInputChannels(conv);
            double macs = 9.0 * input * channels;
            return new VulkanPassWork(2 * macs * renderPixels, ((input + channels) * element * renderPixels) + (macs * element));
        }

        return label switch
        {
            // Colour in (RGBA32F staging), the 3-channel tensor out (padded to 4), tonemap arithmetic.
            "input" => new VulkanPassWork(8 * renderPixels, (Rgba32 + (4 * element)) * renderPixels),
            "reconstruct" when architecture is not null => new VulkanPassWork(
                (2.0 * 9 * channels * architecture.OutputConvChannels * renderPixels) + (3.0 * scale * scale * renderPixels),
                (((channels + 4) * element) * renderPixels) + (Rgba32 * scale * scale * renderPixels)),
            // Edge-adaptive upscale: a 12-tap footprint per output pixel, 4 channels, plus edge analysis.
            "spatial" => new VulkanPassWork(150 * displayPixels, (Rgba32 * renderPixels) + (Rgba32 * displayPixels)),
            // Bicubic: 16 taps x 4 channels, one multiply-add each.
            "resample" => new VulkanPassWork(128 * displayPixels, (Rgba32 * renderPixels * scale * scale) + (Rgba32 * displayPixels)),
            // TAAU: 3×3 samples (Gaussian weight, YCoCg moments), 3×3 depth dilation, a 36-tap Lanczos-3 history
            // lookup (and its 14 sines), a 16-tap Catmull-Rom spatial estimate, clip and blend, about 620 FLOPs per display
            // pixel; colour, motion and two depths once per render pixel, history read and written and the output
            // written per display pixel.
            "taau" => new VulkanPassWork(620 * displayPixels, (((Rgba32 + 8 + 8) * renderPixels) + (3 * Rgba32 * displayPixels))),
            // A temporal generator's output history, per grid pixel: a 36-tap Lanczos-3 lookup of the previous shown
            // frame (and its 14 sines), the network output's 3×3 range and the blend, about 340 FLOPs; network output,
            // history weight and both shown frames read or written, the target written, motion once per render pixel.
            "temporal output" when architecture is not null => new VulkanPassWork(
                340.0 * scale * scale * renderPixels, (5 * Rgba32 * scale * scale * renderPixels) + (8 * renderPixels)),
            // Motion vectors (RG32F) and depth (R32F) sampled, scaled and linearised; motion and depth buffers written.
            "temporal inputs" => new VulkanPassWork(6 * renderPixels, (8 + 4 + 8 + 4) * renderPixels),
            // Sharpening (5-tap cross), inverse tonemap and HUD blend: colour and HUD in, output words out.
            "finish" => new VulkanPassWork(40 * displayPixels, 3 * Rgba32 * displayPixels),
            _ => default,
        };
    }
}
