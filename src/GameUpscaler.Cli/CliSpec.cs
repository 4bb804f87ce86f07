namespace GameUpscaler.Cli;

using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

/// <summary>
/// One option of a command as data. The System.CommandLine definition (parsing, the generated help, shell completion)
/// and the validation that runs before a command does any work both come from it, so no usage text is kept by hand.
/// </summary>
internal sealed record CliOption(string Name, string Description)
{
    /// <summary>The value's name in the help, e.g. FILE (none for a flag).</summary>
    public string? ValueName { get; init; }

    public bool IsFlag { get; init; }

    public bool Required { get; init; }

    /// <summary>The value's meaning when the option is left out, shown in the help (the command applies it).</summary>
    public string? Default { get; init; }

    /// <summary>The values allowed (case-insensitive), also offered by completion.</summary>
    public IReadOnlyList<string>? Choices { get; init; }

    /// <summary>Checks a given value; returns what is wrong with it, or null.</summary>
    public Func<string, string?>? Check { get; init; }

    /// <summary>
    /// Whether <see cref="Check"/> looks at the user's files (exists, is a model): its failures are bad input (exit 1),
    /// not a malformed command line (exit 2), though both are found before any work starts.
    /// </summary>
    public bool ChecksInput { get; init; }

    /// <summary>The messages of failed input checks in this process (see <see cref="ChecksInput"/>).</summary>
    public static HashSet<string> InputErrors { get; } = new(StringComparer.Ordinal);

    public static CliOption Flag(string name, string description) => new(name, description) { IsFlag = true };

    public static CliOption Text(string name, string valueName, string description, string? fallback = null) =>
        new(name, description) { ValueName = valueName, Default = fallback };

    public static CliOption Int(string name, string valueName, string description, int min, int max, string? fallback = null) =>
        new(name, description)
        {
            ValueName = valueName,
            Default = fallback,
            Check = v => int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out int i) && i >= min && i <= max
                ? null : $"must be an integer from {min} to {max}; got '{v}'",
        };

    public static CliOption Number(string name, string valueName, string description, double min, double max, string? fallback = null) =>
        new(name, description)
        {
            ValueName = valueName,
            Default = fallback,
            Check = v => double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && d >= min && d <= max
                ? null : string.Create(CultureInfo.InvariantCulture, $"must be a number from {min} to {max}; got '{v}'"),
        };

    public static CliOption Choice(string name, string description, string? fallback, params string[] choices) =>
        new(name, description) { ValueName = string.Join('|', choices), Default = fallback, Choices = choices };

    /// <summary>A file that must exist (an input); with <paramref name="list"/>, several joined by ','.</summary>
    public static CliOption ExistingFile(string name, string valueName, string description, bool list = false) =>
        ExistingPaths(name, valueName, description, list, [','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries, File.Exists, "file");

    /// <summary>A directory that must exist (an input); with <paramref name="list"/>, several joined by ':' or ','.</summary>
    public static CliOption ExistingDirectory(string name, string valueName, string description, bool list = false) =>
        ExistingPaths(name, valueName, description, list, [':', ','], StringSplitOptions.RemoveEmptyEntries, Directory.Exists, "directory");

    /// <summary>An input path, or with <paramref name="list"/> each of several, that must exist: the first that does not is named.</summary>
    private static CliOption ExistingPaths(string name, string valueName, string description, bool list, char[] separators, StringSplitOptions split, Func<string, bool> exists, string kind) =>
        new(name, description)
        {
            ValueName = valueName,
            ChecksInput = true,
            Check = v => (list ? v.Split(separators, split) : [v]).FirstOrDefault(path => !exists(path)) is string missing
                ? $"no such {kind} '{missing}'" : null,
        };

    /// <summary>
    /// A generator model: a file or the name of a shipped one. Resolved by the command, not here: its own usage checks
    /// come first (exit 2), and its message for an unknown name lists the models there are (exit 1).
    /// </summary>
    public static CliOption Model(string name, string description) => new(name, description) { ValueName = "FILE|NAME" };

    /// <summary>A quality mode.</summary>
    public static CliOption Mode(string name, string description, string? fallback = null) =>
        new(name, description)
        {
            ValueName = "MODE",
            Default = fallback,
            Check = v => QualityModes.TryParse(v, out _) ? null : $"must be a quality mode (native, quality, balanced, performance, ultra-performance); got '{v}'",
        };

    /// <summary>A size WxH.</summary>
    public static CliOption Size(string name, string description, string? fallback = null) =>
        new(name, description) { ValueName = "WxH", Default = fallback, Check = v => Size2D.TryParse(v, out _) ? null : $"must be a size WxH (e.g. 1280x720); got '{v}'" };

    /// <summary>The System.CommandLine option, with the checks as its validators.</summary>
    public Option ToOption()
    {
        if (IsFlag)
        {
            return new Option<bool>("--" + Name) { Description = Description, Arity = ArgumentArity.Zero };
        }

        var option = new Option<string>("--" + Name)
        {
            Description = Default is null ? Description : $"{Description} (default: {Default})",
            HelpName = ValueName,
            Required = Required,
        };
        if (Choices is { } choices)
        {
            option.CompletionSources.Add(choices.ToArray());
        }

        option.Validators.Add(result =>
        {
            string? value = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
            if (value is null)
            {
                return;
            }

            if (value.Length == 0)
            {
                // An empty value is always a slip (an unset shell variable).
                result.AddError($"--{Name} has an empty value.");
            }
            else if (Choices is { } allowed && !allowed.Contains(value, StringComparer.OrdinalIgnoreCase))
            {
                result.AddError($"--{Name} must be one of {string.Join(", ", allowed)}; got '{value}'.");
            }
            else if (Check?.Invoke(value) is string problem)
            {
                string message = $"--{Name} {problem.TrimEnd('.')}.";
                if (ChecksInput)
                {
                    InputErrors.Add(message);
                }

                result.AddError(message);
            }
        });
        return option;
    }
}

/// <summary>A positional argument: its help name (IN.png, OUT.safetensors) and how many values it takes (one by default).</summary>
internal sealed record CliArgument(string Name, string Description)
{
    public int Min { get; init; } = 1;

    public int Max { get; init; } = 1;
}

/// <summary>
/// A command as data: name, description, options, positionals, the code that runs it and any subcommands. The body
/// reads its values through <see cref="CommandLineArguments"/>, which by then holds only what the parser accepted.
/// </summary>
internal sealed record CliCommand(string Name, string Description)
{
    public IReadOnlyList<CliOption> Options { get; init; } = [];

    public IReadOnlyList<CliArgument> Arguments { get; init; } = [];

    public Func<CommandLineArguments, int>? Run { get; init; }

    public IReadOnlyList<CliCommand> Subcommands { get; init; } = [];

    /// <summary>
    /// Builds the System.CommandLine command. <paramref name="path"/>: the subcommand names from below the top-level
    /// command down to this one, which the body reads as its first positionals (<c>model new …</c> → "new").
    /// </summary>
    public Command Build(IReadOnlyList<string> path)
    {
        var command = new Command(Name, Description);
        var options = Options.Select(o => (Spec: o, Option: o.ToOption())).ToArray();
        foreach ((_, Option option) in options)
        {
            command.Options.Add(option);
        }

        // One value: a string argument; several: an array (System.CommandLine converts a string[] argument of arity 1
        // badly when a stray token is beside it).
        Argument[] arguments = [.. Arguments.Select(a => a.Max == 1
            ? (Argument)new Argument<string>(a.Name) { Description = a.Description, Arity = a.Min == 0 ? ArgumentArity.ZeroOrOne : ArgumentArity.ExactlyOne }
            : new Argument<string[]>(a.Name) { Description = a.Description, Arity = new ArgumentArity(a.Min, a.Max) })];
        foreach (Argument argument in arguments)
        {
            // An empty positional is always a slip (an unset shell variable), never a file name.
            argument.Validators.Add(result =>
            {
                if (result.Tokens.Any(t => t.Value.Length == 0))
                {
                    result.AddError($"The {argument.Name} argument is empty.");
                }
            });
            command.Arguments.Add(argument);
        }

        foreach (CliCommand sub in Subcommands)
        {
            command.Subcommands.Add(sub.Build([.. path, sub.Name]));
        }

        if (Run is { } run)
        {
            command.SetAction(result =>
            {
                var values = new Dictionary<string, string?>(StringComparer.Ordinal);
                foreach ((CliOption spec, Option option) in options)
                {
                    OptionResult? given = result.GetResult(option);
                    if (given is not null && !given.Implicit)
                    {
                        values[spec.Name] = spec.IsFlag ? null : given.Tokens[0].Value;
                    }
                }

                List<string> positionals = [.. path];
                foreach (Argument argument in arguments)
                {
                    if (argument is Argument<string> single && result.GetValue(single) is string value)
                    {
                        positionals.Add(value);
                    }
                    else if (argument is Argument<string[]> several)
                    {
                        positionals.AddRange(result.GetValue(several) ?? []);
                    }
                }

                return Program.RunBody(result, run, new CommandLineArguments(positionals, values, Program.CommandArguments));
            });
        }

        return command;
    }
}
