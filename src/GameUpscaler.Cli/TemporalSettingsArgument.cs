namespace GameUpscaler.Cli;

using System.Globalization;
using GameUpscaler.Temporal;

/// <summary>
/// <c>--settings NAME=VALUE[,NAME=VALUE…]</c>: the accumulation's tuning (<see cref="TemporalUpscalerSettings"/>) for
/// one replay, so that a setting can be tried on a capture without a build. Names are the settings' own in kebab case.
/// </summary>
internal static class TemporalSettingsArgument
{
    private static readonly Dictionary<string, Func<TemporalUpscalerSettings, float, TemporalUpscalerSettings>> Setters = new(StringComparer.OrdinalIgnoreCase)
    {
        ["kernel-sigma"] = (s, v) => s with { KernelSigma = v },
        ["max-history-weight"] = (s, v) => s with { MaxHistoryWeight = v },
        ["moving-history-weight"] = (s, v) => s with { MovingHistoryWeight = v },
        ["spatial-fallback-weight"] = (s, v) => s with { SpatialFallbackWeight = v },
        ["clip-gamma"] = (s, v) => s with { ClipGamma = v },
        ["static-clip-gamma"] = (s, v) => s with { StaticClipGamma = v },
        ["disocclusion-depth-tolerance"] = (s, v) => s with { DisocclusionDepthTolerance = v },
        ["output-blend"] = (s, v) => s with { OutputBlend = v },
    };

    /// <summary>The names accepted, for help and errors.</summary>
    public static string Names => string.Join(", ", Setters.Keys);

    /// <summary>The defaults with the given settings changed; null when <paramref name="text"/> is null.</summary>
    /// <exception cref="UsageException">An unknown name, a value that is not a number, or one out of range.</exception>
    public static TemporalUpscalerSettings? Parse(string? text)
    {
        if (text is null)
        {
            return null;
        }

        TemporalUpscalerSettings settings = TemporalUpscalerSettings.Default;
        foreach (string pair in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int equals = pair.IndexOf('=', StringComparison.Ordinal);
            string name = equals < 0 ? pair : pair[..equals];
            if (!Setters.TryGetValue(name, out var set))
            {
                throw new UsageException($"--settings: unknown setting '{name}'; the settings are {Names}.");
            }

            if (equals < 0 || !float.TryParse(pair[(equals + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out float value))
            {
                throw new UsageException($"--settings: give {name}=NUMBER; got '{pair}'.");
            }

            settings = set(settings, value);
        }

        try
        {
            settings.Validate();
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new UsageException($"--settings: {e.ParamName} {e.ActualValue} is out of range ({e.Message.Split(" (Parameter")[0]})");
        }

        return settings;
    }
}
