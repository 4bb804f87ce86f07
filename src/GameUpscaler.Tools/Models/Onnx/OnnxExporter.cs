using System.Globalization;

namespace GameUpscaler.Models.Onnx;

/// <summary>
/// Writes a generator as an ONNX model: <c>Conv</c> + <c>PRelu</c> per hidden layer, the last <c>Conv</c>,
/// <c>DepthToSpace</c> (CRD mode, which is PyTorch's <c>pixel_shuffle</c> order), a nearest <c>Resize</c> of the
/// input for the skip connection and an <c>Add</c> — the graph PyTorch exports for Real-ESRGAN's SRVGGNetCompact,
/// so any ONNX tool reads it. Input <see cref="InputName"/> and output <see cref="OutputName"/> are float32 NCHW
/// with N = 1 and RGB channels.
/// </summary>
public static class OnnxExporter
{
    /// <summary>The graph input's name: float32 [1, 3, height, width].</summary>
    public const string InputName = "input";

    /// <summary>The graph output's name: float32 [1, 3, height·s, width·s].</summary>
    public const string OutputName = "output";

    /// <summary>The IR version written for opsets up to 18 (read by every ONNX Runtime since 1.10); higher opsets get 9 or 10.</summary>
    public const int IrVersion = 8;

    /// <summary>The <c>producer_name</c> written into the model.</summary>
    public const string ProducerName = "GameUpscaler";

    // ONNX TensorProto.DataType and AttributeProto.AttributeType values (onnx.proto).
    private const int TensorFloat = 1;
    private const int AttributeInt = 2;
    private const int AttributeInts = 7;
    private const int AttributeString = 3;

    /// <summary>Serialises the generator to ONNX bytes.</summary>
    /// <param name="weights">The model.</param>
    /// <param name="options">Opset and input shape; null for <see cref="OnnxExportOptions.Default"/>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="weights"/> is null.</exception>
    public static byte[] Export(GeneratorWeights weights, OnnxExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(weights);
        options ??= OnnxExportOptions.Default;
        if (weights.Architecture.Temporal)
        {
            throw new NotSupportedException($"{weights.Architecture} is a temporal generator; its ONNX export (the history as a second input) is not written yet.");
        }

        GeneratorArchitecture architecture = weights.Architecture;
        int s = architecture.Scale;
        var graph = new ProtobufWriter();
        graph.WriteString(2, $"srvgg_x{s}_c{architecture.Channels}_n{architecture.BodyConvs}");

        string current = InputName;
        for (int conv = 0; conv < architecture.ConvCount; conv++)
        {
            string weightName = GeneratorArchitecture.ConvWeightName(conv);
            string biasName = GeneratorArchitecture.ConvBiasName(conv);
            int cin = architecture.GetConvInputChannels(conv);
            int cout = architecture.GetConvOutputChannels(conv);
            graph.WriteMessage(5, Tensor(weightName, [cout, cin, 3, 3], weights.GetTensor(weightName)));
            graph.WriteMessage(5, Tensor(biasName, [cout], weights.GetTensor(biasName)));

            string convOutput = Name("conv", conv);
            graph.WriteMessage(1, Node(
                "Conv", Name("Conv_", conv), [current, weightName, biasName], [convOutput],
                IntsAttribute("kernel_shape", [3, 3]),
                IntsAttribute("pads", [1, 1, 1, 1]),
                IntsAttribute("strides", [1, 1]),
                IntsAttribute("dilations", [1, 1]),
                IntAttribute("group", 1)));
            current = convOutput;

            if (architecture.HasActivation(conv))
            {
                // PRelu broadcasts its slope against NCHW from the right, so one slope per channel is [C, 1, 1].
                string slopeName = GeneratorArchitecture.PReluSlopeName(conv);
                graph.WriteMessage(5, Tensor(slopeName, [cout, 1, 1], weights.GetTensor(slopeName)));
                string activationOutput = Name("prelu", conv);
                graph.WriteMessage(1, Node("PRelu", Name("PRelu_", conv), [current, slopeName], [activationOutput]));
                current = activationOutput;
            }
        }

        if (s == 1)
        {
            graph.WriteMessage(1, Node("Add", "Add_skip", [current, InputName], [OutputName]));
        }
        else
        {
            graph.WriteMessage(1, Node(
                "DepthToSpace", "DepthToSpace", [current], ["shuffled"],
                IntAttribute("blocksize", s),
                StringAttribute("mode", "CRD")));

            // Asymmetric coordinates with floor make output pixel i read input pixel floor(i / s) exactly, which
            // is PyTorch's nearest interpolation at an integer factor, independent of any rounding convention.
            graph.WriteMessage(5, Tensor("skip_scales", [4], [1f, 1f, s, s]));
            graph.WriteMessage(1, Node(
                "Resize", "Resize_skip", [InputName, string.Empty, "skip_scales"], ["skip"],
                StringAttribute("mode", "nearest"),
                StringAttribute("coordinate_transformation_mode", "asymmetric"),
                StringAttribute("nearest_mode", "floor")));
            graph.WriteMessage(1, Node("Add", "Add_skip", ["shuffled", "skip"], [OutputName]));
        }

        graph.WriteMessage(11, ValueInfo(InputName, Dimension(3), options.Height, "height", options.Width, "width", 1));
        graph.WriteMessage(12, ValueInfo(OutputName, Dimension(3), options.Height, "height_out", options.Width, "width_out", s));

        var model = new ProtobufWriter();
        // The IR version each opset first appeared with (ONNX 1.13: IR 8 / opset 18, 1.14–1.15: IR 9 / opsets 19–20,
        // 1.16: IR 10 / opset 21); nothing else in the graph changes.
        model.WriteInt64(1, options.Opset switch { <= 18 => IrVersion, <= 20 => 9, _ => 10 });
        model.WriteString(2, ProducerName);
        model.WriteString(3, typeof(OnnxExporter).Assembly.GetName().Version?.ToString() ?? "0");
        model.WriteString(6, $"{architecture}: conv3x3 + PReLU generator, depth-to-space, nearest skip (SRVGGNetCompact layout)");
        model.WriteMessage(7, graph);
        var opset = new ProtobufWriter();
        opset.WriteString(1, string.Empty);
        opset.WriteInt64(2, options.Opset);
        model.WriteMessage(8, opset);
        model.WriteMessage(14, Metadata("scale", s.ToString(CultureInfo.InvariantCulture)));
        model.WriteMessage(14, Metadata("channels", architecture.Channels.ToString(CultureInfo.InvariantCulture)));
        model.WriteMessage(14, Metadata("body_convs", architecture.BodyConvs.ToString(CultureInfo.InvariantCulture)));
        return model.ToArray();
    }

    /// <summary>Writes the generator to an ONNX file.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="weights"/> is null.</exception>
    /// <exception cref="ArgumentException">The path is empty.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public static void Export(GeneratorWeights weights, string path, OnnxExportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentException.ThrowIfNullOrEmpty(path);
        File.WriteAllBytes(path, Export(weights, options));
    }

    private static string Name(string prefix, int index) => prefix + index.ToString(CultureInfo.InvariantCulture);

    private static ProtobufWriter Tensor(string name, long[] dims, ReadOnlySpan<float> values)
    {
        var tensor = new ProtobufWriter();
        tensor.WritePackedInt64(1, dims);
        tensor.WriteInt64(2, TensorFloat);
        tensor.WriteString(8, name);
        tensor.WriteFloatsAsRawBytes(9, values);
        return tensor;
    }

    private static ProtobufWriter Node(string opType, string name, string[] inputs, string[] outputs, params ProtobufWriter[] attributes)
    {
        var node = new ProtobufWriter();
        foreach (string input in inputs)
        {
            node.WriteString(1, input);
        }

        foreach (string output in outputs)
        {
            node.WriteString(2, output);
        }

        node.WriteString(3, name);
        node.WriteString(4, opType);
        foreach (ProtobufWriter attribute in attributes)
        {
            node.WriteMessage(5, attribute);
        }

        return node;
    }

    private static ProtobufWriter IntAttribute(string name, long value)
    {
        var attribute = new ProtobufWriter();
        attribute.WriteString(1, name);
        attribute.WriteInt64(3, value);
        attribute.WriteInt64(20, AttributeInt);
        return attribute;
    }

    private static ProtobufWriter IntsAttribute(string name, long[] values)
    {
        var attribute = new ProtobufWriter();
        attribute.WriteString(1, name);
        attribute.WritePackedInt64(8, values);
        attribute.WriteInt64(20, AttributeInts);
        return attribute;
    }

    private static ProtobufWriter StringAttribute(string name, string value)
    {
        var attribute = new ProtobufWriter();
        attribute.WriteString(1, name);
        attribute.WriteString(4, value);
        attribute.WriteInt64(20, AttributeString);
        return attribute;
    }

    private static ProtobufWriter Metadata(string key, string value)
    {
        var entry = new ProtobufWriter();
        entry.WriteString(1, key);
        entry.WriteString(2, value);
        return entry;
    }

    private static ProtobufWriter Dimension(long value)
    {
        var dimension = new ProtobufWriter();
        dimension.WriteInt64(1, value);
        return dimension;
    }

    private static ProtobufWriter SymbolicDimension(string name)
    {
        var dimension = new ProtobufWriter();
        dimension.WriteString(2, name);
        return dimension;
    }

    /// <summary>A float32 [1, 3, H, W] value; H and W fixed (times <paramref name="factor"/>) or symbolic.</summary>
    private static ProtobufWriter ValueInfo(string name, ProtobufWriter channels, int? height, string heightName, int? width, string widthName, int factor)
    {
        var shape = new ProtobufWriter();
        shape.WriteMessage(1, Dimension(1));
        shape.WriteMessage(1, channels);
        shape.WriteMessage(1, height is int h ? Dimension((long)h * factor) : SymbolicDimension(heightName));
        shape.WriteMessage(1, width is int w ? Dimension((long)w * factor) : SymbolicDimension(widthName));
        var tensorType = new ProtobufWriter();
        tensorType.WriteInt64(1, TensorFloat);
        tensorType.WriteMessage(2, shape);
        var type = new ProtobufWriter();
        type.WriteMessage(1, tensorType);
        var valueInfo = new ProtobufWriter();
        valueInfo.WriteString(1, name);
        valueInfo.WriteMessage(2, type);
        return valueInfo;
    }
}
