using System.Globalization;

namespace GameUpscaler.Models.Ncnn;

/// <summary>
/// Parses ncnn's text <c>.param</c> format: the magic number 7767517, a line with the layer and blob counts, then
/// one line per layer, <c>Type Name inputCount outputCount inputs… outputs… key=value…</c>. Counts are checked
/// against the lines and blobs actually present, so a truncated or hand-edited file is caught here.
/// </summary>
internal static class NcnnParamFile
{
    /// <summary>The first line of every text .param file.</summary>
    public const string Magic = "7767517";

    /// <summary>Reads the layers of a .param text.</summary>
    /// <param name="text">The file content.</param>
    /// <param name="fileName">The file name for error messages.</param>
    /// <exception cref="ModelFormatException">The text is not a well-formed .param file.</exception>
    public static IReadOnlyList<NcnnLayer> Parse(string text, string fileName)
    {
        ArgumentNullException.ThrowIfNull(text);
        string[] lines = text.Split('\n');
        int index = 0;
        string? NextLine(out int lineNumber)
        {
            while (index < lines.Length)
            {
                string line = lines[index++].Trim();
                if (line.Length > 0)
                {
                    lineNumber = index;
                    return line;
                }
            }

            lineNumber = index;
            return null;
        }

        string? magic = NextLine(out _);
        if (magic != Magic)
        {
            throw new ModelFormatException(fileName, magic is null
                ? "the file is empty; an ncnn .param file starts with the magic number 7767517"
                : $"the first line is '{Shorten(magic)}', not the ncnn magic number 7767517 (is this a binary .param.bin or another format?)");
        }

        string? countsLine = NextLine(out int countsLineNumber);
        string[] counts = countsLine?.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries) ?? [];
        if (counts.Length != 2 || !TryParseCount(counts[0], out int layerCount) || !TryParseCount(counts[1], out int blobCount))
        {
            throw new ModelFormatException(fileName, $"line {countsLineNumber} must hold the layer and blob counts, e.g. '40 41'; it is '{Shorten(countsLine ?? string.Empty)}'");
        }

        var layers = new List<NcnnLayer>(Math.Min(layerCount, 4096));
        var blobs = new HashSet<string>(StringComparer.Ordinal);
        for (string? line = NextLine(out int lineNumber); line is not null; line = NextLine(out lineNumber))
        {
            NcnnLayer layer = ParseLayer(line, lineNumber, fileName);
            if (layers.Count == layerCount)
            {
                throw new ModelFormatException(fileName, $"line {lineNumber} holds layer {layers.Count + 1}, but line {countsLineNumber} declares {layerCount} layers");
            }

            layers.Add(layer);
            blobs.UnionWith(layer.Inputs);
            blobs.UnionWith(layer.Outputs);
        }

        if (layers.Count != layerCount)
        {
            throw new ModelFormatException(fileName, $"line {countsLineNumber} declares {layerCount} layers, but the file holds {layers.Count} (truncated?)");
        }

        if (blobs.Count != blobCount)
        {
            throw new ModelFormatException(fileName, $"line {countsLineNumber} declares {blobCount} blobs, but the layers name {blobs.Count}");
        }

        return layers;
    }

    private static NcnnLayer ParseLayer(string line, int lineNumber, string fileName)
    {
        string[] fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 4 || !TryParseCount(fields[2], out int inputCount) || !TryParseCount(fields[3], out int outputCount))
        {
            throw new ModelFormatException(fileName, $"line {lineNumber} is not a layer line 'Type Name inputCount outputCount inputs… outputs… key=value…': '{Shorten(line)}'");
        }

        int blobEnd = 4 + inputCount + outputCount;
        if (fields.Length < blobEnd)
        {
            throw new ModelFormatException(fileName, $"line {lineNumber} (layer '{fields[1]}') names {fields.Length - 4} blobs, but declares {inputCount} inputs and {outputCount} outputs");
        }

        var parameters = new Dictionary<int, string>();
        for (int i = blobEnd; i < fields.Length; i++)
        {
            string field = fields[i];
            int equals = field.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || !int.TryParse(field.AsSpan(0, equals), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int key))
            {
                throw new ModelFormatException(fileName, $"line {lineNumber} (layer '{fields[1]}'): '{Shorten(field)}' is not a parameter 'key=value' (a blob count may be wrong)");
            }

            if (!parameters.TryAdd(key, field[(equals + 1)..]))
            {
                throw new ModelFormatException(fileName, $"line {lineNumber} (layer '{fields[1]}') gives parameter {key} twice");
            }
        }

        return new NcnnLayer(
            lineNumber,
            fields[0],
            fields[1],
            fields[4..(4 + inputCount)],
            fields[(4 + inputCount)..blobEnd],
            parameters);
    }

    private static bool TryParseCount(string text, out int value) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value < 1_000_000;

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
