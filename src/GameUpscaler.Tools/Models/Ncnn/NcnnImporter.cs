using System.Globalization;
using System.Text;
using GameUpscaler.IO;

namespace GameUpscaler.Models.Ncnn;

/// <summary>
/// Imports a Real-ESRGAN compact model (SRVGGNetCompact) saved by ncnn — a text <c>.param</c> and a <c>.bin</c> of
/// fp16 (or fp32) weights, as shipped with realesr-animevideov3 and realesr-general-x4v3 — into
/// <see cref="GeneratorWeights"/>, so it runs on every backend.
/// </summary>
/// <remarks>
/// The graph must be exactly the SRVGG shape: <c>Input</c>, an optional <c>Split</c> of the input,
/// <c>Convolution</c> (3×3, stride 1, pad 1, with bias) each followed by <c>PReLU</c> except the last,
/// <c>PixelShuffle</c>, a nearest <c>Interp</c> of the input by the same factor, and a <c>BinaryOp</c> add. Any other
/// layer or parameter is rejected with a message naming the layer. Convolution weights are OIHW in ncnn as in
/// PyTorch, so they are taken over unchanged (fp16 values widen exactly to fp32).
/// </remarks>
public static class NcnnImporter
{
    /// <summary>The 4-byte tag (little-endian) before fp16 convolution weights in a .bin file.</summary>
    public const uint Float16WeightTag = 0x01306B47;

    /// <summary>The tag before int8-quantized weights, which are not supported.</summary>
    public const uint Int8WeightTag = 0x000D4B38;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The largest .param read: 16 MiB (a real one is a few KB of text).</summary>
    public const long MaxParamBytes = 16L << 20;

    /// <summary>Metadata key recording where an imported model came from.</summary>
    public const string SourceMetadataKey = SrvggNetCompact.SourceMetadataKey;

    /// <summary>Reads a .param/.bin pair.</summary>
    /// <param name="paramPath">The text .param file.</param>
    /// <param name="binPath">The .bin weights file.</param>
    /// <exception cref="ArgumentException">A path is empty.</exception>
    /// <exception cref="ModelFormatException">A file is malformed or the network is not an SRVGG generator; the message names the file, the layer and the problem.</exception>
    /// <exception cref="IOException">A file cannot be read.</exception>
    public static GeneratorWeights Import(string paramPath, string binPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(paramPath);
        ArgumentException.ThrowIfNullOrEmpty(binPath);
        byte[] paramBytes = InputFile.ReadAllBytes(paramPath, MaxParamBytes, "ncnn .param");
        byte[] binBytes = InputFile.ReadAllBytes(binPath, GeneratorWeights.MaxFileBytes, "ncnn .bin");
        return Import(paramBytes, binBytes, paramPath, binPath);
    }

    /// <summary>Reads a .param/.bin pair from memory.</summary>
    /// <param name="paramBytes">The .param file bytes (UTF-8 text).</param>
    /// <param name="binBytes">The .bin file bytes.</param>
    /// <param name="paramName">The .param file's name for messages.</param>
    /// <param name="binName">The .bin file's name for messages.</param>
    /// <exception cref="ArgumentNullException">An array is null.</exception>
    /// <exception cref="ModelFormatException">The data is malformed or not an SRVGG generator.</exception>
    public static GeneratorWeights Import(byte[] paramBytes, byte[] binBytes, string paramName = "model.param", string binName = "model.bin")
    {
        ArgumentNullException.ThrowIfNull(paramBytes);
        ArgumentNullException.ThrowIfNull(binBytes);
        if (Array.IndexOf(paramBytes, (byte)0) >= 0)
        {
            throw new ModelFormatException(paramName, "the file holds binary data; import needs the text .param (not the .param.bin of ncnn2mem)");
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(paramBytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new ModelFormatException(paramName, $"the file is not UTF-8 text (bad byte at {e.Index}); import needs the text .param", e);
        }

        IReadOnlyList<NcnnLayer> layers = NcnnParamFile.Parse(text, paramName);
        var reader = new NcnnWeightReader(binBytes, binName);
        try
        {
            return Build(layers, reader, paramName, binName);
        }
        catch (FormatException e)
        {
            throw new ModelFormatException(paramName, e.Message, e);
        }
    }

    private static GeneratorWeights Build(IReadOnlyList<NcnnLayer> layers, NcnnWeightReader reader, string paramName, string binName)
    {
        var inputAliases = new HashSet<string>(StringComparer.Ordinal);
        var convWeights = new List<(float[] Weight, float[] Bias, int InputChannels, int OutputChannels, NcnnLayer Layer)>();
        var slopes = new List<float[]>();
        string? current = null; // the feature blob the next layer of the chain must read
        bool convWaitsForActivation = false;
        int pixelShuffle = 0;
        string? shuffled = null;
        string? skip = null;
        int skipScale = 0;
        NcnnLayer? add = null;

        ModelFormatException Fail(NcnnLayer layer, string problem) => new(paramName, $"{layer.Describe()}: {problem}");

        foreach (NcnnLayer layer in layers)
        {
            if (add is not null)
            {
                throw Fail(layer, $"follows the skip addition '{add.Name}'; only the plain network is supported (upscayl's -x2/-x3 files resize the x4 output afterwards; import the -x4 file)");
            }

            switch (layer.Type)
            {
                case "Input":
                    ExpectBlobs(layer, 0, 1, paramName);
                    if (inputAliases.Count > 0)
                    {
                        throw Fail(layer, "a second input; the generator reads one image");
                    }

                    inputAliases.Add(layer.Outputs[0]);
                    break;

                case "Split":
                    if (layer.Inputs.Count != 1 || !inputAliases.Contains(layer.Inputs[0]))
                    {
                        throw Fail(layer, "splits something other than the input image; the generator has no branches but the skip connection");
                    }

                    inputAliases.UnionWith(layer.Outputs);
                    break;

                case "Convolution":
                {
                    ExpectBlobs(layer, 1, 1, paramName);
                    bool first = convWeights.Count == 0;
                    if (first ? !inputAliases.Contains(layer.Inputs[0]) : layer.Inputs[0] != current)
                    {
                        throw Fail(layer, first ? "the first convolution must read the input image" : $"reads '{layer.Inputs[0]}', not the previous layer's output '{current}'");
                    }

                    if (convWaitsForActivation && !first)
                    {
                        // A convolution directly after a convolution: the previous one was meant to be the last.
                        throw Fail(layer, "follows a convolution without a PReLU between them");
                    }

                    if (pixelShuffle != 0)
                    {
                        throw Fail(layer, "comes after the PixelShuffle");
                    }

                    int outputs = layer.GetInt(0, 0);
                    int kernelW = layer.GetInt(1, 0);
                    int kernelH = layer.GetInt(11, kernelW);
                    int dilationW = layer.GetInt(2, 1);
                    int dilationH = layer.GetInt(12, dilationW);
                    int strideW = layer.GetInt(3, 1);
                    int strideH = layer.GetInt(13, strideW);
                    int padLeft = layer.GetInt(4, 0);
                    int padTop = layer.GetInt(14, padLeft);
                    int padRight = layer.GetInt(15, padLeft);
                    int padBottom = layer.GetInt(16, padTop);
                    int biasTerm = layer.GetInt(5, 0);
                    int weightCount = layer.GetInt(6, 0);
                    if (kernelW != 3 || kernelH != 3 || dilationW != 1 || dilationH != 1 || strideW != 1 || strideH != 1)
                    {
                        throw Fail(layer, $"kernel {kernelW}x{kernelH}, stride {strideW}x{strideH}, dilation {dilationW}x{dilationH}; the generator uses 3x3 convolutions with stride 1");
                    }

                    if (padLeft != 1 || padTop != 1 || padRight != 1 || padBottom != 1 || layer.GetFloat(18, 0f) != 0f)
                    {
                        throw Fail(layer, $"padding {padLeft},{padTop},{padRight},{padBottom}; the generator pads one pixel of zeros on every side");
                    }

                    if (biasTerm != 1 || layer.GetInt(8, 0) != 0 || layer.GetInt(9, 0) != 0 || layer.GetInt(19, 0) != 0)
                    {
                        throw Fail(layer, "needs a bias and no int8 scales, fused activation or dynamic weights (parameters 5=1, 8=0, 9=0, 19=0)");
                    }

                    if (outputs < 1 || weightCount < 1 || weightCount % (outputs * 9) != 0)
                    {
                        throw Fail(layer, $"weight_data_size {weightCount} is not num_output ({outputs}) × input channels × 9");
                    }

                    int inputs = weightCount / (outputs * 9);
                    int expectedInputs = first ? GeneratorArchitecture.ImageChannels : convWeights[^1].OutputChannels;
                    if (inputs != expectedInputs)
                    {
                        throw Fail(layer, $"reads {inputs} channels, but its input has {expectedInputs}");
                    }

                    float[] weight = reader.ReadTagged(weightCount, layer);
                    float[] bias = reader.ReadFloat32(outputs, layer, "fp32 biases");
                    convWeights.Add((weight, bias, inputs, outputs, layer));
                    current = layer.Outputs[0];
                    convWaitsForActivation = true;
                    break;
                }

                case "PReLU":
                {
                    ExpectBlobs(layer, 1, 1, paramName);
                    if (!convWaitsForActivation || layer.Inputs[0] != current)
                    {
                        throw Fail(layer, "does not directly follow a convolution");
                    }

                    int convOutputs = convWeights[^1].OutputChannels;
                    int count = layer.GetInt(0, 0);
                    if (count != convOutputs && count != 1)
                    {
                        throw Fail(layer, $"has {count} slopes for {convOutputs} channels");
                    }

                    float[] values = reader.ReadFloat32(count, layer, "fp32 PReLU slopes");
                    if (count == 1)
                    {
                        // One shared slope (nn.PReLU() without num_parameters): our format stores one per channel.
                        float shared = values[0];
                        values = new float[convOutputs];
                        Array.Fill(values, shared);
                    }

                    slopes.Add(values);
                    current = layer.Outputs[0];
                    convWaitsForActivation = false;
                    break;
                }

                case "PixelShuffle":
                    ExpectBlobs(layer, 1, 1, paramName);
                    if (!convWaitsForActivation || layer.Inputs[0] != current)
                    {
                        throw Fail(layer, "must directly follow the last convolution");
                    }

                    pixelShuffle = layer.GetInt(0, 1);
                    if (pixelShuffle is < 1 or > GeneratorArchitecture.MaxScale || layer.GetInt(1, 0) != 0)
                    {
                        throw Fail(layer, $"upscale factor {pixelShuffle} (mode {layer.GetInt(1, 0)}); supported: 1 to {GeneratorArchitecture.MaxScale} in PyTorch order (mode 0)");
                    }

                    shuffled = layer.Outputs[0];
                    current = shuffled;
                    break;

                case "Interp":
                {
                    ExpectBlobs(layer, 1, 1, paramName);
                    if (!inputAliases.Contains(layer.Inputs[0]))
                    {
                        throw Fail(layer, "resizes something other than the input image; only the nearest-upsampled skip connection is supported");
                    }

                    float scaleH = layer.GetFloat(1, 1f);
                    float scaleW = layer.GetFloat(2, 1f);
                    if (layer.GetInt(0, 0) != 1 || scaleH != scaleW || scaleH != MathF.Round(scaleH) || scaleH < 1 ||
                        layer.GetInt(3, 0) != 0 || layer.GetInt(4, 0) != 0 || layer.GetInt(5, 0) != 0)
                    {
                        throw Fail(layer, string.Create(CultureInfo.InvariantCulture, $"type {layer.GetInt(0, 0)}, scales {scaleH}x{scaleW}; the skip connection must be a nearest (type 1) resize by one integer factor"));
                    }

                    skip = layer.Outputs[0];
                    skipScale = (int)scaleH;
                    break;
                }

                case "BinaryOp":
                {
                    if (layer.Inputs.Count != 2 || layer.Outputs.Count != 1 || layer.GetInt(0, 0) != 0 || layer.GetInt(1, 0) != 0)
                    {
                        throw Fail(layer, "only the addition of two blobs (op_type 0, no scalar) is supported");
                    }

                    string? skipBlob = skip ?? layer.Inputs.FirstOrDefault(inputAliases.Contains);
                    if (current is null || skipBlob is null || !layer.Inputs.Contains(current) || !layer.Inputs.Contains(skipBlob))
                    {
                        throw Fail(layer, "must add the network output and the (upsampled) input image");
                    }

                    add = layer;
                    break;
                }

                default:
                    throw Fail(layer, "this layer type is not part of an SRVGG generator (supported: Input, Split, Convolution, PReLU, PixelShuffle, Interp, BinaryOp)");
            }
        }

        string where = paramName;
        if (add is null)
        {
            throw new ModelFormatException(where, "the network ends without adding the upsampled input (BinaryOp add); not an SRVGG generator");
        }

        int scale = Math.Max(pixelShuffle, 1);
        if ((skipScale != 0 && skipScale != scale) || (skipScale == 0 && scale != 1))
        {
            throw new ModelFormatException(where, $"the skip connection is upsampled x{skipScale}, the network output x{scale}; they must match");
        }

        // The chain's checks (channel counts, a PReLU after every convolution but the last, 3·s² outputs, size
        // limits) are SrvggNetCompact's, shared with the PyTorch importer.
        var chain = new List<SrvggLayer>(convWeights.Count);
        for (int conv = 0; conv < convWeights.Count; conv++)
        {
            var c = convWeights[conv];
            chain.Add(new SrvggLayer(c.Layer.Describe(), c.InputChannels, c.OutputChannels, conv < slopes.Count ? slopes[conv].Length : 0));
        }

        GeneratorArchitecture architecture = SrvggNetCompact.InferArchitecture(chain, scale, where);
        if (reader.Remaining != 0)
        {
            throw new ModelFormatException(binName, $"{reader.Remaining} bytes follow the last weights; the .bin does not belong to this .param");
        }

        return SrvggNetCompact.Build(
            architecture,
            chain,
            conv => (convWeights[conv].Weight, convWeights[conv].Bias, conv < slopes.Count ? slopes[conv] : null),
            where,
            $"ncnn import of {Path.GetFileName(paramName)} + {Path.GetFileName(binName)}");
    }

    private static void ExpectBlobs(NcnnLayer layer, int inputs, int outputs, string paramName)
    {
        if (layer.Inputs.Count != inputs || layer.Outputs.Count != outputs)
        {
            throw new ModelFormatException(paramName, $"{layer.Describe()} has {layer.Inputs.Count} inputs and {layer.Outputs.Count} outputs; expected {inputs} and {outputs}");
        }
    }
}
