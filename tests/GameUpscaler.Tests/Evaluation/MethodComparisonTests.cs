namespace GameUpscaler.Tests.Evaluation;

using System.Diagnostics;
using System.Text.Json;
using GameUpscaler.Evaluation;
using GameUpscaler.Imaging;
using GameUpscaler.Metrics;
using GameUpscaler.Resampling;
using GameUpscaler.Training.Evaluation;

/// <summary>
/// <see cref="MethodComparison"/> (the library behind <c>gameupscaler compare</c>) with stand-in methods: timed calls
/// that take a known least time play the generator and the diffusion model, so the ratio code runs without either.
/// </summary>
public sealed class MethodComparisonTests
{
    private static readonly ComparisonReport.MachineInfo Machine = new("test cpu", 2, "test os", "test runtime", null);

    [Fact]
    public void Ratios_are_the_measured_diffusion_times_over_the_measured_generator_times()
    {
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        MethodComparison.Result result = MethodComparison.Run(Request(
            [Dataset(temp, "a", (48, 40), (40, 32)), Dataset(temp, "b", (36, 36))],
            Bicubic(), Method(new SlowMethod("gen", 2), ComparisonRole.Generator),
            Method(new SlowMethod("diffusion-k4", 8), ComparisonRole.Diffusion, 4), Method(new SlowMethod("diffusion-k8", 16), ComparisonRole.Diffusion, 8)));

        ComparisonReport report = result.Report;
        Assert.Equal([("diffusion-k4", 4), ("diffusion-k8", 8)], report.TimeRatios.Select(r => (r.Diffusion, r.Steps ?? 0)));
        Assert.All(report.TimeRatios, r => Assert.Equal("gen", r.Generator));
        foreach (ComparisonReport.TimeRatio ratio in report.TimeRatios)
        {
            double diffusionTotal = 0, generatorTotal = 0;
            foreach (ComparisonReport.DatasetResult dataset in report.Datasets)
            {
                ComparisonReport.MethodResult diffusion = dataset.Methods.Single(m => m.Method == ratio.Diffusion);
                ComparisonReport.MethodResult generator = dataset.Methods.Single(m => m.Method == "gen");
                double expected = diffusion.Images.Average(i => i.Milliseconds) / generator.Images.Average(i => i.Milliseconds);
                Assert.Equal(expected, ratio.Datasets.Single(d => d.Dataset == dataset.Name).Ratio!.Value, 12);
                diffusionTotal += diffusion.Images.Sum(i => i.Milliseconds);
                generatorTotal += generator.Images.Sum(i => i.Milliseconds);
            }

            Assert.Equal(diffusionTotal / generatorTotal, ratio.Overall!.Value, 12);
        }

        // The times are real measurements of each call: never below what the stand-ins are known to take.
        Assert.All(report.Datasets.SelectMany(d => d.Methods.Single(m => m.Method == "diffusion-k8").Images), i => Assert.True(i.Milliseconds >= 16, $"{i.Milliseconds} ms"));
        Assert.All(report.Datasets.SelectMany(d => d.Methods.Single(m => m.Method == "gen").Images), i => Assert.True(i.Milliseconds >= 2, $"{i.Milliseconds} ms"));
        Assert.Contains("ratio of the totals", report.TimeRatioNote, StringComparison.Ordinal);
    }

    [Fact]
    public void Time_ratios_per_dataset_divide_means_and_overall_divides_totals()
    {
        static ComparisonReport.MethodResult Times(string method, params double[] ms) =>
            new(method, new(null, 0, 0, 0, 0, ms.Average(), ms.Average()), [.. ms.Select((t, i) => new ComparisonReport.Scores($"{i}.png", 0, 0, 0, 0, t, t))]);
        ComparisonReport.MethodInfo[] methods =
        [
            new("bicubic", ComparisonRole.Baseline, "", null, []), new("gen", ComparisonRole.Generator, "", null, []),
            new("diffusion-k4", ComparisonRole.Diffusion, "", 4, []),
        ];
        var crop = new ComparisonReport.CropWindow("c.png", "0.png", 0, 0, 8, 2, []);
        ComparisonReport.DatasetResult[] datasets =
        [
            new("a", "a", 2, crop, [Times("bicubic", 1, 1), Times("gen", 10, 10), Times("diffusion-k4", 30, 50)]),
            new("b", "b", 1, crop, [Times("bicubic", 1), Times("gen", 50), Times("diffusion-k4", 100)]),
        ];

        ComparisonReport.TimeRatio ratio = Assert.Single(MethodComparison.ComputeTimeRatios(methods, datasets));
        Assert.Equal(("diffusion-k4", 4, "gen"), (ratio.Diffusion, ratio.Steps!.Value, ratio.Generator));
        Assert.Equal([("a", 4.0), ("b", 2.0)], ratio.Datasets.Select(d => (d.Dataset, d.Ratio!.Value)));
        Assert.Equal(180.0 / 70.0, ratio.Overall!.Value, 12); // not 3, the mean of 4 and 2: every image counts once
        Assert.Empty(MethodComparison.ComputeTimeRatios(methods[..2], datasets));
    }

    [Fact]
    public void Json_round_trips_and_names_every_dataset_method_and_image()
    {
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        MethodComparison.Result result = MethodComparison.Run(Request(
            [Dataset(temp, "a", (48, 40), (40, 32)), Dataset(temp, "b", (36, 36))],
            Bicubic(), Method(new SpatialMethod(0.2f), ComparisonRole.Baseline),
            Method(new SlowMethod("gen", 0), ComparisonRole.Generator) with { Files = [new("/m/gen.safetensors", "ab12")] },
            Method(new SlowMethod("diffusion-k1", 1), ComparisonRole.Diffusion, 1)));

        string json = MethodComparison.ToJson(result.Report);
        Assert.Equal(json, MethodComparison.ToJson(MethodComparison.FromJson(json)));

        using JsonDocument document = JsonDocument.Parse(json);
        JsonElement root = document.RootElement;
        Assert.Equal("gameupscaler compare test", root.GetProperty("command_line").GetString());
        Assert.Equal("test cpu", root.GetProperty("machine").GetProperty("cpu").GetString());
        Assert.Equal(2, root.GetProperty("scale").GetInt32());
        Assert.Equal(1, root.GetProperty("timing_threads").GetInt32());
        Assert.Equal(["baseline", "baseline", "generator", "diffusion"], root.GetProperty("methods").EnumerateArray().Select(m => m.GetProperty("role").GetString()));
        Assert.Equal("ab12", root.GetProperty("methods")[2].GetProperty("files")[0].GetProperty("sha256").GetString());
        Assert.Equal(1, root.GetProperty("methods")[3].GetProperty("steps").GetInt32());
        string[] methodNames = ["bicubic", "spatial", "gen", "diffusion-k1"];
        var expectedImages = new Dictionary<string, string[]> { ["a"] = ["0.png", "1.png"], ["b"] = ["0.png"] };
        Assert.Equal(["a", "b"], root.GetProperty("datasets").EnumerateArray().Select(d => d.GetProperty("name").GetString()));
        foreach (JsonElement dataset in root.GetProperty("datasets").EnumerateArray())
        {
            string[] images = expectedImages[dataset.GetProperty("name").GetString()!];
            Assert.Equal(images.Length, dataset.GetProperty("images").GetInt32());
            Assert.Equal(methodNames, dataset.GetProperty("methods").EnumerateArray().Select(m => m.GetProperty("method").GetString()));
            foreach (JsonElement method in dataset.GetProperty("methods").EnumerateArray())
            {
                Assert.Equal(images, method.GetProperty("images").EnumerateArray().Select(i => i.GetProperty("image").GetString()));
                Assert.All(method.GetProperty("images").EnumerateArray(), i => Assert.True(i.GetProperty("psnr_y").GetDouble() > 10));
                Assert.False(method.GetProperty("mean").TryGetProperty("image", out _));
                Assert.True(method.GetProperty("mean").GetProperty("milliseconds").GetDouble() > 0);
            }
        }

        JsonElement ratio = Assert.Single(root.GetProperty("time_ratios").EnumerateArray().ToArray());
        Assert.Equal(["a", "b"], ratio.GetProperty("datasets").EnumerateArray().Select(d => d.GetProperty("dataset").GetString()));
    }

    [Fact]
    public void Markdown_has_a_row_per_method_and_dataset_and_links_crops_of_the_stated_window()
    {
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        MethodComparison.Result result = MethodComparison.Run(Request(
            [Dataset(temp, "small", (48, 40), (40, 32)), Dataset(temp, "large", (130, 110))],
            Bicubic(), Method(new SlowMethod("gen", 0), ComparisonRole.Generator), Method(new SlowMethod("diffusion-k20", 1), ComparisonRole.Diffusion, 20)));
        string output = Path.Combine(temp.Path, "out");
        MethodComparison.Write(result, output);

        string markdown = File.ReadAllText(Path.Combine(output, MethodComparison.MarkdownFileName));
        string[] lines = markdown.Split('\n');
        foreach (ComparisonReport.DatasetResult dataset in result.Report.Datasets)
        {
            Assert.Contains($"## {dataset.Name} ({dataset.Images} image", markdown, StringComparison.Ordinal);
            Assert.Contains($"]({MethodComparison.CropFileName(dataset.Name)})", markdown, StringComparison.Ordinal);
            foreach (ComparisonReport.MethodResult method in dataset.Methods)
            {
                Assert.Contains(FormattableString.Invariant($"| {method.Method} | {method.Mean.PsnrY:F2} | {method.Mean.SsimY:F4} | {method.Mean.Gmsd:F4} | "), markdown, StringComparison.Ordinal);
            }
        }

        Assert.Equal(2, lines.Count(l => l.StartsWith("| gen | ", StringComparison.Ordinal) && char.IsAsciiDigit(l[8]))); // one table row per dataset
        Assert.Contains("| diffusion | K | against | small | large | overall |", lines);
        Assert.Single(lines, l => l.StartsWith("| diffusion-k20 | 20 | gen | ", StringComparison.Ordinal) && l.EndsWith("× |", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(output, MethodComparison.JsonFileName)));

        // 4 tiles (HR, bicubic, gen, diffusion) of the window, ×2, 4 px apart; the window shrinks to a small first image.
        Image8 small = PngCodec.Decode(Path.Combine(output, "crop-small.png"));
        Assert.Equal(((4 * 80) + (3 * 4), 80), (small.Width, small.Height));
        Image8 large = PngCodec.Decode(Path.Combine(output, "crop-large.png"));
        Assert.Equal(((4 * 192) + (3 * 4), 192), (large.Width, large.Height));

        // The first tile is the HR image at the window the report states.
        ComparisonReport.CropWindow window = result.Report.Datasets[1].Crop;
        Assert.Equal((96, 2), (window.Size, window.Zoom));
        Image8 hr = SuperResolutionEvaluator.Degrade(PngCodec.Decode(Path.Combine(temp.Path, "large", window.Image)), 2).HighResolution;
        for (int y = 0; y < 96; y += 7)
        {
            for (int x = 0; x < 96; x += 5)
            {
                Assert.Equal(hr[window.X + x, window.Y + y, 1], large[2 * x, 2 * y, 1]);
            }
        }
    }

    [Fact]
    public void Markdown_says_when_there_is_no_diffusion_model_and_when_a_method_left_its_one_thread()
    {
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        MethodComparison.Result result = MethodComparison.Run(Request([Dataset(temp, "a", (32, 32))], Bicubic(), Method(new SlowMethod("gen", 5), ComparisonRole.Generator)));
        ComparisonReport report = result.Report;
        Assert.Empty(report.TimeRatios);
        string markdown = MethodComparison.ToMarkdown(report);
        Assert.Contains("No diffusion model was given", markdown, StringComparison.Ordinal);

        // The measured CPU time is the whole process's, and xUnit runs other test classes beside this one, so the
        // flag is checked on set values: one core's worth of CPU time is quiet, three cores' worth is flagged.
        ComparisonReport.DatasetResult dataset = report.Datasets[0];
        string WithGeneratorCpu(double coresWorth)
        {
            ComparisonReport.MethodResult generator = dataset.Methods[1];
            ComparisonReport.MethodResult set = generator with { Mean = generator.Mean with { CpuMilliseconds = coresWorth * generator.Mean.Milliseconds } };
            ComparisonReport.MethodResult bicubic = dataset.Methods[0] with { Mean = dataset.Methods[0].Mean with { CpuMilliseconds = dataset.Methods[0].Mean.Milliseconds } };
            return MethodComparison.ToMarkdown(report with { Datasets = [dataset with { Methods = [bicubic, set] }] });
        }

        Assert.DoesNotContain("did not run on one thread", WithGeneratorCpu(1.0), StringComparison.Ordinal);
        Assert.Contains("**gen did not run on one thread:** the process used 3.0× its wall time", WithGeneratorCpu(3.0), StringComparison.Ordinal);
    }

    [Fact]
    public void Timed_calls_run_their_parallel_loops_one_iteration_at_a_time()
    {
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        var method = new ConcurrencyRecordingMethod();
        IReadOnlyList<ModelReport.ImageRow> rows = ModelReport.EvaluateImages(
            [Dataset(temp, "a", (32, 32), (40, 24))], 2, [method], new ModelReport.Options { WarmUp = true, SingleThread = true });
        Assert.Equal(2, rows.Count);
        Assert.InRange(method.MostAtOncePerCall.Count, 3, 2 + ModelReport.MaxWarmUpCalls); // warm-up, then two timed
        Assert.All(method.MostAtOncePerCall, most => Assert.Equal(1, most));
        Assert.Equal(0, CpuParallelism.MaxDegreeOfParallelism); // the limit ends with the call
    }

    [Fact]
    public void Scores_follow_the_eval_protocol_including_gray_source_files()
    {
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        string dataset = Dataset(temp, "mixed", (40, 30));
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "png", "ct0_d8_n_37x29.png"), Path.Combine(dataset, "gray.png"));
        var bicubic = new ResamplerMethod(ResampleKernel.Bicubic);

        IReadOnlyList<ModelReport.ImageRow> rows = ModelReport.EvaluateImages([dataset], 2, [bicubic]);
        EvaluationResult protocol = SuperResolutionEvaluator.EvaluateDataset(dataset, 2, bicubic);
        Assert.Equal(protocol.Images.Select(i => (i.Name, i.PsnrY, i.SsimY)), rows.Select(r => (r.Image, r.PsnrY, r.SsimY)));

        // The gray file is scored on its gray value, not on studio-swing Y.
        (Image8 hr, Image8 lr) = SuperResolutionEvaluator.Degrade(PngCodec.Decode(Path.Combine(dataset, "gray.png")), 2);
        Image8 sr = bicubic.Upscale(lr, new Size2D(hr.Width, hr.Height));
        ModelReport.ImageRow gray = rows.Single(r => r.Image == "gray.png");
        Assert.Equal(ImageQuality.PsnrY(hr, sr, 2, grayscaleSource: true), gray.PsnrY);
        Assert.NotEqual(ImageQuality.PsnrY(hr, sr, 2, grayscaleSource: false), gray.PsnrY);
    }

    [Fact]
    public void The_crop_window_is_the_most_detailed_region_or_the_centre_of_a_flat_image()
    {
        var image = new Image8(100, 80, 3);
        Array.Fill(image.Pixels, (byte)128);
        Assert.Equal((42, 32), MethodComparison.FindDetailedWindow(image, 16));
        for (int y = 20; y < 36; y++)
        {
            for (int x = 30; x < 46; x++)
            {
                for (int c = 0; c < 3; c++)
                {
                    image.Pixels[(((y * 100) + x) * 3) + c] = (byte)((x + y) % 2 == 0 ? 20 : 230);
                }
            }
        }

        // Energy is in forward differences: the window on the patch holds all of them; one shifted up or left trades a
        // patch row or column (strong differences both ways) for a flat one that only touches the patch's edge.
        Assert.Equal((30, 20), MethodComparison.FindDetailedWindow(image, 16));
        Assert.Throws<ArgumentOutOfRangeException>(() => MethodComparison.FindDetailedWindow(image, 81));
    }

    [Fact]
    public void Methods_and_datasets_need_distinct_names()
    {
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        string a = Dataset(temp, "a", (32, 32));
        Assert.Throws<ArgumentException>(() => MethodComparison.Run(Request([a], Bicubic(), Bicubic())));
        Assert.Throws<ArgumentException>(() => MethodComparison.Run(Request([a, a + Path.DirectorySeparatorChar], Bicubic())));
        Assert.Throws<DirectoryNotFoundException>(() => MethodComparison.Run(Request([Path.Combine(temp.Path, "missing")], Bicubic())));
    }

    private static MethodComparison.Request Request(string[] datasets, params ComparedMethod[] methods) =>
        new(datasets, 2, methods, "gameupscaler compare test", new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), Machine);

    private static ComparedMethod Bicubic() => Method(new ResamplerMethod(ResampleKernel.Bicubic), ComparisonRole.Baseline);

    private static ComparedMethod Method(IUpscaleMethod method, ComparisonRole role, int? steps = null) =>
        new(method, role, "test " + method.Name) { Steps = steps };

    /// <summary>A folder of PNGs named 0.png, 1.png, … of the given sizes (the test scene, supersampled).</summary>
    private static string Dataset(TemporaryDirectory temp, string name, params (int Width, int Height)[] sizes)
    {
        string folder = Path.Combine(temp.Path, name);
        Directory.CreateDirectory(folder);
        for (int i = 0; i < sizes.Length; i++)
        {
            PngCodec.Encode(TestScene.Render(sizes[i].Width, sizes[i].Height, 2), Path.Combine(folder, $"{i}.png"));
        }

        return folder;
    }

    /// <summary>Bicubic that takes at least a known time (busy, so a loaded machine can only make it longer).</summary>
    private sealed class SlowMethod(string name, double milliseconds) : IUpscaleMethod
    {
        public string Name => name;

        public Image8 Upscale(Image8 lowResolution, Size2D outputSize)
        {
            long start = Stopwatch.GetTimestamp();
            Image8 output = ImageResizer.Resize(lowResolution, outputSize.Width, outputSize.Height, ResampleKernel.Bicubic);
            while (Stopwatch.GetElapsedTime(start).TotalMilliseconds < milliseconds)
            {
                Thread.SpinWait(100);
            }

            return output;
        }
    }

    /// <summary>Bicubic after a parallel loop as the library's CPU code runs it (with <see cref="CpuParallelism.Options"/>), noting how many iterations ran at once.</summary>
    private sealed class ConcurrencyRecordingMethod : IUpscaleMethod
    {
        public string Name => "concurrency";

        public List<int> MostAtOncePerCall { get; } = [];

        public Image8 Upscale(Image8 lowResolution, Size2D outputSize)
        {
            int running = 0, most = 0;
            Parallel.For(0, 32, CpuParallelism.Options, _ =>
            {
                int now = Interlocked.Increment(ref running);
                InterlockedMax(ref most, now);
                Thread.Sleep(2); // a sleeping iteration leaves its core free: unlimited, the pool runs others meanwhile, even on one core
                Interlocked.Decrement(ref running);
            });
            MostAtOncePerCall.Add(most);
            return ImageResizer.Resize(lowResolution, outputSize.Width, outputSize.Height, ResampleKernel.Bicubic);
        }

        private static void InterlockedMax(ref int target, int value)
        {
            for (int seen = Volatile.Read(ref target); value > seen; seen = Volatile.Read(ref target))
            {
                if (Interlocked.CompareExchange(ref target, value, seen) == seen)
                {
                    return;
                }
            }
        }
    }
}
