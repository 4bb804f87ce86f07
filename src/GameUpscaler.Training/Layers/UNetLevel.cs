namespace GameUpscaler.Training.Layers;

/// <summary>
/// A convolution with its activation inside <see cref="UNetLevel"/>: the generator's conv + PReLU, or the denoiser's
/// conv + timestep scale-shift + PReLU (which reads <c>embedding</c>; the generator's ignores it).
/// </summary>
internal interface IUNetBlock
{
    /// <summary>The block's parameters, in file order.</summary>
    IEnumerable<Parameter> Parameters { get; }

    /// <summary>Computes the output and keeps what <see cref="Backward"/> needs.</summary>
    Tensor Forward(Tensor input, Tensor? embedding);

    /// <summary>Back-propagates through the latest <see cref="Forward"/> call.</summary>
    Tensor Backward(Tensor outputGradient);
}

/// <summary>Blocks run one after the other (the body of N blocks), backward in reverse.</summary>
internal sealed class UNetBlockChain(IReadOnlyList<IUNetBlock> blocks) : IUNetBlock
{
    public IEnumerable<Parameter> Parameters => blocks.SelectMany(b => b.Parameters);

    public Tensor Forward(Tensor input, Tensor? embedding)
    {
        foreach (IUNetBlock block in blocks)
        {
            input = block.Forward(input, embedding);
        }

        return input;
    }

    public Tensor Backward(Tensor outputGradient)
    {
        for (int i = blocks.Count - 1; i >= 0; i--)
        {
            outputGradient = blocks[i].Backward(outputGradient);
        }

        return outputGradient;
    }
}

/// <summary>
/// The two-level U-Net's half-resolution level around its body (<see cref="Models.NetworkBackbone.UNet"/>): space-to-depth(2),
/// down, the body, up, depth-to-space(2), plus the skip of the features it was given, then the post block. Odd sides
/// are zero-padded before the down-sampling and cropped after it.
/// </summary>
internal sealed class UNetLevel(IUNetBlock down, IUNetBlock body, Conv3x3Layer up, IUNetBlock post)
{
    private int _height;
    private int _width;

    public IUNetBlock Down { get; } = down;

    public IUNetBlock Body { get; } = body;

    public Conv3x3Layer Up { get; } = up;

    public IUNetBlock Post { get; } = post;

    public Tensor Forward(Tensor features, Tensor? embedding)
    {
        _height = features.Height;
        _width = features.Width;
        Tensor padded = Resize(features, _height + (_height % 2), _width + (_width % 2));
        Tensor half = Down.Forward(SpaceToDepth.Forward(padded, 2), embedding);
        Tensor upsampled = Resize(DepthToSpace.Forward(Up.Forward(Body.Forward(half, embedding)), 2), _height, _width);
        VectorMath.Accumulate(upsampled.Data, features.Data);
        return Post.Forward(upsampled, embedding);
    }

    public Tensor Backward(Tensor outputGradient)
    {
        // d/d(upsampled + features): the same gradient reaches the skip and the half-resolution path.
        Tensor sum = Post.Backward(outputGradient);
        Tensor padded = Resize(sum, _height + (_height % 2), _width + (_width % 2));
        Tensor half = Body.Backward(Up.Backward(DepthToSpace.Backward(padded, 2)));
        Tensor down = Resize(SpaceToDepth.Backward(Down.Backward(half), 2), _height, _width);
        VectorMath.Accumulate(down.Data, sum.Data);
        return down;
    }

    /// <summary>The top-left <paramref name="height"/>×<paramref name="width"/> of each plane, zeros where the source has none (the zero pad and the crop are each other's adjoint).</summary>
    private static Tensor Resize(Tensor source, int height, int width)
    {
        if (source.Height == height && source.Width == width)
        {
            return source;
        }

        var result = new Tensor(source.Batch, source.Channels, height, width);
        int rows = Math.Min(height, source.Height), columns = Math.Min(width, source.Width);
        for (int plane = 0; plane < source.Batch * source.Channels; plane++)
        {
            for (int y = 0; y < rows; y++)
            {
                source.Data.AsSpan(((plane * source.Height) + y) * source.Width, columns)
                    .CopyTo(result.Data.AsSpan(((plane * height) + y) * width, columns));
            }
        }

        return result;
    }
}
