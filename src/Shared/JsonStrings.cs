using System.Text.Json;

namespace GameUpscaler.Json;

/// <summary>
/// Reading every string of a parsed JSON document once, for the readers that must turn a damaged file into their own
/// format error (the safetensors header in the plugin core, the capture manifest in the tools). Compiled into both
/// assemblies as a linked source file, so that neither exposes it as API.
/// </summary>
internal static class JsonStrings
{
    /// <summary>
    /// Reads every key and string under <paramref name="element"/>. Valid UTF-8 can still escape a lone surrogate
    /// (<c>"\ud800"</c>), which System.Text.Json refuses only when that string is read; reading them all up front lets
    /// the caller report it as a format error before anything else looks at the document.
    /// </summary>
    /// <exception cref="InvalidOperationException">A key or string is not valid UTF-16.</exception>
    public static void ReadAll(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (JsonProperty property in element.EnumerateObject())
                {
                    _ = property.Name;
                    ReadAll(property.Value);
                }

                break;
            case JsonValueKind.Array:
                foreach (JsonElement item in element.EnumerateArray())
                {
                    ReadAll(item);
                }

                break;
            case JsonValueKind.String:
                _ = element.GetString();
                break;
        }
    }
}
