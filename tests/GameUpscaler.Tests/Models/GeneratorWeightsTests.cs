using GameUpscaler.Models;
using Xunit;

namespace GameUpscaler.Tests.Models;

public sealed class GeneratorWeightsTests
{
    [Fact]
    public void Random_weights_are_deterministic_per_seed()
    {
        var arch = new GeneratorArchitecture(2, 8, 2);
        GeneratorWeights a = GeneratorWeights.CreateRandom(arch, 7);
        GeneratorWeights b = GeneratorWeights.CreateRandom(arch, 7);
        GeneratorWeights c = GeneratorWeights.CreateRandom(arch, 8);
        Assert.Equal(a.ToSafetensors(), b.ToSafetensors());
        Assert.NotEqual(a.GetTensor("body.0.weight"), c.GetTensor("body.0.weight"));

        // Pinned value: the generator must give the same weights on every platform and runtime (the tolerance
        // leaves room for the last bit of the platform's log/cos only).
        Assert.Equal(-0.223914415f, a.GetTensor("body.0.weight")[0], 1e-6f);
    }

    [Fact]
    public void Random_weights_follow_the_documented_init()
    {
        var arch = new GeneratorArchitecture(2, 32, 2);
        GeneratorWeights weights = GeneratorWeights.CreateRandom(arch, 1);
        Assert.All(weights.GetTensor("body.1.weight"), v => Assert.Equal(0.25f, v));
        Assert.All(weights.GetTensor("body.0.bias"), v => Assert.Equal(0f, v));

        // He: std = gain / sqrt(fan_in), gain² = 2 / (1 + 0.25²); the last conv 0.1 / sqrt(fan_in).
        double bodyStd = Std(weights.GetTensor("body.2.weight"));
        Assert.InRange(bodyStd / Math.Sqrt(2.0 / 1.0625 / (32 * 9)), 0.95, 1.05);
        double lastStd = Std(weights.GetTensor("body.6.weight"));
        Assert.InRange(lastStd / (0.1 / Math.Sqrt(32 * 9)), 0.9, 1.1);
    }

    [Fact]
    public void Constructor_validates_tensors()
    {
        var arch = new GeneratorArchitecture(1, 2, 0);
        Dictionary<string, float[]> Valid() => arch.GetTensorSpecs().ToDictionary(t => t.Name, t => new float[t.ElementCount]);

        var missing = Valid();
        missing.Remove("body.1.weight");
        Assert.Contains("body.1.weight", Assert.Throws<ArgumentException>(() => new GeneratorWeights(arch, missing)).Message, StringComparison.Ordinal);

        var extra = Valid();
        extra["body.9.weight"] = new float[2];
        Assert.Contains("body.9.weight", Assert.Throws<ArgumentException>(() => new GeneratorWeights(arch, extra)).Message, StringComparison.Ordinal);

        var wrongLength = Valid();
        wrongLength["body.0.bias"] = new float[3];
        Assert.Throws<ArgumentException>(() => new GeneratorWeights(arch, wrongLength));

        var nan = Valid();
        nan["body.0.bias"][1] = float.NaN;
        Assert.Throws<ArgumentException>(() => new GeneratorWeights(arch, nan));

        Assert.Throws<ArgumentException>(() => new GeneratorWeights(arch, Valid(), new Dictionary<string, string> { ["scale"] = "3" }));
        Assert.Throws<KeyNotFoundException>(() => new GeneratorWeights(arch, Valid()).GetTensor("body.7.bias"));
    }

    [Fact]
    public void Interpolation_blends_every_tensor_and_keeps_its_ends_exact()
    {
        var arch = new GeneratorArchitecture(2, 8, 2);
        GeneratorWeights l1 = GeneratorWeights.CreateRandom(arch, 1);
        GeneratorWeights gan = GeneratorWeights.CreateRandom(arch, 2);
        gan.Metadata["training_stage"] = "gan";
        Assert.Equal(l1.ToSafetensors(), WithoutBlendKeys(GeneratorWeights.Interpolate(l1, gan, 0), l1).ToSafetensors());
        Assert.Equal(gan.ToSafetensors(), WithoutBlendKeys(GeneratorWeights.Interpolate(l1, gan, 1), gan).ToSafetensors());

        GeneratorWeights quarter = GeneratorWeights.Interpolate(l1, gan, 0.25);
        foreach ((string name, float[] a) in l1.Tensors)
        {
            float[] b = gan.GetTensor(name);
            float[] blended = quarter.GetTensor(name);
            for (int i = 0; i < a.Length; i++)
            {
                Assert.Equal((0.75 * a[i]) + (0.25 * b[i]), blended[i], 1e-6);
            }
        }

        Assert.Equal("0.25", quarter.Metadata["interpolation_alpha"]);
        Assert.Equal("gan", quarter.Metadata["training_stage"]);
        Assert.NotSame(l1.GetTensor("body.0.weight"), quarter.GetTensor("body.0.weight"));
    }

    [Fact]
    public void Interpolation_refuses_other_architectures_and_weights_outside_0_to_1()
    {
        GeneratorWeights a = GeneratorWeights.CreateRandom(new GeneratorArchitecture(2, 8, 2), 1);
        GeneratorWeights b = GeneratorWeights.CreateRandom(new GeneratorArchitecture(2, 8, 3), 1);
        Assert.Throws<ArgumentException>(() => GeneratorWeights.Interpolate(a, b, 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => GeneratorWeights.Interpolate(a, a, -0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => GeneratorWeights.Interpolate(a, a, 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => GeneratorWeights.Interpolate(a, a, double.NaN));
    }

    [Fact]
    public void The_catalogue_says_which_shipped_models_are_blends()
    {
        // x2-c16-n4-gan ships as 0.2·L1 + 0.8·GAN (models/x2-c16-n4-gan.md); `gameupscaler info` shows this description.
        IReadOnlyList<KnownModel> shipped = KnownModels.List();
        Assert.Contains("network interpolation (alpha 0.8)", shipped.Single(m => m.Name == "x2-c16-n4-gan").Description, StringComparison.Ordinal);
        Assert.DoesNotContain("interpolation", shipped.Single(m => m.Name == "x2-c16-n4-l1").Description, StringComparison.Ordinal);
    }

    /// <summary>The blend's tensors with the end's own metadata, to compare file bytes.</summary>
    private static GeneratorWeights WithoutBlendKeys(GeneratorWeights blend, GeneratorWeights end) =>
        new(blend.Architecture, blend.Tensors, new Dictionary<string, string>(end.Metadata));

    [Fact]
    public void Clone_is_deep()
    {
        GeneratorWeights original = GeneratorWeights.CreateRandom(new GeneratorArchitecture(1, 2, 0), 1);
        original.Metadata["note"] = "x";
        GeneratorWeights copy = original.Clone();
        copy.GetTensor("body.0.weight")[0] = 42;
        copy.Metadata["note"] = "y";
        Assert.NotEqual(42, original.GetTensor("body.0.weight")[0]);
        Assert.Equal("x", original.Metadata["note"]);
    }

    private static double Std(float[] values)
    {
        double mean = values.Average(v => (double)v);
        return Math.Sqrt(values.Average(v => (v - mean) * (v - mean)));
    }
}
