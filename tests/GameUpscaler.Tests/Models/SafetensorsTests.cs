using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GameUpscaler.Models;
using Xunit;

namespace GameUpscaler.Tests.Models;

public sealed class SafetensorsTests : IDisposable
{
    private const string Name = "bad.safetensors";
    private static readonly GeneratorArchitecture SmallArch = new(2, 4, 1);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "gu-safetensors-" + Guid.NewGuid().ToString("N"));

    public SafetensorsTests() => Directory.CreateDirectory(_directory);

    /// <summary>Names of malformed-file cases, each a mutation of a valid file and a fragment its message must hold.</summary>
    public static TheoryData<string> MalformedCases => [.. Malformations.Keys];

    private static Dictionary<string, (Func<byte[], byte[]> Mutate, string[] Fragments)> Malformations => new()
    {
        ["empty file"] = (_ => [], ["0 bytes long", "8-byte header length"]),
        ["five bytes"] = (f => f[..5], ["5 bytes long"]),
        ["absurd header length"] = (f => WithHeaderLength(f, 1UL << 40), ["header length 1099511627776 is absurd"]),
        ["header length past the end"] = (f => WithHeaderLength(f, (ulong)f.Length), ["runs past the end", "truncated"]),
        ["header not JSON"] = (f => Join("{\"__metadata__\": nope", Data(f)), ["header is not valid JSON"]),
        ["header not UTF-8"] = (f => Join(Encoding.Latin1.GetString([0x7B, 0xFF, 0xFE, 0x7D]), Data(f)), ["header is not valid UTF-8"]),
        ["string not UTF-8"] = (f => Join(HeaderText(f).Replace("\"srvgg\"", "\"srvg\u00FF\"", StringComparison.Ordinal), Data(f)), ["header is not valid UTF-8"]),
        ["header is an array"] = (f => Join("[1, 2]", Data(f)), ["header is a JSON Array, not an object"]),
        ["no metadata"] = (f => Edit(f, h => h.Remove("__metadata__")), ["no __metadata__"]),
        ["metadata not an object"] = (f => Edit(f, h => h["__metadata__"] = 5), ["__metadata__ is a JSON Number"]),
        ["metadata value not a string"] = (f => Edit(f, h => h["__metadata__"]!["scale"] = 2), ["'scale' is a JSON Number"]),
        ["wrong format"] = (f => Edit(f, h => h["__metadata__"]!["format"] = "onnx"), ["'format' is \"onnx\"", "gameupscaler-generator"]),
        ["unknown arch"] = (f => Edit(f, h => h["__metadata__"]!["arch"] = "rrdb"), ["'arch' is \"rrdb\""]),
        ["unknown activation"] = (f => Edit(f, h => h["__metadata__"]!["activation"] = "relu"), ["'activation' is \"relu\""]),
        ["future version"] = (f => Edit(f, h => h["__metadata__"]!["version"] = "2"), ["'version' is \"2\""]),
        ["missing channels"] = (f => Edit(f, h => h["__metadata__"]!.AsObject().Remove("channels")), ["metadata has no 'channels'"]),
        ["scale not a number"] = (f => Edit(f, h => h["__metadata__"]!["scale"] = "two"), ["'scale' is \"two\", not a non-negative integer"]),
        ["scale out of range"] = (f => Edit(f, h => h["__metadata__"]!["scale"] = "9"), ["unsupported architecture", "scale 9"]),
        ["unknown dtype"] = (f => Edit(f, h => h["body.0.bias"]!["dtype"] = "BF16"), ["'body.0.bias'", "dtype 'BF16'", "F32 and F16"]),
        ["wrong shape"] = (
            f => Edit(f, h => h["body.2.weight"]!["shape"] = new JsonArray(4, 4, 1, 3)),
            ["'body.2.weight'", "shape [4, 4, 1, 3]", "needs [4, 4, 3, 3]"]),
        ["wrong rank"] = (f => Edit(f, h => h["body.1.weight"]!["shape"] = new JsonArray(4, 1)), ["'body.1.weight' has shape [4, 1]", "needs [4]"]),
        ["channels disagree with shapes"] = (
            f => Edit(f, h => h["__metadata__"]!["channels"] = "5"),
            ["'body.0.weight' has shape [4, 3, 3, 3]", "needs [5, 3, 3, 3]"]),
        ["missing tensor"] = (f => Edit(f, h => h.Remove("body.3.weight")), ["missing tensor 'body.3.weight' [4]"]),
        ["unexpected tensor"] = (
            f => Edit(f, h => h["body.9.weight"] = Entry("F32", [4], 0, 16)),
            ["unexpected tensor 'body.9.weight'", "srvgg x2 C4 N1"]),
        ["negative shape"] = (f => Edit(f, h => h["body.0.bias"]!["shape"] = new JsonArray(-4)), ["'shape' holds -4"]),
        ["offsets not a pair"] = (f => Edit(f, h => h["body.0.bias"]!["data_offsets"] = new JsonArray(0)), ["data_offsets has 1 numbers"]),
        ["offsets reversed"] = (f => Edit(f, h => Offsets(h, "body.0.bias", (b, e) => (e, b))), ["end before they begin"]),
        ["offsets of the wrong size"] = (f => Edit(f, h => Offsets(h, "body.0.bias", (b, e) => (b, e - 4))), ["span 12 bytes; F32 [4] needs 16"]),
        ["offsets out of range"] = (
            f => Edit(f, h => Offsets(h, "body.4.bias", (b, e) => (b + 1_000_000, e + 1_000_000))),
            ["'body.4.bias' data_offsets", "run past the", "data bytes"]),
        ["overlapping tensors"] = (f => Edit(f, h => Offsets(h, "body.1.weight", (_, _) => Range(h, "body.0.bias"))), ["overlap"]),
        ["hole in the data"] = (f => ShiftData(f, 4), ["belong to no tensor"]),
        ["trailing bytes"] = (f => [.. f, 0, 0, 0, 0], ["4 bytes follow the last tensor"]),
        ["truncated data"] = (f => f[..^4], ["truncated"]),
        ["NaN weight"] = (f => PoisonFirstFloat(f, "body.2.weight", float.NaN), ["'body.2.weight' holds NaN at element 0"]),
        ["infinite weight"] = (f => PoisonFirstFloat(f, "body.0.bias", float.PositiveInfinity), ["'body.0.bias' holds", "at element 0; weights must be finite"]),
        ["huge finite weight"] = (f => PoisonFirstFloat(f, "body.2.weight", 3e38f), ["'body.2.weight' holds 3E+38 at element 0", "beyond ±1e6 are refused"]),
        ["negative huge weight"] = (f => PoisonFirstFloat(f, "body.0.bias", -2e6f), ["'body.0.bias' holds -2000000", "beyond ±1e6"]),
        ["duplicate tensor"] = (f => DuplicateEntry(f, "body.0.bias"), ["'body.0.bias' appears twice"]),
    };

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void F32_round_trip_is_exact_and_hashes_the_file()
    {
        GeneratorWeights weights = TestModels.RandomWeights(new GeneratorArchitecture(3, 5, 2), seed: 11);
        weights.Metadata["trained_on"] = "DIV2K, 1000 iterations";
        string path = Path.Combine(_directory, "model.safetensors");
        weights.Save(path);

        GeneratorWeights loaded = GeneratorWeights.Load(path);
        Assert.Equal(weights.Architecture, loaded.Architecture);
        foreach ((string name, float[] values) in weights.Tensors)
        {
            Assert.Equal(values, loaded.GetTensor(name));
        }

        Assert.Equal("DIV2K, 1000 iterations", loaded.Metadata["trained_on"]);
        string sha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
        Assert.Equal(sha, weights.Sha256);
        Assert.Equal(sha, loaded.Sha256);
        Assert.Equal(sha, GeneratorWeights.ComputeFileSha256(path));
        Assert.Equal(File.ReadAllBytes(path), loaded.ToSafetensors());
    }

    [Fact]
    public void F16_round_trip_rounds_to_half()
    {
        GeneratorWeights weights = TestModels.RandomWeights(SmallArch, seed: 12);
        byte[] file = weights.ToSafetensors(TensorDataType.F16);
        Assert.Contains("\"dtype\":\"F16\"", HeaderText(file), StringComparison.Ordinal);
        GeneratorWeights loaded = GeneratorWeights.Load(new MemoryStream(file), "half.safetensors");
        foreach ((string name, float[] values) in weights.Tensors)
        {
            Assert.Equal(values.Select(v => (float)(Half)v), loaded.GetTensor(name));
        }
    }

    [Fact]
    public void Writes_the_documented_layout()
    {
        byte[] file = GeneratorWeights.CreateRandom(SmallArch, 1).ToSafetensors();
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(file);
        Assert.Equal(0UL, headerLength % 8);
        using var header = JsonDocument.Parse(file.AsMemory(8, (int)headerLength));
        JsonElement metadata = header.RootElement.GetProperty("__metadata__");
        Assert.Equal("gameupscaler-generator", metadata.GetProperty("format").GetString());
        Assert.Equal("srvgg", metadata.GetProperty("arch").GetString());
        Assert.Equal("2", metadata.GetProperty("scale").GetString());
        Assert.Equal("4", metadata.GetProperty("channels").GetString());
        Assert.Equal("1", metadata.GetProperty("body_convs").GetString());
        Assert.Equal("prelu", metadata.GetProperty("activation").GetString());
        Assert.Equal("nearest", metadata.GetProperty("skip").GetString());
        Assert.Equal("1", metadata.GetProperty("version").GetString());
        JsonElement last = header.RootElement.GetProperty("body.4.weight");
        Assert.Equal("F32", last.GetProperty("dtype").GetString());
        Assert.Equal([12, 4, 3, 3], last.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
        long end = header.RootElement.EnumerateObject().Where(p => p.Name != "__metadata__")
            .Max(p => p.Value.GetProperty("data_offsets")[1].GetInt64());
        Assert.Equal(file.Length - 8 - (long)headerLength, end);
    }

    [Fact]
    public void Reads_files_written_in_another_tensor_order_with_f16_and_unpadded_header()
    {
        // As a Python writer might produce it: tensors sorted by name, F16, no header padding, extra metadata.
        GeneratorWeights weights = TestModels.RandomWeights(SmallArch, seed: 13);
        var header = new JsonObject
        {
            ["__metadata__"] = new JsonObject
            {
                ["format"] = "gameupscaler-generator", ["arch"] = "srvgg", ["scale"] = "2", ["channels"] = "4",
                ["body_convs"] = "1", ["activation"] = "prelu", ["skip"] = "nearest", ["version"] = "1", ["source"] = "python",
            },
        };
        var data = new List<byte>();
        foreach (TensorSpec spec in SmallArch.GetTensorSpecs().OrderBy(s => s.Name, StringComparer.Ordinal).Reverse())
        {
            float[] values = weights.GetTensor(spec.Name);
            header[spec.Name] = Entry("F16", [.. spec.Shape], data.Count, data.Count + (values.Length * 2));
            foreach (float v in values)
            {
                var bytes = new byte[2];
                BinaryPrimitives.WriteHalfLittleEndian(bytes, (Half)v);
                data.AddRange(bytes);
            }
        }

        GeneratorWeights loaded = GeneratorWeights.Load(new MemoryStream(Join(header.ToJsonString(), [.. data])), "python.safetensors");
        Assert.Equal("python", loaded.Metadata["source"]);
        Assert.Equal(weights.GetTensor("body.2.weight").Select(v => (float)(Half)v), loaded.GetTensor("body.2.weight"));
    }

    [Fact]
    public void Reads_non_seekable_streams()
    {
        byte[] file = GeneratorWeights.CreateRandom(SmallArch, 3).ToSafetensors();
        GeneratorWeights loaded = GeneratorWeights.Load(new ForwardOnlyStream(file));
        Assert.Equal(SmallArch, loaded.Architecture);
    }

    [Fact]
    public void Save_replaces_a_file_and_a_failed_save_leaves_it_intact()
    {
        string path = Path.Combine(_directory, "keep.safetensors");
        GeneratorWeights.CreateRandom(SmallArch, 1).Save(path);
        GeneratorWeights second = GeneratorWeights.CreateRandom(SmallArch, 2);
        second.Save(path);
        byte[] saved = File.ReadAllBytes(path);
        Assert.Equal(second.ToSafetensors(), saved);

        second.GetTensor("body.0.weight")[3] = float.NaN; // arrays are live: this makes the next save fail
        var error = Assert.Throws<InvalidOperationException>(() => second.Save(path));
        Assert.Contains("body.0.weight", error.Message, StringComparison.Ordinal);
        Assert.Equal(saved, File.ReadAllBytes(path));

        second.GetTensor("body.0.weight")[3] = 1e6f; // fine in F32, beyond F16
        Assert.Throws<InvalidOperationException>(() => second.Save(path, TensorDataType.F16));
        Assert.Equal(saved, File.ReadAllBytes(path));
        Assert.Equal(["keep.safetensors"], Directory.GetFiles(_directory).Select(Path.GetFileName));
    }

    [Theory]
    [MemberData(nameof(MalformedCases))]
    public void Malformed_files_fail_with_a_message_naming_the_file_and_problem(string caseName)
    {
        (Func<byte[], byte[]> mutate, string[] fragments) = Malformations[caseName];
        byte[] file = mutate(GeneratorWeights.CreateRandom(SmallArch, 5).ToSafetensors());
        var error = Assert.Throws<ModelFormatException>(() => GeneratorWeights.Load(new MemoryStream(file), Name));
        Assert.Equal(Name, error.FileName);
        Assert.StartsWith(Name + ": ", error.Message, StringComparison.Ordinal);
        foreach (string fragment in fragments)
        {
            Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Every_truncation_fails_cleanly()
    {
        byte[] file = GeneratorWeights.CreateRandom(new GeneratorArchitecture(1, 2, 0), 5).ToSafetensors();
        int headerEnd = 8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(file);
        for (int length = 0; length < file.Length; length++)
        {
            var error = Assert.Throws<ModelFormatException>(() => GeneratorWeights.Load(new MemoryStream(file[..length]), Name));
            string expected = length < 8 ? "8-byte header length" : length < headerEnd ? "runs past the end" : "truncated";
            Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Loading_a_path_names_the_path()
    {
        string path = Path.Combine(_directory, "broken.safetensors");
        File.WriteAllBytes(path, [1, 2, 3]);
        var error = Assert.Throws<ModelFormatException>(() => GeneratorWeights.Load(path));
        Assert.Equal(path, error.FileName);
        Assert.StartsWith(path + ": ", error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<IOException>(error);
    }

    private static ReadOnlySpan<byte> HeaderBytes(byte[] file) => file.AsSpan(8, (int)BinaryPrimitives.ReadUInt64LittleEndian(file));

    private static string HeaderText(byte[] file) => Encoding.UTF8.GetString(HeaderBytes(file));

    private static byte[] Data(byte[] file) => file[(8 + HeaderBytes(file).Length)..];

    private static byte[] Join(string header, byte[] data)
    {
        byte[] headerBytes = header.StartsWith('{') && header.Contains('\u00FF', StringComparison.Ordinal)
            ? Encoding.Latin1.GetBytes(header)
            : Encoding.UTF8.GetBytes(header);
        var file = new byte[8 + headerBytes.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)headerBytes.Length);
        headerBytes.CopyTo(file, 8);
        data.CopyTo(file, 8 + headerBytes.Length);
        return file;
    }

    private static byte[] Edit(byte[] file, Action<JsonObject> edit)
    {
        JsonObject header = JsonNode.Parse(HeaderText(file))!.AsObject();
        edit(header);
        return Join(header.ToJsonString(), Data(file));
    }

    private static JsonObject Entry(string dtype, int[] shape, long begin, long end) => new()
    {
        ["dtype"] = dtype,
        ["shape"] = new JsonArray([.. shape.Select(d => (JsonNode)d)]),
        ["data_offsets"] = new JsonArray(begin, end),
    };

    private static (long Begin, long End) Range(JsonObject header, string name)
    {
        JsonArray offsets = header[name]!["data_offsets"]!.AsArray();
        return (offsets[0]!.GetValue<long>(), offsets[1]!.GetValue<long>());
    }

    private static void Offsets(JsonObject header, string name, Func<long, long, (long, long)> change)
    {
        (long begin, long end) = Range(header, name);
        (long newBegin, long newEnd) = change(begin, end);
        header[name]!["data_offsets"] = new JsonArray(newBegin, newEnd);
    }

    private static byte[] WithHeaderLength(byte[] file, ulong length)
    {
        byte[] copy = (byte[])file.Clone();
        BinaryPrimitives.WriteUInt64LittleEndian(copy, length);
        return copy;
    }

    private static byte[] ShiftData(byte[] file, int by)
    {
        JsonObject header = JsonNode.Parse(HeaderText(file))!.AsObject();
        foreach ((string name, _) in header.ToList())
        {
            if (name != "__metadata__")
            {
                Offsets(header, name, (b, e) => (b + by, e + by));
            }
        }

        return Join(header.ToJsonString(), [.. new byte[by], .. Data(file)]);
    }

    private static byte[] PoisonFirstFloat(byte[] file, string name, float value)
    {
        JsonObject header = JsonNode.Parse(HeaderText(file))!.AsObject();
        (long begin, _) = Range(header, name);
        byte[] copy = (byte[])file.Clone();
        BinaryPrimitives.WriteSingleLittleEndian(copy.AsSpan(8 + HeaderBytes(file).Length + (int)begin), value);
        return copy;
    }

    private static byte[] DuplicateEntry(byte[] file, string name)
    {
        JsonObject header = JsonNode.Parse(HeaderText(file))!.AsObject();
        string text = header.ToJsonString();
        string duplicate = $",\"{name}\":{header[name]!.ToJsonString()}}}";
        return Join(text[..^1] + duplicate, Data(file));
    }

    private sealed class ForwardOnlyStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }
    }
}
