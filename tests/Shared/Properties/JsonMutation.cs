using System.Text.Json.Nodes;

namespace GameUpscaler.Tests;

/// <summary>
/// One change to a JSON document's structure, for parsers whose input is JSON (<c>capture.json</c>, a safetensors
/// header): a value replaced by another JSON text, removed, or repeated. Byte mutations mostly break the syntax;
/// these keep it valid, so that the damage reaches the checks of keys, types and ranges.
/// </summary>
/// <param name="What">The kind of change.</param>
/// <param name="Node">Which value, counted in document order without the root (wrapped at their count).</param>
/// <param name="Text">The JSON text of the replacement.</param>
internal sealed record JsonMutation(JsonMutation.Kind What, int Node, string Text)
{
    internal enum Kind
    {
        Replace,
        Remove,
        Repeat,
    }

    /// <summary>Replacement values: the formats' own words and numbers on the edges of their ranges.</summary>
    public static readonly string[] Texts =
    [
        "null", "true", "false", "0", "-0", "1", "-1", "2", "3", "4", "255", "256", "16384", "16385", "0.5", "-0.5",
        "0.49999997", "1.5", "1e308", "-1e308", "1e400", "1e-400", "2147483647", "2147483648", "-2147483649",
        "4294967296", "9007199254740993", "9223372036854775807", "18446744073709551615", "18446744073709551616",
        "\"\"", "\"1\"", "\"0\"", "\"-1\"", "\"F32\"", "\"F16\"", "\"BF16\"", "\"F64\"", "\"I64\"", "\"U8\"", "\"srvgg\"",
        "\"srvgg_temporal\"", "\"gameupscaler-generator\"", "\"prelu\"", "\"nearest\"", "\"history\"",
        "\"gameupscaler-capture\"", "\"linear_view_z\"", "\"none\"", "\"render_pixels_previous_minus_current\"",
        "\"\\u0000\"", "\"\\ud800\"", "\"\\u00e9\\u6f22\"", "[]", "{}", "[0]", "[1]", "[0, 0]", "[1, 1]", "[0, 1]",
        "[16384, 16384]", "[16385, 1]", "[-1, 2]", "[2147483647, 2147483647]", "[0.5, 0.5]", "[1, 2, 3]", "[[]]",
        "[\"a\"]", "[null, null]", "{\"a\": 1}", "{\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]}",
    ];

    /// <summary>The changed document as UTF-8.</summary>
    public static byte[] Apply(ReadOnlySpan<byte> json, IEnumerable<JsonMutation> mutations)
    {
        // Replacements go in as placeholders and their text is put in after writing: System.Text.Json would neither
        // write nor keep an escaped lone surrogate ("\ud800"), which is exactly the kind of value to feed a parser.
        JsonNode root = JsonNode.Parse(json) ?? throw new ArgumentException("The document is null.", nameof(json));
        var texts = new List<string>();
        foreach (JsonMutation mutation in mutations)
        {
            mutation.ApplyTo(root, Placeholder(texts.Count));
            texts.Add(mutation.Text);
        }

        string written = root.ToJsonString();
        for (int i = 0; i < texts.Count; i++)
        {
            written = written.Replace($"\"{Placeholder(i)}\"", texts[i], StringComparison.Ordinal);
        }

        return System.Text.Encoding.UTF8.GetBytes(written);
    }

    private static string Placeholder(int index) => $"@@json-mutation-{index}@@";

    /// <summary>Changes <paramref name="root"/> in place; a replacement is written as the string <paramref name="placeholder"/>.</summary>
    private void ApplyTo(JsonNode root, string placeholder)
    {
        List<(JsonNode Parent, string? Key, int Index)> places = [];
        Collect(root, places);
        if (places.Count == 0)
        {
            return;
        }

        (JsonNode parent, string? key, int index) = places[Node % places.Count];
        JsonNode replacement = JsonValue.Create(placeholder);
        if (parent is JsonObject obj)
        {
            switch (What)
            {
                case Kind.Remove:
                    obj.Remove(key!);
                    break;
                case Kind.Repeat:
                    // An object cannot hold a key twice; a new key with the value's copy.
                    obj[key + "_"] = obj[key!]?.DeepClone();
                    break;
                default:
                    obj[key!] = replacement;
                    break;
            }
        }
        else if (parent is JsonArray array)
        {
            switch (What)
            {
                case Kind.Remove:
                    array.RemoveAt(index);
                    break;
                case Kind.Repeat:
                    array.Insert(index, array[index]?.DeepClone());
                    break;
                default:
                    array[index] = replacement;
                    break;
            }
        }
    }

    /// <inheritdoc />
    public override string ToString() => What switch
    {
        Kind.Replace => $"value {Node} = {Text}",
        Kind.Remove => $"remove value {Node}",
        _ => $"repeat value {Node}",
    };

    private static void Collect(JsonNode node, List<(JsonNode Parent, string? Key, int Index)> places)
    {
        if (node is JsonObject obj)
        {
            foreach ((string key, JsonNode? child) in obj.ToList())
            {
                places.Add((obj, key, -1));
                if (child is not null)
                {
                    Collect(child, places);
                }
            }
        }
        else if (node is JsonArray array)
        {
            for (int i = 0; i < array.Count; i++)
            {
                places.Add((array, null, i));
                if (array[i] is { } child)
                {
                    Collect(child, places);
                }
            }
        }
    }
}
