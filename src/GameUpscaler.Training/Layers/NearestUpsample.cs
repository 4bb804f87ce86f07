namespace GameUpscaler.Training.Layers;

/// <summary>Nearest-neighbour upsampling by an integer factor (the generator's skip path) and its backward pass,
/// which sums each s×s block of the gradient.</summary>
public static class NearestUpsample
{
    /// <summary>Repeats each pixel into an s×s block.</summary>
    public static Tensor Forward(Tensor input, int scale)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        var output = new Tensor(input.Batch, input.Channels, input.Height * scale, input.Width * scale);
        int outW = output.Width;
        for (int p = 0; p < input.Batch * input.Channels; p++)
        {
            for (int y = 0; y < output.Height; y++)
            {
                int src = (p * input.PlaneLength) + ((y / scale) * input.Width);
                int dst = (p * output.PlaneLength) + (y * outW);
                for (int x = 0; x < outW; x++)
                {
                    output.Data[dst + x] = input.Data[src + (x / scale)];
                }
            }
        }

        return output;
    }

    /// <summary>The adjoint of <see cref="Forward"/>: each input pixel receives the sum of its block's gradients.</summary>
    public static Tensor Backward(Tensor outputGradient, int scale)
    {
        ArgumentNullException.ThrowIfNull(outputGradient);
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        if (outputGradient.Height % scale != 0 || outputGradient.Width % scale != 0)
        {
            throw new ArgumentException($"Gradient {outputGradient} is not a multiple of {scale}.", nameof(outputGradient));
        }

        var input = new Tensor(outputGradient.Batch, outputGradient.Channels, outputGradient.Height / scale, outputGradient.Width / scale);
        int outW = outputGradient.Width;
        for (int p = 0; p < input.Batch * input.Channels; p++)
        {
            for (int y = 0; y < outputGradient.Height; y++)
            {
                int dst = (p * input.PlaneLength) + ((y / scale) * input.Width);
                int src = (p * outputGradient.PlaneLength) + (y * outW);
                for (int x = 0; x < outW; x++)
                {
                    input.Data[dst + (x / scale)] += outputGradient.Data[src + x];
                }
            }
        }

        return input;
    }
}
