using System.Buffers.Binary;
using GameUpscaler.Models;
using GameUpscaler.Models.Onnx;

namespace GameUpscaler.OnnxRuntime.Tests;

/// <summary>The exported ONNX bytes decoded field by field (onnx.proto numbers), independently of ONNX Runtime.</summary>
public sealed class OnnxExportFormatTests
{
    [Fact]
    public void Graph_is_conv_prelu_chain_then_depth_to_space_resize_add()
    {
        GeneratorWeights weights = TestImages.RandomWeights(new GeneratorArchitecture(2, 8, 2), seed: 2);
        var model = ProtobufTestReader.Read(OnnxExporter.Export(weights));
        Assert.Equal((ulong)OnnxExporter.IrVersion, model.Varint(1));
        Assert.Equal(OnnxExporter.ProducerName, model.String(2));
        var opset = ProtobufTestReader.Read(model.Messages(8).Single());
        Assert.Equal(13ul, opset.Varint(2));

        var graph = ProtobufTestReader.Read(model.Messages(7).Single());
        var nodes = graph.Messages(1).Select(n => ProtobufTestReader.Read(n)).ToList();
        Assert.Equal(
            ["Conv", "PRelu", "Conv", "PRelu", "Conv", "PRelu", "Conv", "DepthToSpace", "Resize", "Add"],
            nodes.Select(n => n.String(4)));

        var depthToSpace = nodes.Single(n => n.String(4) == "DepthToSpace");
        var attributes = depthToSpace.Messages(5).Select(a => ProtobufTestReader.Read(a)).ToDictionary(a => a.String(1));
        Assert.Equal(2ul, attributes["blocksize"].Varint(3));
        Assert.Equal("CRD", attributes["mode"].String(4)); // pixel_shuffle order

        // Initializers carry the weights bit for bit (raw little-endian float32).
        var initializers = graph.Messages(5).Select(t => ProtobufTestReader.Read(t)).ToDictionary(t => t.String(8));
        byte[] raw = initializers["body.2.weight"].Messages(9).Single();
        float[] expected = weights.GetTensor("body.2.weight");
        Assert.Equal(expected.Length * 4, raw.Length);
        Assert.Equal(expected[5], BinaryPrimitives.ReadSingleLittleEndian(raw.AsSpan(20)));
        Assert.Equal([8L, 1, 1], DecodePacked(initializers["body.1.weight"].Messages(1).Single())); // PReLU slopes broadcast as [C, 1, 1]

        var input = ProtobufTestReader.Read(graph.Messages(11).Single());
        Assert.Equal(OnnxExporter.InputName, input.String(1));
        var output = ProtobufTestReader.Read(graph.Messages(12).Single());
        Assert.Equal(OnnxExporter.OutputName, output.String(1));
    }

    [Fact]
    public void Scale_one_has_no_depth_to_space_or_resize_and_high_opsets_declare_their_ir_version()
    {
        GeneratorWeights weights = TestImages.RandomWeights(new GeneratorArchitecture(1, 4, 0), seed: 2);
        var model = ProtobufTestReader.Read(OnnxExporter.Export(weights, new OnnxExportOptions { Opset = 19 }));
        Assert.Equal(9ul, model.Varint(1));
        Assert.Equal(10ul, ProtobufTestReader.Read(OnnxExporter.Export(weights, new OnnxExportOptions { Opset = 21 })).Varint(1));
        var graph = ProtobufTestReader.Read(model.Messages(7).Single());
        Assert.Equal(["Conv", "PRelu", "Conv", "Add"], graph.Messages(1).Select(n => ProtobufTestReader.Read(n).String(4)));
    }

    [Fact]
    public void Export_is_deterministic_and_options_validate()
    {
        GeneratorWeights weights = TestImages.RandomWeights(new GeneratorArchitecture(3, 4, 1), seed: 2);
        Assert.Equal(OnnxExporter.Export(weights), OnnxExporter.Export(weights));
        Assert.Throws<ArgumentOutOfRangeException>(() => new OnnxExportOptions { Opset = 12 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new OnnxExportOptions { Opset = 22 });
        Assert.Throws<ArgumentOutOfRangeException>(() => new OnnxExportOptions { Width = 0 });
        Assert.Throws<ArgumentNullException>(() => OnnxExporter.Export(null!));
    }

    private static long[] DecodePacked(byte[] packed)
    {
        var values = new List<long>();
        int p = 0;
        while (p < packed.Length)
        {
            long value = 0;
            int shift = 0;
            byte b;
            do
            {
                b = packed[p++];
                value |= (long)(b & 0x7F) << shift;
                shift += 7;
            }
            while (b >= 0x80);
            values.Add(value);
        }

        return [.. values];
    }
}
