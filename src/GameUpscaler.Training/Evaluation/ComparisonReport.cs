using System.Text.Json.Serialization;

namespace GameUpscaler.Training.Evaluation;

/// <summary>
/// The machine-readable result of a <see cref="MethodComparison"/> (<c>compare.json</c>): where and how it was run,
/// the methods, per dataset the mean and per-image scores and times of each method, and the diffusion/generator time
/// ratios. Serialised by <see cref="MethodComparison.ToJson"/> with snake_case names.
/// </summary>
/// <param name="CommandLine">The command that produced it.</param>
/// <param name="Date">When it was run.</param>
/// <param name="Machine">The machine it was run on (the times belong to it).</param>
/// <param name="Scale">The integer scale.</param>
/// <param name="TimingThreads">Threads each timed Upscale call ran on.</param>
/// <param name="MaxWarmUpCalls">
/// The most untimed calls of each method before its first timed one: one, and more while a call still leaves the JIT
/// compiling optimised code (see <see cref="ModelReport.Options.WarmUp"/>).
/// </param>
/// <param name="Methods">The methods, in table order.</param>
/// <param name="Datasets">The results per dataset, in the order given.</param>
/// <param name="TimeRatios">For each diffusion method and generator: diffusion ms per image over generator ms per image.</param>
/// <param name="TimeRatioNote">How the ratios were computed, or why there are none.</param>
public sealed record ComparisonReport(
    string CommandLine,
    DateTimeOffset Date,
    ComparisonReport.MachineInfo Machine,
    int Scale,
    int TimingThreads,
    int MaxWarmUpCalls,
    IReadOnlyList<ComparisonReport.MethodInfo> Methods,
    IReadOnlyList<ComparisonReport.DatasetResult> Datasets,
    IReadOnlyList<ComparisonReport.TimeRatio> TimeRatios,
    string TimeRatioNote)
{
    /// <summary>
    /// Every method on each frame capture (CAPTURE.md), per frame as a game without a temporal upscaler would run it:
    /// the per-frame quality on what a game really renders and how much each method flickers. Empty without captures.
    /// </summary>
    public IReadOnlyList<CaptureResult> Captures { get; init; } = [];

    /// <summary>The methods on one capture.</summary>
    /// <param name="Name">The capture's folder name.</param>
    /// <param name="Source">The folder as given.</param>
    /// <param name="Frames">Its frames.</param>
    /// <param name="Methods">Per method, in the report's method order.</param>
    public sealed record CaptureResult(string Name, string Source, int Frames, IReadOnlyList<CaptureMethodResult> Methods);

    /// <summary>A method's scores on a capture, as CAPTURE.md defines them.</summary>
    /// <param name="Method">The method.</param>
    /// <param name="PsnrY">Mean Y-PSNR over all frames.</param>
    /// <param name="PsnrYFromFrame8">Mean Y-PSNR over frames 8 and later (NaN for a shorter capture).</param>
    /// <param name="SsimY">Mean Y-SSIM.</param>
    /// <param name="TemporalError">Mean temporal error (0 for the reference; lower is steadier).</param>
    /// <param name="HighFrequencyRatio">Mean high-frequency energy against the reference's.</param>
    /// <param name="MillisecondsPerFrame">Mean wall time per frame.</param>
    public sealed record CaptureMethodResult(
        string Method, double PsnrY, double PsnrYFromFrame8, double SsimY, double TemporalError, double HighFrequencyRatio, double MillisecondsPerFrame);

    /// <summary>The machine the times were measured on.</summary>
    /// <param name="Cpu">The CPU model (<c>/proc/cpuinfo</c>'s model name where there is one).</param>
    /// <param name="LogicalCores">Logical cores the process could use.</param>
    /// <param name="OperatingSystem">The OS description.</param>
    /// <param name="Runtime">The .NET runtime.</param>
    /// <param name="LoadAverage">The 1/5/15-minute load averages at the start, where the OS reports them (other work skews times).</param>
    public sealed record MachineInfo(string Cpu, int LogicalCores, string OperatingSystem, string Runtime, string? LoadAverage);

    /// <summary>A model file behind a method.</summary>
    /// <param name="Path">The file's path.</param>
    /// <param name="Sha256">Lower-case hex SHA-256 of its bytes.</param>
    public sealed record ModelFile(string Path, string Sha256);

    /// <summary>A compared method.</summary>
    /// <param name="Name">Its name in the tables.</param>
    /// <param name="Role">What it is.</param>
    /// <param name="Description">One line about it.</param>
    /// <param name="Steps">Sampling steps K of a diffusion method, else null.</param>
    /// <param name="Files">Its model files.</param>
    public sealed record MethodInfo(string Name, ComparisonRole Role, string Description, int? Steps, IReadOnlyList<ModelFile> Files);

    /// <summary>The scores of one image, or the means over a dataset's images (<paramref name="Image"/> null).</summary>
    /// <param name="Image">The image's file name; null for a mean.</param>
    /// <param name="PsnrY">Y-PSNR in dB.</param>
    /// <param name="SsimY">Y-SSIM.</param>
    /// <param name="Gmsd">GMSD, lower is better.</param>
    /// <param name="HighFrequencyRatio">High-frequency energy against HR (1 = as detailed).</param>
    /// <param name="Milliseconds">Wall time of the Upscale call.</param>
    /// <param name="CpuMilliseconds">CPU time of the process during the call (above the wall time: not on one thread).</param>
    public sealed record Scores(
        [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Image,
        double PsnrY,
        double SsimY,
        double Gmsd,
        double HighFrequencyRatio,
        double Milliseconds,
        double CpuMilliseconds);

    /// <summary>One method on one dataset.</summary>
    /// <param name="Method">The method's name.</param>
    /// <param name="Mean">The means over the images.</param>
    /// <param name="Images">Each image, in file-name order.</param>
    public sealed record MethodResult(string Method, Scores Mean, IReadOnlyList<Scores> Images);

    /// <summary>The side-by-side crop of a dataset.</summary>
    /// <param name="File">The PNG's file name, beside the report.</param>
    /// <param name="Image">The image it is cut from (the dataset's first).</param>
    /// <param name="X">Left edge of the window in HR pixels.</param>
    /// <param name="Y">Top edge of the window in HR pixels.</param>
    /// <param name="Size">Edge of the square window in HR pixels.</param>
    /// <param name="Zoom">Nearest-neighbour enlargement of each tile.</param>
    /// <param name="Order">The tiles, left to right: "HR", then the methods.</param>
    public sealed record CropWindow(string File, string Image, int X, int Y, int Size, int Zoom, IReadOnlyList<string> Order);

    /// <summary>The results on one dataset.</summary>
    /// <param name="Name">The dataset's name.</param>
    /// <param name="Source">The folder as given, or <see cref="ModelReport.SceneDataset"/>.</param>
    /// <param name="Images">How many images it has.</param>
    /// <param name="Crop">Its side-by-side crop.</param>
    /// <param name="Methods">Each method, in table order.</param>
    public sealed record DatasetResult(string Name, string Source, int Images, CropWindow Crop, IReadOnlyList<MethodResult> Methods);

    /// <summary>A time ratio on one dataset.</summary>
    /// <param name="Dataset">The dataset's name.</param>
    /// <param name="Ratio">Diffusion ms per image over generator ms per image; null when the generator took no measurable time.</param>
    public sealed record DatasetRatio(string Dataset, double? Ratio);

    /// <summary>How many times longer a diffusion method takes per image than a generator, measured in the same run.</summary>
    /// <param name="Diffusion">The diffusion method's name.</param>
    /// <param name="Steps">Its sampling steps K.</param>
    /// <param name="Generator">The generator's name.</param>
    /// <param name="Datasets">The ratio per dataset (of the mean ms per image).</param>
    /// <param name="Overall">The ratio over every image of every dataset (total ms over total ms); null when undefined.</param>
    public sealed record TimeRatio(string Diffusion, int? Steps, string Generator, IReadOnlyList<DatasetRatio> Datasets, double? Overall);
}
