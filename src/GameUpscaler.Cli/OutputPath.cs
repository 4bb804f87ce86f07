namespace GameUpscaler.Cli;

/// <summary>
/// The checks every command makes on a file it is about to write, before any work: the format follows the
/// extension (one the command writes, else a usage error), and a command never replaces one of its own inputs unless
/// told to with <c>--overwrite</c> (a typo such as <c>upscale a.png a.png</c> must not destroy the user's file).
/// </summary>
internal static class OutputPath
{
    public const string OverwriteFlag = "overwrite";

    /// <summary>The output positional at <paramref name="index"/>, checked against <paramref name="extension"/> and the inputs.</summary>
    /// <param name="args">The command's arguments; <c>--overwrite</c> is read from them.</param>
    /// <param name="index">The positional index of the output.</param>
    /// <param name="what">What the output is, for messages ("the output image").</param>
    /// <param name="extension">The one extension written, with its dot, e.g. ".png".</param>
    /// <param name="inputs">The files the command reads; the output may not be one of them without --overwrite.</param>
    public static string Get(CommandLineArguments args, int index, string what, string extension, params string[] inputs) =>
        Check(args.Positional(index, what), what, extension, args.Has(OverwriteFlag), inputs);

    /// <summary>Checks an output path given some other way (an option's value).</summary>
    public static string Check(string output, string what, string extension, bool overwrite, params string[] inputs)
    {
        if (!output.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
        {
            string given = Path.GetExtension(output);
            throw new UsageException(
                $"{what} '{output}' must end in {extension}: that is the format written" +
                (given.Length == 0 ? " (it has no extension)." : $" ('{given}' would hold {extension[1..].ToUpperInvariant()} bytes under another name)."));
        }

        if (!overwrite)
        {
            foreach (string input in inputs)
            {
                if (IsSameFile(input, output))
                {
                    throw new UsageException(
                        $"{what} '{output}' is the input '{input}'; writing it would replace the input. Pass --{OverwriteFlag} to do that.");
                }
            }
        }

        return output;
    }

    /// <summary>Whether two paths name one file: the same full path once symbolic links are followed (hard links are not detected).</summary>
    private static bool IsSameFile(string a, string b)
    {
        string fullA = Resolve(a), fullB = Resolve(b);
        StringComparison comparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return string.Equals(fullA, fullB, comparison);
    }

    private static string Resolve(string path)
    {
        string full = Path.GetFullPath(path);
        try
        {
            FileSystemInfo? target = File.Exists(full) ? File.ResolveLinkTarget(full, returnFinalTarget: true) : null;
            return target?.FullName ?? full;
        }
        catch (IOException)
        {
            return full;
        }
    }
}
