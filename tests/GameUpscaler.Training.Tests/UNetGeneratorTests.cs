using GameUpscaler.Imaging;
using GameUpscaler.Inference;
using GameUpscaler.Models;
using GameUpscaler.Models.Onnx;
using GameUpscaler.Models.PyTorch;
using GameUpscaler.Training.Layers;
using GameUpscaler.Training.Training;

namespace GameUpscaler.Training.Tests;

/// <summary>The U-Net generator: the GAN side of the matched diffusion comparison (issue 19).</summary>
public sealed class UNetGeneratorTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "gu-unet-" + Guid.NewGuid().ToString("N"));

    public UNetGeneratorTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static GeneratorArchitecture UNet(int scale = 2, int channels = 3, int blocks = 1) => new(scale, channels, blocks, backbone: NetworkBackbone.UNet);

    /// <summary>Random everything (the default starts the tail small), so that every path carries gradient.</summary>
    private static GeneratorWeights RandomWeights(GeneratorArchitecture architecture, int seed)
    {
        var weights = GeneratorWeights.CreateRandom(architecture, seed);
        var random = new Random(seed);
        foreach (float[] tensor in weights.Tensors.Values)
        {
            for (int i = 0; i < tensor.Length; i++)
            {
                tensor[i] += (float)((random.NextDouble() - 0.5) * 0.6);
            }
        }

        return weights;
    }

    [Theory]
    [InlineData(2, 5, 6)]
    [InlineData(2, 7, 5)] // odd sides: padded before the down-sampling, cropped after it
    [InlineData(3, 6, 6)] // small inputs, as the denoiser's check: the fewer pixels, the fewer PReLU kinks a step crosses
    public void GradientsMatchFiniteDifferences(int scale, int height, int width)
    {
        var random = new Random(scale + height);
        var generator = new TrainableGenerator(RandomWeights(UNet(scale), seed: 4));
        Tensor input = GradientCheck.RandomTensor(random, 2, 3, height, width, scale: 0.5);
        Tensor output = generator.Forward(input);
        Assert.Equal((2, 3, height * scale, width * scale), (output.Batch, output.Channels, output.Height, output.Width));
        Tensor probe = GradientCheck.RandomTensor(random, output.Batch, output.Channels, output.Height, output.Width);
        generator.ZeroGradients();
        generator.Backward(probe);
        Assert.Equal(UNet(scale).GetTensorSpecs().Select(s => s.Name[..s.Name.LastIndexOf('.')]), generator.Parameters.Select(p => p.Name[..p.Name.LastIndexOf('.')]));
        foreach (Parameter p in generator.Parameters)
        {
            // The head shifts every pre-activation of a channel and crosses PReLU kinks at 1e-3, where 1e-4 carries
            // about ±0.03 of fp32 round-off (a deeper network than the plain generator's): 1e-3, else 1e-4.
            GradientCheck.Compare(p.Name, p.Value, p.Gradient, () => GradientCheck.Project(generator.Forward(input), probe), random, samples: 8, step: 1e-3, tolerance: 3e-2, fallbackStep: 1e-4);
        }
    }

    [Fact]
    public void A_fresh_model_outputs_nearly_its_nearest_upsampled_input()
    {
        var generator = new TrainableGenerator(GeneratorWeights.CreateRandom(UNet(2, 12, 3), seed: 1));
        Tensor input = GradientCheck.RandomTensor(new Random(2), 1, 3, 10, 12, scale: 0.5);
        Tensor output = generator.Forward(input);
        Tensor nearest = NearestUpsample.Forward(input, 2);
        double worst = output.Data.Zip(nearest.Data, (a, b) => Math.Abs(a - b)).Max();
        Assert.True(worst is > 0 and < 0.2, $"largest departure from the skip {worst:G3}");
    }

    [Theory]
    [InlineData(41, 31, 8)]
    [InlineData(17, 23, 6)]
    public void Tiles_agree_with_the_whole_image(int width, int height, int tileSize)
    {
        GeneratorWeights weights = RandomWeights(UNet(2, 4, 2), seed: 6);
        var image = new PlanarImage(width, height, 3);
        var random = new Random(7);
        for (int i = 0; i < image.Data.Length; i++)
        {
            image.Data[i] = (float)random.NextDouble();
        }

        PlanarImage whole = new UNetGeneratorMethod(weights, tileSize: 1024).Run(image);
        PlanarImage tiled = new UNetGeneratorMethod(weights, tileSize).Run(image);
        Tensor direct = new TrainableGenerator(weights).Forward(new Tensor(1, 3, height, width, (float[])image.Data.Clone()));
        Assert.Equal(direct.Data, whole.Data);
        for (int i = 0; i < whole.Data.Length; i++)
        {
            // Only the order of fp32 sums differs (the convolutions' row widths): values reach ±3 with these weights.
            Assert.True(Math.Abs(whole.Data[i] - tiled.Data[i]) < 5e-5, $"element {i}: {whole.Data[i]} vs {tiled.Data[i]}");
        }
    }

    [Fact]
    public void Its_cost_counts_each_convolution_at_its_resolution_and_matches_the_diffusion_budget()
    {
        GeneratorArchitecture a = UNet(2, 12, 3);
        string[] halfResolution = ["down.", "blocks.", "up."];
        double fromTensors = a.GetTensorSpecs()
            .Where(s => s.Name.EndsWith("conv.weight", StringComparison.Ordinal))
            .Sum(s => s.ElementCount * (halfResolution.Any(h => s.Name.StartsWith(h, StringComparison.Ordinal)) ? 0.25 : 1));
        Assert.Equal(fromTensors, a.MacsPerInputPixel);
        Assert.Equal(11_988, a.MacsPerInputPixel);
        Assert.Equal("unet x2 C12 N3", a.ToString());
        Assert.Equal("c12n3-unet", a.SizeName);
        Assert.Throws<ArgumentException>(() => new GeneratorArchitecture(2, 12, 3, temporal: true, backbone: NetworkBackbone.UNet));
    }

    [Fact]
    public void The_file_keeps_its_backbone_and_plain_files_read_as_srvgg()
    {
        GeneratorWeights weights = RandomWeights(UNet(2, 4, 2), seed: 3);
        string path = Path.Combine(_folder, "unet.safetensors");
        weights.Save(path);
        GeneratorWeights loaded = GeneratorWeights.Load(path);
        Assert.Equal(weights.Architecture, loaded.Architecture);
        Assert.Equal(NetworkBackbone.UNet, loaded.Architecture.Backbone);
        foreach ((string name, float[] values) in weights.Tensors)
        {
            Assert.Equal(values, loaded.GetTensor(name));
        }

        Assert.NotEqual(weights.Architecture, new GeneratorArchitecture(2, 4, 2));
        string plain = Path.Combine(_folder, "plain.safetensors");
        GeneratorWeights.CreateRandom(new GeneratorArchitecture(2, 4, 2), seed: 1).Save(plain);
        Assert.Equal(NetworkBackbone.Plain, GeneratorWeights.Load(plain).Architecture.Backbone);
    }

    [Fact]
    public void The_real_time_backends_and_exporters_refuse_it_and_say_where_it_runs()
    {
        GeneratorWeights weights = GeneratorWeights.CreateRandom(UNet(2, 4, 1), seed: 2);
        foreach (Action consumer in new Action[]
        {
            () => _ = new CpuGenerator(weights),
            () => _ = new GameUpscaler.Evaluation.GeneratorMethod(weights),
            () => OnnxExporter.Export(weights),
            () => PyTorchExporter.Export(weights),
            () => _ = weights.Architecture.ConvCount,
        })
        {
            var e = Assert.Throws<NotSupportedException>(consumer);
            Assert.Contains("U-Net", e.Message, StringComparison.Ordinal);
            Assert.Contains("compare", e.Message, StringComparison.Ordinal);
        }

        Assert.Throws<ArgumentException>(() => new UNetGeneratorMethod(GeneratorWeights.CreateRandom(new GeneratorArchitecture(2, 4, 1), seed: 2)));
    }

    [Fact]
    public void An_l1_run_then_a_gan_run_train_it_and_keep_the_backbone_through_checkpoint_and_resume()
    {
        var options = new TrainingOptions
        {
            Scale = 2, Channels = 4, BodyConvs = 1, Iterations = 120, BatchSize = 4, PatchSize = 16, LearningRate = 2e-3,
            ConstantFraction = 1, EmaDecay = 0.9, Seed = 3, Backbone = NetworkBackbone.UNet,
        };
        var sampler = new Data.PatchPairSampler(options.ToSamplerOptions() with { Seed = 999, BatchSize = 8 }, corpus: null);
        (Tensor lr, Tensor hr) = sampler.SampleBatch(0);
        double Validation(GeneratorWeights w) => Losses.L1(new TrainableGenerator(w).Forward(lr), hr).Loss;

        GeneratorTrainer first = GeneratorTrainer.Create(options with { Iterations = 60 }, corpus: null);
        Assert.Equal(NetworkBackbone.UNet, first.CurrentWeights.Architecture.Backbone);
        double before = Validation(first.CurrentWeights.Clone());
        string checkpoint = Path.Combine(_folder, "l1"), model = Path.Combine(_folder, "l1.safetensors");
        first.Run(checkpoint, model, null, TimeSpan.FromHours(1));
        TrainingCheckpoint saved = TrainingCheckpoint.Load(checkpoint);
        Assert.Equal(NetworkBackbone.UNet, saved.Options.Backbone);
        Assert.Throws<ArgumentException>(() => saved.WithOptions(saved.Options with { Backbone = NetworkBackbone.Plain }));
        GeneratorTrainer resumed = GeneratorTrainer.Resume(saved.WithOptions(saved.Options with { Iterations = 120 }), corpus: null);
        resumed.Run(checkpoint, model, null, TimeSpan.FromHours(1));
        GeneratorWeights l1 = GeneratorWeights.Load(model);
        Assert.Equal(NetworkBackbone.UNet, l1.Architecture.Backbone);
        double after = Validation(l1);
        Assert.True(after < 0.9 * before, $"held-out L1 {before:F4} → {after:F4}");

        TrainingOptions gan = options with { Stage = TrainingStage.Gan, InitialModel = model, Iterations = 6, DiscriminatorChannels = 4 };
        var reports = new List<TrainingProgress>();
        GeneratorTrainer.Create(gan, corpus: null).Run(Path.Combine(_folder, "gan"), Path.Combine(_folder, "gan.safetensors"), null, TimeSpan.FromHours(1), reports.Add, reportEvery: 3);
        Assert.All(reports, r => Assert.True(double.IsFinite(r.GeneratorAdversarialLoss) && r.DiscriminatorLoss > 0));
        Assert.Equal(NetworkBackbone.UNet, GeneratorWeights.Load(Path.Combine(_folder, "gan.safetensors")).Architecture.Backbone);
        // The GAN stage starts from a U-Net only when it trains one.
        Assert.Throws<ArgumentException>(() => GeneratorTrainer.Create(gan with { Backbone = NetworkBackbone.Plain }, corpus: null));
        Assert.Throws<ArgumentException>(() => (options with { Temporal = true, ProceduralSequences = 1 }).Validate());
    }
}
