using System.Globalization;
using System.Text.Json;
using GameUpscaler.Json;

namespace GameUpscaler.Capture;

/// <summary>One frame's entry in <c>capture.json</c>.</summary>
/// <param name="JitterX">The sub-pixel offset of the colour samples in render pixels, x to the right, in [−0.5, 0.5).</param>
/// <param name="JitterY">The same, y downward.</param>
/// <param name="Reset">History must not be used (first frame, camera cut).</param>
public readonly record struct CaptureFrameInfo(float JitterX, float JitterY, bool Reset);

/// <summary>
/// <c>capture.json</c> of a frame capture (version 1, <c>../shared/docs/CAPTURE.md</c>): sizes, conventions and the
/// per-frame jitter and reset flags. Unknown keys are ignored; a missing required key or a value out of range is an
/// error naming the file and the key.
/// </summary>
/// <param name="RenderSize">The size of colour, motion and depth.</param>
/// <param name="DisplaySize">The size of the references and of an upscaler's output.</param>
/// <param name="HasDepth">Whether <c>depth/</c> holds linear view-z maps (<c>"linear_view_z"</c>), else <c>"none"</c>.</param>
/// <param name="Frames">Per frame, in order.</param>
public sealed record CaptureManifest(Size2D RenderSize, Size2D DisplaySize, bool HasDepth, IReadOnlyList<CaptureFrameInfo> Frames)
{
    /// <summary>The <c>format</c> value.</summary>
    public const string FormatName = "gameupscaler-capture";

    /// <summary>The only version defined.</summary>
    public const int Version = 1;

    /// <summary>The only motion-vector convention defined.</summary>
    public const string MotionConvention = "render_pixels_previous_minus_current";

    /// <summary>Parses <c>capture.json</c> bytes; <paramref name="name"/> names the file in errors.</summary>
    /// <exception cref="CaptureFormatException">Not UTF-8 JSON, a wrong format or version, a missing or invalid key.</exception>
    public static CaptureManifest Parse(ReadOnlySpan<byte> json, string name)
    {
        // The JSON reader checks a string's UTF-8 (and its escapes) only when the string is read, and then throws
        // InvalidOperationException: both are checked here first, so that any damage is a format error naming the file.
        if (!System.Text.Unicode.Utf8.IsValid(json))
        {
            throw new CaptureFormatException(name, "is not valid UTF-8");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { AllowTrailingCommas = false, MaxDepth = 16 });
        }
        catch (JsonException e)
        {
            throw new CaptureFormatException(name, $"is not valid JSON: {e.Message}", e);
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new CaptureFormatException(name, "must hold a JSON object");
            }

            CheckStrings(root, name);

            string format = String(root, "format", name);
            if (format != FormatName)
            {
                throw new CaptureFormatException(name, $"\"format\" is \"{format}\", expected \"{FormatName}\"");
            }

            int version = Integer(Required(root, "version", name), "version", name);
            if (version != Version)
            {
                throw new CaptureFormatException(name, $"\"version\" is {version}; this reader knows version {Version}");
            }

            Size2D render = SizeOf(root, "render_size", name);
            Size2D display = SizeOf(root, "display_size", name);
            if (display.Width < render.Width || display.Height < render.Height)
            {
                throw new CaptureFormatException(name, $"\"display_size\" {display} is smaller than \"render_size\" {render}");
            }

            string motion = String(root, "motion_vectors", name);
            if (motion != MotionConvention)
            {
                throw new CaptureFormatException(name, $"\"motion_vectors\" is \"{motion}\"; the format defines \"{MotionConvention}\"");
            }

            string depth = String(root, "depth", name);
            if (depth is not ("linear_view_z" or "none"))
            {
                throw new CaptureFormatException(name, $"\"depth\" is \"{depth}\", expected \"linear_view_z\" or \"none\"");
            }

            JsonElement frames = Required(root, "frames", name);
            if (frames.ValueKind != JsonValueKind.Array || frames.GetArrayLength() == 0)
            {
                throw new CaptureFormatException(name, "\"frames\" must be a non-empty array");
            }

            var list = new List<CaptureFrameInfo>(frames.GetArrayLength());
            foreach (JsonElement frame in frames.EnumerateArray())
            {
                string where = $"frames[{list.Count}]";
                if (frame.ValueKind != JsonValueKind.Object)
                {
                    throw new CaptureFormatException(name, $"{where} must be an object");
                }

                JsonElement jitter = Required(frame, "jitter", name, where);
                if (jitter.ValueKind != JsonValueKind.Array || jitter.GetArrayLength() != 2)
                {
                    throw new CaptureFormatException(name, $"{where}.jitter must be [x, y]");
                }

                float jx = Jitter(jitter[0], $"{where}.jitter[0]", name), jy = Jitter(jitter[1], $"{where}.jitter[1]", name);
                JsonElement reset = Required(frame, "reset", name, where);
                if (reset.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    throw new CaptureFormatException(name, $"{where}.reset must be true or false");
                }

                list.Add(new CaptureFrameInfo(jx, jy, reset.GetBoolean()));
            }

            if (!list[0].Reset)
            {
                // The first frame has no history by definition; a capture that says otherwise is read as a reset.
                list[0] = list[0] with { Reset = true };
            }

            return new CaptureManifest(render, display, depth == "linear_view_z", list);
        }
    }

    /// <summary>The manifest as <c>capture.json</c> (UTF-8, indented, one frame per line).</summary>
    public byte[] ToJson()
    {
        var c = CultureInfo.InvariantCulture;
        var text = new System.Text.StringBuilder();
        text.Append(c, $"{{\n  \"format\": \"{FormatName}\",\n  \"version\": {Version},\n");
        text.Append(c, $"  \"render_size\": [{RenderSize.Width}, {RenderSize.Height}],\n  \"display_size\": [{DisplaySize.Width}, {DisplaySize.Height}],\n");
        text.Append(c, $"  \"motion_vectors\": \"{MotionConvention}\",\n  \"depth\": \"{(HasDepth ? "linear_view_z" : "none")}\",\n  \"frames\": [\n");
        for (int i = 0; i < Frames.Count; i++)
        {
            CaptureFrameInfo f = Frames[i];
            text.Append(c, $"    {{ \"jitter\": [{f.JitterX:R}, {f.JitterY:R}], \"reset\": {(f.Reset ? "true" : "false")} }}{(i + 1 < Frames.Count ? "," : "")}\n");
        }

        text.Append("  ]\n}\n");
        return System.Text.Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>Reads every key and string once: an escaped lone surrogate (<c>"\ud800"</c>) is refused here, not deep in the walk.</summary>
    private static void CheckStrings(JsonElement element, string name)
    {
        try
        {
            JsonStrings.ReadAll(element);
        }
        catch (InvalidOperationException e)
        {
            throw new CaptureFormatException(name, "holds a key or string that is not valid UTF-16 (an escaped lone surrogate)", e);
        }
    }

    private static JsonElement Required(JsonElement parent, string key, string name, string? where = null) =>
        parent.TryGetProperty(key, out JsonElement value)
            ? value
            : throw new CaptureFormatException(name, $"the required key \"{(where is null ? key : $"{where}.{key}")}\" is missing");

    private static string String(JsonElement root, string key, string name)
    {
        JsonElement value = Required(root, key, name);
        return value.ValueKind == JsonValueKind.String ? value.GetString()! : throw new CaptureFormatException(name, $"\"{key}\" must be a string");
    }

    private static int Integer(JsonElement value, string key, string name) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int result)
            ? result
            : throw new CaptureFormatException(name, $"\"{key}\" must be an integer");

    private static Size2D SizeOf(JsonElement root, string key, string name)
    {
        JsonElement value = Required(root, key, name);
        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() != 2)
        {
            throw new CaptureFormatException(name, $"\"{key}\" must be [width, height]");
        }

        int width = Integer(value[0], key, name), height = Integer(value[1], key, name);
        if (width < 1 || height < 1 || width > 16384 || height > 16384)
        {
            throw new CaptureFormatException(name, $"\"{key}\" [{width}, {height}] is out of range (1 to 16384)");
        }

        return new Size2D(width, height);
    }

    private static float Jitter(JsonElement value, string key, string name)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out double jitter) || !double.IsFinite(jitter))
        {
            throw new CaptureFormatException(name, $"{key} must be a number");
        }

        // The spec says [-0.5, 0.5); a writer rounding 0.4999… up to 0.5 is accepted, anything further is not a sub-pixel offset.
        if (jitter < -0.5 || jitter > 0.5)
        {
            throw new CaptureFormatException(name, $"{key} is {jitter.ToString(CultureInfo.InvariantCulture)}, outside [-0.5, 0.5)");
        }

        return (float)jitter;
    }
}
