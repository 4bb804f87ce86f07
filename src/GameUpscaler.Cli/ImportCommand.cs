namespace GameUpscaler.Cli;

using GameUpscaler.Models;
using GameUpscaler.Models.Ncnn;
using GameUpscaler.Models.PyTorch;

/// <summary>
/// <c>gameupscaler import --ncnn | --pytorch</c>: a Real-ESRGAN compact model (SRVGGNetCompact), as ncnn files or as
/// a PyTorch state dict, into our .safetensors format.
/// </summary>
internal static class ImportCommand
{
    public static int Run(CommandLineArguments args)
    {
        bool ncnn = args.Has("ncnn"), pytorch = args.Has("pytorch");
        if (ncnn == pytorch)
        {
            throw new UsageException(ncnn
                ? "import reads one source format: --ncnn or --pytorch, not both."
                : "import needs a source format: --ncnn PARAM BIN or --pytorch FILE.");
        }

        GeneratorWeights weights;
        string output;
        if (ncnn)
        {
            string param = args.Positional(0, "the .param file");
            string bin = args.Positional(1, "the .bin file");
            output = OutputPath.Get(args, 2, "the output model", ".safetensors", param, bin);
            args.EnsureAllUsed(3);
            weights = NcnnImporter.Import(param, bin);
        }
        else
        {
            string checkpoint = args.Positional(0, "the PyTorch checkpoint (.pth) or safetensors file");
            output = OutputPath.Get(args, 1, "the output model", ".safetensors", checkpoint);
            args.EnsureAllUsed(2);
            weights = PyTorchImporter.Import(checkpoint);
            Console.WriteLine($"source: {weights.Metadata[PyTorchImporter.SourceMetadataKey]}");
        }

        weights.Save(output);
        GeneratorArchitecture a = weights.Architecture;
        Console.WriteLine(
            $"wrote {output}: x{a.Scale}, C={a.Channels}, N={a.BodyConvs}, {a.ParameterCount:N0} parameters, " +
            $"{a.MacsPerInputPixel:N0} MAC per input pixel, sha256 {weights.Sha256}");
        return Program.ExitSuccess;
    }
}
