using System.Buffers.Binary;
using GameUpscaler.Imaging;
using GameUpscaler.Models;

namespace GameUpscaler.Tests.Imaging;

/// <summary>
/// The malformed-input suite for the image decoders and the model loader: 1,250 damaged files per format, generated
/// at test time from valid ones (five kinds of damage, <see cref="Corruption"/>), each decoded or refused with the
/// documented exception and nothing else. The ncnn importer's suite is in the ONNX Runtime tests (where its writer is).
/// </summary>
public sealed class MalformedInputSuiteTests
{
    private const int CasesPerFormat = 1250;

    [Fact]
    public void Png_damage_is_decoded_or_refused_with_ImageFormatException()
    {
        (byte[] png, (int Start, int End) text) = WithTextChunk(PngCodec.Encode(TestScene.Render(23, 17)), "GameUpscaler — ×2 test image");
        Assert.Equal(PngCodec.Decode(PngCodec.Encode(TestScene.Render(23, 17))).Pixels, PngCodec.Decode(png).Pixels); // the text chunk is skipped
        var counts = Corruption.Run<ImageFormatException>(
            CasesPerFormat,
            seed: 1,
            (kind, random) => Corruption.Damage(png, kind, random, headerLength: 33, HugePngSize, text),
            data => PngCodec.Decode(data));
        AssertEveryKindRefusedSometimes(counts);
    }

    [Fact]
    public void Jpeg_damage_is_decoded_or_refused_with_ImageFormatException()
    {
        string[] fixtures = ["17x13_420_progressive", "37x29_420_baseline_restart", "17x13_gray_baseline_restart", "37x29_422_baseline"];
        byte[][] files = fixtures.Select(JpegTestFiles.ReadFixture).ToArray();
        var counts = Corruption.Run<ImageFormatException>(
            CasesPerFormat,
            seed: 2,
            (kind, random) =>
            {
                byte[] jpeg = files[random.Next(files.Length)];
                int header = JpegTestFiles.ReadSegments(jpeg).First(s => s.Marker == 0xDA).Offset;
                return Corruption.Damage(jpeg, kind, random, header, HugeJpegSize, (2, header));
            },
            data => JpegCodec.Decode(data));
        AssertEveryKindRefusedSometimes(counts);
    }

    [Fact]
    public void Safetensors_damage_is_loaded_or_refused_with_ModelFormatException()
    {
        byte[] model = GeneratorWeights.CreateRandom(new GeneratorArchitecture(2, 4, 1), seed: 3).ToSafetensors();
        int header = 8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(model);
        var counts = Corruption.Run<ModelFormatException>(
            CasesPerFormat,
            seed: 3,
            (kind, random) => Corruption.Damage(model, kind, random, header, HugeSafetensorsSize, (8, header)),
            data => GeneratorWeights.Load(new MemoryStream(data), "damaged.safetensors"));
        AssertEveryKindRefusedSometimes(counts);
    }

    private static void AssertEveryKindRefusedSometimes(Dictionary<Corruption.Kind, (int Read, int Refused)> counts)
    {
        // A suite whose damage never trips the decoder would prove nothing: every kind must be refused at least once.
        Assert.All(counts, c => Assert.True(c.Value.Refused > 0, $"{c.Key}: {c.Value.Read} read, none refused"));
        Assert.Equal(CasesPerFormat, counts.Values.Sum(c => c.Read + c.Refused));
    }

    /// <summary>Width or height in IHDR set to a huge value (and the CRC fixed, so the size itself is what is judged).</summary>
    private static byte[] HugePngSize(byte[] png, Random random)
    {
        uint[] sizes = [0x7FFFFFFF, 0xFFFFFFFF, 1u << 20, 65536, 46341];
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(16 + (4 * random.Next(2))), sizes[random.Next(sizes.Length)]);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(29), PngCrc32.Compute(png.AsSpan(12, 17)));
        return png;
    }

    /// <summary>Width or height in the frame header set to a huge value.</summary>
    private static byte[] HugeJpegSize(byte[] jpeg, Random random)
    {
        int frame = JpegTestFiles.FrameBodyOffset(jpeg);
        ushort[] sizes = [0xFFFF, 0x8000, 0x4001, 0];
        BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(frame + 1 + (2 * random.Next(2))), sizes[random.Next(sizes.Length)]);
        return jpeg;
    }

    /// <summary>The header length, or a digit run inside the header (a shape or an offset), made huge.</summary>
    private static byte[] HugeSafetensorsSize(byte[] model, Random random)
    {
        if (random.Next(3) == 0)
        {
            ulong[] lengths = [ulong.MaxValue, 1UL << 40, (ulong)model.Length, (ulong)model.Length - 7];
            BinaryPrimitives.WriteUInt64LittleEndian(model, lengths[random.Next(lengths.Length)]);
            return model;
        }

        int header = 8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(model);
        int[] digits = Enumerable.Range(8, header - 8).Where(i => model[i] is >= (byte)'0' and <= (byte)'9').ToArray();
        int at = digits[random.Next(digits.Length)];
        for (int i = at; i < header && model[i] is >= (byte)'0' and <= (byte)'9'; i++)
        {
            model[i] = (byte)'9';
        }

        return model;
    }

    /// <summary>The PNG with an iTXt chunk (UTF-8 text) after IHDR, and where its text lies: the invalid-UTF-8 damage goes there.</summary>
    private static (byte[] Png, (int Start, int End) Text) WithTextChunk(byte[] png, string text)
    {
        byte[] body = [.. "Comment"u8, 0, 0, 0, 0, 0, .. System.Text.Encoding.UTF8.GetBytes(text)];
        byte[] chunk = new byte[12 + body.Length];
        BinaryPrimitives.WriteInt32BigEndian(chunk, body.Length);
        "iTXt"u8.CopyTo(chunk.AsSpan(4));
        body.CopyTo(chunk, 8);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(8 + body.Length), PngCrc32.Compute(chunk.AsSpan(4, 4 + body.Length)));
        const int afterHeader = 33; // signature (8) + IHDR (25)
        byte[] result = [.. png.AsSpan(0, afterHeader), .. chunk, .. png.AsSpan(afterHeader)];
        int textStart = afterHeader + 8 + body.Length - System.Text.Encoding.UTF8.GetByteCount(text);
        return (result, (textStart, afterHeader + 8 + body.Length));
    }
}
