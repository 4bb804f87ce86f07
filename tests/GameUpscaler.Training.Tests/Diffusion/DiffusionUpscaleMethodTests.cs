using GameUpscaler.Imaging;
using GameUpscaler.Models;
using GameUpscaler.Training.Diffusion;

namespace GameUpscaler.Training.Tests.Diffusion;

public sealed class DiffusionUpscaleMethodTests
{
    /// <summary>A random model whose output depends visibly on its input noise (the default starts ε̂ near 0).</summary>
    private static DiffusionModel Model(int channels = 4, int blocks = 1, NetworkBackbone backbone = NetworkBackbone.Plain)
    {
        var model = DiffusionModel.CreateRandom(new DiffusionArchitecture(2, channels, blocks, 8) { Backbone = backbone }, new NoiseSchedule(), 8, seed: 4);
        float[] tail = model.GetTensor("tail.conv.weight");
        for (int i = 0; i < tail.Length; i++)
        {
            tail[i] *= 10;
        }

        Array.Fill(model.GetTensor("blocks.0.film.weight"), 0.1f);
        return model;
    }

    private static Image8 Image(int width, int height, int channels, int seed)
    {
        var image = new Image8(width, height, channels);
        new Random(seed).NextBytes(image.Pixels);
        return image;
    }

    [Fact]
    public void TheTemperatureScalesTheInitialNoiseOnly()
    {
        Image8 lr = Image(13, 11, 3, 1);
        var size = new Size2D(26, 22);
        // Temperature 1 is the sampler as it was; 0 starts from x_T = 0, so the seed no longer matters; in between
        // the output differs from both.
        byte[] prior = new DiffusionUpscaleMethod(Model(), 4, 1).Upscale(lr, size).Pixels;
        Assert.Equal(prior, new DiffusionUpscaleMethod(Model(), 4, 1, temperature: 1).Upscale(lr, size).Pixels);
        byte[] cold = new DiffusionUpscaleMethod(Model(), 4, 1, temperature: 0).Upscale(lr, size).Pixels;
        Assert.Equal(cold, new DiffusionUpscaleMethod(Model(), 4, 2, temperature: 0).Upscale(lr, size).Pixels);
        Assert.NotEqual(prior, cold);
        byte[] half = new DiffusionUpscaleMethod(Model(), 4, 1, temperature: 0.5).Upscale(lr, size).Pixels;
        Assert.NotEqual(prior, half);
        Assert.NotEqual(cold, half);
        Assert.Throws<ArgumentOutOfRangeException>(() => new DiffusionUpscaleMethod(Model(), 4, 1, temperature: 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DiffusionUpscaleMethod(Model(), 4, 1, temperature: double.NaN));
    }

    [Fact]
    public void OutputHasTheRequestedSizeAndIsDeterministicForASeed()
    {
        var method = new DiffusionUpscaleMethod(Model(), steps: 4, seed: 1);
        Assert.Equal("diffusion-K4", method.Name);
        Image8 lr = Image(13, 11, 3, 1);
        Image8 a = method.Upscale(lr, new Size2D(26, 22));
        Assert.Equal((26, 22, 3), (a.Width, a.Height, a.Channels));
        Assert.Equal(a.Pixels, method.Upscale(lr, new Size2D(26, 22)).Pixels);
        Assert.Equal(a.Pixels, new DiffusionUpscaleMethod(Model(), 4, 1).Upscale(lr, new Size2D(26, 22)).Pixels);
        Assert.NotEqual(a.Pixels, new DiffusionUpscaleMethod(Model(), 4, 2).Upscale(lr, new Size2D(26, 22)).Pixels);

        Image8 quality = method.Upscale(lr, new Size2D(20, 17));
        Assert.Equal((20, 17), (quality.Width, quality.Height));
        Image8 rgba = method.Upscale(Image(13, 11, 4, 2), new Size2D(26, 22));
        Assert.Equal(4, rgba.Channels);
        Assert.Throws<ArgumentException>(() => method.Upscale(lr, new Size2D(12, 11)));
    }

    [Theory]
    [InlineData(DiffusionPrediction.Sample, "diffusion x2 C4 N1 D8 x0")]
    [InlineData(DiffusionPrediction.Velocity, "diffusion x2 C4 N1 D8 v")]
    public void One_step_returns_the_networks_x0_estimate_as_training_defines_it(DiffusionPrediction prediction, string description)
    {
        // Training teaches an x0 model to output the scaled residual x0 itself and a v model v = √ᾱ·ε − √(1−ᾱ)·x0
        // (DiffusionTrainer's targets); sampling turns either into the ε̂ it implies, and one DDIM step from t = 999
        // must land exactly on the x̂0 that training implies (clipped to the residual's range): the two paths read the
        // network's output the same way.
        DiffusionModel epsilonModel = Model();
        var model = new DiffusionModel(epsilonModel.Architecture with { Prediction = prediction }, epsilonModel.Schedule,
            epsilonModel.ResidualScale, epsilonModel.Tensors.ToDictionary(kv => kv.Key, kv => (float[])kv.Value.Clone()), new Dictionary<string, string>());
        Image8 lr = Image(10, 9, 3, 8);
        var method = new DiffusionUpscaleMethod(model, steps: 1, seed: 5);
        PlanarImage result = method.Run(lr.ToPlanar());

        var lrTensor = new Tensor(1, 3, lr.Height, lr.Width, (float[])lr.ToPlanar().Data.Clone());
        Tensor up = ConditionUpsampler.Upsample(lrTensor, 2);
        Tensor noise = GaussianNoise.Create(1, 3, up.Height, up.Width, 5);
        int last = model.Schedule.Timesteps - 1;
        Tensor estimate = new ConditionalDenoiser(model).Forward(noise, up, [last]);
        if (prediction == DiffusionPrediction.Velocity)
        {
            double a = model.Schedule.AlphaBar(last);
            for (int i = 0; i < estimate.Data.Length; i++)
            {
                estimate.Data[i] = (float)((Math.Sqrt(a) * noise.Data[i]) - (Math.Sqrt(1 - a) * estimate.Data[i]));
            }
        }

        (Tensor lower, Tensor upper) = model.ResidualBounds(up);
        for (int i = 0; i < estimate.Data.Length; i++)
        {
            estimate.Data[i] = Math.Clamp(estimate.Data[i], lower.Data[i], upper.Data[i]);
        }

        Tensor expected = model.ToImage(up, estimate);
        double worst = expected.Data.Zip(result.Data, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(worst < 1e-4, $"largest difference {worst:G3}");
        Assert.Equal(description, model.Architecture.ToString());
    }

    [Fact]
    public void A_gated_network_sees_x_t_scaled_by_the_square_root_of_alpha_bar()
    {
        // The gate is the input's only change: a gated network on x_t equals the raw network on √ᾱ_t·x_t.
        DiffusionModel raw = Model();
        var gated = new DiffusionModel(raw.Architecture with { GateNoisyInput = true }, raw.Schedule, raw.ResidualScale,
            raw.Tensors.ToDictionary(kv => kv.Key, kv => kv.Value), new Dictionary<string, string>());
        Tensor up = ConditionUpsampler.Upsample(new Tensor(2, 3, 5, 6, Image(6, 10, 3, 9).ToPlanar().Data.Take(180).ToArray()), 2);
        Tensor noisy = GaussianNoise.Create(2, 3, 10, 12, seed: 3);
        int[] timesteps = [999, 300];
        var scaled = new Tensor(2, 3, 10, 12, (float[])noisy.Data.Clone());
        for (int b = 0; b < 2; b++)
        {
            float gate = (float)Math.Sqrt(raw.Schedule.AlphaBar(timesteps[b]));
            Span<float> image = scaled.GetImage(b);
            for (int i = 0; i < image.Length; i++)
            {
                image[i] *= gate;
            }
        }

        float[] expected = new ConditionalDenoiser(raw).Forward(scaled, up, timesteps).Data;
        float[] actual = new ConditionalDenoiser(gated).Forward(noisy, up, timesteps).Data;
        Assert.All(Enumerable.Range(0, expected.Length), i => Assert.True(Math.Abs(expected[i] - actual[i]) < 1e-5, $"element {i}: {expected[i]} vs {actual[i]}"));
        Assert.NotEqual(expected, new ConditionalDenoiser(raw).Forward(noisy, up, timesteps).Data);
    }

    [Theory]
    [InlineData(DiffusionPrediction.Velocity, false)]
    [InlineData(DiffusionPrediction.Sample, true)]
    public void The_noisy_skip_starts_closed_and_adds_its_gained_filter_of_x_t(DiffusionPrediction prediction, bool gated)
    {
        DiffusionModel plain = Model();
        DiffusionArchitecture withSkip = plain.Architecture with { Prediction = prediction, GateNoisyInput = gated, NoisySkip = true };
        DiffusionModel without = new(withSkip with { NoisySkip = false }, plain.Schedule, plain.ResidualScale,
            plain.Tensors.ToDictionary(kv => kv.Key, kv => kv.Value), new Dictionary<string, string>());
        DiffusionModel fresh = DiffusionModel.CreateRandom(withSkip, plain.Schedule, plain.ResidualScale, seed: 4);
        Assert.All(fresh.Tensors.Where(kv => kv.Key.StartsWith("skip.", StringComparison.Ordinal)), kv => Assert.All(kv.Value, v => Assert.Equal(0f, v)));
        Assert.Equal(9L * 12 * 12, withSkip.MacsPerLowResolutionPixel - plain.Architecture.MacsPerLowResolutionPixel);
        Assert.EndsWith(" skip", withSkip.ToString(), StringComparison.Ordinal);

        // The same body with a closed skip (the fresh state) changes nothing.
        var tensors = plain.Tensors.ToDictionary(kv => kv.Key, kv => (float[])kv.Value.Clone());
        foreach (TensorSpec spec in withSkip.GetTensorSpecs().Where(spec => spec.Name.StartsWith("skip.", StringComparison.Ordinal)))
        {
            tensors[spec.Name] = new float[spec.Shape.Aggregate(1, (a, b) => a * b)];
        }

        var skipped = new DiffusionModel(withSkip, plain.Schedule, plain.ResidualScale, tensors, new Dictionary<string, string>());
        Tensor up = ConditionUpsampler.Upsample(new Tensor(2, 3, 5, 6, Image(6, 10, 3, 9).ToPlanar().Data.Take(180).ToArray()), 2);
        Tensor noisy = GaussianNoise.Create(2, 3, 10, 12, seed: 3);
        int[] timesteps = [999, 40];
        float[] body = new ConditionalDenoiser(without).Forward(noisy, up, timesteps).Data;
        Assert.Equal(body, new ConditionalDenoiser(skipped).Forward(noisy, up, timesteps).Data);

        // An identity filter (centre taps 1) opens it: the output gains gain(t)·x_t as the head sees it, per image.
        float[] weight = tensors["skip.conv.weight"];
        int c = withSkip.SkipChannels;
        for (int o = 0; o < c; o++)
        {
            weight[(((o * c) + o) * 9) + 4] = 1f;
        }

        float[] opened = new ConditionalDenoiser(skipped).Forward(noisy, up, timesteps).Data;
        for (int b = 0; b < 2; b++)
        {
            double alphaBar = plain.Schedule.AlphaBar(timesteps[b]);
            double gain = prediction == DiffusionPrediction.Sample ? 1 : 1 / Math.Sqrt(1 - alphaBar);
            Assert.Equal(gain, withSkip.NoisySkipGain(alphaBar), 12);
            double seen = gated ? Math.Sqrt(alphaBar) : 1;
            int start = b * noisy.ImageLength;
            for (int i = start; i < start + noisy.ImageLength; i++)
            {
                double expected = body[i] + (gain * seen * noisy.Data[i]);
                Assert.True(Math.Abs(expected - opened[i]) < 1e-4 * Math.Max(1, Math.Abs(expected)), $"image {b} element {i}: {expected} vs {opened[i]}");
            }
        }
    }

    [Fact]
    public void TheOutputStaysNearTheConditionAndInsideTheUnitRange()
    {
        // An untrained model's x̂_0 is clipped to the residual's range, so the image is up(LR) plus a bounded residual.
        PlanarImage result = new DiffusionUpscaleMethod(Model(), 2, 3).Run(Image(10, 9, 3, 5).ToPlanar());
        Assert.Equal((20, 18, 3), (result.Width, result.Height, result.Channels));
        Assert.All(result.Data, v => Assert.InRange(v, 0f, 1f));
    }

    [Theory]
    [InlineData(NetworkBackbone.Plain, 19, 14, 5)]
    // The U-Net's halo is 13 LR pixels: a wider image, so that tiles start inside it (at even columns and rows, one
    // of them rounded down from an odd one) and the odd sides are padded inside the network.
    [InlineData(NetworkBackbone.UNet, 41, 31, 8)]
    public void TilesAgreeWithTheWholeImage(NetworkBackbone backbone, int width, int height, int tileSize)
    {
        DiffusionModel model = Model(channels: 4, blocks: 2, backbone);
        PlanarImage lr = Image(width, height, 3, 6).ToPlanar();
        var whole = new DiffusionUpscaleMethod(model, 3, 5, tileSize: 64);
        var tiled = new DiffusionUpscaleMethod(model, 3, 5, tileSize: tileSize);
        Tensor up = ConditionUpsampler.Upsample(new Tensor(1, 3, height, width, (float[])lr.Data.Clone()), 2);
        Tensor noisy = GaussianNoise.Create(1, 3, 2 * height, 2 * width, seed: 1);
        float[] expected = whole.PredictNoise(noisy, up, 500).Data;
        float[] actual = tiled.PredictNoise(noisy, up, 500).Data;
        Assert.All(Enumerable.Range(0, expected.Length), i => Assert.True(Math.Abs(expected[i] - actual[i]) < 1e-4, $"element {i}: {expected[i]} vs {actual[i]}"));
        float[] a = whole.Run(lr).Data, b = tiled.Run(lr).Data;
        Assert.All(Enumerable.Range(0, a.Length), i => Assert.True(Math.Abs(a[i] - b[i]) < 1e-4, $"pixel {i}: {a[i]} vs {b[i]}"));
    }

    [Fact]
    public void A512PixelImageRunsInTiles()
    {
        // C16/N4 at ×2 chooses tiles smaller than 256 LR pixels (127), so a 512×512 output needs several of them.
        var method = new DiffusionUpscaleMethod(DiffusionModel.CreateRandom(new DiffusionArchitecture(2, 16, 4), new NoiseSchedule(), 20, seed: 1), 1, 1);
        Assert.InRange(method.TileSize, 64, 255);
        Image8 result = new DiffusionUpscaleMethod(Model(), 1, 1, tileSize: method.TileSize).Upscale(Image(256, 256, 3, 7), new Size2D(512, 512));
        Assert.Equal((512, 512), (result.Width, result.Height));
    }
}
