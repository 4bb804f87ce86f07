namespace GameUpscaler.Cli;

using GameUpscaler.Models;
using GameUpscaler.Models.Onnx;
using GameUpscaler.Models.PyTorch;

/// <summary>
/// <c>gameupscaler export</c>: a generator as an ONNX model (Conv, PRelu, DepthToSpace, Resize, Add) or as a PyTorch
/// checkpoint of Real-ESRGAN's SRVGGNetCompact.
/// </summary>
internal static class ExportCommand
{
    public static int Run(CommandLineArguments args)
    {
        string model = args.Get("model") ?? throw new UsageException("export needs --model FILE|NAME.");
        string? onnx = args.Get("onnx");
        string? pytorch = args.Get("pytorch");
        if ((onnx is null) == (pytorch is null))
        {
            throw new UsageException(onnx is null
                ? "export needs a format: --onnx OUT.onnx or --pytorch OUT.pth."
                : "export writes one format at a time: --onnx or --pytorch, not both.");
        }

        return onnx is not null ? ExportOnnx(args, model, onnx) : ExportPyTorch(args, model, pytorch!);
    }

    private static int ExportOnnx(CommandLineArguments args, string model, string output)
    {
        int opset = args.GetInt("opset", OnnxExportOptions.MinimumOpset, OnnxExportOptions.MinimumOpset, OnnxExportOptions.MaximumOpset);
        int width = args.GetInt("width", 0, 1, 1 << 16);
        int height = args.GetInt("height", 0, 1, 1 << 16);
        if (args.Has("bare"))
        {
            throw new UsageException("--bare is an option of --pytorch.");
        }

        args.EnsureAllUsed(0);
        if ((width == 0) != (height == 0))
        {
            throw new UsageException("--width and --height go together.");
        }

        // Checked once the usage is known to be right, since it needs the model's file.
        string modelPath = KnownModels.ResolvePath(model);
        OutputPath.Check(output, "the ONNX output", ".onnx", overwrite: false, modelPath);
        GeneratorWeights weights = GeneratorWeights.Load(modelPath);
        var options = new OnnxExportOptions
        {
            Opset = opset,
            Width = width == 0 ? null : width,
            Height = height == 0 ? null : height,
        };
        byte[] bytes = OnnxExporter.Export(weights, options);
        GameUpscaler.IO.OutputFile.WriteAllBytes(output, bytes);
        string shape = width == 0 ? "[1,3,height,width]" : $"[1,3,{height},{width}]";
        Console.WriteLine($"wrote {output}: {weights.Architecture}, opset {opset}, input {shape}, {bytes.Length:N0} bytes");
        return Program.ExitSuccess;
    }

    private static int ExportPyTorch(CommandLineArguments args, string model, string output)
    {
        bool bare = args.Has("bare");
        foreach (string onnxOption in (string[])["opset", "width", "height"])
        {
            if (args.Get(onnxOption) is not null)
            {
                throw new UsageException($"--{onnxOption} is an option of --onnx.");
            }
        }

        args.EnsureAllUsed(0);
        string modelPath = KnownModels.ResolvePath(model);
        OutputPath.Check(output, "the PyTorch output", ".pth", overwrite: false, modelPath);
        GeneratorWeights weights = GeneratorWeights.Load(modelPath);
        byte[] bytes = PyTorchExporter.Export(weights, bare ? null : PyTorchExporter.DefaultStateDictKey);
        GameUpscaler.IO.OutputFile.WriteAllBytes(output, bytes);
        GeneratorArchitecture a = weights.Architecture;
        string layout = bare ? "a bare state dict" : $"the state dict under '{PyTorchExporter.DefaultStateDictKey}'";
        Console.WriteLine(
            $"wrote {output}: SRVGGNetCompact(num_in_ch=3, num_out_ch=3, num_feat={a.Channels}, num_conv={a.BodyConvs}, " +
            $"upscale={a.Scale}, act_type='prelu'), {layout}, fp32, {bytes.Length:N0} bytes");
        return Program.ExitSuccess;
    }
}
