namespace GameUpscaler.Cli;

using System.Globalization;

/// <summary>
/// What System.CommandLine accepted for a command (<see cref="CliCommand"/>), read by the command's body with typed
/// accessors: options by name (flags with a null value), positionals after any subcommand names. The parser already
/// refused unknown options and checked each value against its definition; the accessors keep the bodies' own range
/// checks, and <see cref="EnsureAllUsed"/> refuses an option that does not apply to the use the body made of it.
/// </summary>
internal sealed class CommandLineArguments
{
    private readonly Dictionary<string, string?> _options;
    private readonly HashSet<string> _consumed = new(StringComparer.Ordinal);

    /// <summary>The accepted values.</summary>
    public CommandLineArguments(List<string> positionals, Dictionary<string, string?> options, IReadOnlyList<string> raw)
    {
        Positionals = positionals;
        Raw = raw;
        _options = options;
    }

    public IReadOnlyList<string> Positionals { get; }

    /// <summary>The arguments as given (after the command name), for reports that record their command line.</summary>
    public IReadOnlyList<string> Raw { get; }

    public bool Has(string name)
    {
        _consumed.Add(name);
        return _options.ContainsKey(name);
    }

    public string? Get(string name)
    {
        _consumed.Add(name);
        return _options.TryGetValue(name, out string? value) ? value : null;
    }

    public string GetOrDefault(string name, string fallback) => Get(name) ?? fallback;

    public int GetInt(string name, int fallback, int min, int max)
    {
        string? text = Get(name);
        if (text is null)
        {
            return fallback;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) || value < min || value > max)
        {
            throw new UsageException($"--{name} must be an integer from {min} to {max}; got '{text}'.");
        }

        return value;
    }

    /// <summary>The required integer <c>--scale</c> of the evaluation commands (2, 3 or 4).</summary>
    public int GetScale()
    {
        int scale = GetInt("scale", 0, 2, 4);
        return scale != 0 ? scale : throw new UsageException("Missing --scale (2, 3 or 4).");
    }

    /// <summary>A pixel budget option such as <c>--max-pixels</c>: a whole number of pixels, or <c>WxH</c>.</summary>
    public long GetPixelCount(string name, long fallback)
    {
        string? text = Get(name);
        if (text is null)
        {
            return fallback;
        }

        // A size goes through the one size parser; a bare count is a positive whole number.
        if (Size2D.TryParse(text, out Size2D size))
        {
            return size.Area;
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long count) && count >= 1
            ? count
            : throw new UsageException($"--{name} must be a pixel count (e.g. 67108864) or a size WxH (e.g. 8192x8192); got '{text}'.");
    }

    public double GetDouble(string name, double fallback, double min, double max)
    {
        string? text = Get(name);
        if (text is null)
        {
            return fallback;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !(value >= min && value <= max))
        {
            throw new UsageException($"--{name} must be a number from {min} to {max}; got '{text}'.");
        }

        return value;
    }

    /// <summary>The positional argument at <paramref name="index"/>, or a usage error naming what is missing.</summary>
    public string Positional(int index, string what) =>
        index >= Positionals.Count ? throw new UsageException($"Missing {what}.")
        : Positionals[index].Length == 0 ? throw new UsageException($"The {what} is empty.")
        : Positionals[index];

    /// <summary>Fails on options no command asked for and on surplus positionals.</summary>
    public void EnsureAllUsed(int positionalCount)
    {
        string[] unknown = _options.Keys.Where(k => !_consumed.Contains(k)).ToArray();
        if (unknown.Length > 0)
        {
            // Parsed by the command's definition, every option is one the command has; unread, it does not apply to
            // this use of it (e.g. --device without --backend vulkan).
            throw new UsageException($"{string.Join(", ", unknown.Select(u => "--" + u))} {(unknown.Length > 1 ? "do" : "does")} not apply here.");
        }

        if (Positionals.Count > positionalCount)
        {
            throw new UsageException($"Unexpected argument '{Positionals[positionalCount]}'.");
        }
    }
}
