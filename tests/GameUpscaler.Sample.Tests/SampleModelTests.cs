namespace GameUpscaler.Sample.Tests;

using GameUpscaler.Models;

public sealed class SampleModelTests
{
    [Fact]
    public void Default_model_is_the_cheapest_shipped_x2_L1_model()
    {
        // run.sh and the sample start with no --model: the default must stay the cheapest real-time model even when
        // larger ones ship beside it (ordering by name alone picked x2-c32-n6-l1 before x2-c8-n2-l1).
        KnownModel[] l1 = KnownModels.List()
            .Where(m => m.Name.StartsWith("x2-", StringComparison.Ordinal) && m.Name.EndsWith("-l1", StringComparison.Ordinal))
            .ToArray();
        Assert.NotEmpty(l1);
        long cheapest = l1.Min(m => KnownModels.Resolve(m.Path).Architecture.MacsPerInputPixel);

        (GeneratorWeights? weights, string description) = SampleModel.Resolve(new SampleOptions());

        Assert.NotNull(weights);
        Assert.Equal(cheapest, weights.Architecture.MacsPerInputPixel);
        Assert.EndsWith("-l1", description, StringComparison.Ordinal);
    }
}
