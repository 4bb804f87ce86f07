using GameUpscaler.Models;
using GameUpscaler.Training.Diffusion;
using GameUpscaler.Training.Layers;

namespace GameUpscaler.Training.Tests.Diffusion;

public sealed class DiffusionGradientTests
{
    [Fact]
    public void SpaceToDepthUsesPixelUnshuffleOrder()
    {
        // Channel c at (y·s + dy, x·s + dx) lands in channel c·s² + dy·s + dx at (y, x).
        var space = new Tensor(1, 1, 2, 4, [1, 2, 3, 4, 5, 6, 7, 8]);
        Tensor depth = SpaceToDepth.Forward(space, 2);
        Assert.Equal("1×4×1×2", depth.ToString());
        Assert.Equal(new float[] { 1, 3, 2, 4, 5, 7, 6, 8 }, depth.Data);
        Assert.Equal(space.Data, DepthToSpace.Forward(depth, 2).Data);
        Assert.Throws<ArgumentException>(() => SpaceToDepth.Forward(new Tensor(1, 1, 3, 4), 2));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void SpaceToDepthBackwardIsItsAdjoint(int scale)
    {
        var random = new Random(scale);
        Tensor space = GradientCheck.RandomTensor(random, 2, 6, 2 * scale, 3 * scale);
        Tensor probe = GradientCheck.RandomTensor(random, 2, 6 * scale * scale, 2, 3);
        Tensor gradient = SpaceToDepth.Backward(probe, scale);
        GradientCheck.Compare("s2d", space.Data, gradient.Data, () => GradientCheck.Project(SpaceToDepth.Forward(space, scale), probe), random, samples: 60);
    }

    [Fact]
    public void ScaleShiftGradientsMatchFiniteDifferences()
    {
        var random = new Random(21);
        const int channels = 3, dims = 4;
        float[] weight = GradientCheck.RandomTensor(random, 1, 1, 1, 2 * channels * dims, 0.5).Data;
        float[] bias = GradientCheck.RandomTensor(random, 1, 1, 1, 2 * channels, 0.5).Data;
        var layer = new ScaleShiftLayer("f", channels, dims, weight, bias);
        Tensor input = GradientCheck.RandomTensor(random, 2, channels, 4, 5);
        Tensor embedding = TimestepEmbedding.Compute([7, 600], dims);
        Tensor probe = GradientCheck.RandomTensor(random, 2, channels, 4, 5);
        layer.Forward(input, embedding);
        Tensor inputGradient = layer.Backward(probe);
        double Loss() => GradientCheck.Project(layer.Forward(input, embedding), probe);
        GradientCheck.Compare("dW", weight, layer.Weight.Gradient, Loss, random, samples: 24, step: 1e-3, tolerance: 1e-3);
        GradientCheck.Compare("db", bias, layer.Bias.Gradient, Loss, random, step: 1e-3, tolerance: 1e-3);
        GradientCheck.Compare("dx", input.Data, inputGradient.Data, Loss, random, samples: 40, step: 1e-3, tolerance: 1e-3);
    }

    [Fact]
    public void ScaleShiftAppliesOneScaleAndShiftPerImageAndChannel()
    {
        // W = 0 and bias = (γ, β) = (1, 0.5): y = 2h + 0.5; a zero map is the identity.
        var layer = new ScaleShiftLayer("f", 1, 2, new float[4], [1f, 0.5f]);
        Tensor embedding = TimestepEmbedding.Compute([3, 4], 2);
        var input = new Tensor(2, 1, 1, 2, [1, 2, 3, 4]);
        Assert.Equal(new float[] { 2.5f, 4.5f, 6.5f, 8.5f }, layer.Forward(input, embedding).Data);
        Assert.Equal(input.Data, new ScaleShiftLayer("z", 1, 2, new float[4], new float[2]).Forward(input, embedding).Data);

        // With W = [[1, 0], [0, 0]] and no bias, image b's scale is 1 + sin(t_b): the images differ by timestep.
        var byTime = new ScaleShiftLayer("t", 1, 2, [1f, 0f, 0f, 0f], new float[2]);
        Tensor y = byTime.Forward(input, embedding);
        Assert.Equal((1 + Math.Sin(3)) * 1, y.Data[0], 5);
        Assert.Equal((1 + Math.Sin(4)) * 3, y.Data[2], 5);
    }

    [Fact]
    public void TimestepEmbeddingIsSinusoidal()
    {
        var e = new float[8];
        TimestepEmbedding.Compute(0, e);
        Assert.Equal(new float[] { 0, 0, 0, 0, 1, 1, 1, 1 }, e);
        TimestepEmbedding.Compute(500, e);
        Assert.Equal(Math.Sin(500), e[0], 5);
        Assert.Equal(Math.Cos(500 * Math.Pow(10000, -0.25)), e[5], 5);
        Assert.Throws<ArgumentException>(() => TimestepEmbedding.Compute(1, new float[3]));
    }

    [Fact]
    public void MseGradientMatchesFiniteDifferences()
    {
        var random = new Random(13);
        Tensor prediction = GradientCheck.RandomTensor(random, 2, 3, 4, 4);
        Tensor target = GradientCheck.RandomTensor(random, 2, 3, 4, 4);
        (double loss, Tensor gradient) = Losses.Mse(prediction, target);
        Assert.Equal(prediction.Data.Zip(target.Data, (p, t) => (double)(p - t) * (p - t)).Average(), loss, 10);
        GradientCheck.Compare("MSE", prediction.Data, gradient.Data, () => Losses.Mse(prediction, target).Loss, random, samples: 48, step: 1e-3, tolerance: 1e-3);
    }

    [Theory]
    [InlineData(2, false, NetworkBackbone.Plain)]
    [InlineData(3, false, NetworkBackbone.Plain)]
    [InlineData(2, true, NetworkBackbone.Plain)]
    // The U-Net on a 3×4 LR input: the odd height is padded before the 2×2 down-sampling and cropped after it.
    [InlineData(2, false, NetworkBackbone.UNet)]
    [InlineData(2, true, NetworkBackbone.UNet)]
    public void DenoiserGradientsMatchFiniteDifferences(int scale, bool noisySkip, NetworkBackbone backbone)
    {
        var random = new Random(30 + scale);
        // The skip variant predicts v, so its path carries the 1/√(1 − ᾱ_t) gain that the backward pass must apply.
        var architecture = new DiffusionArchitecture(scale, 4, 2, 8)
        {
            Backbone = backbone,
            NoisySkip = noisySkip,
            Prediction = noisySkip ? DiffusionPrediction.Velocity : DiffusionPrediction.Epsilon,
            GateNoisyInput = noisySkip,
        };
        var model = DiffusionModel.CreateRandom(architecture, new NoiseSchedule(), 10, seed: 2);
        foreach (float[] tensor in model.Tensors.Values)
        {
            // Random everything (the default starts the last conv small and the scale-shift maps at zero), so that
            // every path carries gradient.
            for (int i = 0; i < tensor.Length; i++)
            {
                tensor[i] += (float)((random.NextDouble() - 0.5) * 0.6);
            }
        }

        var denoiser = new ConditionalDenoiser(model);
        Tensor noisy = GradientCheck.RandomTensor(random, 2, 3, 3 * scale, 4 * scale);
        Tensor upsampled = GradientCheck.RandomTensor(random, 2, 3, 3 * scale, 4 * scale);
        int[] timesteps = noisySkip ? [60, 800] : [5, 800];
        Tensor output = denoiser.Forward(noisy, upsampled, timesteps);
        Assert.Equal(noisy.ToString(), output.ToString());
        Tensor probe = GradientCheck.RandomTensor(random, output.Batch, output.Channels, output.Height, output.Width);
        denoiser.ZeroGradients();
        denoiser.Backward(probe);
        Assert.Equal(model.Tensors.Count, denoiser.Parameters.Count);
        foreach (Parameter p in denoiser.Parameters)
        {
            // A small step: PReLU kinks inside the network are crossed less often.
            GradientCheck.Compare(p.Name, p.Value, p.Gradient, () => GradientCheck.Project(denoiser.Forward(noisy, upsampled, timesteps), probe), random, samples: 8, step: 1e-3, tolerance: 3e-2);
        }
    }

    [Fact]
    public void DenoiserOutputDependsOnTheTimestepAndTheCondition()
    {
        var model = DiffusionModel.CreateRandom(new DiffusionArchitecture(2, 4, 1, 8), new NoiseSchedule(), 10, seed: 2);
        Array.Fill(model.GetTensor("blocks.0.film.weight"), 0.3f);
        var denoiser = new ConditionalDenoiser(model);
        var random = new Random(1);
        Tensor noisy = GradientCheck.RandomTensor(random, 1, 3, 8, 8);
        Tensor up = GradientCheck.RandomTensor(random, 1, 3, 8, 8);
        float[] a = denoiser.Forward(noisy, up, [10]).Data;
        Assert.NotEqual(a, denoiser.Forward(noisy, up, [900]).Data);
        Assert.NotEqual(a, denoiser.Forward(noisy, noisy, [10]).Data);
        Assert.Throws<ArgumentOutOfRangeException>(() => denoiser.Forward(noisy, up, [1000]));
        Assert.Throws<ArgumentException>(() => denoiser.Forward(new Tensor(1, 3, 7, 8), new Tensor(1, 3, 7, 8), [1]));
    }
}
