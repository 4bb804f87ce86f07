using GameUpscaler.Hooks;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using GameUpscaler;
using GameUpscaler.Imaging;
using GameUpscaler.Models;
using GameUpscaler.Vulkan;

// GPU frame-time harness: for each (resolution, model) it creates a context with timestamps, runs warm-up frames,
// then measured frames, and reports the median GPU time of every pass (Vulkan timestamps, not host clocks) and of
// the whole frame. Prints a table and writes JSON. Usage:
//   dotnet run -c Release --project benchmarks/GameUpscaler.GpuBench -- [--frames N] [--warmup N]
//       [--resolutions 1280x720:2560x1440,1920x1080:3840x2160] [--models c16n4,c32n6,spatial]
//       [--permutation fp32|sfp16|afp16|auto] [--device N|NAME] [--json FILE]
var options = Options.Parse(args);
using VulkanDevice device = VulkanDevice.Create(new VulkanDeviceOptions { Device = options.Device });
Console.WriteLine($"device: {device.Info.Name} ({device.Info.Type}, Vulkan {device.Info.ApiVersion}); frames {options.Frames}, warm-up {options.Warmup}");
var results = new List<BenchResult>();
foreach ((Size2D render, Size2D display) in options.Resolutions)
{
    foreach (string model in options.Models)
    {
        results.Add(Measure(device, render, display, model, options));
    }
}

PrintTable(results);
string json = JsonSerializer.Serialize(
    new
    {
        device = device.Info,
        command = "gpubench " + string.Join(' ', args),
        frames = options.Frames,
        warmup = options.Warmup,
        date = DateTime.UtcNow.ToString("u", CultureInfo.InvariantCulture),
        results,
    },
    new JsonSerializerOptions { WriteIndented = true });
File.WriteAllText(options.JsonPath, json);
Console.WriteLine($"wrote {options.JsonPath}");
return 0;

static BenchResult Measure(VulkanDevice device, Size2D render, Size2D display, string model, Options options)
{
    GeneratorWeights? weights = model == "spatial" ? null : CreateModel(model, render, display);
    string label = weights is null ? "spatial" : weights.Architecture.ToString();
    Console.WriteLine($"{render} -> {display} {label} ...");
    PlanarImage color = TestScene.Render(render.Width, render.Height).ToPlanar();
    try
    {
        using var upscaler = new VulkanOfflineUpscaler(device, weights, options.Permutation, enableTimestamps: true);
        var frames = new List<IReadOnlyList<UpscalerPassTiming>>();
        var wall = new List<double>();
        for (int i = 0; i < options.Warmup + options.Frames; i++)
        {
            long start = Stopwatch.GetTimestamp();
            upscaler.Upscale(color, display, sharpness: 0.2f);
            if (i >= options.Warmup)
            {
                wall.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                frames.Add(upscaler.LastTimings);
            }
        }

        // Per pass: the median over frames; passes with the same role (the body convs) are also summed as a group.
        var passes = frames[0].Select((p, index) => new PassResult(p.Label, Median(frames.Select(f => f[index].Milliseconds)))).ToList();
        double gpu = Median(frames.Select(f => f.Sum(p => p.Milliseconds)));
        return new BenchResult(
            $"{render}", $"{display}", label, upscaler.Context!.Permutation.ToString(), weights?.Architecture.MacsPerInputPixel ?? 0,
            gpu, Median(wall), passes, null);
    }
    catch (UpscalerException e)
    {
        Console.WriteLine($"  failed: {e.Message}");
        return new BenchResult($"{render}", $"{display}", label, options.Permutation?.ToString() ?? "auto", weights?.Architecture.MacsPerInputPixel ?? 0, 0, 0, [], e.Message);
    }
}

static GeneratorWeights CreateModel(string name, Size2D render, Size2D display)
{
    // "c16n4" → C=16, N=4; the scale is the smallest integer reaching the display size.
    if (!GeneratorArchitecture.TryParseSizeName(name, out int channels, out int body))
    {
        throw new ArgumentException($"A model is spatial or cCnN (e.g. c16n4), not '{name}'.", nameof(name));
    }

    int scale = (int)Math.Ceiling(Math.Max((double)display.Width / render.Width, (double)display.Height / render.Height) - 1e-9);
    return GeneratorWeights.CreateRandom(new GeneratorArchitecture(scale, channels, body), seed: 1);
}

// The median as the bench, the sample and the governor define percentiles (nearest rank).
static double Median(IEnumerable<double> values) => GameUpscaler.Governor.Percentiles.NearestRank([.. values], 0.5);

static void PrintTable(List<BenchResult> results)
{
    Console.WriteLine();
    Console.WriteLine("| render → display | model | permutation | MAC/px | passes (median GPU ms) | GPU frame ms | host frame ms |");
    Console.WriteLine("|---|---|---|---:|---|---:|---:|");
    foreach (BenchResult r in results)
    {
        string passes = r.Error ?? string.Join(", ", GroupPasses(r.Passes).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Label} {p.Milliseconds:F2}")));
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"| {r.Render} → {r.Display} | {r.Model} | {r.Permutation} | {r.MacsPerInputPixel:N0} | {passes} | {r.GpuMilliseconds:F2} | {r.HostMilliseconds:F1} |"));
    }
}

static IEnumerable<PassResult> GroupPasses(IReadOnlyList<PassResult> passes)
{
    // The body convs are one line ("conv 1..N" summed) so the table stays readable; the JSON keeps every pass.
    var body = passes.Where(p => p.Label.StartsWith("conv ", StringComparison.Ordinal) && p.Label != "conv 0").ToList();
    foreach (PassResult p in passes)
    {
        if (body.Count > 0 && p == body[0])
        {
            yield return new PassResult($"conv 1..{body.Count}", body.Sum(b => b.Milliseconds));
        }
        else if (!body.Contains(p))
        {
            yield return p;
        }
    }
}

/// <summary>One pass's median GPU time.</summary>
internal sealed record PassResult(string Label, double Milliseconds);

/// <summary>One configuration's result (Error set when it could not run on this device).</summary>
internal sealed record BenchResult(
    string Render, string Display, string Model, string Permutation, long MacsPerInputPixel, double GpuMilliseconds, double HostMilliseconds,
    IReadOnlyList<PassResult> Passes, string? Error);

/// <summary>Command-line options.</summary>
internal sealed record Options(
    int Frames, int Warmup, IReadOnlyList<(Size2D Render, Size2D Display)> Resolutions, IReadOnlyList<string> Models,
    VulkanPermutation? Permutation, string? Device, string JsonPath)
{
    public static Options Parse(string[] args)
    {
        string Get(string name, string fallback)
        {
            int i = Array.IndexOf(args, "--" + name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }

        static Size2D ParseSize(string text) =>
            Size2D.TryParse(text, out Size2D size) ? size : throw new ArgumentException($"A resolution is WIDTHxHEIGHT, not '{text}'.", nameof(text));

        var resolutions = Get("resolutions", "1280x720:2560x1440,1920x1080:3840x2160")
            .Split(',').Select(pair => pair.Split(':')).Select(p => (ParseSize(p[0]), ParseSize(p[1]))).ToList();
        VulkanPermutation? permutation = Get("permutation", "auto") switch
        {
            "fp32" => VulkanPermutation.Float32,
            "sfp16" => VulkanPermutation.Float16Storage,
            "afp16" => VulkanPermutation.Float16StorageAndArithmetic,
            _ => null,
        };
        return new Options(
            int.Parse(Get("frames", "3"), CultureInfo.InvariantCulture),
            int.Parse(Get("warmup", "1"), CultureInfo.InvariantCulture),
            resolutions,
            Get("models", "c16n4,c32n6,spatial").Split(','),
            permutation,
            args.Contains("--device") ? Get("device", string.Empty) : null,
            Get("json", "gpubench.json"));
    }
}
