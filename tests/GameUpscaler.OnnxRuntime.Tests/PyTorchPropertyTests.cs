using System.IO.Compression;
using CsCheck;
using GameUpscaler.Models;
using GameUpscaler.Models.PyTorch;

namespace GameUpscaler.OnnxRuntime.Tests;

/// <summary>
/// Property tests of the PyTorch checkpoint importer (CsCheck, shrinking failures): whatever the bytes, importing
/// returns weights or throws <see cref="ModelFormatException"/>. Inputs: random bytes; byte mutations of checkpoints
/// from our exporter (stored) and from another writer (deflated), splices between them; and, so that the damage gets
/// past the zip's checksums, damaged pickles, random opcode streams and damaged storages, each zipped intact.
/// </summary>
public sealed class PyTorchPropertyTests
{
    private static readonly GeneratorWeights[] Models =
    [
        TestImages.RandomWeights(new GeneratorArchitecture(2, 4, 1), seed: 3),
        TestImages.RandomWeights(new GeneratorArchitecture(1, 2, 0), seed: 4),
    ];

    private static readonly byte[][] Checkpoints =
    [
        PyTorchExporter.Export(Models[0]),
        PyTorchExporter.Export(Models[1]),
        TorchCheckpointFiles.Checkpoint([("params_ema", TorchCheckpointFiles.Tensors(Models[0]))]),
        TorchCheckpointFiles.Checkpoint([(null, TorchCheckpointFiles.Tensors(Models[1]))]),
    ];

    private static readonly (byte[] Pickle, Dictionary<string, byte[]> Storages) Ours = Unzip(Checkpoints[0]);

    /// <summary>The opcodes the unpickler knows and a few it does not, for random opcode streams.</summary>
    private static readonly byte[] Opcodes = [.. "(.JKMNQRXbc}hjqrstu)"u8, 0x80, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8A, 0x8C, 0x93, 0x94, 0x95, .. "GIdel]0"u8];

    [Fact]
    public void Random_bytes_are_refused_with_ModelFormatException()
    {
        Gen<byte[]> inputs = Gen.OneOf(
            FileMutations.RandomBytes(256),
            FileMutations.RandomBytes(256).Select(tail => (byte[])[.. "PK\u0003\u0004"u8, .. tail]));
        ParserProperty.ReadsOrRefuses<ModelFormatException, byte[]>(inputs, Import, iter: 1500);
    }

    [Fact]
    public void Damaged_checkpoints_are_imported_or_refused_with_ModelFormatException() =>
        ParserProperty.ReadsOrRefuses<ModelFormatException, MutatedFile>(FileMutations.Of(Checkpoints), m => Import(m.Bytes), iter: 800);

    [Fact]
    public void Damaged_pickles_in_an_intact_zip_are_imported_or_refused_with_ModelFormatException() =>
        ParserProperty.ReadsOrRefuses<ModelFormatException, MutatedFile>(
            FileMutations.Of([Ours.Pickle]), m => Import(TorchCheckpointFiles.Zip(m.Bytes, Ours.Storages, "archive")), iter: 800);

    [Fact]
    public void Random_opcode_streams_in_an_intact_zip_are_refused_with_ModelFormatException()
    {
        Gen<byte[]> pickles = Gen.Frequency((4, Gen.Int[0, Opcodes.Length - 1].Select(i => Opcodes[i])), (1, Gen.Byte)).Array[0, 64]
            .Select(ops => (byte[])[0x80, 2, .. ops, (byte)'.']);
        ParserProperty.ReadsOrRefuses<ModelFormatException, byte[]>(pickles, p => Import(TorchCheckpointFiles.Zip(p, Ours.Storages, "archive")), iter: 800);
    }

    [Fact]
    public void Damaged_storages_in_an_intact_zip_are_imported_or_refused_with_ModelFormatException()
    {
        string[] keys = [.. Ours.Storages.Keys.Order(StringComparer.Ordinal)];
        Gen<(int Storage, MutatedFile Data)> inputs = Gen.Int[0, keys.Length - 1].SelectMany(k => FileMutations.Of([Ours.Storages[keys[k]]]).Select(m => (k, m)));
        ParserProperty.ReadsOrRefuses<ModelFormatException, (int Storage, MutatedFile Data)>(
            inputs,
            c => Import(TorchCheckpointFiles.Zip(Ours.Pickle, new Dictionary<string, byte[]>(Ours.Storages) { [keys[c.Storage]] = c.Data.Bytes }, "archive")),
            iter: 400,
            print: c => $"storage {keys[c.Storage]}: {c.Data}");
    }

    private static void Import(byte[] checkpoint) => _ = PyTorchImporter.Import(checkpoint, "damaged.pth");

    private static (byte[] Pickle, Dictionary<string, byte[]> Storages) Unzip(byte[] checkpoint)
    {
        using var zip = new ZipArchive(new MemoryStream(checkpoint), ZipArchiveMode.Read);
        static byte[] Read(ZipArchiveEntry entry)
        {
            using Stream stream = entry.Open();
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            return memory.ToArray();
        }

        const string data = "archive/data/";
        return (
            Read(zip.GetEntry("archive/data.pkl")!),
            zip.Entries.Where(e => e.FullName.StartsWith(data, StringComparison.Ordinal)).ToDictionary(e => e.FullName[data.Length..], Read, StringComparer.Ordinal));
    }
}
