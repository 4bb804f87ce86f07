namespace GameUpscaler.Tests.Cli;

using GameUpscaler.Cli;

/// <summary>Runs the CLI's <c>Main</c> in the test process with stderr captured (tests in <see cref="ConsoleCollection"/>).</summary>
internal static class CliRunner
{
    /// <summary>The exit code and what the command wrote to stderr.</summary>
    public static (int Exit, string Error) Run(params string[] args)
    {
        TextWriter original = Console.Error;
        using var error = new StringWriter();
        Console.SetError(error);
        try
        {
            return (Program.Main(args), error.ToString());
        }
        finally
        {
            Console.SetError(original);
        }
    }
}
