using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace GameUpscaler.Sample;

/// <summary>
/// The sample's options on System.CommandLine: the help (<c>--help</c>), the checks of each value and completion come
/// from these definitions; <see cref="SampleOptions.Validate"/> then checks how they combine.
/// </summary>
internal static class SampleCommandLine
{
    private static readonly Option<bool> Headless = new("--headless") { Description = "no window: render --frames frames of the camera path per mode, write PNGs, frametimes.csv and frametimes.svg per mode under --out" };
    private static readonly Option<int?> Frames = new("--frames") { Description = "headless: frames per mode (default 3; 8 with --export-pairs, 48 with --export-capture); windowed: frames to run (default: until Esc or the window closes)", CustomParser = r => Positive(r) };
    private static readonly Option<string> Mode = new("--mode") { Description = "all (default), off, native, quality, balanced, performance, ultra-performance", HelpName = "MODE", DefaultValueFactory = _ => "all" };
    private static readonly Option<string> Out = new("--out") { Description = "output folder", HelpName = "DIR", DefaultValueFactory = _ => Path.Combine("out", "sample") };
    private static readonly Option<Size2D> Display = new("--display") { Description = "display size (default 640x360)", HelpName = "WxH", CustomParser = DisplaySize, DefaultValueFactory = _ => new Size2D(640, 360) };
    private static readonly Option<string?> Model = new("--model") { Description = "per-frame generator; default: the cheapest x2 L1 model in models/, else untrained random weights", HelpName = "FILE|NAME" };
    private static readonly Option<string?> TemporalModel = new("--temporal-model") { Description = "temporal generator of the temporal variant; default: the cheapest shipped x2 temporal L1 model, else the TAAU alone", HelpName = "FILE|NAME" };
    private static readonly Option<bool> Spatial = new("--spatial") { Description = "run the spatial upscaler only (no generator)" };
    private static readonly Option<Hooks.UpscalerVariant?> Variant = new("--variant") { Description = "temporal (default when a temporal model ships: the scene rendered jittered, its motion vectors and depth handed to the hook, the temporal generator inside the TAAU), generator (the per-frame one; the default otherwise), or spatial", HelpName = "generator|spatial|temporal", CustomParser = ParseVariant };
    private static readonly Option<float> Sharpness = new("--sharpness") { Description = "0..1 (default 0.2)", HelpName = "S", CustomParser = ParseSharpness, DefaultValueFactory = _ => UpscalerDispatchDescription.DefaultSharpness };
    private static readonly Option<bool> NoHud = new("--no-hud") { Description = "no HUD (frames comparable across runs)" };
    private static readonly Option<bool> Governor = new("--governor") { Description = "start with the budget governor on (windowed: B toggles it): it switches the hook from the generator down to the spatial upscaler when the upscale's GPU time does not fit the budget" };
    private static readonly Option<double?> Budget = new("--budget") { Description = "the governor's GPU-time budget for the upscale in milliseconds (default 1.67: a tenth of a 60 fps frame); headless, it needs --governor", HelpName = "MS", CustomParser = ParseBudget };
    private static readonly Option<bool> Split = new("--split") { Description = "split screen: left half spatial upscaler, right half generator" };
    private static readonly Option<bool> CycleModes = new("--cycle-modes") { Description = "windowed: next mode every --frames-per-mode frames" };
    private static readonly Option<int> FramesPerMode = new("--frames-per-mode") { Description = "windowed, with --cycle-modes (default 20)", HelpName = "F", CustomParser = r => Positive(r) ?? 20, DefaultValueFactory = _ => 20 };
    private static readonly Option<int?> HoldFrame = new("--hold-frame") { Description = "windowed: after presenting frame K write --hold-file PATH.ready, wait for PATH.release (screenshots)", HelpName = "K", CustomParser = NonNegative };
    private static readonly Option<string?> HoldFile = new("--hold-file") { Description = "the files --hold-frame signals through", HelpName = "PATH" };
    private static readonly Option<(int Frame, Size2D Size)?> ResizeAt = new("--resize-at") { Description = "windowed: resize the window at frame K to WxH (tests swapchain re-creation)", HelpName = "K WxH", Arity = new ArgumentArity(2, 2), AllowMultipleArgumentsPerToken = true, CustomParser = ParseResize };
    private static readonly Option<string?> ExportPairs = new("--export-pairs") { Description = "write training pairs instead: DIR/lr/NNNN.png at the mode's render size, one sample per pixel, and DIR/hr/NNNN.png at display size with N×N samples per pixel (--samples); --mode picks the render size (default performance)", HelpName = "DIR" };
    private static readonly Option<string?> ExportCapture = new("--export-capture") { Description = "write a frame capture (../shared/docs/CAPTURE.md) instead: --frames frames of camera path --path at the --mode render size (default performance) with Halton jitter, exact motion vectors and depth, and display-size references with --samples N", HelpName = "DIR" };
    private static readonly Option<int> CapturePath = new("--path") { Description = $"the capture's camera path: 0 road, 1 facades, 2 still camera (the reports' paths); {Scene.SceneRenderer.FirstTrainingPath} to {Scene.SceneRenderer.LastTrainingPath} training paths, from {Scene.SceneRenderer.FirstStillTrainingPath} with the camera held still, from {Scene.SceneRenderer.FirstIdleTrainingPath} still with an idle drift; each has a moving ball and a camera cut", HelpName = "K", CustomParser = ParsePath };
    private static readonly Option<int> Samples = new("--samples") { Description = "references: N×N samples per pixel (default 4)", HelpName = "N", CustomParser = r => Positive(r) ?? 4, DefaultValueFactory = _ => 4 };

    /// <summary>The sample's command: every option above; without --headless an SDL2 window (keys 0 off, 1-5 the modes, +/- sharpness, T temporal, F1 split screen, B governor, Esc quit).</summary>
    public static RootCommand Build()
    {
        var root = new RootCommand(
            "GameUpscaler sample game: a scene rendered at a quality mode's render size, upscaled by the render-pipeline hook. " +
            "Without --headless an SDL2 window: keys 0 off, 1-5 native AA/quality/balanced/performance/ultra performance, " +
            "+/- sharpness, T temporal on/off, F1 split screen, B budget governor, Esc quit.");
        foreach (Option option in (Option[])[Headless, Frames, Mode, Out, Display, Model, TemporalModel, Spatial, Variant, Sharpness, NoHud, Governor,
            Budget, Split, CycleModes, FramesPerMode, HoldFrame, HoldFile, ResizeAt, ExportPairs, ExportCapture, CapturePath, Samples])
        {
            root.Options.Add(option);
        }

        return root;
    }

    /// <summary>Parses and checks a command line.</summary>
    /// <exception cref="SampleUsageException">An unknown option, a bad value or options that exclude each other.</exception>
    public static SampleOptions Parse(IReadOnlyList<string> args)
    {
        ParseResult result = Build().Parse(args);
        return result.Errors.Count > 0
            ? throw new SampleUsageException(string.Join(" ", result.Errors.Select(e => e.Message)))
            : Read(result);
    }

    /// <summary>The options of a parse that had no errors.</summary>
    public static SampleOptions Read(ParseResult result) => new SampleOptions
    {
        Headless = result.GetValue(Headless),
        Frames = result.GetValue(Frames),
        Mode = result.GetValue(Mode)!,
        OutputDirectory = result.GetValue(Out)!,
        DisplaySize = result.GetValue(Display),
        Model = result.GetValue(Model),
        TemporalModel = result.GetValue(TemporalModel),
        SpatialOnly = result.GetValue(Spatial),
        Variant = result.GetValue(Variant),
        Sharpness = result.GetValue(Sharpness),
        NoHud = result.GetValue(NoHud),
        Governor = result.GetValue(Governor),
        BudgetMilliseconds = result.GetValue(Budget),
        SplitScreen = result.GetValue(Split),
        CycleModes = result.GetValue(CycleModes),
        FramesPerMode = result.GetValue(FramesPerMode),
        HoldFrame = result.GetValue(HoldFrame),
        HoldFile = result.GetValue(HoldFile),
        ResizeAt = result.GetValue(ResizeAt),
        ExportPairsDirectory = result.GetValue(ExportPairs),
        ExportCaptureDirectory = result.GetValue(ExportCapture),
        CapturePath = result.GetValue(CapturePath),
        SamplesPerAxis = result.GetValue(Samples),
    }.Validate();

    private static int? Positive(ArgumentResult result) =>
        int.TryParse(result.Tokens[0].Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value > 0
            ? value
            : Fail<int?>(result, "a positive integer");

    private static int? NonNegative(ArgumentResult result) =>
        int.TryParse(result.Tokens[0].Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value >= 0
            ? value
            : Fail<int?>(result, "a frame index (0 or more)");

    private static int ParsePath(ArgumentResult result) =>
        int.TryParse(result.Tokens[0].Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int path) && path is >= 0 and <= Scene.SceneRenderer.LastTrainingPath
            ? path
            : Fail<int>(result, $"a camera path from 0 to {Scene.SceneRenderer.LastTrainingPath} (0 to {Scene.SceneRenderer.PathCount - 1} evaluation, {Scene.SceneRenderer.FirstTrainingPath} and up training)");

    private static double? ParseBudget(ArgumentResult result) =>
        double.TryParse(result.Tokens[0].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && value > 0 && double.IsFinite(value)
            ? value
            : Fail<double?>(result, "a positive number of milliseconds");

    private static float ParseSharpness(ArgumentResult result) =>
        float.TryParse(result.Tokens[0].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out float value) && value is >= 0f and <= 1f
            ? value
            : Fail<float>(result, "a number between 0 and 1");

    private static Hooks.UpscalerVariant? ParseVariant(ArgumentResult result) => result.Tokens[0].Value.ToLowerInvariant() switch
    {
        "generator" => Hooks.UpscalerVariant.Generator,
        "spatial" => Hooks.UpscalerVariant.Spatial,
        "temporal" or "taau" => Hooks.UpscalerVariant.Temporal,
        _ => Fail<Hooks.UpscalerVariant?>(result, "generator, spatial or temporal"),
    };

    private static Size2D DisplaySize(ArgumentResult result) => ParseSize(result, result.Tokens[0].Value);

    private static (int Frame, Size2D Size)? ParseResize(ArgumentResult result)
    {
        if (result.Tokens.Count != 2)
        {
            return Fail<(int, Size2D)?>(result, "a frame and a size, e.g. --resize-at 30 800x450");
        }

        int? frame = int.TryParse(result.Tokens[0].Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int f) && f > 0 ? f : null;
        return frame is null ? Fail<(int, Size2D)?>(result, "a positive frame index, then WxH") : (frame.Value, ParseSize(result, result.Tokens[1].Value));
    }

    private static Size2D ParseSize(ArgumentResult result, string text)
    {
        if (Size2D.TryParse(text, out Size2D size) &&
            size.Width >= QualityModes.MinimumDisplayDimension * 3 && size.Height >= QualityModes.MinimumDisplayDimension * 3 &&
            size.Width <= 7680 && size.Height <= 4320)
        {
            return size;
        }

        return Fail<Size2D>(result, $"WIDTHxHEIGHT between {QualityModes.MinimumDisplayDimension * 3} and 7680x4320, not '{text}'");
    }

    private static T Fail<T>(ArgumentResult result, string expected)
    {
        string name = result.Parent is OptionResult option ? option.Option.Name : "the value";
        result.AddError($"{name} needs {expected}.");
        return default!;
    }
}
