using GameUpscaler.Scene.Host;
using GameUpscaler.Hooks;
using GameUpscaler.Models;
using GameUpscaler.Vulkan;

namespace GameUpscaler.Sample;

/// <summary>Entry point: parses the options, creates the device and the game, runs headless or exports pairs.</summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        try
        {
            System.CommandLine.ParseResult parsed = SampleCommandLine.Build().Parse(args);
            if (parsed.Action is System.CommandLine.Help.HelpAction)
            {
                return parsed.Invoke();
            }

            if (parsed.Errors.Count > 0)
            {
                // Refused before the device or a model is touched.
                foreach (System.CommandLine.Parsing.ParseError error in parsed.Errors)
                {
                    Console.Error.WriteLine($"error: {error.Message}");
                }

                PrintHelp(Console.Error);
                return 2;
            }

            return Run(SampleCommandLine.Read(parsed));
        }
        catch (SampleUsageException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            PrintHelp(Console.Error);
            return 2;
        }
        catch (SampleEnvironmentException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
        catch (UpscalerException e)
        {
            Console.Error.WriteLine($"error ({e.ErrorCode}): {e.Message}");
            return 1;
        }
        catch (Exception e) when (e is ModelFormatException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }

    private static int Run(SampleOptions options)
    {
        (GeneratorWeights? weights, string description) = SampleModel.Resolve(options);
        (GeneratorWeights? temporal, string temporalDescription) = SampleModel.ResolveTemporal(options);
        // The temporal variant is the default once a temporal generator ships: it is what the sample is for.
        options = options with { Variant = options.Variant ?? (temporal is not null ? UpscalerVariant.Temporal : UpscalerVariant.Generator) };
        Console.WriteLine($"model: {description}; temporal variant: {temporalDescription}; running {options.Variant}");
        if (!options.Headless && options.ExportPairsDirectory is null && options.ExportCaptureDirectory is null)
        {
            return WindowedRunner.Run(options, weights, description, temporal, temporalDescription, Console.Out);
        }

        // The game's own instance and device (Silk.NET), handed to the plugin as handles, as an engine integrates it.
        using HostDevice host = CreateHostDevice([], presentation: false);
        using VulkanDevice device = VulkanDevice.FromHost(
            host.Instance, host.PhysicalDevice, host.Device, host.Queue, host.QueueFamily, host.Float16Storage, host.Float16Arithmetic);
        Console.WriteLine($"device: {device.Info.Name}; display {options.DisplaySize.Width}x{options.DisplaySize.Height}");
        using var game = new SampleGame(device, options.DisplaySize, weights, description, temporalGenerator: temporal, temporalDescription: temporalDescription) { DrawHud = !options.NoHud };
        if (options.Governor)
        {
            // One governor for the whole run: its costs are per render pixel, so it carries over between modes.
            game.EnableGovernor(options.GovernorOptions);
            Console.WriteLine($"budget governor on: {options.GovernorOptions.BudgetMilliseconds:0.###} ms");
        }

        if (options.ExportPairsDirectory is { } pairs)
        {
            RenderPipelineHookSettings mode = options.Mode.Equals("all", StringComparison.OrdinalIgnoreCase)
                ? new RenderPipelineHookSettings(true, QualityMode.Performance)
                : SampleModes.Parse(options.Mode)[0];
            PairExporter.Export(game, mode, options.Frames ?? 8, options.SamplesPerAxis, pairs, Console.Out);
            return 0;
        }

        if (options.ExportCaptureDirectory is { } capture)
        {
            RenderPipelineHookSettings mode = options.Mode.Equals("all", StringComparison.OrdinalIgnoreCase)
                ? new RenderPipelineHookSettings(true, QualityMode.Performance)
                : SampleModes.Parse(options.Mode)[0];
            CaptureExporter.Export(game, mode, options.Frames ?? 48, options.CapturePath, options.SamplesPerAxis, capture, Console.Out);
            return 0;
        }

        HeadlessRunner.Run(game, SampleModes.Parse(options.Mode), options.Frames ?? 3, options.Sharpness, options.OutputDirectory, Console.Out, options.SplitScreen, options.Variant ?? UpscalerVariant.Generator);
        Console.WriteLine($"wrote frames, frametimes.csv and frametimes.svg per mode under {Path.GetFullPath(options.OutputDirectory)}");
        return 0;
    }

    /// <summary>The game's Vulkan instance and device; a missing loader or driver is a clear error, not a native stack.</summary>
    internal static HostDevice CreateHostDevice(IReadOnlyList<string> instanceExtensions, bool presentation)
    {
        try
        {
            return HostDevice.Create(instanceExtensions, presentation);
        }
        catch (Exception e) when (e is InvalidOperationException or DllNotFoundException or FileNotFoundException or TypeInitializationException)
        {
            throw new SampleEnvironmentException(
                $"Vulkan is not available ({e.Message}). Install a Vulkan loader and driver (Debian/Ubuntu: apt-get install libvulkan1 mesa-vulkan-drivers).", e);
        }
    }

    private static void PrintHelp(TextWriter writer) =>
        SampleCommandLine.Build().Parse(["--help"]).Invoke(new System.CommandLine.InvocationConfiguration { Output = writer });
}
