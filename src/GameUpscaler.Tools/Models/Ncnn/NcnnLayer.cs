using System.Globalization;

namespace GameUpscaler.Models.Ncnn;

/// <summary>One layer line of an ncnn <c>.param</c> file: type, name, input and output blobs, and its <c>key=value</c> parameters.</summary>
internal sealed record NcnnLayer(
    int LineNumber,
    string Type,
    string Name,
    IReadOnlyList<string> Inputs,
    IReadOnlyList<string> Outputs,
    IReadOnlyDictionary<int, string> Parameters)
{
    /// <summary>An integer parameter, or <paramref name="fallback"/> when absent (ncnn's defaults).</summary>
    /// <exception cref="FormatException">The value is not an integer.</exception>
    public int GetInt(int key, int fallback)
    {
        if (!Parameters.TryGetValue(key, out string? text))
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value)
            ? value
            : throw new FormatException($"parameter {key}={text} of layer '{Name}' is not an integer");
    }

    /// <summary>A float parameter, or <paramref name="fallback"/> when absent.</summary>
    /// <exception cref="FormatException">The value is not a number.</exception>
    public float GetFloat(int key, float fallback)
    {
        if (!Parameters.TryGetValue(key, out string? text))
        {
            return fallback;
        }

        return float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out float value)
            ? value
            : throw new FormatException($"parameter {key}={text} of layer '{Name}' is not a number");
    }

    /// <summary>How the layer reads in messages: <c>Convolution 'Conv_0' (line 4)</c>.</summary>
    public string Describe() => string.Create(CultureInfo.InvariantCulture, $"{Type} '{Name}' (line {LineNumber})");
}
