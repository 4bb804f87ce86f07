namespace GameUpscaler.Cli;

using System.CommandLine;
using System.CommandLine.Parsing;
using GameUpscaler.Imaging;
using GameUpscaler.Models;

/// <summary>The <c>gameupscaler</c> command: routes to a command and turns failures into messages, never stack traces.</summary>
internal static class Program
{
    public const int ExitSuccess = 0;
    public const int ExitFailure = 1;
    public const int ExitUsage = 2;

    /// <summary>The arguments after the command's name, as given (reports record their command line).</summary>
    public static IReadOnlyList<string> CommandArguments { get; private set; } = [];

    public static int Main(string[] args)
    {
        if (Console.IsOutputRedirected)
        {
            // Logs and pipes get plain text, not colour escapes.
            Spectre.Console.AnsiConsole.Profile.Capabilities.Ansi = false;
        }

        if (args.Length == 0)
        {
            PrintHelp(Console.Out);
            return ExitUsage;
        }

        if (args[0] == "--version")
        {
            Console.WriteLine(InfoCommand.Version);
            return ExitSuccess;
        }

        RootCommand root = BuildRoot();
        ParseResult result = root.Parse(args[0] == "help" ? ["--help", .. args[1..]] : args);
        if (result.Errors.Count > 0 && result.Action is not System.CommandLine.Help.HelpAction)
        {
            // Refused before any work: unknown options, missing or malformed values, files that do not exist.
            foreach (ParseError error in result.Errors)
            {
                Console.Error.WriteLine($"error: {error.Message}");
            }

            // A command line that is well formed but names files that are not there (or models that are not models)
            // is bad input, as when the command itself finds it: exit 1 and no help page.
            if (result.Errors.All(e => CliOption.InputErrors.Contains(e.Message)))
            {
                return ExitFailure;
            }

            PrintHelp(result, Console.Error);
            return ExitUsage;
        }

        CommandArguments = args[1..];
        return result.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
    }

    /// <summary>Runs a command's body: usage errors print the command's help (exit 2), expected failures a message (exit 1).</summary>
    internal static int RunBody(ParseResult result, Func<CommandLineArguments, int> run, CommandLineArguments args)
    {
        try
        {
            return run(args);
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            PrintHelp(result, Console.Error);
            return ExitUsage;
        }
        catch (Exception e) when (e is ImageFormatException or ModelFormatException or UpscalerException or IOException
            or UnauthorizedAccessException or ArgumentException or InvalidOperationException or NotSupportedException)
        {
            // Expected failures (bad files, bad sizes, missing backends) are reported in words; a bug still crashes loudly.
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitFailure;
        }
    }

    /// <summary>The command tree: every command of <see cref="CliCommands.All"/>.</summary>
    internal static RootCommand BuildRoot()
    {
        var root = new RootCommand($"gameupscaler {InfoCommand.Version}: real-time super-resolution for games, offline tools");
        foreach (CliCommand command in CliCommands.All)
        {
            root.Subcommands.Add(command.Build([]));
        }

        return root;
    }

    /// <summary>The generated help of the command a parse reached.</summary>
    private static void PrintHelp(ParseResult result, TextWriter writer)
    {
        var path = new List<string>();
        for (SymbolResult? symbol = result.CommandResult; symbol is CommandResult command && command.Parent is not null; symbol = symbol.Parent)
        {
            path.Insert(0, command.Command.Name);
        }

        BuildRoot().Parse([.. path, "--help"]).Invoke(new InvocationConfiguration { Output = writer });
    }

    private static void PrintHelp(TextWriter writer) => BuildRoot().Parse(["--help"]).Invoke(new InvocationConfiguration { Output = writer });
}
