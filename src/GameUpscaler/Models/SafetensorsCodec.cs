using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Unicode;
using GameUpscaler.Json;

namespace GameUpscaler.Models;

/// <summary>
/// Reads and writes generator weights as safetensors: an 8-byte little-endian header length, a UTF-8 JSON header
/// (tensor name → dtype, shape, data_offsets; <c>__metadata__</c> holds the architecture), then the raw
/// little-endian tensor bytes, with no holes. Everything is validated before a single weight is used.
/// </summary>
/// <remarks>
/// The container part (<c>ReadTensors</c>, <see cref="WriteTensors"/>) knows nothing about generators: other
/// model kinds (the diffusion denoiser of the training assembly) pass their own metadata and tensor list.
/// </remarks>
internal static class SafetensorsCodec
{
    /// <summary>Headers beyond this size are not generator headers (and would be a denial of service).</summary>
    public const long MaxHeaderBytes = 100L * 1024 * 1024;

    public const string FormatValue = "gameupscaler-generator";
    public const string ArchValue = "srvgg";
    public const string TemporalArchValue = "srvgg_temporal";
    public const string UNetArchValue = "unet2";
    public const string ActivationValue = "prelu";
    public const string SkipValue = "nearest";
    public const string TemporalSkipValue = "history";
    public const string VersionValue = "1";

    private const string MetadataKey = "__metadata__";

    /// <summary>Metadata keys that describe the architecture; written from it, never from free-form metadata.</summary>
    public static readonly IReadOnlySet<string> ReservedMetadataKeys = new HashSet<string>(StringComparer.Ordinal)
    {
        "format", "arch", "scale", "channels", "body_convs", "activation", "skip", "version",
    };

    public static GeneratorWeights Read(ReadOnlySpan<byte> file, string? fileName, string sha256)
    {
        GeneratorArchitecture? architecture = null;
        (Dictionary<string, string> metadata, Dictionary<string, float[]> tensors) = ReadTensors(
            file,
            fileName,
            $"a generator file records its architecture there (format \"{FormatValue}\")",
            metadata =>
            {
                architecture = ReadArchitecture(metadata, fileName);
                return (architecture.GetTensorSpecs(), $"{architecture} generator");
            });
        var extra = metadata.Where(kv => !ReservedMetadataKeys.Contains(kv.Key))
            .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        return new GeneratorWeights(architecture!, tensors, extra) { Sha256 = sha256 };
    }

    /// <summary>
    /// Reads and validates a safetensors file of any model kind: <paramref name="layout"/> reads the metadata (throwing
    /// <see cref="ModelFormatException"/> when it describes no model of the kind) and returns the tensors it implies
    /// and a description for messages ("srvgg x2 C16 N4 generator"); every tensor must match them exactly.
    /// </summary>
    /// <param name="file">The file's bytes.</param>
    /// <param name="fileName">The name that error messages start with.</param>
    /// <param name="missingMetadataHint">Completes the message for a file without <c>__metadata__</c>.</param>
    /// <param name="layout">Metadata → expected tensors and a description of the model.</param>
    public static (Dictionary<string, string> Metadata, Dictionary<string, float[]> Tensors) ReadTensors(
        ReadOnlySpan<byte> file,
        string? fileName,
        string missingMetadataHint,
        Func<Dictionary<string, string>, (IReadOnlyList<TensorSpec> Specs, string Description)> layout) =>
        ReadTensors(file, fileName, missingMetadataHint, (metadata, _) => layout(metadata));

    /// <summary>
    /// As the other overload, for files whose layout follows from the tensors' shapes rather than from metadata (a
    /// state dict saved by <c>safetensors.torch.save_file</c>): <paramref name="layout"/> also gets every tensor's
    /// declared shape (name → dimensions; entries whose shape is malformed are left out, and are reported when the
    /// entries are checked against the specs it returns).
    /// </summary>
    /// <param name="file">The file's bytes.</param>
    /// <param name="fileName">The name that error messages start with.</param>
    /// <param name="missingMetadataHint">Completes the message for a file without <c>__metadata__</c>; null when metadata is optional (then it is empty).</param>
    /// <param name="layout">Metadata and declared shapes → expected tensors and a description of the model.</param>
    public static (Dictionary<string, string> Metadata, Dictionary<string, float[]> Tensors) ReadTensors(
        ReadOnlySpan<byte> file,
        string? fileName,
        string? missingMetadataHint,
        Func<Dictionary<string, string>, IReadOnlyDictionary<string, long[]>, (IReadOnlyList<TensorSpec> Specs, string Description)> layout)
    {
        if (file.Length < 8)
        {
            throw Error(fileName, $"file is {file.Length} bytes long; a safetensors file starts with an 8-byte header length");
        }

        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(file);
        if (headerLength > MaxHeaderBytes)
        {
            throw Error(fileName, $"header length {headerLength} is absurd (limit {MaxHeaderBytes} bytes); not a safetensors file?");
        }

        if (headerLength > (ulong)(file.Length - 8))
        {
            throw Error(fileName, $"header length {headerLength} runs past the end of the {file.Length}-byte file (truncated?)");
        }

        ReadOnlySpan<byte> headerBytes = file.Slice(8, (int)headerLength);
        ReadOnlySpan<byte> data = file[(8 + (int)headerLength)..];

        // The JSON reader checks UTF-8 only when a string is read, and then throws InvalidOperationException from deep
        // inside the metadata walk; checking the whole header first makes one bad byte a format error like any other.
        char[] decoded = ArrayPool<char>.Shared.Rent(headerBytes.Length);
        OperationStatus utf8 = Utf8.ToUtf16(headerBytes, decoded, out int validBytes, out _, replaceInvalidSequences: false);
        ArrayPool<char>.Shared.Return(decoded);
        if (utf8 != OperationStatus.Done)
        {
            throw Error(fileName, $"header is not valid UTF-8 (byte {8 + validBytes} of the file); the file is corrupt");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(headerBytes.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            throw Error(fileName, $"header is not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Error(fileName, $"header is a JSON {root.ValueKind}, not an object");
            }

            CheckStrings(root, fileName);
            var metadata = missingMetadataHint is null && !root.TryGetProperty(MetadataKey, out _)
                ? new Dictionary<string, string>(StringComparer.Ordinal)
                : ReadMetadata(root, fileName, missingMetadataHint ?? string.Empty);
            (IReadOnlyList<TensorSpec> specs, string description) = layout(metadata, DeclaredShapes(root));
            var entries = ReadEntries(root, specs, description, data.Length, file.Length, fileName);
            var tensors = new Dictionary<string, float[]>(StringComparer.Ordinal);
            foreach (Entry entry in entries)
            {
                tensors.Add(entry.Name, Decode(entry, data, fileName));
            }

            return (metadata, tensors);
        }
    }

    public static byte[] Write(GeneratorWeights weights, TensorDataType dataType)
    {
        GeneratorArchitecture arch = weights.Architecture;
        var metadata = new List<KeyValuePair<string, string>>
        {
            new("format", FormatValue),
            new("arch", ArchValueOf(arch.Temporal, arch.Backbone)),
            new("scale", arch.Scale.ToString(CultureInfo.InvariantCulture)),
            new("channels", arch.Channels.ToString(CultureInfo.InvariantCulture)),
            new("body_convs", arch.BodyConvs.ToString(CultureInfo.InvariantCulture)),
            new("activation", ActivationValue),
            new("skip", arch.Temporal ? TemporalSkipValue : SkipValue),
            new("version", VersionValue),
        };
        foreach (KeyValuePair<string, string> kv in weights.Metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (ReservedMetadataKeys.Contains(kv.Key))
            {
                throw new InvalidOperationException(
                    $"Metadata key '{kv.Key}' is reserved for the architecture; remove it from Metadata before saving.");
            }

            metadata.Add(kv);
        }

        return WriteTensors(metadata, arch.GetTensorSpecs(), weights.GetTensor, arch.ToString(), dataType);
    }

    /// <summary>
    /// The safetensors bytes of any model kind: <paramref name="metadata"/> in the given order, then the tensors of
    /// <paramref name="specs"/> in order, each read through <paramref name="tensor"/> (deterministic bytes).
    /// </summary>
    /// <exception cref="InvalidOperationException">A value is not finite (or not representable in F16), or metadata holds a lone UTF-16 surrogate.</exception>
    public static byte[] WriteTensors(
        IReadOnlyList<KeyValuePair<string, string>> metadata,
        IReadOnlyList<TensorSpec> specs,
        Func<string, float[]> tensor,
        string description,
        TensorDataType dataType)
    {
        if (dataType is not (TensorDataType.F32 or TensorDataType.F16))
        {
            throw new ArgumentOutOfRangeException(nameof(dataType), dataType, "Only F32 and F16 can be written.");
        }

        int elementSize = dataType == TensorDataType.F32 ? 4 : 2;
        string dtype = dataType == TensorDataType.F32 ? "F32" : "F16";

        var header = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(header))
        {
            json.WriteStartObject();
            json.WriteStartObject(MetadataKey);
            foreach (KeyValuePair<string, string> kv in metadata)
            {
                // The JSON writer would store a lone surrogate as U+FFFD: the file would not hold what was saved, and two
                // keys could become one that no reader accepts twice.
                if (!IsValidUtf16(kv.Key) || !IsValidUtf16(kv.Value))
                {
                    throw new InvalidOperationException(
                        $"Metadata entry '{kv.Key}' holds a lone UTF-16 surrogate, which UTF-8 (and so a safetensors header) cannot store.");
                }

                json.WriteString(kv.Key, kv.Value);
            }

            json.WriteEndObject();
            long offset = 0;
            foreach (TensorSpec spec in specs)
            {
                long bytes = spec.ElementCount * elementSize;
                json.WriteStartObject(spec.Name);
                json.WriteString("dtype", dtype);
                json.WriteStartArray("shape");
                foreach (int dim in spec.Shape)
                {
                    json.WriteNumberValue(dim);
                }

                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + bytes);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += bytes;
            }

            json.WriteEndObject();
        }

        // Pad the header with spaces so that the tensor data starts 8-byte aligned, as the reference writer does.
        int headerLength = (header.WrittenCount + 7) & ~7;
        long dataLength = specs.Sum(s => s.ElementCount) * elementSize;
        long total = 8 + headerLength + dataLength;
        if (total > Array.MaxLength)
        {
            throw new InvalidOperationException($"A {description} weights file would be {total} bytes, too large for one array.");
        }

        byte[] file = new byte[total];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)headerLength);
        header.WrittenSpan.CopyTo(file.AsSpan(8));
        file.AsSpan(8 + header.WrittenCount, headerLength - header.WrittenCount).Fill((byte)' ');
        int position = 8 + headerLength;
        foreach (TensorSpec spec in specs)
        {
            float[] values = tensor(spec.Name);
            Span<byte> target = file.AsSpan(position, values.Length * elementSize);
            for (int i = 0; i < values.Length; i++)
            {
                float value = values[i];
                if (!float.IsFinite(value))
                {
                    throw new InvalidOperationException($"Tensor '{spec.Name}' holds {value} at element {i}; refusing to save it.");
                }

                if (dataType == TensorDataType.F32)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(target[(i * 4)..], value);
                }
                else
                {
                    var half = (Half)value;
                    if (!Half.IsFinite(half))
                    {
                        throw new InvalidOperationException(
                            $"Tensor '{spec.Name}' element {i} ({value}) is outside the F16 range; save it as F32.");
                    }

                    BinaryPrimitives.WriteHalfLittleEndian(target[(i * 2)..], half);
                }
            }

            position += target.Length;
        }

        return file;
    }

    /// <summary>
    /// Reads every key and string of the header once. Valid UTF-8 can still escape a lone surrogate (<c>"\ud800"</c>),
    /// which the JSON reader refuses with an InvalidOperationException only when that string is read; reading them all
    /// here makes it a format error like any other, before anything else looks at the header.
    /// </summary>
    private static void CheckStrings(JsonElement element, string? fileName)
    {
        try
        {
            JsonStrings.ReadAll(element);
        }
        catch (InvalidOperationException ex)
        {
            throw Error(fileName, "header holds a key or string that is not valid UTF-16 (an escaped lone surrogate); the file is corrupt", ex);
        }
    }

    private static bool IsValidUtf16(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Every tensor entry's shape as the header declares it; entries without a well-formed shape are left out.</summary>
    private static Dictionary<string, long[]> DeclaredShapes(JsonElement root)
    {
        var shapes = new Dictionary<string, long[]>(StringComparer.Ordinal);
        foreach (JsonProperty property in root.EnumerateObject())
        {
            if (property.Name == MetadataKey || property.Value.ValueKind != JsonValueKind.Object ||
                !property.Value.TryGetProperty("shape", out JsonElement shape) || shape.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            var dims = new List<long>();
            foreach (JsonElement item in shape.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out long dim) || dim < 0)
                {
                    dims = null;
                    break;
                }

                dims.Add(dim);
            }

            if (dims is not null)
            {
                shapes.TryAdd(property.Name, [.. dims]);
            }
        }

        return shapes;
    }

    private static Dictionary<string, string> ReadMetadata(JsonElement root, string? fileName, string missingHint)
    {
        if (!root.TryGetProperty(MetadataKey, out JsonElement element))
        {
            throw Error(fileName, $"header has no {MetadataKey}; {missingHint}");
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Error(fileName, $"{MetadataKey} is a JSON {element.ValueKind}, not an object of strings");
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (JsonProperty property in element.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                throw Error(fileName, $"{MetadataKey} entry '{property.Name}' is a JSON {property.Value.ValueKind}; safetensors metadata values are strings");
            }

            if (!metadata.TryAdd(property.Name, property.Value.GetString()!))
            {
                throw Error(fileName, $"{MetadataKey} entry '{property.Name}' appears twice");
            }
        }

        return metadata;
    }

    private static string ArchValueOf(bool temporal, NetworkBackbone backbone) =>
        backbone == NetworkBackbone.UNet ? UNetArchValue : temporal ? TemporalArchValue : ArchValue;

    private static GeneratorArchitecture ReadArchitecture(Dictionary<string, string> metadata, string? fileName)
    {
        if (!metadata.ContainsKey("format") && metadata.TryGetValue("kind", out string? kind))
        {
            throw Error(fileName, $"metadata says kind \"{kind}\": this is not a generator (format \"{FormatValue}\")");
        }

        Expect("format", FormatValue);
        metadata.TryGetValue("arch", out string? arch);
        bool temporal = string.Equals(arch, TemporalArchValue, StringComparison.Ordinal);
        NetworkBackbone backbone = string.Equals(arch, UNetArchValue, StringComparison.Ordinal) ? NetworkBackbone.UNet : NetworkBackbone.Plain;
        Expect("arch", ArchValueOf(temporal, backbone), ArchValue + "\", \"" + TemporalArchValue + "\" or \"" + UNetArchValue);
        Expect("version", VersionValue);
        Expect("activation", ActivationValue);
        // The skip follows the kind: nearest-upsampled input for a per-frame generator, the history for a temporal one.
        Expect("skip", temporal ? TemporalSkipValue : SkipValue);
        int scale = Integer("scale");
        int channels = Integer("channels");
        int bodyConvs = Integer("body_convs");
        try
        {
            return new GeneratorArchitecture(scale, channels, bodyConvs, temporal, backbone);
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw Error(
                fileName,
                $"metadata describes an unsupported architecture (scale {scale}, channels {channels}, body_convs {bodyConvs}; " +
                $"supported: scale 1..{GeneratorArchitecture.MaxScale}, channels 1..{GeneratorArchitecture.MaxChannels}, " +
                $"body_convs 0..{GeneratorArchitecture.MaxBodyConvs})",
                ex);
        }

        void Expect(string key, string expected, string? supported = null)
        {
            if (!metadata.TryGetValue(key, out string? value))
            {
                throw Error(fileName, $"metadata has no '{key}' (expected \"{supported ?? expected}\")");
            }

            if (!string.Equals(value, expected, StringComparison.Ordinal))
            {
                throw Error(fileName, $"metadata '{key}' is \"{value}\"; only \"{supported ?? expected}\" is supported");
            }
        }

        int Integer(string key)
        {
            if (!metadata.TryGetValue(key, out string? value))
            {
                throw Error(fileName, $"metadata has no '{key}'");
            }

            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int result))
            {
                throw Error(fileName, $"metadata '{key}' is \"{value}\", not a non-negative integer");
            }

            return result;
        }
    }

    private static List<Entry> ReadEntries(
        JsonElement root, IReadOnlyList<TensorSpec> specs, string description, int dataLength, int fileLength, string? fileName)
    {
        var expected = specs.ToDictionary(s => s.Name, StringComparer.Ordinal);
        var entries = new List<Entry>(expected.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonProperty property in root.EnumerateObject())
        {
            string name = property.Name;
            if (name == MetadataKey)
            {
                if (!seen.Add(name))
                {
                    throw Error(fileName, $"{MetadataKey} appears twice in the header");
                }

                continue;
            }

            if (!seen.Add(name))
            {
                throw Error(fileName, $"tensor '{name}' appears twice in the header");
            }

            if (!expected.TryGetValue(name, out TensorSpec? spec))
            {
                throw Error(fileName, $"unexpected tensor '{name}': it is not part of a {description}");
            }

            entries.Add(ReadEntry(property, spec, fileName));
        }

        foreach (TensorSpec spec in expected.Values)
        {
            if (!seen.Contains(spec.Name))
            {
                throw Error(fileName, $"missing tensor '{spec.Name}' {TensorSpec.FormatShape(spec.Shape.Select(d => (long)d))} of the {description}");
            }
        }

        // The data buffer must be covered exactly: no overlaps, no holes, nothing past its end.
        var ordered = entries.OrderBy(e => e.Begin).ThenBy(e => e.End).ToList();
        long position = 0;
        foreach (Entry entry in ordered)
        {
            if (entry.End > dataLength)
            {
                throw Error(
                    fileName,
                    $"tensor '{entry.Name}' data_offsets [{entry.Begin}, {entry.End}] run past the {dataLength} data bytes that follow the " +
                    $"header: the data is truncated (the file has {fileLength} bytes, it needs {fileLength - dataLength + entry.End}) " +
                    "or the offsets are wrong");
            }

            if (entry.Begin < position)
            {
                Entry other = ordered.First(e => e.End > entry.Begin && !ReferenceEquals(e, entry));
                throw Error(fileName, $"tensor '{entry.Name}' data_offsets [{entry.Begin}, {entry.End}] overlap tensor '{other.Name}' [{other.Begin}, {other.End}]");
            }

            if (entry.Begin > position)
            {
                throw Error(fileName, $"bytes [{position}, {entry.Begin}) of the data buffer belong to no tensor (a hole before '{entry.Name}')");
            }

            position = entry.End;
        }

        if (position != dataLength)
        {
            throw Error(fileName, $"{dataLength - position} bytes follow the last tensor's data (data buffer {dataLength} bytes, tensors cover {position})");
        }

        return entries;
    }

    private static Entry ReadEntry(JsonProperty property, TensorSpec spec, string? fileName)
    {
        string name = property.Name;
        JsonElement value = property.Value;
        if (value.ValueKind != JsonValueKind.Object)
        {
            throw Error(fileName, $"tensor '{name}' header entry is a JSON {value.ValueKind}, not an object");
        }

        if (!value.TryGetProperty("dtype", out JsonElement dtypeElement) || dtypeElement.ValueKind != JsonValueKind.String)
        {
            throw Error(fileName, $"tensor '{name}' has no string 'dtype'");
        }

        string dtype = dtypeElement.GetString()!;
        int elementSize = dtype switch
        {
            "F32" => 4,
            "F16" => 2,
            _ => throw Error(fileName, $"tensor '{name}' has dtype '{dtype}'; only F32 and F16 are supported"),
        };

        long[] shape = ReadLongArray(value, "shape", name, fileName);
        long[] offsets = ReadLongArray(value, "data_offsets", name, fileName);
        string expectedShape = TensorSpec.FormatShape(spec.Shape.Select(d => (long)d));
        if (shape.Length != spec.Shape.Count || !shape.Select((d, i) => d == spec.Shape[i]).All(ok => ok))
        {
            throw Error(fileName, $"tensor '{name}' has shape {TensorSpec.FormatShape(shape)}; the architecture needs {expectedShape}");
        }

        if (offsets.Length != 2)
        {
            throw Error(fileName, $"tensor '{name}' data_offsets has {offsets.Length} numbers; it needs [begin, end]");
        }

        long begin = offsets[0];
        long end = offsets[1];
        long needed = spec.ElementCount * elementSize;
        if (end < begin)
        {
            throw Error(fileName, $"tensor '{name}' data_offsets [{begin}, {end}] end before they begin");
        }

        if (end - begin != needed)
        {
            throw Error(fileName, $"tensor '{name}' data_offsets [{begin}, {end}] span {end - begin} bytes; {dtype} {expectedShape} needs {needed}");
        }

        return new Entry(name, dtype, elementSize, begin, end, spec.ElementCount);
    }

    private static long[] ReadLongArray(JsonElement value, string key, string name, string? fileName)
    {
        if (!value.TryGetProperty(key, out JsonElement element) || element.ValueKind != JsonValueKind.Array)
        {
            throw Error(fileName, $"tensor '{name}' has no '{key}' array");
        }

        var result = new long[element.GetArrayLength()];
        int i = 0;
        foreach (JsonElement item in element.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out long number) || number < 0)
            {
                throw Error(fileName, $"tensor '{name}' '{key}' holds {item.GetRawText()}, not a non-negative integer");
            }

            result[i++] = number;
        }

        return result;
    }

    private static float[] Decode(Entry entry, ReadOnlySpan<byte> data, string? fileName)
    {
        ReadOnlySpan<byte> bytes = data.Slice((int)entry.Begin, (int)(entry.End - entry.Begin));
        var values = new float[entry.ElementCount];
        if (entry.ElementSize == 4)
        {
            if (BitConverter.IsLittleEndian)
            {
                MemoryMarshal.Cast<byte, float>(bytes).CopyTo(values);
            }
            else
            {
                for (int i = 0; i < values.Length; i++)
                {
                    values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * 4)..]);
                }
            }
        }
        else
        {
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(bytes[(i * 2)..]);
            }
        }

        for (int i = 0; i < values.Length; i++)
        {
            if (!GeneratorWeights.IsValidWeight(values[i]))
            {
                throw Error(
                    fileName,
                    float.IsFinite(values[i])
                        ? $"tensor '{entry.Name}' holds {values[i]} at element {i}; weights beyond ±{GeneratorWeights.MaxWeightMagnitude:0e0} are refused (no trained generator has them; they overflow fp32)"
                        : $"tensor '{entry.Name}' holds {values[i]} at element {i}; weights must be finite");
            }
        }

        return values;
    }

    private static ModelFormatException Error(string? fileName, string problem, Exception? inner = null) =>
        new(fileName, problem, inner);

    private sealed record Entry(string Name, string DType, int ElementSize, long Begin, long End, long ElementCount);
}
