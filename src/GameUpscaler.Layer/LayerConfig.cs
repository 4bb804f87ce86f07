using System.Globalization;

namespace GameUpscaler.Layer;

/// <summary>
/// What the player configured, vkBasalt-style: a plain <c>key = value</c> file with <c>[executable]</c> sections that
/// override the top for one game, and environment variables that override both. The file is
/// <c>$GAMEUPSCALER_CONFIG</c>, else <c>$XDG_CONFIG_HOME/gameupscaler/gameupscaler.conf</c> (default
/// <c>~/.config/…</c>). Keys: <c>enabled</c> (true/false), <c>mode</c> (quality, balanced, performance,
/// ultra-performance; native-aa), <c>model</c> (a shipped name or a file; <c>none</c> for the spatial upscaler),
/// <c>sharpness</c> (0–1), <c>toggle_key</c> (an X11 key name, default Home). A bad line is reported and skipped,
/// never fatal: the game must start whatever the file says.
/// </summary>
internal sealed record LayerConfig
{
    public const string DefaultModel = "x2-c16-n4-l1";

    public bool Enabled { get; init; } = true;

    public QualityMode Mode { get; init; } = QualityMode.Performance;

    /// <summary>A model name or path; null for the spatial upscaler.</summary>
    public string? Model { get; init; } = DefaultModel;

    public float Sharpness { get; init; } = UpscalerDispatchDescription.DefaultSharpness;

    public string ToggleKey { get; init; } = "Home";

    /// <summary>Where the settings came from, for the log.</summary>
    public string Source { get; init; } = "defaults";

    /// <summary>Reads the file (if any) for <paramref name="executable"/>, then the environment; <paramref name="problems"/> gets every line that was skipped.</summary>
    public static LayerConfig Load(string executable, Func<string, string?> environment, List<string> problems)
    {
        var config = new LayerConfig();
        string? path = environment("GAMEUPSCALER_CONFIG");
        if (path is null)
        {
            string? home = environment("XDG_CONFIG_HOME") ?? (environment("HOME") is string h ? Path.Combine(h, ".config") : null);
            path = home is null ? null : Path.Combine(home, "gameupscaler", "gameupscaler.conf");
        }

        if (path is not null && File.Exists(path))
        {
            try
            {
                config = Parse(File.ReadAllLines(path), executable, path, problems) with { Source = path };
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problems.Add($"{path}: cannot be read ({e.Message}); using the defaults");
            }
        }
        else if (environment("GAMEUPSCALER_CONFIG") is string missing)
        {
            problems.Add($"GAMEUPSCALER_CONFIG names {missing}, which does not exist; using the defaults");
        }

        foreach ((string key, string variable) in new[] { ("enabled", "GAMEUPSCALER_ENABLED"), ("mode", "GAMEUPSCALER_MODE"), ("model", "GAMEUPSCALER_MODEL"), ("sharpness", "GAMEUPSCALER_SHARPNESS"), ("toggle_key", "GAMEUPSCALER_TOGGLE_KEY") })
        {
            if (environment(variable) is string value)
            {
                config = Apply(config, key, value, variable, problems) with { Source = config.Source + $", {variable}" };
            }
        }

        return config;
    }

    /// <summary>The settings of a file's lines for <paramref name="executable"/>: the top part, then its own section.</summary>
    public static LayerConfig Parse(IEnumerable<string> lines, string executable, string name, List<string> problems)
    {
        var config = new LayerConfig();
        string? section = null;
        int number = 0;
        foreach (string raw in lines)
        {
            number++;
            string line = raw.Split('#', 2)[0].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith('[') && line.EndsWith(']'))
            {
                section = line[1..^1].Trim();
                continue;
            }

            int equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                problems.Add($"{name}:{number}: '{raw.Trim()}' is not 'key = value'; skipped");
                continue;
            }

            if (section is not null && !string.Equals(section, executable, StringComparison.Ordinal))
            {
                continue;
            }

            config = Apply(config, line[..equals].Trim().ToLowerInvariant(), line[(equals + 1)..].Trim(), $"{name}:{number}", problems);
        }

        return config;
    }

    private static LayerConfig Apply(LayerConfig config, string key, string value, string where, List<string> problems)
    {
        switch (key)
        {
            case "enabled" when bool.TryParse(value, out bool enabled) || TryParseSwitch(value, out enabled):
                return config with { Enabled = enabled };
            case "mode" when QualityModes.TryParse(value, out QualityMode mode) && mode != QualityMode.Custom:
                return config with { Mode = mode };
            case "model":
                return config with { Model = value.Length == 0 || value.Equals("none", StringComparison.OrdinalIgnoreCase) ? null : value };
            case "sharpness" when float.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out float sharpness) && sharpness is >= 0 and <= 1:
                return config with { Sharpness = sharpness };
            case "toggle_key" when value.Length > 0:
                return config with { ToggleKey = value };
            default:
                problems.Add($"{where}: {key} = {value} is not a valid setting (enabled true/false, mode quality|balanced|performance|ultra-performance|native-aa, model NAME|FILE|none, sharpness 0-1, toggle_key NAME); skipped");
                return config;
        }
    }

    private static bool TryParseSwitch(string value, out bool enabled)
    {
        enabled = value is "1" or "on" or "yes";
        return value is "1" or "0" or "on" or "off" or "yes" or "no";
    }
}
