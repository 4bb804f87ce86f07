using GameUpscaler.Models;
using GameUpscaler.Training.Layers;

namespace GameUpscaler.Training.Diffusion;

/// <summary>
/// The noise predictor ε̂(x_t, up(LR), t) of <see cref="DiffusionArchitecture"/> with a backward pass. Its parameters
/// share their arrays with <see cref="Model"/>, so an optimizer step updates the model in place. The network runs at
/// LR resolution (space-to-depth in, depth-to-space out), so it costs about what the generator of the same C and N
/// costs. One instance keeps the activations of its latest forward pass: use one per thread.
/// </summary>
public sealed class ConditionalDenoiser
{
    private readonly Conv3x3Layer _head;
    private readonly PReluLayer _headActivation;
    /// <summary>The N modulated blocks (at LR for the plain backbone, at the U-Net's half resolution).</summary>
    private readonly UNetBlockChain _body;
    private readonly Conv3x3Layer _tail;
    private readonly UNetLevel? _unet;
    private readonly Conv3x3Layer? _skip;
    private readonly ScaleShiftLayer? _skipModulation;
    private readonly Parameter[] _parameters;
    private double[] _skipGains = [];

    /// <summary>Wraps <paramref name="model"/> (its arrays become the trainable parameters).</summary>
    public ConditionalDenoiser(DiffusionModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        Model = model;
        DiffusionArchitecture a = model.Architecture;
        int c = a.Channels;
        _head = new Conv3x3Layer("head.conv", a.HeadInputChannels, c, 1, model.GetTensor("head.conv.weight"), model.GetTensor("head.conv.bias"))
        {
            // The input is data: nothing upstream needs its gradient.
            ComputeInputGradient = false,
        };
        _headActivation = new PReluLayer("head.act", model.GetTensor("head.act.weight"));
        int body = a.Backbone == NetworkBackbone.UNet ? a.HalfResolutionChannels : c;
        _body = new UNetBlockChain([.. Enumerable.Range(0, a.Blocks).Select(i => new ModulatedBlock(model, DiffusionArchitecture.BlockName(i, string.Empty), body, body))]);

        if (a.Backbone == NetworkBackbone.UNet)
        {
            _unet = new UNetLevel(
                new ModulatedBlock(model, "down.", 4 * c, body),
                _body,
                new Conv3x3Layer("up.conv", body, 4 * c, 1, model.GetTensor("up.conv.weight"), model.GetTensor("up.conv.bias")),
                new ModulatedBlock(model, "post.", c, c));
        }

        _tail = new Conv3x3Layer("tail.conv", c, a.TailOutputChannels, 1, model.GetTensor("tail.conv.weight"), model.GetTensor("tail.conv.bias"));
        var parameters = new List<Parameter>(_head.Parameters);
        parameters.AddRange(_headActivation.Parameters);
        if (_unet is not null)
        {
            parameters.AddRange(_unet.Down.Parameters);
        }

        parameters.AddRange(_body.Parameters);
        if (_unet is not null)
        {
            parameters.AddRange(_unet.Up.Parameters);
            parameters.AddRange(_unet.Post.Parameters);
        }

        parameters.AddRange(_tail.Parameters);
        if (a.NoisySkip)
        {
            _skip = new Conv3x3Layer("skip.conv", a.SkipChannels, a.SkipChannels, 1, model.GetTensor("skip.conv.weight"), model.GetTensor("skip.conv.bias"))
            {
                ComputeInputGradient = false,
            };
            _skipModulation = new ScaleShiftLayer("skip.film", a.SkipChannels, a.EmbeddingDims, model.GetTensor("skip.film.weight"), model.GetTensor("skip.film.bias"));
            parameters.AddRange(_skip.Parameters);
            parameters.AddRange(_skipModulation.Parameters);
        }

        _parameters = [.. parameters];
    }

    /// <summary>The model being run or trained (updated in place by training).</summary>
    public DiffusionModel Model { get; }

    /// <summary>The architecture.</summary>
    public DiffusionArchitecture Architecture => Model.Architecture;

    /// <summary>Every trainable parameter, named as in the model file.</summary>
    public IReadOnlyList<Parameter> Parameters => _parameters;

    /// <summary>
    /// Predicts the noise in <paramref name="noisy"/> (x_t, [B, 3, sH, sW]) given <paramref name="upsampled"/> (up(LR) in
    /// [0, 1], same shape; the network sees 2·up − 1) and one timestep per image.
    /// </summary>
    /// <exception cref="ArgumentException">Shapes or timesteps do not fit.</exception>
    public Tensor Forward(Tensor noisy, Tensor upsampled, ReadOnlySpan<int> timesteps)
    {
        ArgumentNullException.ThrowIfNull(noisy);
        ArgumentNullException.ThrowIfNull(upsampled);
        int s = Architecture.Scale;
        if (noisy.Channels != DiffusionArchitecture.ImageChannels || noisy.Height % s != 0 || noisy.Width % s != 0)
        {
            throw new ArgumentException($"The ×{s} denoiser takes RGB images whose sides are multiples of {s}; got {noisy}.", nameof(noisy));
        }

        noisy.CheckSameShape(upsampled, nameof(upsampled));
        if (timesteps.Length != noisy.Batch)
        {
            throw new ArgumentException($"One timestep per image: {noisy.Batch} images, {timesteps.Length} timesteps.", nameof(timesteps));
        }

        foreach (int t in timesteps)
        {
            if ((uint)t >= (uint)Model.Schedule.Timesteps)
            {
                throw new ArgumentOutOfRangeException(nameof(timesteps), t, $"Timesteps run from 0 to {Model.Schedule.Timesteps - 1}.");
            }
        }

        // [x_t (or √ᾱ_t·x_t, gated), 2·up − 1] at HR, then pixel-unshuffled to LR.
        var input = new Tensor(noisy.Batch, DiffusionArchitecture.InputChannels, noisy.Height, noisy.Width);
        int half = noisy.ImageLength;
        for (int b = 0; b < noisy.Batch; b++)
        {
            Span<float> target = input.GetImage(b);
            noisy.GetImage(b).CopyTo(target);
            if (Architecture.GateNoisyInput)
            {
                VectorMath.Scale(target[..half], (float)Math.Sqrt(Model.Schedule.AlphaBar(timesteps[b])));
            }

            ReadOnlySpan<float> up = upsampled.GetImage(b);
            Span<float> condition = target[half..];
            for (int i = 0; i < half; i++)
            {
                condition[i] = (2f * up[i]) - 1f;
            }
        }

        Tensor embedding = TimestepEmbedding.Compute(timesteps, Architecture.EmbeddingDims);
        Tensor features = _headActivation.Forward(_head.Forward(SpaceToDepth.Forward(input, s)));
        features = _unet is null ? _body.Forward(features, embedding) : _unet.Forward(features, embedding);
        Tensor output = _tail.Forward(features);
        if (_skip is not null && _skipModulation is not null)
        {
            // The noisy skip: the same x_t the head saw (first half of each input image), filtered, modulated by t and
            // scaled by the fixed gain of the prediction target.
            var seen = new Tensor(noisy.Batch, DiffusionArchitecture.ImageChannels, noisy.Height, noisy.Width);
            _skipGains = new double[noisy.Batch];
            for (int b = 0; b < noisy.Batch; b++)
            {
                input.GetImage(b)[..half].CopyTo(seen.GetImage(b));
                _skipGains[b] = Architecture.NoisySkipGain(Model.Schedule.AlphaBar(timesteps[b]));
            }

            Tensor skip = _skipModulation.Forward(_skip.Forward(SpaceToDepth.Forward(seen, s)), embedding);
            for (int b = 0; b < output.Batch; b++)
            {
                float gain = (float)_skipGains[b];
                Span<float> target = output.GetImage(b);
                ReadOnlySpan<float> path = skip.GetImage(b);
                for (int i = 0; i < target.Length; i++)
                {
                    target[i] += gain * path[i];
                }
            }
        }

        return DepthToSpace.Forward(output, s);
    }

    /// <summary>Accumulates parameter gradients from d loss / d ε̂ of the latest <see cref="Forward"/>.</summary>
    public void Backward(Tensor outputGradient)
    {
        ArgumentNullException.ThrowIfNull(outputGradient);
        Tensor outputGradientLr = DepthToSpace.Backward(outputGradient, Architecture.Scale);
        if (_skip is not null && _skipModulation is not null)
        {
            Tensor skipGradient = outputGradientLr.ZerosLike();
            for (int b = 0; b < skipGradient.Batch; b++)
            {
                float gain = (float)_skipGains[b];
                Span<float> target = skipGradient.GetImage(b);
                ReadOnlySpan<float> source = outputGradientLr.GetImage(b);
                for (int i = 0; i < target.Length; i++)
                {
                    target[i] = gain * source[i];
                }
            }

            _skip.Backward(_skipModulation.Backward(skipGradient));
        }

        Tensor gradient = _tail.Backward(outputGradientLr);
        gradient = _unet is null ? _body.Backward(gradient) : _unet.Backward(gradient);
        _head.Backward(_headActivation.Backward(gradient));
    }

    /// <summary><c>PReLU(conv(x)·(1 + γ(t)) + β(t))</c>: tensors PREFIX{conv,film,act}.*, parameters in that order.</summary>
    private sealed class ModulatedBlock(DiffusionModel model, string prefix, int input, int output) : IUNetBlock
    {
        private readonly Conv3x3Layer _conv = new(prefix + "conv", input, output, 1, model.GetTensor(prefix + "conv.weight"), model.GetTensor(prefix + "conv.bias"));
        private readonly ScaleShiftLayer _film = new(prefix + "film", output, model.Architecture.EmbeddingDims, model.GetTensor(prefix + "film.weight"), model.GetTensor(prefix + "film.bias"));
        private readonly PReluLayer _act = new(prefix + "act", model.GetTensor(prefix + "act.weight"));

        public IEnumerable<Parameter> Parameters => [.. _conv.Parameters, .. _film.Parameters, .. _act.Parameters];

        public Tensor Forward(Tensor input, Tensor? embedding) => _act.Forward(_film.Forward(_conv.Forward(input), embedding ?? throw new ArgumentNullException(nameof(embedding), "The denoiser's blocks are modulated by the timestep embedding.")));

        public Tensor Backward(Tensor outputGradient) => _conv.Backward(_film.Backward(_act.Backward(outputGradient)));
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
