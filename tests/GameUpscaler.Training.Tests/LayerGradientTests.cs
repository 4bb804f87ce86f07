using GameUpscaler.Training.Layers;

namespace GameUpscaler.Training.Tests;

public sealed class LayerGradientTests
{
    [Theory]
    [InlineData(1, 3, 5, 9, 7)]
    [InlineData(2, 4, 3, 8, 6)]
    [InlineData(2, 3, 4, 7, 9)]
    public void Conv3x3GradientsMatchFiniteDifferences(int stride, int cin, int cout, int height, int width)
    {
        var random = new Random(11 * stride + cin);
        var weight = GradientCheck.RandomTensor(random, 1, 1, 1, cout * cin * 9, 0.3).Data;
        var bias = GradientCheck.RandomTensor(random, 1, 1, 1, cout, 0.3).Data;
        var layer = new Conv3x3Layer("c", cin, cout, stride, weight, bias);
        Tensor input = GradientCheck.RandomTensor(random, 2, cin, height, width);
        Tensor output = layer.Forward(input);
        Assert.Equal((height - 1) / stride + 1, output.Height);
        Tensor probe = GradientCheck.RandomTensor(random, output.Batch, output.Channels, output.Height, output.Width);
        Tensor inputGradient = layer.Backward(probe);
        double Loss() => GradientCheck.Project(layer.Forward(input), probe);
        GradientCheck.Compare("dW", weight, layer.Weight.Gradient, Loss, random);
        GradientCheck.Compare("db", bias, layer.Bias.Gradient, Loss, random);
        GradientCheck.Compare("dx", input.Data, inputGradient.Data, Loss, random, samples: 40);
    }

    [Fact]
    public void Conv3x3ForwardMatchesDirectConvolution()
    {
        var random = new Random(5);
        const int cin = 3, cout = 2, h = 6, w = 5;
        var weight = GradientCheck.RandomTensor(random, 1, 1, 1, cout * cin * 9).Data;
        var bias = GradientCheck.RandomTensor(random, 1, 1, 1, cout).Data;
        Tensor input = GradientCheck.RandomTensor(random, 1, cin, h, w);
        foreach (int stride in new[] { 1, 2 })
        {
            Tensor output = new Conv3x3Layer("c", cin, cout, stride, weight, bias).Forward(input);
            for (int co = 0; co < cout; co++)
            {
                for (int oy = 0; oy < output.Height; oy++)
                {
                    for (int ox = 0; ox < output.Width; ox++)
                    {
                        double sum = bias[co];
                        for (int ci = 0; ci < cin; ci++)
                        {
                            for (int ky = 0; ky < 3; ky++)
                            {
                                for (int kx = 0; kx < 3; kx++)
                                {
                                    int iy = (oy * stride) + ky - 1, ix = (ox * stride) + kx - 1;
                                    if (iy >= 0 && iy < h && ix >= 0 && ix < w)
                                    {
                                        sum += input.Data[(ci * h + iy) * w + ix] * weight[((co * cin + ci) * 3 + ky) * 3 + kx];
                                    }
                                }
                            }
                        }

                        Assert.Equal(sum, output.Data[(co * output.Height + oy) * output.Width + ox], 4);
                    }
                }
            }
        }
    }

    [Fact]
    public void PReluGradientsMatchFiniteDifferences()
    {
        var random = new Random(2);
        float[] slopes = [0.25f, -0.1f, 0.6f];
        var layer = new PReluLayer("p", slopes);
        // Entries stay 0.05 away from the kink, farther than the finite-difference step.
        Tensor input = GradientCheck.RandomTensor(random, 2, 3, 4, 5, avoidZero: 0.05);
        Tensor probe = GradientCheck.RandomTensor(random, 2, 3, 4, 5);
        layer.Forward(input);
        Tensor inputGradient = layer.Backward(probe);
        double Loss() => GradientCheck.Project(layer.Forward(input), probe);
        GradientCheck.Compare("da", slopes, layer.Slope.Gradient, Loss, random, step: 1e-3);
        GradientCheck.Compare("dx", input.Data, inputGradient.Data, Loss, random, samples: 60, step: 1e-3);
    }

    [Fact]
    public void LeakyReluGradientMatchesFiniteDifferences()
    {
        var random = new Random(3);
        var layer = new LeakyReluLayer(0.2f);
        Tensor input = GradientCheck.RandomTensor(random, 1, 2, 5, 5, avoidZero: 0.05);
        Tensor probe = GradientCheck.RandomTensor(random, 1, 2, 5, 5);
        layer.Forward(input);
        Tensor inputGradient = layer.Backward(probe);
        GradientCheck.Compare("dx", input.Data, inputGradient.Data, () => GradientCheck.Project(layer.Forward(input), probe), random, samples: 50, step: 1e-3);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void DepthToSpaceAndNearestUpsampleBackwardsAreTheirAdjoints(int scale)
    {
        var random = new Random(scale);
        Tensor depth = GradientCheck.RandomTensor(random, 2, 3 * scale * scale, 3, 4);
        Tensor probe = GradientCheck.RandomTensor(random, 2, 3, 3 * scale, 4 * scale);
        Tensor d2sGradient = DepthToSpace.Backward(probe, scale);
        GradientCheck.Compare("d2s", depth.Data, d2sGradient.Data, () => GradientCheck.Project(DepthToSpace.Forward(depth, scale), probe), random, samples: 60);

        Tensor image = GradientCheck.RandomTensor(random, 2, 3, 3, 4);
        Tensor upGradient = NearestUpsample.Backward(probe, scale);
        GradientCheck.Compare("up", image.Data, upGradient.Data, () => GradientCheck.Project(NearestUpsample.Forward(image, scale), probe), random, samples: 60);
    }

    [Fact]
    public void DepthToSpaceUsesPixelShuffleOrder()
    {
        // Channel c·s² + dy·s + dx at (y, x) lands at (y·s + dy, x·s + dx) of channel c.
        var depth = new Tensor(1, 4, 1, 1, [1, 2, 3, 4]);
        Tensor space = DepthToSpace.Forward(depth, 2);
        Assert.Equal(new float[] { 1, 2, 3, 4 }, space.Data);
        Assert.Equal(depth.Data, DepthToSpace.Backward(space, 2).Data);
    }

    [Fact]
    public void L1AndBceGradientsMatchFiniteDifferences()
    {
        var random = new Random(9);
        Tensor prediction = GradientCheck.RandomTensor(random, 1, 3, 4, 4);
        Tensor target = GradientCheck.RandomTensor(random, 1, 3, 4, 4);
        for (int i = 0; i < target.Data.Length; i++)
        {
            // Keep |p − t| above the step so that the kink of |·| is never crossed.
            if (Math.Abs(prediction.Data[i] - target.Data[i]) < 0.05)
            {
                target.Data[i] += 0.1f;
            }
        }

        (_, Tensor l1Gradient) = Losses.L1(prediction, target);
        GradientCheck.Compare("L1", prediction.Data, l1Gradient.Data, () => Losses.L1(prediction, target).Loss, random, samples: 48, step: 1e-3, tolerance: 1e-3);

        Tensor logits = GradientCheck.RandomTensor(random, 2, 1, 3, 3, scale: 4);
        foreach (float label in new[] { 0f, 1f })
        {
            (_, Tensor bceGradient) = Losses.BceWithLogits(logits, label);
            GradientCheck.Compare($"BCE{label}", logits.Data, bceGradient.Data, () => Losses.BceWithLogits(logits, label).Loss, random, samples: 18, step: 1e-3, tolerance: 1e-3);
        }

        Assert.Equal(Math.Log(2), Losses.BceWithLogits(new Tensor(1, 1, 1, 1), 1f).Loss, 12);
    }
}
