using GameUpscaler.Training.Layers;

namespace GameUpscaler.Training;

/// <summary>
/// A small fully convolutional patch discriminator: conv(3→D)+LReLU, conv(D→2D, stride 2)+LReLU,
/// conv(2D→2D)+LReLU, conv(2D→4D, stride 2)+LReLU, conv(4D→1). It outputs one real/fake logit per patch of about
/// 23×23 pixels (its receptive field), so it judges local texture, which is what adversarial SR training sharpens.
/// </summary>
public sealed class PatchDiscriminator
{
    private readonly ILayer[] _layers;
    private readonly Parameter[] _parameters;

    /// <summary>Creates a discriminator of base width <paramref name="channels"/> with Kaiming-initialised weights.</summary>
    /// <param name="channels">Base width D.</param>
    /// <param name="seed">Seed of the initial weights.</param>
    /// <param name="inputChannels">Planes it judges: 3 (an image) or 6 (a frame and the warped previous frame, which lets
    /// it see flicker: TecoGAN's temporal discriminator, reduced to a pair).</param>
    public PatchDiscriminator(int channels, int seed, int inputChannels = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputChannels, 1);
        Channels = channels;
        InputChannels = inputChannels;
        var random = new Random(seed);
        (int In, int Out, int Stride)[] convs =
        [
            (inputChannels, channels, 1), (channels, 2 * channels, 2), (2 * channels, 2 * channels, 1), (2 * channels, 4 * channels, 2), (4 * channels, 1, 1),
        ];
        var layers = new List<ILayer>();
        for (int i = 0; i < convs.Length; i++)
        {
            (int cin, int cout, int stride) = convs[i];
            double std = Math.Sqrt(2.0 / (1 + (0.2 * 0.2)) / (cin * 9));
            var weight = new float[cout * cin * 9];
            for (int j = 0; j < weight.Length; j++)
            {
                weight[j] = (float)(Gaussian(random) * std);
            }

            layers.Add(new Conv3x3Layer($"disc.{i}", cin, cout, stride, weight, new float[cout]));
            if (i < convs.Length - 1)
            {
                layers.Add(new LeakyReluLayer(0.2f));
            }
        }

        _layers = [.. layers];
        _parameters = _layers.SelectMany(l => l.Parameters).ToArray();
    }

    /// <summary>Base width D.</summary>
    public int Channels { get; }

    /// <summary>Input planes.</summary>
    public int InputChannels { get; }

    /// <summary>The trainable parameters.</summary>
    public IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>Real/fake logits, one per patch (the output is about a quarter of the input size per axis).</summary>
    public Tensor Forward(Tensor image)
    {
        ArgumentNullException.ThrowIfNull(image);
        Tensor x = image;
        foreach (ILayer layer in _layers)
        {
            x = layer.Forward(x);
        }

        return x;
    }

    /// <summary>Accumulates parameter gradients and returns d loss / d image (zeros when
    /// <paramref name="imageGradient"/> is false: the discriminator's own step needs none, which saves a third of it).</summary>
    public Tensor Backward(Tensor logitGradient, bool imageGradient = true)
    {
        ArgumentNullException.ThrowIfNull(logitGradient);
        ((Conv3x3Layer)_layers[0]).ComputeInputGradient = imageGradient;
        Tensor g = logitGradient;
        for (int i = _layers.Length - 1; i >= 0; i--)
        {
            g = _layers[i].Backward(g);
        }

        return g;
    }

    /// <summary>Clears every parameter's gradient.</summary>
    public void ZeroGradients()
    {
        foreach (Parameter p in _parameters)
        {
            p.ZeroGradient();
        }
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
