using System.Globalization;

namespace GameUpscaler.Models.Onnx;

/// <summary>
/// Writes a generator as an ONNX model: <c>Conv</c> + <c>PRelu</c> per hidden layer, the last <c>Conv</c>,
/// <c>DepthToSpace</c> (CRD mode, which is PyTorch's <c>pixel_shuffle</c> order), a nearest <c>Resize</c> of the
/// input for the skip connection and an <c>Add</c> — the graph PyTorch exports for Real-ESRGAN's SRVGGNetCompact,
/// so any ONNX tool reads it. Input <see cref="InputName"/> and output <see cref="OutputName"/> are float32 NCHW
/// with N = 1 and RGB channels. A temporal generator has two more inputs, <see cref="HistoryName"/> (the accumulated
/// frame on the grid, which is also the skip) and <see cref="ConfidenceName"/>, and a clipped output.
/// </summary>
public static class OnnxExporter
{
    /// <summary>The graph input's name: float32 [1, 3, height, width].</summary>
    public const string InputName = "input";

    /// <summary>The graph output's name: float32 [1, 3, height·s, width·s].</summary>
    public const string OutputName = "output";

    /// <summary>A temporal generator's second input: the accumulated frame on the grid, float32 [1, 3, height·s, width·s].</summary>
    public const string HistoryName = "history";

    /// <summary>A temporal generator's third input: the history confidence, float32 [1, 1, height, width].</summary>
    public const string ConfidenceName = "confidence";

    /// <summary>The IR version written for opsets up to 18 (read by every ONNX Runtime since 1.10); higher opsets get 9 or 10.</summary>
    public const int IrVersion = 8;

    /// <summary>The <c>producer_name</c> written into the model.</summary>
    public const string ProducerName = "GameUpscaler";

    // ONNX TensorProto.DataType and AttributeProto.AttributeType values (onnx.proto).
    private const int TensorFloat = 1;
    private const int TensorInt64 = 7;
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
        GeneratorArchitecture architecture = weights.Architecture;
        architecture.ThrowIfNotPlain("The ONNX exporter");
        int s = architecture.Scale;
        var graph = new ProtobufWriter();
        graph.WriteString(2, $"{(architecture.Temporal ? "srvgg_temporal" : "srvgg")}_x{s}_c{architecture.Channels}_n{architecture.BodyConvs}");

        string current = InputName;
        if (architecture.Temporal)
        {
            // The network's planes (GeneratorArchitecture's remarks): the frame, the history by space-to-depth in
            // pixel_unshuffle order, the confidence. ONNX SpaceToDepth orders channels (dy, dx, c); a Gather puts
            // them in (c, dy, dx) order.
            int planes = architecture.OutputConvChannels;
            var order = new long[planes];
            for (int c = 0; c < 3; c++)
            {
                for (int dy = 0; dy < s; dy++)
                {
                    for (int dx = 0; dx < s; dx++)
                    {
                        order[(((c * s) + dy) * s) + dx] = (((dy * s) + dx) * 3) + c;
                    }
                }
            }

            graph.WriteMessage(1, Node("SpaceToDepth", "SpaceToDepth_history", [HistoryName], ["history_dcr"], IntAttribute("blocksize", s)));
            graph.WriteMessage(5, Int64Tensor("history_order", [planes], order));
            graph.WriteMessage(1, Node("Gather", "Gather_history", ["history_dcr", "history_order"], ["history_planes"], IntAttribute("axis", 1)));
            graph.WriteMessage(1, Node("Concat", "Concat_inputs", [InputName, "history_planes", ConfidenceName], ["planes"], IntAttribute("axis", 1)));
            current = "planes";
        }

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

        if (architecture.Temporal)
        {
            // The skip is the history itself, and the result is clamped as every backend clamps it.
            string shuffled = current;
            if (s > 1)
            {
                graph.WriteMessage(1, Node("DepthToSpace", "DepthToSpace", [current], ["shuffled"], IntAttribute("blocksize", s), StringAttribute("mode", "CRD")));
                shuffled = "shuffled";
            }

            graph.WriteMessage(1, Node("Add", "Add_skip", [shuffled, HistoryName], ["corrected"]));
            graph.WriteMessage(5, Tensor("clip_min", [], [0f]));
            graph.WriteMessage(5, Tensor("clip_max", [], [1f]));
            graph.WriteMessage(1, Node("Clip", "Clip_output", ["corrected", "clip_min", "clip_max"], [OutputName]));
        }
        else if (s == 1)
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
        if (architecture.Temporal)
        {
            graph.WriteMessage(11, ValueInfo(HistoryName, Dimension(3), options.Height, "height_out", options.Width, "width_out", s));
            graph.WriteMessage(11, ValueInfo(ConfidenceName, Dimension(1), options.Height, "height", options.Width, "width", 1));
        }

        graph.WriteMessage(12, ValueInfo(OutputName, Dimension(3), options.Height, "height_out", options.Width, "width_out", s));

        var model = new ProtobufWriter();
        // The IR version each opset first appeared with (ONNX 1.13: IR 8 / opset 18, 1.14–1.15: IR 9 / opsets 19–20,
        // 1.16: IR 10 / opset 21); nothing else in the graph changes.
        model.WriteInt64(1, options.Opset switch { <= 18 => IrVersion, <= 20 => 9, _ => 10 });
        model.WriteString(2, ProducerName);
        model.WriteString(3, typeof(OnnxExporter).Assembly.GetName().Version?.ToString() ?? "0");
        model.WriteString(6, architecture.Temporal
            ? $"{architecture}: frame + space-to-depth history + confidence in, conv3x3 + PReLU generator, depth-to-space, history skip, clipped"
            : $"{architecture}: conv3x3 + PReLU generator, depth-to-space, nearest skip (SRVGGNetCompact layout)");
        model.WriteMessage(7, graph);
        var opset = new ProtobufWriter();
        opset.WriteString(1, string.Empty);
        opset.WriteInt64(2, options.Opset);
        model.WriteMessage(8, opset);
        model.WriteMessage(14, Metadata("scale", s.ToString(CultureInfo.InvariantCulture)));
        model.WriteMessage(14, Metadata("channels", architecture.Channels.ToString(CultureInfo.InvariantCulture)));
        model.WriteMessage(14, Metadata("body_convs", architecture.BodyConvs.ToString(CultureInfo.InvariantCulture)));
        if (architecture.Temporal)
        {
            model.WriteMessage(14, Metadata("temporal", "1"));
        }

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

    private static ProtobufWriter Int64Tensor(string name, long[] dims, ReadOnlySpan<long> values)
    {
        var tensor = new ProtobufWriter();
        tensor.WritePackedInt64(1, dims);
        tensor.WriteInt64(2, TensorInt64);
        tensor.WriteString(8, name);
        tensor.WritePackedInt64(7, values);
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
