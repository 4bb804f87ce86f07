namespace GameUpscaler.Cli;

/// <summary>
/// <c>gameupscaler completion bash|zsh</c>: a script that asks the program itself what may come next, through
/// System.CommandLine's <c>[suggest:POSITION]</c> directive (commands, options, the values of choice options), so the
/// completions always match the definitions.
/// </summary>
internal static class CompletionCommand
{
    // The program is called by the name the user typed (the line's first word), so an alias-free wrapper script or a
    // symlink named anything completes the same way.
    private const string Bash = """
        _gameupscaler_complete() {
            local program="${COMP_WORDS[0]}"
            local line="${COMP_LINE#"$program"}"
            line="${line# }"
            local position=$(( COMP_POINT - ${#COMP_LINE} + ${#line} ))
            local IFS=$'\n'
            COMPREPLY=( $(compgen -W "$("$program" "[suggest:${position}]" "${line}" 2>/dev/null)" -- "${COMP_WORDS[COMP_CWORD]}") )
        }
        complete -o default -F _gameupscaler_complete gameupscaler
        """;

    private const string Zsh = """
        _gameupscaler_complete() {
            local line="${BUFFER#${words[1]} }"
            local -a items
            items=("${(@f)$(${words[1]} "[suggest:$(( CURSOR - ${#BUFFER} + ${#line} ))]" "$line" 2>/dev/null)}")
            compadd -a items
        }
        compdef _gameupscaler_complete gameupscaler
        """;

    public static int Run(CommandLineArguments args)
    {
        string shell = args.Positional(0, "the shell (bash or zsh)");
        args.EnsureAllUsed(1);
        Console.WriteLine(shell switch
        {
            "bash" => Bash,
            "zsh" => Zsh,
            _ => throw new UsageException($"No completion script for '{shell}': bash or zsh."),
        });
        return Program.ExitSuccess;
    }
}
