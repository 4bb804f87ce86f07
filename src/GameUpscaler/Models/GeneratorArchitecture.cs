using System.Globalization;

namespace GameUpscaler.Models;

/// <summary>
/// The shape of an SRVGG-style generator (the family of Real-ESRGAN's <c>SRVGGNetCompact</c>):
/// <c>conv3x3(3→C) + PReLU</c>, <see cref="BodyConvs"/> × <c>[conv3x3(C→C) + PReLU]</c>, <c>conv3x3(C→3·s²)</c>,
/// depth-to-space(s) in PyTorch <c>pixel_shuffle</c> order, plus the nearest-upsampled input as a skip connection.
/// Every convolution pads the image border with one pixel of zeros (PyTorch <c>padding=1</c>).
/// </summary>
/// <remarks>
/// <para>A <see cref="Temporal"/> generator is the same network inside the temporal pipeline: its first convolution
/// reads <see cref="TemporalInputChannels"/> planes at render size — the current jittered frame (RGB), the temporal
/// accumulation's display frame on the network's s× grid brought to render size by space-to-depth (3·s² planes, PyTorch
/// <c>pixel_unshuffle</c> order: plane <c>3 + c·s² + dy·s + dx</c> holds colour c of grid pixel (s·x + dx, s·y + dy)) and
/// the history confidence (accumulated sample weight over its cap, averaged over each s×s block) — and its skip
/// connection is that accumulated frame instead of the nearest-upsampled input, so the network learns a correction of
/// the accumulation (FRVSR's space-to-depth history, DLSS 2's division of labour: accumulation by motion vectors,
/// the network restoring what the accumulation's reconstruction kernel, reprojection and clip took away). Its output
/// is the shown frame; the history stays the accumulation's (<see cref="Temporal.TemporalGeneratorReference"/> says why).</para>
/// </remarks>
/// <remarks>
/// <para>A <see cref="NetworkBackbone.UNet"/> generator (the offline comparison's backbone, CPU only: see
/// <see cref="ThrowIfNotPlain"/>) replaces the N body convolutions by the two-level U-Net of that value, with the same
/// nearest-upsampled skip; its tensors are <c>head.conv.{weight,bias}</c>, <c>head.act.weight</c>, <c>down.*</c>,
/// <c>blocks.{i}.*</c> (conv and act), <c>up.conv.*</c>, <c>post.*</c> and <c>tail.conv.*</c>, the diffusion
/// denoiser's names without its scale-shift tensors.</para>
/// </remarks>
/// <remarks>
/// Tensors use Real-ESRGAN's names and PyTorch's OIHW weight layout so that reference models can be imported:
/// <c>body.0.weight [C,3,3,3]</c>, <c>body.0.bias [C]</c>, <c>body.1.weight [C]</c> (PReLU, one slope per channel),
/// then for i in 1..N <c>body.{2i}.weight [C,C,3,3]</c>, <c>body.{2i}.bias [C]</c>, <c>body.{2i+1}.weight [C]</c>,
/// and the last convolution <c>body.{2N+2}.weight [3s²,C,3,3]</c>, <c>body.{2N+2}.bias [3s²]</c>.
/// </remarks>
public sealed record GeneratorArchitecture
{
    /// <summary>The largest supported upscale factor.</summary>
    public const int MaxScale = 4;

    /// <summary>The largest supported feature channel count.</summary>
    public const int MaxChannels = 256;

    /// <summary>The largest supported number of body (C→C) convolutions.</summary>
    public const int MaxBodyConvs = 64;

    /// <summary>Number of image channels the generator reads and writes (RGB).</summary>
    public const int ImageChannels = 3;

    /// <summary>Creates and validates an architecture.</summary>
    /// <param name="scale">Upscale factor per axis, 1 to <see cref="MaxScale"/>.</param>
    /// <param name="channels">Feature channels C, 1 to <see cref="MaxChannels"/>.</param>
    /// <param name="bodyConvs">Number N of C→C convolutions, 0 to <see cref="MaxBodyConvs"/>.</param>
    /// <param name="temporal">A temporal generator (conditioned on the accumulated history, see the remarks).</param>
    /// <param name="backbone">The body: SRVGG's plain convolutions, or the offline comparison's U-Net.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value is outside its range.</exception>
    /// <exception cref="ArgumentException">A temporal U-Net (not built).</exception>
    public GeneratorArchitecture(int scale, int channels, int bodyConvs, bool temporal = false, NetworkBackbone backbone = NetworkBackbone.Plain)
    {
        if (!Enum.IsDefined(backbone))
        {
            throw new ArgumentOutOfRangeException(nameof(backbone), backbone, "Unknown backbone.");
        }

        if (temporal && backbone != NetworkBackbone.Plain)
        {
            throw new ArgumentException("The temporal generator has the plain SRVGG body only; the U-Net is the offline comparison's per-frame backbone.", nameof(backbone));
        }

        Backbone = backbone;
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(scale, MaxScale);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(channels, MaxChannels);
        ArgumentOutOfRangeException.ThrowIfNegative(bodyConvs);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bodyConvs, MaxBodyConvs);
        Scale = scale;
        Channels = channels;
        BodyConvs = bodyConvs;
        Temporal = temporal;
    }

    /// <summary>The body: <see cref="NetworkBackbone.Plain"/> (SRVGG, every backend) or <see cref="NetworkBackbone.UNet"/> (CPU, offline).</summary>
    public NetworkBackbone Backbone { get; }

    /// <summary>Whether this is a temporal generator: history in, next history out (see the remarks).</summary>
    public bool Temporal { get; }

    /// <summary>The planes a temporal generator reads: RGB, the space-to-depth history (3·s²) and the confidence.</summary>
    public int TemporalInputChannels => ImageChannels + OutputConvChannels + 1;

    /// <summary>The first history plane of a temporal generator's input (after the current frame's RGB).</summary>
    public const int HistoryPlane = ImageChannels;

    /// <summary>The confidence plane of a temporal generator's input (the last).</summary>
    public int ConfidencePlane => ImageChannels + OutputConvChannels;

    /// <summary>Planes of the input: <see cref="ImageChannels"/>, or <see cref="TemporalInputChannels"/> for a temporal generator.</summary>
    public int InputChannels => Temporal ? TemporalInputChannels : ImageChannels;

    /// <summary>Upscale factor per axis (s).</summary>
    public int Scale { get; }

    /// <summary>Feature channels (C).</summary>
    public int Channels { get; }

    /// <summary>Number of C→C convolutions between the first and the last one (N).</summary>
    public int BodyConvs { get; }

    /// <summary>All 3×3 convolutions of the SRVGG chain: the first, the <see cref="BodyConvs"/> body ones and the last (N + 2).</summary>
    /// <exception cref="NotSupportedException">A U-Net generator, which is no chain (every backend but the CPU one stops here).</exception>
    public int ConvCount
    {
        get
        {
            ThrowIfNotPlain("This backend");
            return BodyConvs + 2;
        }
    }

    /// <summary>Channels of the U-Net's half-resolution level, 2C.</summary>
    public int HalfResolutionChannels => 2 * Channels;

    /// <summary>Output channels of the last convolution, 3·s², before depth-to-space.</summary>
    public int OutputConvChannels => ImageChannels * Scale * Scale;

    /// <summary>
    /// How many input pixels around an output pixel influence it (one per convolution, N + 2): the halo a tiled
    /// implementation needs so that tiles match whole-image inference exactly.
    /// A U-Net's bound is 2N + 9 LR pixels (head, post and tail one each, down and up two each at half resolution, the N
    /// body convolutions two each, and up to one more at each of the two 2×2 regroupings), and its tiles must start at
    /// even pixels.
    /// </summary>
    public int ReceptiveRadius => Backbone == NetworkBackbone.UNet ? (2 * BodyConvs) + 9 : BodyConvs + 2;

    /// <summary>
    /// Multiply-adds per input pixel, <c>9·(I·C + N·C² + 3s²·C)</c> with I input planes (3, or 3 + 3s² + 1 for a
    /// temporal generator); a U-Net's body costs <c>9·(5 + N)·C²</c> (down 8C² and up 8C² and N × 4C² at a quarter of
    /// the pixels, post C²); biases, activations, the skip and the temporal accumulation excluded.
    /// </summary>
    public long MacsPerInputPixel
    {
        get
        {
            long c = Channels;
            long body = Backbone == NetworkBackbone.UNet ? (5 + BodyConvs) * c * c : BodyConvs * c * c;
            return 9L * ((InputChannels * c) + body + (OutputConvChannels * c));
        }
    }

    /// <summary>Number of learned parameters (weights, biases and PReLU slopes).</summary>
    public long ParameterCount
    {
        get
        {
            long total = 0;
            foreach (TensorSpec spec in GetTensorSpecs())
            {
                total += spec.ElementCount;
            }

            return total;
        }
    }

    /// <summary>Input channels of convolution <paramref name="convIndex"/> (0-based, 0 to <see cref="ConvCount"/> − 1).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is not a convolution of this architecture.</exception>
    public int GetConvInputChannels(int convIndex)
    {
        CheckConvIndex(convIndex);
        return convIndex == 0 ? InputChannels : Channels;
    }

    /// <summary>Output channels of convolution <paramref name="convIndex"/> (0-based, 0 to <see cref="ConvCount"/> − 1).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is not a convolution of this architecture.</exception>
    public int GetConvOutputChannels(int convIndex)
    {
        CheckConvIndex(convIndex);
        return convIndex == ConvCount - 1 ? OutputConvChannels : Channels;
    }

    /// <summary>Whether convolution <paramref name="convIndex"/> is followed by a PReLU (all but the last).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is not a convolution of this architecture.</exception>
    public bool HasActivation(int convIndex)
    {
        CheckConvIndex(convIndex);
        return convIndex < ConvCount - 1;
    }

    /// <summary>The tensor name of a convolution's weight, <c>body.{2·convIndex}.weight</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is negative.</exception>
    public static string ConvWeightName(int convIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(convIndex);
        return string.Create(CultureInfo.InvariantCulture, $"body.{2 * convIndex}.weight");
    }

    /// <summary>The tensor name of a convolution's bias, <c>body.{2·convIndex}.bias</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is negative.</exception>
    public static string ConvBiasName(int convIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(convIndex);
        return string.Create(CultureInfo.InvariantCulture, $"body.{2 * convIndex}.bias");
    }

    /// <summary>The tensor name of the PReLU slopes after a convolution, <c>body.{2·convIndex + 1}.weight</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is negative.</exception>
    public static string PReluSlopeName(int convIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(convIndex);
        return string.Create(CultureInfo.InvariantCulture, $"body.{(2 * convIndex) + 1}.weight");
    }

    /// <summary>
    /// Every tensor of the architecture with its shape, in file order: for each convolution its weight
    /// (OIHW), its bias and, except after the last, the PReLU slopes.
    /// </summary>
    public IReadOnlyList<TensorSpec> GetTensorSpecs()
    {
        if (Backbone == NetworkBackbone.UNet)
        {
            return GetUNetTensorSpecs();
        }

        var specs = new List<TensorSpec>((3 * ConvCount) - 1);
        for (int conv = 0; conv < ConvCount; conv++)
        {
            int cin = GetConvInputChannels(conv);
            int cout = GetConvOutputChannels(conv);
            specs.Add(new TensorSpec(ConvWeightName(conv), [cout, cin, 3, 3]));
            specs.Add(new TensorSpec(ConvBiasName(conv), [cout]));
            if (HasActivation(conv))
            {
                specs.Add(new TensorSpec(PReluSlopeName(conv), [cout]));
            }
        }

        return specs;
    }

    /// <summary>The tensor name of U-Net body block <paramref name="block"/>'s part, <c>blocks.{block}.{suffix}</c> (the denoiser's name too).</summary>
    public static string UNetBlockName(int block, string suffix) => string.Create(CultureInfo.InvariantCulture, $"blocks.{block}.{suffix}");

    private List<TensorSpec> GetUNetTensorSpecs()
    {
        int c = Channels, half = HalfResolutionChannels;
        var specs = new List<TensorSpec>();
        void Block(string prefix, int input, int output)
        {
            specs.Add(new TensorSpec(prefix + "conv.weight", [output, input, 3, 3]));
            specs.Add(new TensorSpec(prefix + "conv.bias", [output]));
            specs.Add(new TensorSpec(prefix + "act.weight", [output]));
        }

        Block("head.", ImageChannels, c);
        Block("down.", 4 * c, half);
        for (int i = 0; i < BodyConvs; i++)
        {
            Block(UNetBlockName(i, string.Empty), half, half);
        }

        specs.Add(new TensorSpec("up.conv.weight", [4 * c, half, 3, 3]));
        specs.Add(new TensorSpec("up.conv.bias", [4 * c]));
        Block("post.", c, c);
        specs.Add(new TensorSpec("tail.conv.weight", [OutputConvChannels, c, 3, 3]));
        specs.Add(new TensorSpec("tail.conv.bias", [OutputConvChannels]));
        return specs;
    }

    /// <summary>
    /// Stops a consumer that runs the SRVGG chain (the GPU backends, the packed CPU reference, the exporters) from
    /// running a U-Net generator, with a message saying where the U-Net does run.
    /// </summary>
    /// <param name="consumer">What refuses, as the start of a sentence ("The Vulkan backend").</param>
    /// <exception cref="NotSupportedException">This is a U-Net generator.</exception>
    public void ThrowIfNotPlain(string consumer)
    {
        if (Backbone != NetworkBackbone.Plain)
        {
            throw new NotSupportedException(
                $"{consumer} runs SRVGG generators; {this} is the offline comparison's U-Net generator, which runs on the CPU only: " +
                "`compare`, `snapshots`, and `upscale`/`eval` with --method model on the CPU backend.");
        }
    }

    /// <summary>A short description, e.g. <c>srvgg x2 C16 N4</c>, <c>srvgg-temporal x2 C16 N4</c> or <c>unet x2 C12 N3</c>.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{(Backbone == NetworkBackbone.UNet ? "unet" : Temporal ? "srvgg-temporal" : "srvgg")} x{Scale} C{Channels} N{BodyConvs}");

    /// <summary>The per-frame generator of the same size (its "twin"), or this one when it is per-frame.</summary>
    public GeneratorArchitecture PerFrame => Temporal ? new GeneratorArchitecture(Scale, Channels, BodyConvs) : this;

    /// <summary>The size name of this architecture, e.g. "c16n4", or "c12n3-unet" for a U-Net (<see cref="TryParseSizeName"/> reads the plain ones back).</summary>
    public string SizeName => Backbone == NetworkBackbone.UNet ? $"c{Channels}n{BodyConvs}-unet" : $"c{Channels}n{BodyConvs}";

    private void CheckConvIndex(int convIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(convIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(convIndex, ConvCount);
    }

    /// <summary>
    /// Checks that <paramref name="input"/> (RGB planes) and <paramref name="output"/> (RGB planes, <see cref="Scale"/>
    /// times larger, a different image) fit a run of this generator; every backend calls it before it runs.
    /// </summary>
    /// <exception cref="ArgumentException">The channel counts or sizes do not fit, or the images are the same.</exception>
    public void ThrowIfImagesDoNotFit(Imaging.PlanarImage input, Imaging.PlanarImage output)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        int s = Scale;
        if (input.Channels != InputChannels)
        {
            throw new ArgumentException(
                Temporal
                    ? $"The temporal generator reads {InputChannels} planes (RGB, space-to-depth history, confidence); the input has {input.Channels}."
                    : $"The generator reads RGB (3 planes); the input has {input.Channels}.",
                nameof(input));
        }

        if (output.Channels != ImageChannels || (long)output.Width != (long)input.Width * s || (long)output.Height != (long)input.Height * s)
        {
            throw new ArgumentException(
                $"The output must be {(long)input.Width * s}x{(long)input.Height * s} with 3 planes for a {input.Width}x{input.Height} " +
                $"input at x{s}; it is {output.Width}x{output.Height} with {output.Channels}.",
                nameof(output));
        }

        if (ReferenceEquals(input, output))
        {
            throw new ArgumentException("The input and the output must be different images.", nameof(output));
        }
    }

    /// <summary>
    /// Parses a size name as benchmarks and governor variants write it, <c>cCnN</c> ("c16n4": C = 16 channels, N = 4
    /// body convolutions); the scale is not part of it. The one parser of these names.
    /// </summary>
    public static bool TryParseSizeName(string? text, out int channels, out int bodyConvs)
    {
        channels = bodyConvs = 0;
        int n = text?.IndexOf('n', StringComparison.Ordinal) ?? -1;
        return text is not null && text.Length > 3 && text[0] == 'c' && n > 1
            && int.TryParse(text.AsSpan(1, n - 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out channels)
            && int.TryParse(text.AsSpan(n + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out bodyConvs);
    }

}
