namespace GameUpscaler.Training.Layers;

/// <summary>
/// PyTorch's <c>pixel_unshuffle</c>, the inverse of <see cref="DepthToSpace"/>: channel c at (y·s + dy, x·s + dx)
/// goes to channel c·s² + dy·s + dx at (y, x). It lets a network read a high-resolution image at low resolution
/// without losing a pixel (the diffusion denoiser reads its HR inputs this way). A permutation, so its backward pass
/// is the inverse permutation (depth-to-space).
/// </summary>
public static class SpaceToDepth
{
    /// <summary>Rearranges C channels of sH×sW into C·s² channels of H×W.</summary>
    /// <exception cref="ArgumentException">The height or width is not a multiple of s.</exception>
    public static Tensor Forward(Tensor input, int scale) => DepthToSpace.Backward(input, scale);

    /// <summary>The inverse permutation, which is also the backward pass of <see cref="Forward"/>.</summary>
    /// <exception cref="ArgumentException">The channel count is not a multiple of s².</exception>
    public static Tensor Backward(Tensor outputGradient, int scale) => DepthToSpace.Forward(outputGradient, scale);
}
