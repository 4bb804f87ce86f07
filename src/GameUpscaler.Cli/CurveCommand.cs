namespace GameUpscaler.Cli;

using System.Globalization;
using GameUpscaler.Reporting;

/// <summary><c>gameupscaler curve</c>: plots training runs' validation scores (the <c>NAME.eval.csv</c> a temporal run writes) against iterations.</summary>
internal static class CurveCommand
{
    public static int Run(CommandLineArguments args)
    {
        string[] files = (args.Get("eval") ?? throw new UsageException("--eval FILE[,FILE...] is required.")).Split(',', StringSplitOptions.RemoveEmptyEntries);
        string output = args.Get("out") ?? throw new UsageException("--out FILE.svg is required.");
        string[] labels = args.Get("labels")?.Split(',') ?? [.. files.Select(f => Path.GetFileName(f).Replace(".eval.csv", string.Empty, StringComparison.Ordinal))];
        bool chain = args.Has("chain");
        string title = args.GetOrDefault("title", "Validation Y-PSNR (frames >= 8) against training iterations");
        var references = new List<LinePlot.Reference>();
        foreach (string item in (args.Get("reference") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] parts = item.Split('=');
            if (parts.Length != 2 || !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double value))
            {
                throw new UsageException($"--reference takes NAME=VALUE pairs, not '{item}'.");
            }

            references.Add(new LinePlot.Reference(string.Create(CultureInfo.InvariantCulture, $"{parts[0]} {value:F2} dB"), value));
        }

        args.EnsureAllUsed(1);
        if (labels.Length != files.Length)
        {
            throw new UsageException($"--labels names {labels.Length} runs; --eval gives {files.Length}.");
        }

        var series = new List<LinePlot.Series>();
        double offset = 0;
        for (int i = 0; i < files.Length; i++)
        {
            var points = new List<(double X, double Y)>();
            string[] lines = File.ReadAllLines(files[i]);
            if (lines.Length == 0 || !lines[0].StartsWith("step,psnr_y,psnr_y_from_frame8", StringComparison.Ordinal))
            {
                throw new InvalidDataException($"{files[i]} is not an eval CSV (its header must be step,psnr_y,psnr_y_from_frame8).");
            }

            foreach (string line in lines.Skip(1).Where(l => l.Length > 0))
            {
                string[] cells = line.Split(',');
                if (cells.Length < 3 || !double.TryParse(cells[0], NumberStyles.Float, CultureInfo.InvariantCulture, out double step)
                    || !double.TryParse(cells[2], NumberStyles.Float, CultureInfo.InvariantCulture, out double psnr))
                {
                    throw new InvalidDataException($"{files[i]}: cannot read the row '{line}'.");
                }

                points.Add((step + offset, psnr));
            }

            series.Add(new LinePlot.Series(labels[i], SvgCanvas.Palette[i % SvgCanvas.Palette.Length], points));
            if (chain && points.Count > 0)
            {
                offset = points[^1].X;
            }
        }

        string svg = LinePlot.Render(title, "iterations", "Y-PSNR (dB)", series, references);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        File.WriteAllText(output, svg);
        Console.WriteLine($"wrote {output}: {series.Count} runs, {series.Sum(s => s.Points.Count)} points");
        return 0;
    }
}
