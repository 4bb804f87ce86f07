using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using GameUpscaler.Imaging;

namespace GameUpscaler.Tests.Imaging;

/// <summary>What a fixture's name says it is: ct{type}_d{depth}_{n|i}_{w}x{h}[_tag...].</summary>
internal sealed record PngFixtureInfo(
    string Name, int ColorType, int BitDepth, bool Interlaced, int Width, int Height, IReadOnlyList<string> Tags)
{
    public bool HasTag(string tag) => Tags.Contains(tag);

    /// <summary>The reference file shared by the interlaced and the plain file of a pair.</summary>
    public string ReferenceName => Regex.Replace(Name, "_[ni]_", "_");
}

/// <summary>One chunk of a PNG file as found in it.</summary>
internal sealed record PngChunk(string Type, byte[] Data, int Offset);

/// <summary>Fixture access and small tools for taking PNG files apart and building them.</summary>
internal static partial class PngTestFiles
{
    public static string FixtureDirectory => Path.Combine(AppContext.BaseDirectory, "Fixtures", "png");

    /// <summary>The fixture names (without .png), sorted.</summary>
    public static IReadOnlyList<string> FixtureNames()
    {
        string[] names = Directory.GetFiles(FixtureDirectory, "*.png")
            .Select(path => Path.GetFileNameWithoutExtension(path))
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.True(names.Length > 0, $"No PNG fixtures in {FixtureDirectory}.");
        return names;
    }

    public static string FixturePath(string name) => Path.Combine(FixtureDirectory, name + ".png");

    public static byte[] ReadFixture(string name) => File.ReadAllBytes(FixturePath(name));

    public static PngFixtureInfo ParseName(string name)
    {
        Match m = FixtureNamePattern().Match(name);
        Assert.True(m.Success, $"Fixture name '{name}' does not follow ct<type>_d<depth>_<n|i>_<w>x<h>[_tag...].");
        string[] tags = m.Groups[6].Success ? m.Groups[6].Value.Split('_', StringSplitOptions.RemoveEmptyEntries) : [];
        return new PngFixtureInfo(
            name,
            int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture),
            m.Groups[3].Value == "i",
            int.Parse(m.Groups[4].Value, System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(m.Groups[5].Value, System.Globalization.CultureInfo.InvariantCulture),
            tags);
    }

    /// <summary>ImageMagick's decode of a fixture: 16-bit RGBA samples.</summary>
    public static ushort[] ReadReference(PngFixtureInfo info)
    {
        string path = Path.Combine(FixtureDirectory, info.ReferenceName + ".rgba16.gz");
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        gzip.CopyTo(raw);
        byte[] bytes = raw.ToArray();
        Assert.Equal(info.Width * info.Height * 8, bytes.Length);
        var samples = new ushort[bytes.Length / 2];
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(i * 2));
        }

        return samples;
    }

    /// <summary>The chunks of a well-formed PNG file (the test's own simple reader, trusting lengths).</summary>
    public static List<PngChunk> ReadChunks(byte[] png)
    {
        var chunks = new List<PngChunk>();
        int pos = 8;
        while (pos + 12 <= png.Length)
        {
            int length = (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(pos));
            string type = Encoding.ASCII.GetString(png, pos + 4, 4);
            chunks.Add(new PngChunk(type, png.AsSpan(pos + 8, length).ToArray(), pos));
            pos += length + 12;
        }

        return chunks;
    }

    /// <summary>One chunk with a correct CRC.</summary>
    public static byte[] Chunk(string type, ReadOnlySpan<byte> data)
    {
        var chunk = new byte[data.Length + 12];
        BinaryPrimitives.WriteUInt32BigEndian(chunk, (uint)data.Length);
        Encoding.ASCII.GetBytes(type, chunk.AsSpan(4, 4));
        data.CopyTo(chunk.AsSpan(8));
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + data.Length), PngCrc32.Compute(chunk.AsSpan(4, data.Length + 4)));
        return chunk;
    }

    /// <summary>The PNG signature followed by the given chunks, each with a correct CRC.</summary>
    public static byte[] Build(params (string Type, byte[] Data)[] chunks)
    {
        var file = new List<byte>(PngSignature);
        foreach ((string type, byte[] data) in chunks)
        {
            file.AddRange(Chunk(type, data));
        }

        return file.ToArray();
    }

    /// <summary>Rebuilds a file from chunks (CRCs recomputed).</summary>
    public static byte[] Build(IEnumerable<PngChunk> chunks) => Build(chunks.Select(c => (c.Type, c.Data)).ToArray());

    public static byte[] PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static byte[] Ihdr(
        long width, long height, int bitDepth, int colorType, int interlace = 0, int compression = 0, int filter = 0)
    {
        var data = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(data, (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(4), (uint)height);
        data[8] = (byte)bitDepth;
        data[9] = (byte)colorType;
        data[10] = (byte)compression;
        data[11] = (byte)filter;
        data[12] = (byte)interlace;
        return data;
    }

    public static byte[] Deflate(byte[] raw)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(raw);
        }

        return output.ToArray();
    }

    public static byte[] Inflate(byte[] compressed)
    {
        using var input = new MemoryStream(compressed);
        using var zlib = new ZLibStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        zlib.CopyTo(output);
        return output.ToArray();
    }

    /// <summary>The concatenated IDAT data of a file, inflated.</summary>
    public static byte[] InflateImageData(byte[] png) =>
        Inflate(ReadChunks(png).Where(c => c.Type == "IDAT").SelectMany(c => c.Data).ToArray());

    /// <summary>The filter type byte of every row of a non-interlaced file.</summary>
    public static byte[] RowFilters(byte[] png, int bytesPerRow)
    {
        byte[] raw = InflateImageData(png);
        Assert.Equal(0, raw.Length % (bytesPerRow + 1));
        return Enumerable.Range(0, raw.Length / (bytesPerRow + 1)).Select(r => raw[r * (bytesPerRow + 1)]).ToArray();
    }

    [GeneratedRegex(@"^ct(\d)_d(\d+)_([ni])_(\d+)x(\d+)((?:_[a-z0-9]+)*)$")]
    private static partial Regex FixtureNamePattern();
}
