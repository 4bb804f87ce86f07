namespace GameUpscaler.Cli;

using System.Globalization;
using System.Text;
using GameUpscaler.Evaluation;
using GameUpscaler.Models;
using GameUpscaler.Training.Diffusion;

/// <summary>
/// <c>gameupscaler snapshots</c>: the eval curve of a run from its EMA snapshots (<c>train --snapshot-every K</c>):
/// each snapshot scored with the eval protocol (mean Y-PSNR) on a dataset — the run's validation split from
/// <c>gameupscaler holdout</c>, never the evaluation images — a generator directly, a diffusion model at --steps K.
/// The CSV has the columns <c>curve</c> reads (step,psnr_y,psnr_y_from_frame8; a still-image score has no frames, so
/// both Y-PSNR columns hold it).
/// </summary>
internal static class SnapshotsCommand
{
    public static int Run(CommandLineArguments args)
    {
        string snapshots = args.Get("snapshots") ?? throw new UsageException("Give --snapshots DIR (train --snapshot-every writes OUT.snapshots).");
        string dataset = args.Get("dataset") ?? throw new UsageException("Give --dataset DIR (gameupscaler holdout writes the validation split).");
        int scale = args.GetScale();
        int steps = args.GetInt("steps", 20, 1, 1000);
        int seed = args.GetInt("seed", 0, int.MinValue, int.MaxValue);
        string csv = args.Get("csv") ?? throw new UsageException("Give --csv FILE for the curve.");
        args.EnsureAllUsed(0);
        var files = Directory.GetFiles(snapshots, "step-*.safetensors")
            .Select(f => (File: f, Step: long.TryParse(Path.GetFileNameWithoutExtension(f)["step-".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out long s) ? s : -1))
            .Where(f => f.Step >= 0).OrderBy(f => f.Step).ToArray();
        if (files.Length == 0)
        {
            throw new InvalidOperationException($"{snapshots} holds no step-NNNNNNN.safetensors snapshots.");
        }

        var rows = new StringBuilder("step,psnr_y,psnr_y_from_frame8\n");
        _ = ProgressReporter.ForConsole().Run($"score {files.Length} snapshots on {dataset}", files.Length, scope =>
        {
            foreach ((string file, long step) in files)
            {
                IUpscaleMethod method = Load(file, steps, seed);
                EvaluationResult result = SuperResolutionEvaluator.EvaluateDataset(dataset, scale, method);
                rows.Append(CultureInfo.InvariantCulture, $"{step},{result.MeanPsnrY:F4},{result.MeanPsnrY:F4}\n");
                scope.Step($"step {step}: {result.MeanPsnrY:F2} dB ({method.Name})");
            }

            return files.Length;
        });
        GameUpscaler.IO.OutputFile.WriteAllBytes(csv, Encoding.UTF8.GetBytes(rows.ToString()));
        Console.WriteLine($"wrote {csv}: {files.Length} snapshots, steps {files[0].Step} to {files[^1].Step}");
        return Program.ExitSuccess;
    }

    /// <summary>A snapshot as a method: a generator file, else a diffusion model sampled with <paramref name="steps"/> DDIM steps.</summary>
    private static IUpscaleMethod Load(string file, int steps, int seed)
    {
        try
        {
            return MethodOptions.ForGenerator(GeneratorWeights.Load(file));
        }
        catch (ModelFormatException)
        {
            return new DiffusionUpscaleMethod(DiffusionModelFile.Load(file), steps, seed);
        }
    }
}
