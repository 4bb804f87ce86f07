using System.Globalization;
using GameUpscaler.Models;

namespace GameUpscaler.Training.Diffusion;

/// <summary>
/// The shape of the conditional denoiser, the generator's SRVGG family run at low resolution:
/// [x_t, 2·up(LR) − 1] (6 channels at HR) → space-to-depth(s) (6s² channels at LR) → <c>conv3x3(6s²→C)</c> + PReLU →
/// <see cref="Blocks"/> × [<c>conv3x3(C→C)</c> → scale-shift by the timestep, <c>h·(1 + γ(t)) + β(t)</c> → PReLU] →
/// <c>conv3x3(C→3s²)</c> → depth-to-space(s) → ε̂ (or x̂0, see <see cref="Prediction"/>) at HR; or, with
/// <see cref="Backbone"/> <see cref="NetworkBackbone.UNet"/>, the blocks at half resolution inside a two-level U-Net.
/// </summary>
/// <remarks>
/// Tensors (PyTorch OIHW layout): <c>head.conv.weight [C,6s²,3,3]</c>, <c>head.conv.bias [C]</c>,
/// <c>head.act.weight [C]</c> (PReLU slopes); per block i <c>blocks.{i}.conv.weight [C,C,3,3]</c>,
/// <c>blocks.{i}.conv.bias [C]</c>, <c>blocks.{i}.film.weight [2C,D]</c> and <c>blocks.{i}.film.bias [2C]</c> (γ in the
/// first C rows, β in the last C, from the D-dimensional sinusoidal embedding of t), <c>blocks.{i}.act.weight [C]</c>;
/// <c>tail.conv.weight [3s²,C,3,3]</c>, <c>tail.conv.bias [3s²]</c>. The U-Net's blocks are 2C wide, and it adds
/// <c>down.{conv,film,act}</c> (conv [2C,4C,3,3]) before them and <c>up.conv [4C,2C,3,3]</c> and
/// <c>post.{conv,film,act}</c> (conv [C,C,3,3]) after them.
/// </remarks>
public sealed record DiffusionArchitecture
{
    /// <summary>Channels of the denoiser's HR input: the noisy residual and the upsampled LR image.</summary>
    public const int InputChannels = 6;

    /// <summary>Channels of the image (and of ε).</summary>
    public const int ImageChannels = 3;

    /// <summary>Creates and validates an architecture.</summary>
    /// <param name="scale">Upscale factor, 2 to <see cref="GeneratorArchitecture.MaxScale"/>.</param>
    /// <param name="channels">Feature channels C, 1 to <see cref="GeneratorArchitecture.MaxChannels"/>.</param>
    /// <param name="blocks">Timestep-modulated C→C blocks N, 1 to <see cref="GeneratorArchitecture.MaxBodyConvs"/>
    /// (without one the network could not tell the noise level).</param>
    /// <param name="embeddingDims">Sinusoidal timestep embedding size D, even, 2 to 256.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its range.</exception>
    public DiffusionArchitecture(int scale, int channels, int blocks, int embeddingDims = 32)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(scale, GeneratorArchitecture.MaxScale);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(channels, GeneratorArchitecture.MaxChannels);
        ArgumentOutOfRangeException.ThrowIfLessThan(blocks, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(blocks, GeneratorArchitecture.MaxBodyConvs);
        ArgumentOutOfRangeException.ThrowIfLessThan(embeddingDims, 2);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(embeddingDims, 256);
        if (embeddingDims % 2 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(embeddingDims), embeddingDims, "The sinusoidal embedding needs an even size (sine and cosine pairs).");
        }

        Scale = scale;
        Channels = channels;
        Blocks = blocks;
        EmbeddingDims = embeddingDims;
    }

    /// <summary>Upscale factor s.</summary>
    public int Scale { get; }

    /// <summary>Feature channels C.</summary>
    public int Channels { get; }

    /// <summary>Modulated blocks N.</summary>
    public int Blocks { get; }

    /// <summary>Size D of the sinusoidal timestep embedding.</summary>
    public int EmbeddingDims { get; }

    /// <summary>What the network's output is: the noise ε (the first model), the clean residual x0 or the velocity v.</summary>
    public DiffusionPrediction Prediction { get; init; } = DiffusionPrediction.Epsilon;

    /// <summary>
    /// Whether x_t enters the network as √ᾱ_t·x_t (file value <c>noisy_input</c> "gated"; "raw" otherwise). The
    /// scale keeps what x_t tells (its signal-to-noise ratio is unchanged for t &lt; T) but fades it out where it is
    /// mostly noise, so a network whose modulation can only scale whole channels, after x_t and the condition are
    /// already mixed, need not learn to cancel unit-variance noise at high t: the x0 model's one-step estimate from
    /// t = 999 stayed below bicubic (noise leaking into the regression answer) while its L1 twin was 1.5 dB above.
    /// </summary>
    public bool GateNoisyInput { get; init; }

    /// <summary>
    /// Whether x_t (as the network sees it, gated or raw) also reaches the output through a linear path beside the
    /// body (file value <c>noisy_skip</c> "filter"; "none" otherwise): space-to-depth → <c>conv3x3(3s²→3s²)</c> →
    /// scale-shift by the timestep → times <see cref="NoisySkipGain"/>, added to the last convolution's output.
    /// </summary>
    /// <remarks>
    /// Why: a clean x̂0 needs the noise of x_t carried back out (into ε̂ or v̂, whichever is predicted), and the
    /// plain body, 16 channels shared with the condition, carried it poorly: the v runs' one-step estimate beat bicubic
    /// while their 20-step samples kept the starting noise (HF energy 5.8× HR's). A linear filter of x_t is what the
    /// Wiener denoiser of Gaussian noise is, so this path can carry the noise at every noise level, and the body is
    /// left the non-linear part, the residual from the condition. It is the counterpart of the generator's fixed skip
    /// from its input to its output. It starts at zero (the model starts as it would without it).
    /// </remarks>
    public bool NoisySkip { get; init; }

    /// <summary>The body between the head and the tail (file value <c>backbone</c>: "plain" or "unet2"; a file without it is plain).</summary>
    public NetworkBackbone Backbone { get; init; } = NetworkBackbone.Plain;

    /// <summary>Channels of the U-Net's half-resolution level, 2C (<see cref="NetworkBackbone.UNet"/>).</summary>
    public int HalfResolutionChannels => 2 * Channels;

    /// <summary>Channels of x_t after space-to-depth, 3s² (the skip's input and output).</summary>
    public int SkipChannels => ImageChannels * Scale * Scale;

    /// <summary>Channels after space-to-depth, 6s².</summary>
    public int HeadInputChannels => InputChannels * Scale * Scale;

    /// <summary>Output channels of the last convolution, 3s².</summary>
    public int TailOutputChannels => ImageChannels * Scale * Scale;

    /// <summary>
    /// LR pixels around an output block that influence it: the halo of tiles. Plain: one per convolution, N + 2.
    /// U-Net: head and tail 1 each, the post convolution 1, and each of the N + 2 half-resolution convolutions 2, plus
    /// 1 for each change of grid (the 2×2 grouping's phase), 2N + 9.
    /// </summary>
    public int ReceptiveRadius => Backbone == NetworkBackbone.UNet ? (2 * Blocks) + 9 : Blocks + 2;

    /// <summary>
    /// Multiply-adds per LR pixel of one denoiser evaluation (the scale-shift and the embedding maps excluded), plus
    /// <c>9·(3s²)²</c> with the noisy skip. Plain: <c>9·(6s²C + N·C² + 3s²·C)</c>. U-Net: the half-resolution
    /// convolutions count a quarter per LR pixel, <c>9·(6s²C + (8C² + N·4C² + 8C²)/4 + C² + 3s²·C)</c> =
    /// <c>9·(9s²C + (5 + N)·C²)</c>: C12/N3 at ×2 is 14,256, level with the plain C16/N4's 14,400.
    /// </summary>
    public long MacsPerLowResolutionPixel
    {
        get
        {
            long c = Channels;
            long skip = NoisySkip ? (long)SkipChannels * SkipChannels : 0;
            long body = Backbone == NetworkBackbone.UNet ? (5 + Blocks) * c * c : Blocks * c * c;
            return 9L * ((HeadInputChannels * c) + body + (TailOutputChannels * c) + skip);
        }
    }

    /// <summary>Every tensor of the model, in file order.</summary>
    public IReadOnlyList<TensorSpec> GetTensorSpecs()
    {
        int c = Channels;
        var specs = new List<TensorSpec>
        {
            new("head.conv.weight", [c, HeadInputChannels, 3, 3]),
            new("head.conv.bias", [c]),
            new("head.act.weight", [c]),
        };
        void Block(string prefix, int input, int output)
        {
            specs.Add(new TensorSpec(prefix + "conv.weight", [output, input, 3, 3]));
            specs.Add(new TensorSpec(prefix + "conv.bias", [output]));
            specs.Add(new TensorSpec(prefix + "film.weight", [2 * output, EmbeddingDims]));
            specs.Add(new TensorSpec(prefix + "film.bias", [2 * output]));
            specs.Add(new TensorSpec(prefix + "act.weight", [output]));
        }

        bool unet = Backbone == NetworkBackbone.UNet;
        int body = unet ? HalfResolutionChannels : c;
        if (unet)
        {
            Block("down.", 4 * c, body);
        }

        for (int i = 0; i < Blocks; i++)
        {
            Block(BlockName(i, string.Empty), body, body);
        }

        if (unet)
        {
            specs.Add(new TensorSpec("up.conv.weight", [4 * c, body, 3, 3]));
            specs.Add(new TensorSpec("up.conv.bias", [4 * c]));
            Block("post.", c, c);
        }

        specs.Add(new TensorSpec("tail.conv.weight", [TailOutputChannels, c, 3, 3]));
        specs.Add(new TensorSpec("tail.conv.bias", [TailOutputChannels]));
        if (NoisySkip)
        {
            specs.Add(new TensorSpec("skip.conv.weight", [SkipChannels, SkipChannels, 3, 3]));
            specs.Add(new TensorSpec("skip.conv.bias", [SkipChannels]));
            specs.Add(new TensorSpec("skip.film.weight", [2 * SkipChannels, EmbeddingDims]));
            specs.Add(new TensorSpec("skip.film.bias", [2 * SkipChannels]));
        }
        return specs;
    }

    /// <summary>The name of a tensor of block <paramref name="block"/>, e.g. <c>blocks.0.film.weight</c>.</summary>
    public static string BlockName(int block, string suffix) => string.Create(CultureInfo.InvariantCulture, $"blocks.{block}.{suffix}");

    /// <summary>A short description, e.g. <c>diffusion x2 C16 N4 D32</c> (ε-prediction) or <c>diffusion x2 C16 N4 D32 x0</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"diffusion x{Scale} C{Channels} N{Blocks} D{EmbeddingDims}{Prediction switch { DiffusionPrediction.Sample => " x0", DiffusionPrediction.Velocity => " v", _ => string.Empty }}{(GateNoisyInput ? " gated" : string.Empty)}{(NoisySkip ? " skip" : string.Empty)}{(Backbone == NetworkBackbone.UNet ? " unet" : string.Empty)}");

    /// <summary>
    /// The fixed factor on the noisy skip's output at timestep t: 1/√(1 − ᾱ_t) when ε or v is predicted (x_t's noise
    /// is √(1 − ᾱ_t)·ε, so the filter that extracts it then has a gain near 1 at every t, rather than one that must
    /// grow to 100 at t = 0), 1 for x0 (whose skip copies x_t's signal).
    /// </summary>
    public double NoisySkipGain(double alphaBar) => Prediction == DiffusionPrediction.Sample ? 1 : 1 / Math.Sqrt(1 - alphaBar);
}

/// <summary>The diffusion model's parameterisation: what its network predicts from x_t.</summary>
public enum DiffusionPrediction
{
    /// <summary>
    /// The noise ε (DDPM's choice). Without a skip from x_t, the estimate x̂0 = (x_t − √(1−ᾱ)ε̂)/√ᾱ multiplies the
    /// network's error by √(1−ᾱ)/√ᾱ, which is ~157 at t = 999 of the linear schedule: the first model's failure.
    /// </summary>
    Epsilon,

    /// <summary>
    /// The clean residual x0 itself (file value "x0"), as SR3-style and ResShift-style SR models do: the estimate is the
    /// network's output at every noise level, so high noise cannot amplify its error, and one step is a regression.
    /// Its mirror fault: at low noise the network must copy x_t through its body, and what it fails to copy comes
    /// back as speckle in the last DDIM steps (the second model's K = 20 samples).
    /// </summary>
    Sample,

    /// <summary>
    /// The velocity v = √ᾱ·ε − √(1−ᾱ)·x0 (file value "v"; Salimans and Ho 2022). The estimate x̂0 = √ᾱ·x_t − √(1−ᾱ)·v̂
    /// carries x_t through a fixed skip where the noise is low and is the network's own output where it is high, so
    /// no end amplifies the network's error: EDM's preconditioning for a unit-variance signal, which the residual scale
    /// R makes ours. It still asks the body to copy the noise of x_t into v̂ (v contains √ᾱ·ε) at mid and low noise;
    /// the third model's K = 20 samples show what a plain conv body leaves of it (models/TRAINING.md).
    /// </summary>
    Velocity,
}
