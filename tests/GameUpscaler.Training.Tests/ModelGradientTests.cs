using GameUpscaler.Imaging;
using GameUpscaler.Inference;
using GameUpscaler.Models;
using GameUpscaler.Training.Layers;

namespace GameUpscaler.Training.Tests;

public sealed class ModelGradientTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void GeneratorGradientsMatchFiniteDifferences(int scale)
    {
        var random = new Random(scale);
        var weights = GeneratorWeights.CreateRandom(new GeneratorArchitecture(scale, 4, 1), seed: 3);
        // A random last conv (the default starts it near zero) so that every path carries gradient.
        var last = weights.GetTensor(GeneratorArchitecture.ConvWeightName(2));
        for (int i = 0; i < last.Length; i++)
        {
            last[i] = (float)(random.NextDouble() - 0.5);
        }

        var generator = new TrainableGenerator(weights);
        Tensor input = GradientCheck.RandomTensor(random, 2, 3, 5, 6, scale: 0.5);
        Tensor output = generator.Forward(input);
        Tensor probe = GradientCheck.RandomTensor(random, output.Batch, output.Channels, output.Height, output.Width);
        generator.ZeroGradients();
        generator.Backward(probe);
        foreach (Parameter p in generator.Parameters)
        {
            // A smaller step: PReLU kinks inside the network are crossed less often.
            GradientCheck.Compare(p.Name, p.Value, p.Gradient, () => GradientCheck.Project(generator.Forward(input), probe), random, samples: 8, step: 1e-4, tolerance: 3e-2);
        }
    }

    [Fact]
    public void GeneratorForwardMatchesTheCpuInferencePath()
    {
        var weights = GeneratorWeights.CreateRandom(new GeneratorArchitecture(2, 8, 2), seed: 5);
        var random = new Random(1);
        var image = new PlanarImage(13, 11, 3);
        for (int i = 0; i < image.Data.Length; i++)
        {
            image.Data[i] = (float)random.NextDouble();
        }

        PlanarImage expected = new CpuGenerator(weights).Run(image);
        Tensor actual = new TrainableGenerator(weights).Forward(new Tensor(1, 3, 11, 13, (float[])image.Data.Clone()));
        Assert.Equal(expected.Data.Length, actual.Data.Length);
        for (int i = 0; i < actual.Data.Length; i++)
        {
            Assert.True(Math.Abs(expected.Data[i] - actual.Data[i]) < 1e-4, $"element {i}: {expected.Data[i]} vs {actual.Data[i]}");
        }
    }

    [Fact]
    public void DiscriminatorGradientsMatchFiniteDifferences()
    {
        var random = new Random(4);
        var discriminator = new PatchDiscriminator(2, seed: 1);
        Tensor image = GradientCheck.RandomTensor(random, 2, 3, 9, 8);
        Tensor logits = discriminator.Forward(image);
        Assert.Equal(1, logits.Channels);
        Assert.Equal(3, logits.Height);
        Tensor probe = GradientCheck.RandomTensor(random, logits.Batch, 1, logits.Height, logits.Width);
        discriminator.ZeroGradients();
        Tensor imageGradient = discriminator.Backward(probe);
        double Loss() => GradientCheck.Project(discriminator.Forward(image), probe);
        foreach (Parameter p in discriminator.Parameters)
        {
            GradientCheck.Compare(p.Name, p.Value, p.Gradient, Loss, random, samples: 8, step: 2e-3, tolerance: 3e-2);
        }

        GradientCheck.Compare("dimage", image.Data, imageGradient.Data, Loss, random, samples: 30, step: 2e-3, tolerance: 3e-2);
        _ = Losses.BceWithLogits(logits, 1f);
    }
}
