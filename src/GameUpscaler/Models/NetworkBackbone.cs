namespace GameUpscaler.Models;

/// <summary>
/// The body of a network, shared by the generator (<see cref="GeneratorArchitecture.Backbone"/>) and the offline
/// diffusion denoiser, so that the two can be compared on the same backbone.
/// </summary>
public enum NetworkBackbone
{
    /// <summary>N C→C convolutions at LR resolution: the SRVGG body (file value "srvgg" for a generator, "plain" for a denoiser).</summary>
    Plain,

    /// <summary>
    /// A two-level U-Net (file value "unet2"): head features (C, LR) → space-to-depth(2) → <c>down</c> conv(4C→2C) +
    /// PReLU → N × [conv(2C→2C) + PReLU] at half resolution → <c>up</c> conv(2C→4C) → depth-to-space(2), plus the head
    /// features (the skip) → <c>post</c> conv(C→C) + PReLU → tail (the denoiser adds a timestep scale-shift after each
    /// of its convolutions but the head's and the tail's). Odd LR sides are zero-padded before the down-sampling and
    /// cropped after it. The half-resolution level quadruples the receptive field per body convolution at the cost of
    /// one more convolution, which the offline comparison needs and a real-time frame budget does not: it runs on the
    /// CPU only.
    /// </summary>
    UNet,
}
