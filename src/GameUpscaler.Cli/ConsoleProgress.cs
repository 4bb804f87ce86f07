namespace GameUpscaler.Cli;

using Spectre.Console;

/// <summary>A progress bar on an interactive terminal; one plain line per step when output is redirected (CI logs).</summary>
internal static class ConsoleProgress
{
    public static T Run<T>(string title, int steps, Func<Action<string>, T> work)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive)
        {
            int done = 0;
            return work(item => Console.WriteLine($"  [{++done}/{steps}] {item}"));
        }

        T result = default!;
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                ProgressTask task = context.AddTask(title, maxValue: steps);
                result = work(item =>
                {
                    task.Description = $"{title}: {item}";
                    task.Increment(1);
                });
            });
        return result;
    }
}
