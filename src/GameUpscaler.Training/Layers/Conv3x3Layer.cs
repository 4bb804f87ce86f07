using GameUpscaler.Training.Native;

namespace GameUpscaler.Training.Layers;

/// <summary>
/// 3×3 convolution with zero padding 1 and stride 1 or 2 (PyTorch's <c>Conv2d(cin, cout, 3, stride, 1)</c>), as
/// im2col + OpenBLAS sgemm per image: forward <c>Y = W·col</c>, backward <c>dW += dY·colᵀ</c> and
/// <c>dcol = Wᵀ·dY</c> scattered back by col2im. The column matrix is recomputed in backward rather than kept:
/// keeping it would cost 9× the activations of every layer for every image of the batch.
/// </summary>
public sealed class Conv3x3Layer : ILayer
{
    private readonly Parameter[] _parameters;
    private float[] _columns = [];
    private Tensor? _input;

    /// <summary>Creates the layer over existing weight [cout, cin, 3, 3] and bias [cout] arrays (not copied).</summary>
    /// <exception cref="ArgumentException">An array has the wrong length or the stride is not 1 or 2.</exception>
    public Conv3x3Layer(string name, int inputChannels, int outputChannels, int stride, float[] weight, float[] bias)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputChannels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(outputChannels, 1);
        if (stride is not (1 or 2))
        {
            throw new ArgumentOutOfRangeException(nameof(stride), stride, "Stride must be 1 or 2.");
        }

        ArgumentNullException.ThrowIfNull(weight);
        ArgumentNullException.ThrowIfNull(bias);
        if (weight.Length != outputChannels * inputChannels * 9 || bias.Length != outputChannels)
        {
            throw new ArgumentException(
                $"Conv {name} ({inputChannels}→{outputChannels}) needs {outputChannels * inputChannels * 9} weights and {outputChannels} biases; got {weight.Length} and {bias.Length}.");
        }

        InputChannels = inputChannels;
        OutputChannels = outputChannels;
        Stride = stride;
        Weight = new Parameter(name + ".weight", weight);
        Bias = new Parameter(name + ".bias", bias);
        _parameters = [Weight, Bias];
    }

    /// <summary>Input channels.</summary>
    public int InputChannels { get; }

    /// <summary>Output channels.</summary>
    public int OutputChannels { get; }

    /// <summary>1 or 2.</summary>
    public int Stride { get; }

    /// <summary>Weights [cout, cin, 3, 3].</summary>
    public Parameter Weight { get; }

    /// <summary>Biases [cout].</summary>
    public Parameter Bias { get; }

    /// <summary>False skips d loss / d input (the first layer of a generator needs none); Backward then returns a zero tensor of the input's shape.</summary>
    public bool ComputeInputGradient { get; set; } = true;

    /// <inheritdoc/>
    public IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>Output size along an axis of <paramref name="inputSize"/> pixels.</summary>
    public int OutputSize(int inputSize) => ((inputSize - 1) / Stride) + 1;

    /// <summary>Multiply-adds of one forward pass over an input of the given size.</summary>
    public long ForwardMacs(int batch, int height, int width) =>
        (long)batch * OutputSize(height) * OutputSize(width) * OutputChannels * InputChannels * 9;

    /// <inheritdoc/>
    public Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Channels != InputChannels)
        {
            throw new ArgumentException($"Conv {Weight.Name} takes {InputChannels} channels; the input {input} has {input.Channels}.", nameof(input));
        }

        _input = input;
        int outH = OutputSize(input.Height);
        int outW = OutputSize(input.Width);
        int pixels = outH * outW;
        int k = InputChannels * 9;
        var output = new Tensor(input.Batch, OutputChannels, outH, outW);
        EnsureColumns(k * pixels);
        for (int b = 0; b < input.Batch; b++)
        {
            Im2Col(input.GetImage(b), input.Height, input.Width, outH, outW);
            Span<float> y = output.GetImage(b);
            OpenBlas.Sgemm(false, false, OutputChannels, pixels, k, 1f, Weight.Value, k, _columns, pixels, 0f, y, pixels);
            for (int co = 0; co < OutputChannels; co++)
            {
                VectorMath.AddScalar(y.Slice(co * pixels, pixels), Bias.Value[co]);
            }
        }

        return output;
    }

    /// <inheritdoc/>
    public Tensor Backward(Tensor outputGradient)
    {
        ArgumentNullException.ThrowIfNull(outputGradient);
        Tensor input = _input ?? throw new InvalidOperationException($"Conv {Weight.Name}: Backward before Forward.");
        int outH = OutputSize(input.Height);
        int outW = OutputSize(input.Width);
        if (outputGradient.Batch != input.Batch || outputGradient.Channels != OutputChannels || outputGradient.Height != outH || outputGradient.Width != outW)
        {
            throw new ArgumentException($"Conv {Weight.Name}: gradient {outputGradient} does not match the output {input.Batch}×{OutputChannels}×{outH}×{outW}.", nameof(outputGradient));
        }

        int pixels = outH * outW;
        int k = InputChannels * 9;
        var inputGradient = input.ZerosLike();
        EnsureColumns(k * pixels);
        for (int b = 0; b < input.Batch; b++)
        {
            ReadOnlySpan<float> dy = outputGradient.GetImage(b);
            for (int co = 0; co < OutputChannels; co++)
            {
                Bias.Gradient[co] += (float)VectorMath.Sum(dy.Slice(co * pixels, pixels));
            }

            Im2Col(input.GetImage(b), input.Height, input.Width, outH, outW);
            OpenBlas.Sgemm(false, true, OutputChannels, k, pixels, 1f, dy, pixels, _columns, pixels, 1f, Weight.Gradient, k);
            if (ComputeInputGradient)
            {
                OpenBlas.Sgemm(true, false, k, pixels, OutputChannels, 1f, Weight.Value, k, dy, pixels, 0f, _columns, pixels);
                Col2Im(inputGradient.GetImage(b), input.Height, input.Width, outH, outW);
            }
        }

        return inputGradient;
    }

    private void EnsureColumns(int length)
    {
        if (_columns.Length < length)
        {
            _columns = new float[length];
        }
    }

    /// <summary>Row (ci·9 + ky·3 + kx) of the column matrix holds input[ci, oy·s + ky − 1, ox·s + kx − 1], zero outside.</summary>
    private void Im2Col(ReadOnlySpan<float> image, int height, int width, int outH, int outW)
    {
        int pixels = outH * outW;
        for (int ci = 0; ci < InputChannels; ci++)
        {
            ReadOnlySpan<float> plane = image.Slice(ci * height * width, height * width);
            for (int ky = 0; ky < 3; ky++)
            {
                for (int kx = 0; kx < 3; kx++)
                {
                    Span<float> row = _columns.AsSpan((((ci * 3) + ky) * 3 + kx) * pixels, pixels);
                    for (int oy = 0; oy < outH; oy++)
                    {
                        Span<float> dst = row.Slice(oy * outW, outW);
                        int iy = (oy * Stride) + ky - 1;
                        if (iy < 0 || iy >= height)
                        {
                            dst.Clear();
                            continue;
                        }

                        ReadOnlySpan<float> src = plane.Slice(iy * width, width);
                        if (Stride == 1)
                        {
                            // ox + kx − 1 must lie in [0, width): ox in [1 − kx, width + 1 − kx).
                            int first = Math.Max(0, 1 - kx);
                            int end = Math.Min(outW, width + 1 - kx);
                            dst[..first].Clear();
                            src.Slice(first + kx - 1, end - first).CopyTo(dst[first..end]);
                            dst[end..].Clear();
                        }
                        else
                        {
                            for (int ox = 0; ox < outW; ox++)
                            {
                                int ix = (ox * Stride) + kx - 1;
                                dst[ox] = (uint)ix < (uint)width ? src[ix] : 0f;
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>The adjoint of <see cref="Im2Col"/>: adds each column entry back onto the input pixel it came from.</summary>
    private void Col2Im(Span<float> image, int height, int width, int outH, int outW)
    {
        int pixels = outH * outW;
        for (int ci = 0; ci < InputChannels; ci++)
        {
            Span<float> plane = image.Slice(ci * height * width, height * width);
            for (int ky = 0; ky < 3; ky++)
            {
                for (int kx = 0; kx < 3; kx++)
                {
                    ReadOnlySpan<float> row = _columns.AsSpan((((ci * 3) + ky) * 3 + kx) * pixels, pixels);
                    for (int oy = 0; oy < outH; oy++)
                    {
                        int iy = (oy * Stride) + ky - 1;
                        if (iy < 0 || iy >= height)
                        {
                            continue;
                        }

                        ReadOnlySpan<float> src = row.Slice(oy * outW, outW);
                        Span<float> dst = plane.Slice(iy * width, width);
                        if (Stride == 1)
                        {
                            int first = Math.Max(0, 1 - kx);
                            int end = Math.Min(outW, width + 1 - kx);
                            VectorMath.Accumulate(dst.Slice(first + kx - 1, end - first), src[first..end]);
                        }
                        else
                        {
                            for (int ox = 0; ox < outW; ox++)
                            {
                                int ix = (ox * Stride) + kx - 1;
                                if ((uint)ix < (uint)width)
                                {
                                    dst[ix] += src[ox];
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
