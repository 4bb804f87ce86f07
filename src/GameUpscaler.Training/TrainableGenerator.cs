using GameUpscaler.Models;
using GameUpscaler.Training.Layers;

namespace GameUpscaler.Training;

/// <summary>
/// The SRVGG-style generator of <see cref="GeneratorArchitecture"/> with a backward pass:
/// conv(3→C)+PReLU, N×[conv(C→C)+PReLU], conv(C→3s²), depth-to-space, + nearest-upsampled input (a temporal generator:
/// conv(3 + 3s² + 1 → C) first, + the history), or the <see cref="NetworkBackbone.UNet"/> generator (head conv + PReLU,
/// the two-level U-Net around N blocks at half resolution, tail conv, the same nearest-upsampled skip).
/// Its parameters share their arrays with <see cref="Weights"/>, so an optimizer step updates the weights in place.
/// </summary>
public sealed class TrainableGenerator
{
    private readonly List<ILayer> _layers = [];
    private readonly UNetBody? _unet;
    private readonly Parameter[] _parameters;

    /// <summary>Wraps <paramref name="weights"/> (its arrays become the trainable parameters).</summary>
    public TrainableGenerator(GeneratorWeights weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        Weights = weights;
        GeneratorArchitecture arch = weights.Architecture;
        if (arch.Backbone == NetworkBackbone.UNet)
        {
            _unet = new UNetBody(weights);
            _parameters = [.. _unet.Parameters];
            return;
        }

        for (int conv = 0; conv < arch.ConvCount; conv++)
        {
            string weightName = GeneratorArchitecture.ConvWeightName(conv);
            var layer = new Conv3x3Layer(
                weightName[..^".weight".Length],
                arch.GetConvInputChannels(conv),
                arch.GetConvOutputChannels(conv),
                1,
                weights.GetTensor(weightName),
                weights.GetTensor(GeneratorArchitecture.ConvBiasName(conv)))
            {
                // The input is data: nothing upstream needs its gradient.
                ComputeInputGradient = conv > 0,
            };
            _layers.Add(layer);
            if (arch.HasActivation(conv))
            {
                string slopeName = GeneratorArchitecture.PReluSlopeName(conv);
                _layers.Add(new PReluLayer(slopeName[..^".weight".Length], weights.GetTensor(slopeName)));
            }
        }

        _parameters = _layers.SelectMany(l => l.Parameters).ToArray();
    }

    /// <summary>The weights being trained (updated in place).</summary>
    public GeneratorWeights Weights { get; }

    /// <summary>The architecture.</summary>
    public GeneratorArchitecture Architecture => Weights.Architecture;

    /// <summary>Every trainable parameter, named as in the safetensors file.</summary>
    public IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>Multiply-adds of one forward pass over a batch of LR inputs of the given size.</summary>
    public long ForwardMacs(int batch, int height, int width) => Architecture.MacsPerInputPixel * batch * height * width;

    /// <summary>
    /// Upscales a batch of LR images (values in [0, 1]) by the architecture's scale; a temporal generator reads its
    /// input planes (<see cref="GameUpscaler.Temporal.TemporalGeneratorInput"/>) and its skip is the history they hold.
    /// </summary>
    public Tensor Forward(Tensor lowResolution)
    {
        ArgumentNullException.ThrowIfNull(lowResolution);
        if (lowResolution.Channels != Architecture.InputChannels)
        {
            throw new ArgumentException($"The {Architecture} generator takes {Architecture.InputChannels} input planes; got {lowResolution}.", nameof(lowResolution));
        }

        Tensor features = lowResolution;
        if (_unet is not null)
        {
            features = _unet.Forward(features);
        }

        foreach (ILayer layer in _layers)
        {
            features = layer.Forward(features);
        }

        Tensor output = DepthToSpace.Forward(features, Architecture.Scale);
        Tensor skip = Architecture.Temporal
            ? DepthToSpace.Forward(HistoryPlanes(lowResolution), Architecture.Scale)
            : NearestUpsample.Forward(lowResolution, Architecture.Scale);
        VectorMath.Accumulate(output.Data, skip.Data);
        return output;
    }

    /// <summary>The space-to-depth history planes of a batch of temporal inputs (a copy).</summary>
    private Tensor HistoryPlanes(Tensor input)
    {
        int planes = Architecture.OutputConvChannels, n = input.PlaneLength;
        var history = new Tensor(input.Batch, planes, input.Height, input.Width);
        for (int b = 0; b < input.Batch; b++)
        {
            input.GetImage(b).Slice(GeneratorArchitecture.HistoryPlane * n, planes * n).CopyTo(history.GetImage(b));
        }

        return history;
    }

    /// <summary>Accumulates parameter gradients from d loss / d output of the latest <see cref="Forward"/>.</summary>
    public void Backward(Tensor outputGradient)
    {
        ArgumentNullException.ThrowIfNull(outputGradient);
        Tensor gradient = DepthToSpace.Backward(outputGradient, Architecture.Scale);
        for (int i = _layers.Count - 1; i >= 0; i--)
        {
            gradient = _layers[i].Backward(gradient);
        }

        _unet?.Backward(gradient);
    }

    /// <summary>The U-Net generator's network up to the depth-to-space (tensors named as in <see cref="GeneratorArchitecture"/>'s remarks).</summary>
    private sealed class UNetBody
    {
        private readonly Block _head;
        private readonly UNetLevel _level;
        private readonly Conv3x3Layer _tail;

        public UNetBody(GeneratorWeights weights)
        {
            GeneratorArchitecture a = weights.Architecture;
            int c = a.Channels, half = a.HalfResolutionChannels;
            // The input is data: nothing upstream needs its gradient.
            _head = new Block(weights, "head.", GeneratorArchitecture.ImageChannels, c, inputGradient: false);
            _level = new UNetLevel(
                new Block(weights, "down.", 4 * c, half),
                new UNetBlockChain([.. Enumerable.Range(0, a.BodyConvs).Select(i => new Block(weights, GeneratorArchitecture.UNetBlockName(i, string.Empty), half, half))]),
                Conv(weights, "up.conv", half, 4 * c),
                new Block(weights, "post.", c, c));
            _tail = Conv(weights, "tail.conv", c, a.OutputConvChannels);
        }

        /// <summary>In the order of the file's tensors.</summary>
        public IEnumerable<Parameter> Parameters =>
            [.. _head.Parameters, .. _level.Down.Parameters, .. _level.Body.Parameters, .. _level.Up.Parameters, .. _level.Post.Parameters, .. _tail.Parameters];

        public Tensor Forward(Tensor input) => _tail.Forward(_level.Forward(_head.Forward(input, null), null));

        public void Backward(Tensor outputGradient) => _head.Backward(_level.Backward(_tail.Backward(outputGradient)));

        private static Conv3x3Layer Conv(GeneratorWeights weights, string name, int input, int output) =>
            new(name, input, output, 1, weights.GetTensor(name + ".weight"), weights.GetTensor(name + ".bias"));

        /// <summary><c>PReLU(conv(x))</c>: tensors PREFIX{conv,act}.*.</summary>
        private sealed class Block(GeneratorWeights weights, string prefix, int input, int output, bool inputGradient = true) : IUNetBlock
        {
            private readonly Conv3x3Layer _conv = new(prefix + "conv", input, output, 1, weights.GetTensor(prefix + "conv.weight"), weights.GetTensor(prefix + "conv.bias"))
            {
                ComputeInputGradient = inputGradient,
            };

            private readonly PReluLayer _act = new(prefix + "act", weights.GetTensor(prefix + "act.weight"));

            public IEnumerable<Parameter> Parameters => [.. _conv.Parameters, .. _act.Parameters];

            public Tensor Forward(Tensor input, Tensor? embedding) => _act.Forward(_conv.Forward(input));

            public Tensor Backward(Tensor outputGradient) => _conv.Backward(_act.Backward(outputGradient));
        }
    }

    /// <summary>Clears every parameter's gradient.</summary>
    public void ZeroGradients()
    {
        foreach (Parameter p in _parameters)
        {
            p.ZeroGradient();
        }
    }
}
