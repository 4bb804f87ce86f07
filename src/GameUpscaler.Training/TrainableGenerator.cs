using GameUpscaler.Models;
using GameUpscaler.Training.Layers;

namespace GameUpscaler.Training;

/// <summary>
/// The SRVGG-style generator of <see cref="GeneratorArchitecture"/> with a backward pass:
/// conv(3→C)+PReLU, N×[conv(C→C)+PReLU], conv(C→3s²), depth-to-space, + nearest-upsampled input (a temporal generator:
/// conv(3 + 3s² + 1 → C) first, + the history).
/// Its parameters share their arrays with <see cref="Weights"/>, so an optimizer step updates the weights in place.
/// </summary>
public sealed class TrainableGenerator
{
    private readonly List<ILayer> _layers = [];
    private readonly Parameter[] _parameters;

    /// <summary>Wraps <paramref name="weights"/> (its arrays become the trainable parameters).</summary>
    public TrainableGenerator(GeneratorWeights weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        Weights = weights;
        GeneratorArchitecture arch = weights.Architecture;
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
