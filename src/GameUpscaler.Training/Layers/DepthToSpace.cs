namespace GameUpscaler.Training.Layers;

/// <summary>
/// PyTorch's <c>pixel_shuffle</c>: channel (c·s² + dy·s + dx) at (y, x) goes to channel c at (y·s + dy, x·s + dx),
/// the order the core's <see cref="Inference.CpuGenerator"/> reads. A pure permutation, so its backward is the inverse
/// permutation (space-to-depth).
/// </summary>
public static class DepthToSpace
{
    /// <summary>Rearranges C·s² channels of H×W into C channels of sH×sW.</summary>
    /// <exception cref="ArgumentException">The channel count is not a multiple of s².</exception>
    public static Tensor Forward(Tensor input, int scale) => Permute(input, scale, toSpace: true);

    /// <summary>The inverse permutation, which is also the backward pass of <see cref="Forward"/>.</summary>
    public static Tensor Backward(Tensor outputGradient, int scale) => Permute(outputGradient, scale, toSpace: false);

    private static Tensor Permute(Tensor source, int scale, bool toSpace)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        int s2 = scale * scale;
        int depthChannels;
        int height;
        int width;
        if (toSpace)
        {
            if (source.Channels % s2 != 0)
            {
                throw new ArgumentException($"Depth-to-space by {scale} needs a multiple of {s2} channels; {source} has {source.Channels}.", nameof(source));
            }

            depthChannels = source.Channels;
            height = source.Height;
            width = source.Width;
        }
        else
        {
            if (source.Height % scale != 0 || source.Width % scale != 0)
            {
                throw new ArgumentException($"Space-to-depth by {scale} needs sizes divisible by {scale}; got {source}.", nameof(source));
            }

            depthChannels = source.Channels * s2;
            height = source.Height / scale;
            width = source.Width / scale;
        }

        int spaceChannels = depthChannels / s2;
        var result = toSpace
            ? new Tensor(source.Batch, spaceChannels, height * scale, width * scale)
            : new Tensor(source.Batch, depthChannels, height, width);
        float[] src = source.Data;
        float[] dst = result.Data;
        int spaceWidth = width * scale;
        int spacePlane = spaceWidth * height * scale;
        int depthPlane = width * height;
        for (int b = 0; b < source.Batch; b++)
        {
            int depthBase = b * depthChannels * depthPlane;
            int spaceBase = b * spaceChannels * spacePlane;
            for (int c = 0; c < spaceChannels; c++)
            {
                for (int dy = 0; dy < scale; dy++)
                {
                    for (int dx = 0; dx < scale; dx++)
                    {
                        int depthChannel = (c * s2) + (dy * scale) + dx;
                        for (int y = 0; y < height; y++)
                        {
                            int d = depthBase + (depthChannel * depthPlane) + (y * width);
                            int sp = spaceBase + (c * spacePlane) + (((y * scale) + dy) * spaceWidth) + dx;
                            for (int x = 0; x < width; x++, d++, sp += scale)
                            {
                                if (toSpace)
                                {
                                    dst[sp] = src[d];
                                }
                                else
                                {
                                    dst[d] = src[sp];
                                }
                            }
                        }
                    }
                }
            }
        }

        return result;
    }
}
