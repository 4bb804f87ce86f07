namespace GameUpscaler.Cli;

using System.Globalization;
using System.Text;
using System.Text.Json;
using GameUpscaler.Evaluation;
using Spectre.Console;

/// <summary><c>gameupscaler eval</c>: the SR literature's protocol on a folder of HR images, as a table, JSON and CSV.</summary>
internal static class EvalCommand
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    public static int Run(CommandLineArguments args)
    {
        string dataset = args.Get("dataset") ?? throw new UsageException("Missing --dataset DIR.");
        int scale = args.GetScale();

        IUpscaleMethod method = MethodOptions.Create(args);
        string? json = args.Get("json");
        string? csv = args.Get("csv");
        args.EnsureAllUsed(0);

        int total = SuperResolutionEvaluator.FindImages(dataset).Count;
        EvaluationResult result = ProgressReporter.ForConsole().Run(
            $"eval {method.Name} x{scale}", total, scope => SuperResolutionEvaluator.EvaluateDataset(
                dataset, scale, method, new SynchronousProgress<ImageScore>(s => scope.Step($"{s.Name} {s.PsnrY:F2} dB"))));

        PrintTable(result);
        if (json is not null)
        {
            WriteAtomically(json, ToJson(result));
        }

        if (csv is not null)
        {
            WriteAtomically(csv, ToCsv(result));
        }

        return Program.ExitSuccess;
    }

    internal static string ToJson(EvaluationResult result)
    {
        var document = new
        {
            method = result.Method,
            dataset = result.Dataset,
            scale = result.Scale,
            mean = new { psnr_y = Math.Round(result.MeanPsnrY, 4), ssim_y = Math.Round(result.MeanSsimY, 5), ms = Math.Round(result.MeanMilliseconds, 2) },
            images = result.Images.Select(i => new { name = i.Name, psnr_y = Math.Round(i.PsnrY, 4), ssim_y = Math.Round(i.SsimY, 5), ms = Math.Round(i.Milliseconds, 2) }),
        };
        return JsonSerializer.Serialize(document, JsonOptions) + "\n";
    }

    internal static string ToCsv(EvaluationResult result)
    {
        var builder = new StringBuilder("name,psnr_y,ssim_y,ms\n");
        foreach (ImageScore image in result.Images)
        {
            builder.Append(CultureInfo.InvariantCulture, $"{image.Name},{image.PsnrY:F4},{image.SsimY:F5},{image.Milliseconds:F2}\n");
        }

        builder.Append(CultureInfo.InvariantCulture, $"mean,{result.MeanPsnrY:F4},{result.MeanSsimY:F5},{result.MeanMilliseconds:F2}\n");
        return builder.ToString();
    }

    private static void PrintTable(EvaluationResult result)
    {
        var table = new Table().Title($"{result.Dataset} ×{result.Scale} — {result.Method}")
            .AddColumn("image").AddColumn(new TableColumn("Y-PSNR (dB)").RightAligned())
            .AddColumn(new TableColumn("Y-SSIM").RightAligned()).AddColumn(new TableColumn("ms").RightAligned());
        foreach (ImageScore image in result.Images)
        {
            table.AddRow(image.Name, F(image.PsnrY, "F2"), F(image.SsimY, "F4"), F(image.Milliseconds, "F1"));
        }

        table.AddEmptyRow();
        table.AddRow("[bold]mean[/]", $"[bold]{F(result.MeanPsnrY, "F2")}[/]", $"[bold]{F(result.MeanSsimY, "F4")}[/]", F(result.MeanMilliseconds, "F1"));
        AnsiConsole.Write(table);
    }

    private static string F(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>Writes through a temporary file so that a failure never leaves a half-written report in place.</summary>
    internal static void WriteAtomically(string path, string contents)
    {
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temporary = full + ".tmp";
        File.WriteAllText(temporary, contents);
        File.Move(temporary, full, overwrite: true);
    }
}
