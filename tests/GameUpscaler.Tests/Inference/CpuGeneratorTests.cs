using GameUpscaler.Imaging;
using GameUpscaler.Inference;
using GameUpscaler.Models;
using GameUpscaler.Tests.Models;
using Xunit;

namespace GameUpscaler.Tests.Inference;

public sealed class CpuGeneratorTests
{
    private const double Tolerance = 1e-5;

    /// <summary>
    /// scale, channels, body convs, width, height, tile: all scales; C below, at and across vector widths (1, 5, 16,
    /// 17, 24, 32, 48, 80); images smaller than a tile, not multiples of it, narrower than a register block, and
    /// tiles smaller than the halo.
    /// </summary>
    public static TheoryData<int, int, int, int, int, int> Cases => new()
    {
        { 1, 5, 0, 37, 29, 8 },
        { 2, 16, 4, 37, 29, 8 },
        { 3, 24, 2, 20, 13, 64 },
        { 4, 32, 3, 37, 29, 16 },
        { 2, 1, 1, 1, 1, 8 },
        { 2, 48, 1, 23, 11, 10 },
        { 2, 80, 1, 19, 7, 32 },
        { 3, 16, 6, 3, 50, 8 },
        { 2, 32, 6, 37, 29, 8 },
        { 1, 17, 2, 40, 5, 7 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches_the_double_precision_reference(int scale, int channels, int bodyConvs, int width, int height, int tile)
    {
        var arch = new GeneratorArchitecture(scale, channels, bodyConvs);
        GeneratorWeights weights = TestModels.RandomWeights(arch, seed: (channels * 31) + bodyConvs);
        PlanarImage input = TestModels.RandomImage(width, height, seed: width + (height * 7));
        double[] expected = ReferenceGenerator.Run(weights, input);

        foreach (int bits in new[] { 0, 256 })
        {
            foreach (int threads in new[] { 1, 2 })
            {
                var options = new CpuGeneratorOptions { TileSize = tile, MaxDegreeOfParallelism = threads, MaxVectorBits = bits };
                PlanarImage output = new CpuGenerator(weights, options).Run(input);
                Assert.Equal(width * scale, output.Width);
                Assert.Equal(height * scale, output.Height);
                Assert.Equal(3, output.Channels);
                (double error, int at) = MaxError(expected, output.Data);
                Assert.True(
                    error <= Tolerance,
                    $"{arch} on {width}x{height}, tile {tile}, {threads} thread(s), vector bits {bits}: max |error| {error:E3} " +
                    $"at sample {at} (expected {expected[at]}, got {output.Data[at]}).");
            }
        }
    }

    [Fact]
    public void Depth_to_space_uses_pytorch_pixel_shuffle_order_and_adds_the_nearest_input()
    {
        const int s = 3;
        var arch = new GeneratorArchitecture(s, 4, 1);
        var tensors = arch.GetTensorSpecs().ToDictionary(t => t.Name, t => new float[t.ElementCount]);
        float[] lastBias = tensors[GeneratorArchitecture.ConvBiasName(arch.ConvCount - 1)];
        for (int k = 0; k < lastBias.Length; k++)
        {
            lastBias[k] = k;
        }

        var weights = new GeneratorWeights(arch, tensors);
        PlanarImage input = TestModels.RandomImage(5, 4, seed: 3);
        PlanarImage output = new CpuGenerator(weights).Run(input);
        for (int c = 0; c < 3; c++)
        {
            for (int y = 0; y < output.Height; y++)
            {
                for (int x = 0; x < output.Width; x++)
                {
                    int k = (c * s * s) + ((y % s) * s) + (x % s);
                    Assert.Equal(k + input[x / s, y / s, c], output[x, y, c]);
                }
            }
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(256)]
    public void Results_do_not_depend_on_tiling_or_threads(int bits)
    {
        var arch = new GeneratorArchitecture(2, 24, 3);
        GeneratorWeights weights = TestModels.RandomWeights(arch, seed: 5);
        PlanarImage input = TestModels.RandomImage(45, 31, seed: 6);
        PlanarImage whole = new CpuGenerator(weights, new() { TileSize = 256, MaxDegreeOfParallelism = 1, MaxVectorBits = bits }).Run(input);
        PlanarImage tiled = new CpuGenerator(weights, new() { TileSize = 5, MaxDegreeOfParallelism = 2, MaxVectorBits = bits }).Run(input);

        // Same vector width, same order of additions for every output sample: bit-identical.
        Assert.Equal(whole.Data, tiled.Data);
    }

    [Fact]
    public void Fresh_random_weights_keep_activations_in_range_and_output_near_the_skip()
    {
        var arch = new GeneratorArchitecture(2, 32, 16);
        GeneratorWeights weights = GeneratorWeights.CreateRandom(arch, seed: 1);
        PlanarImage input = TestModels.RandomImage(24, 24, seed: 2);
        PlanarImage output = new CpuGenerator(weights).Run(input);
        double sum = 0;
        for (int c = 0; c < 3; c++)
        {
            for (int y = 0; y < output.Height; y++)
            {
                for (int x = 0; x < output.Width; x++)
                {
                    sum += Math.Abs(output[x, y, c] - input[x / 2, y / 2, c]);
                }
            }
        }

        double meanResidual = sum / output.Data.Length;

        // He init keeps the features O(1) through 18 layers; the last convolution is scaled down by 10.
        Assert.InRange(meanResidual, 0.005, 0.5);
    }

    [Fact]
    public void Reports_progress_up_to_one()
    {
        var weights = GeneratorWeights.CreateRandom(new GeneratorArchitecture(2, 8, 1), seed: 1);
        var reports = new List<double>();
        var progress = new SynchronousProgress(reports);
        new CpuGenerator(weights, new() { TileSize = 8, MaxDegreeOfParallelism = 1 }).Run(TestModels.RandomImage(20, 17, 1), progress);
        Assert.Equal(9, reports.Count);
        Assert.Equal(1.0, reports[^1]);
        Assert.Equal(reports.Order(), reports);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Honours_cancellation(int threads)
    {
        var weights = GeneratorWeights.CreateRandom(new GeneratorArchitecture(2, 8, 1), seed: 1);
        var generator = new CpuGenerator(weights, new() { TileSize = 8, MaxDegreeOfParallelism = threads });
        PlanarImage input = TestModels.RandomImage(40, 40, 1);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => generator.Run(input, cancellationToken: cancelled.Token));

        // Cancelled from inside, after the first tile.
        using var source = new CancellationTokenSource();
        var progress = new SynchronousProgress([], _ => source.Cancel());
        Assert.ThrowsAny<OperationCanceledException>(() => generator.Run(input, progress, source.Token));
    }

    [Fact]
    public void Rejects_bad_images()
    {
        var generator = new CpuGenerator(GeneratorWeights.CreateRandom(new GeneratorArchitecture(2, 4, 0), seed: 1));
        Assert.Throws<ArgumentNullException>(() => generator.Run(null!));
        Assert.Throws<ArgumentException>(() => generator.Run(new PlanarImage(4, 4, 4)));
        PlanarImage input = TestModels.RandomImage(4, 4, 1);
        Assert.Throws<ArgumentException>(() => generator.Run(input, new PlanarImage(8, 7, 3)));
        Assert.Throws<ArgumentException>(() => generator.Run(input, new PlanarImage(8, 8, 1)));
    }

    [Fact]
    public void Options_reject_invalid_values()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new CpuGeneratorOptions { TileSize = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new CpuGeneratorOptions { TileSize = CpuGeneratorOptions.MaxTileSize + 1 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new CpuGeneratorOptions { MaxDegreeOfParallelism = 0 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new CpuGeneratorOptions { MaxDegreeOfParallelism = -2 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new CpuGeneratorOptions { MaxVectorBits = 128 });
        Assert.Equal(256, new CpuGenerator(
            GeneratorWeights.CreateRandom(new GeneratorArchitecture(1, 4, 0), 1), new() { MaxVectorBits = 256 }).VectorBits);
    }

    private static (double Error, int At) MaxError(double[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        double max = -1;
        int at = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs(expected[i] - actual[i]);
            if (!(error <= max))
            {
                max = double.IsNaN(error) ? double.PositiveInfinity : error;
                at = i;
            }
        }

        return (max, at);
    }

    private sealed class SynchronousProgress(List<double> reports, Action<double>? onReport = null) : IProgress<double>
    {
        public void Report(double value)
        {
            lock (reports)
            {
                reports.Add(value);
            }

            onReport?.Invoke(value);
        }
    }
}
