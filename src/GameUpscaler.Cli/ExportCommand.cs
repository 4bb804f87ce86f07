namespace GameUpscaler.Cli;

using GameUpscaler.Models;
using GameUpscaler.Models.Onnx;

/// <summary><c>gameupscaler export</c>: a generator as an ONNX model (Conv, PRelu, DepthToSpace, Resize, Add).</summary>
internal static class ExportCommand
{
    public const string Usage =
        "usage: gameupscaler export --model FILE|NAME --onnx OUT.onnx [--opset N] [--width W --height H]\n" +
        "  --model FILE     a generator .safetensors file, or the name of a shipped model (see 'gameupscaler info')\n" +
        "  --onnx OUT       the ONNX file to write (input 'input' [1,3,H,W], output 'output' [1,3,H·s,W·s], float32)\n" +
        "  --opset N        ONNX opset, 13 to 21 (default 13)\n" +
        "  --width W, --height H   fix the input size (DirectML runs fixed shapes best); default: symbolic";

    public static int Run(CommandLineArguments args)
    {
        string model = args.Get("model") ?? throw new UsageException("export needs --model FILE|NAME.");
        string output = args.Get("onnx") ?? throw new UsageException("export needs --onnx OUT.onnx.");
        int opset = args.GetInt("opset", OnnxExportOptions.MinimumOpset, OnnxExportOptions.MinimumOpset, OnnxExportOptions.MaximumOpset);
        int width = args.GetInt("width", 0, 1, 1 << 16);
        int height = args.GetInt("height", 0, 1, 1 << 16);
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
}
