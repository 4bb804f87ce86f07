using System.Buffers.Binary;
using System.IO.Compression;
using GameUpscaler.Models;
using GameUpscaler.Models.PyTorch;

namespace GameUpscaler.OnnxRuntime.Tests;

/// <summary>
/// The PyTorch importer's part of the malformed-input suite (issue 13): 1,200 damaged checkpoints generated at test
/// time (truncation, bit flips, header corruption, huge declared sizes, invalid UTF-8), each imported or refused with
/// <see cref="ModelFormatException"/> and nothing else. A third of them damage our stored archive, a third the
/// deflated archive of another writer, and a third only the pickle, re-zipped intact, so that the damage reaches the
/// unpickler rather than stopping at a zip checksum.
/// </summary>
public sealed class PyTorchMalformedInputSuiteTests
{
    private const int Cases = 1200;

    [Fact]
    public void PyTorch_damage_is_imported_or_refused_with_ModelFormatException()
    {
        GeneratorWeights weights = TestImages.RandomWeights(new GeneratorArchitecture(2, 4, 1), seed: 9);
        byte[] ours = PyTorchExporter.Export(weights);
        byte[] theirs = TorchCheckpointFiles.Checkpoint([("params_ema", TorchCheckpointFiles.Tensors(weights))]);
        (byte[] pickle, Dictionary<string, byte[]> storages) = Unzip(ours);

        var counts = Corruption.Run<ModelFormatException>(
            Cases,
            seed: 21,
            (kind, random) => (random.Next(3)) switch
            {
                0 => Corruption.Damage(ours, kind, random, 160, HugeZipSize, (0, ours.Length)),
                1 => Corruption.Damage(theirs, kind, random, 160, HugeZipSize, (0, theirs.Length)),
                _ => TorchCheckpointFiles.Zip(Corruption.Damage(pickle, kind, random, 32, HugePickleSize, (0, pickle.Length)), storages, "archive"),
            },
            file => PyTorchImporter.Import(file, "damaged.pth"));

        Assert.All(counts, c => Assert.True(c.Value.Refused > 0, $"{c.Key}: {c.Value.Read} read, none refused"));
        Assert.Equal(Cases, counts.Values.Sum(c => c.Read + c.Refused));
    }

    /// <summary>A central directory entry's uncompressed (or compressed) size made absurd.</summary>
    private static byte[] HugeZipSize(byte[] file, Random random)
    {
        var directory = new List<int>();
        for (int i = 0; i + 46 <= file.Length; i++)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(i)) == 0x02014B50)
            {
                directory.Add(i);
            }
        }

        int at = directory[random.Next(directory.Count)] + (random.Next(2) == 0 ? 24 : 20);
        uint[] huge = [uint.MaxValue, int.MaxValue, 1u << 30, 0xFFFFFFFE];
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(at), huge[random.Next(huge.Length)]);
        return file;
    }

    /// <summary>A string length in the pickle (BINUNICODE) made absurd.</summary>
    private static byte[] HugePickleSize(byte[] pickle, Random random)
    {
        var strings = new List<int>();
        for (int i = 0; i + 5 <= pickle.Length; i++)
        {
            if (pickle[i] == 'X' && BinaryPrimitives.ReadUInt32LittleEndian(pickle.AsSpan(i + 1)) < 64)
            {
                strings.Add(i + 1);
            }
        }

        uint[] huge = [uint.MaxValue, int.MaxValue, 1u << 30, (uint)pickle.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(pickle.AsSpan(strings[random.Next(strings.Count)]), huge[random.Next(huge.Length)]);
        return pickle;
    }

    private static (byte[] Pickle, Dictionary<string, byte[]> Storages) Unzip(byte[] checkpoint)
    {
        using var zip = new ZipArchive(new MemoryStream(checkpoint), ZipArchiveMode.Read);
        byte[] Read(ZipArchiveEntry entry)
        {
            using Stream stream = entry.Open();
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            return memory.ToArray();
        }

        var storages = zip.Entries.Where(e => e.FullName.StartsWith("archive/data/", StringComparison.Ordinal))
            .ToDictionary(e => e.FullName["archive/data/".Length..], Read, StringComparer.Ordinal);
        return (Read(zip.GetEntry("archive/data.pkl")!), storages);
    }
}
