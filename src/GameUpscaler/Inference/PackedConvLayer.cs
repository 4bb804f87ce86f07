namespace GameUpscaler.Inference;

/// <summary>
/// One 3×3 convolution (+ bias, + PReLU) repacked once for the vector kernels.
/// </summary>
/// <remarks>
/// <para>Feature maps are channel-blocked, channels-last (oneDNN's <c>nChw16c</c>, per row): the value of channel
/// <c>c</c> at frame pixel (x, y) is at <c>((y·blocks + c / Lanes)·frameWidth + x)·Lanes + c % Lanes</c>. Within a
/// block consecutive pixels are exactly <c>Lanes</c> floats apart, so the kernels address the pixels of a block with
/// constant displacements.</para>
/// <para>Weights are <c>[input block][tap = ky·3 + kx][channel in block (Lanes)][output channel (OutputStride)]</c>:
/// for one input sample, the weights of all output channels are contiguous vectors. Padding channels hold zero
/// weights, biases and slopes, so padded output channels come out exactly zero.</para>
/// </remarks>
internal sealed class PackedConvLayer
{
    /// <summary>Packs an OIHW weight tensor.</summary>
    /// <param name="weightOihw">Weights, <c>[cout, cin, 3, 3]</c>.</param>
    /// <param name="bias">Biases, <c>[cout]</c>.</param>
    /// <param name="slopes">PReLU slopes, <c>[cout]</c>, or null for no activation (slope 1 is the identity).</param>
    /// <param name="inputChannels">cin.</param>
    /// <param name="outputChannels">cout.</param>
    /// <param name="lanes">Floats per vector of the kernel that will run the layer.</param>
    public PackedConvLayer(float[] weightOihw, float[] bias, float[]? slopes, int inputChannels, int outputChannels, int lanes)
    {
        ArgumentNullException.ThrowIfNull(weightOihw);
        ArgumentNullException.ThrowIfNull(bias);
        if (weightOihw.Length != outputChannels * inputChannels * 9 || bias.Length != outputChannels ||
            (slopes is not null && slopes.Length != outputChannels))
        {
            throw new ArgumentException("Tensor sizes do not match the layer's channel counts.");
        }

        Lanes = lanes;
        InputChannels = inputChannels;
        OutputChannels = outputChannels;
        InputBlocks = (inputChannels + lanes - 1) / lanes;
        OutputBlocks = (outputChannels + lanes - 1) / lanes;
        OutputStride = OutputBlocks * lanes;
        LastInputBlockChannels = inputChannels - ((InputBlocks - 1) * lanes);
        Weights = new float[InputBlocks * 9 * lanes * OutputStride];
        Bias = new float[OutputStride];
        Slopes = new float[OutputStride];
        for (int co = 0; co < outputChannels; co++)
        {
            Bias[co] = bias[co];
            Slopes[co] = slopes is null ? 1f : slopes[co];
            for (int ci = 0; ci < inputChannels; ci++)
            {
                for (int tap = 0; tap < 9; tap++)
                {
                    int packed = ((((((ci / lanes) * 9) + tap) * lanes) + (ci % lanes)) * OutputStride) + co;
                    Weights[packed] = weightOihw[(((co * inputChannels) + ci) * 9) + tap];
                }
            }
        }
    }

    /// <summary>Floats per vector of the kernel this layer was packed for.</summary>
    public int Lanes { get; }

    /// <summary>Real input channels.</summary>
    public int InputChannels { get; }

    /// <summary>Real output channels.</summary>
    public int OutputChannels { get; }

    /// <summary>Input channel blocks of <see cref="Lanes"/> channels (the last may be partial).</summary>
    public int InputBlocks { get; }

    /// <summary>Real channels in the last input block (1 to <see cref="Lanes"/>).</summary>
    public int LastInputBlockChannels { get; }

    /// <summary>Output channel blocks.</summary>
    public int OutputBlocks { get; }

    /// <summary>Output channels rounded up to whole vectors: the row length of the packed weights.</summary>
    public int OutputStride { get; }

    /// <summary>Packed weights (see the class remarks).</summary>
    public float[] Weights { get; }

    /// <summary>Biases, padded with zeros to <see cref="OutputStride"/>.</summary>
    public float[] Bias { get; }

    /// <summary>PReLU slopes (1 where there is no activation), padded with zeros to <see cref="OutputStride"/>.</summary>
    public float[] Slopes { get; }
}
