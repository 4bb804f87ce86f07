using GameUpscaler.Evaluation;
using GameUpscaler.Imaging;
using GameUpscaler.Resampling;
using GameUpscaler.Training.Layers;

namespace GameUpscaler.Training.Diffusion;

/// <summary>
/// Offline super-resolution with a diffusion model on the CPU: K deterministic DDIM steps from seeded noise, the
/// denoiser run in tiles. Like <see cref="GeneratorMethod"/>, the model works at its integer scale, another output size
/// is reached with <see cref="OutputResampler"/>, and alpha is carried by <see cref="AlphaCarrier"/>. The same image,
/// model, K and seed give the same output.
/// </summary>
/// <remarks>
/// Tiles: the denoiser's activations and im2col buffers grow with the pixels it sees at once (about 36·(6s² + (N+1)·C)
/// bytes per LR pixel for the buffers alone), so it runs on LR tiles of at most <see cref="TileSize"/>² pixels,
/// chosen to keep the working set near <see cref="MemoryBudgetBytes"/>, each with a halo of N + 2 LR pixels (the
/// receptive radius) so that tiles agree with a whole-image pass up to float rounding. C16/N4 at ×2 gets tiles of at
/// most 127² LR pixels (column buffers ≈ 70 MB): a 512×512 output takes 3 × 3 tiles of about 86². Measured on the
/// build machine (one core, shared with training): 512×512, C16/N4, K = 20 in about 4 s with a peak working set of
/// 0.37 GB for the whole test process.
/// </remarks>
public sealed class DiffusionUpscaleMethod : IUpscaleMethod
{
    /// <summary>The working set the tile size is chosen for (96 MB: a 256 MB budget measured 1 GB peak working set
    /// for a 512×512 image, from the garbage of larger tiles).</summary>
    public const long MemoryBudgetBytes = 96L * 1024 * 1024;

    private readonly DiffusionModel _model;
    private readonly ConditionalDenoiser _denoiser;
    private readonly DdimSampler _sampler;

    /// <summary>Prepares sampling with <paramref name="steps"/> DDIM steps from the noise of <paramref name="seed"/>.</summary>
    /// <param name="model">The diffusion model.</param>
    /// <param name="steps">K, 1 to T.</param>
    /// <param name="seed">Seed of the initial noise.</param>
    /// <param name="tileSize">LR tile side; 0 chooses it from <see cref="MemoryBudgetBytes"/>.</param>
    /// <param name="temperature">
    /// Scale of the initial noise x_T (1: the model's prior, an exact posterior sample if the model is exact; towards
    /// 0 the deterministic sampler's output moves from a sample towards the posterior mean, trading texture for
    /// fidelity, as SRFlow's and Glow's temperature does). DDIM with η = 0 adds no noise after x_T.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException">K is outside [1, T], the tile size is negative or the temperature is outside [0, 1].</exception>
    public DiffusionUpscaleMethod(DiffusionModel model, int steps, int seed, int tileSize = 0, double temperature = 1)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfNegative(tileSize);
        if (!(temperature >= 0 && temperature <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "The temperature scales the initial noise and lies in [0, 1].");
        }

        Temperature = temperature;
        _model = model.Clone();
        _denoiser = new ConditionalDenoiser(_model);
        _sampler = new DdimSampler(_model.Schedule, steps);
        Seed = seed;
        TileSize = tileSize > 0 ? tileSize : ChooseTileSize(model.Architecture);
    }

    /// <inheritdoc />
    public string Name => $"diffusion-K{_sampler.Steps}";

    /// <summary>K.</summary>
    public int Steps => _sampler.Steps;

    /// <summary>Seed of the initial noise.</summary>
    public int Seed { get; }

    /// <summary>Scale of the initial noise (1: the model's prior).</summary>
    public double Temperature { get; }

    /// <summary>Side of the LR tiles the denoiser runs on (halo excluded).</summary>
    public int TileSize { get; }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The output is smaller than the input.</exception>
    public Image8 Upscale(Image8 lowResolution, Size2D outputSize)
    {
        ArgumentNullException.ThrowIfNull(lowResolution);
        if (outputSize.Width < lowResolution.Width || outputSize.Height < lowResolution.Height)
        {
            throw new ArgumentException($"The output {outputSize.Width}×{outputSize.Height} is smaller than the input {lowResolution.Width}×{lowResolution.Height}.", nameof(outputSize));
        }

        return AlphaCarrier.UpscaleRgb(lowResolution, outputSize, Run);
    }

    /// <summary>Upscales an RGB planar image by the model's scale: clamp(up(LR) + x̂_0 / R, 0, 1).</summary>
    /// <exception cref="ArgumentException">The image is not RGB.</exception>
    public PlanarImage Run(PlanarImage lowResolution)
    {
        ArgumentNullException.ThrowIfNull(lowResolution);
        if (lowResolution.Channels != DiffusionArchitecture.ImageChannels)
        {
            throw new ArgumentException($"The diffusion model takes RGB images; this one has {lowResolution.Channels} channels.", nameof(lowResolution));
        }

        int s = _model.Architecture.Scale;
        var lr = new Tensor(1, 3, lowResolution.Height, lowResolution.Width, (float[])lowResolution.Data.Clone());
        Tensor up = ConditionUpsampler.Upsample(lr, s);
        (Tensor lower, Tensor upper) = _model.ResidualBounds(up);
        Tensor noise = GaussianNoise.Create(1, 3, up.Height, up.Width, (ulong)(uint)Seed);
        if (Temperature != 1)
        {
            VectorMath.Scale(noise.Data, (float)Temperature);
        }

        Tensor x0 = _sampler.Sample(noise, (x, t) => PredictNoise(x, up, t), lower, upper);
        Tensor image = _model.ToImage(up, x0);
        var result = new PlanarImage(image.Width, image.Height, 3);
        image.Data.CopyTo(result.Data, 0);
        return result;
    }

    /// <summary>
    /// ε̂ over the whole image, tile by tile. An x0-predicting model's x̂0 becomes the ε̂ it implies,
    /// <c>(x_t − √ᾱ_t·x̂0) / √(1 − ᾱ_t)</c>, so the DDIM step recovers exactly that x̂0 (its clip included); a
    /// v-predicting model's v̂ becomes <c>√(1 − ᾱ_t)·x_t + √ᾱ_t·v̂</c>, whose x̂0 is then √ᾱ_t·x_t − √(1 − ᾱ_t)·v̂.
    /// </summary>
    internal Tensor PredictNoise(Tensor noisy, Tensor upsampled, int t)
    {
        Tensor output = PredictOutput(noisy, upsampled, t);
        DiffusionPrediction prediction = _model.Architecture.Prediction;
        if (prediction == DiffusionPrediction.Epsilon)
        {
            return output;
        }

        double alphaBar = _model.Schedule.AlphaBar(t);
        double sqrtAlphaBar = Math.Sqrt(alphaBar), sqrtOneMinus = Math.Sqrt(1 - alphaBar);
        float[] x = noisy.Data, y = output.Data;
        if (prediction == DiffusionPrediction.Velocity)
        {
            for (int i = 0; i < y.Length; i++)
            {
                y[i] = (float)((sqrtOneMinus * x[i]) + (sqrtAlphaBar * y[i]));
            }

            return output;
        }

        for (int i = 0; i < y.Length; i++)
        {
            y[i] = (float)((x[i] - (sqrtAlphaBar * y[i])) / sqrtOneMinus);
        }

        return output;
    }

    /// <summary>The network's output (ε̂, x̂0 or v̂) over the whole image, tile by tile.</summary>
    private Tensor PredictOutput(Tensor noisy, Tensor upsampled, int t)
    {
        int s = _model.Architecture.Scale;
        int halo = _model.Architecture.ReceptiveRadius;
        return LowResolutionTiles.Run(
            noisy.Width / s,
            noisy.Height / s,
            s,
            noisy.Channels,
            TileSize,
            halo,
            (x, y, width, height) => _denoiser.Forward(
                LowResolutionTiles.Crop(noisy, x * s, y * s, width * s, height * s), LowResolutionTiles.Crop(upsampled, x * s, y * s, width * s, height * s), [t]));
    }

    private static int ChooseTileSize(DiffusionArchitecture a)
    {
        long c = a.Channels;
        long bytesPerPixel = (36 * (a.HeadInputChannels + ((a.Blocks + 1) * c))) // im2col buffers, one per convolution
            + (4 * 3 * c * (a.Blocks + 1)) // activations kept for a backward pass that inference never runs
            + (4 * 3 * (a.HeadInputChannels + a.TailOutputChannels)); // inputs and outputs at LR
        int side = (int)Math.Sqrt((double)MemoryBudgetBytes / bytesPerPixel) - (2 * a.ReceptiveRadius);
        return Math.Clamp(side, 32, 1024);
    }
}
