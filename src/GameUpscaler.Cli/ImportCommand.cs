namespace GameUpscaler.Cli;

using GameUpscaler.Models;
using GameUpscaler.Models.Ncnn;

/// <summary><c>gameupscaler import --ncnn</c>: a Real-ESRGAN compact ncnn model into our .safetensors format.</summary>
internal static class ImportCommand
{
    public const string Usage =
        "usage: gameupscaler import --ncnn PARAM BIN OUT.safetensors [--overwrite]\n" +
        "  --ncnn           read an ncnn model: the text .param and its .bin (fp16 or fp32 weights) of a Real-ESRGAN\n" +
        "                   SRVGGNetCompact network (realesr-animevideov3, realesr-general-x4v3 …); other layers are rejected\n" +
        "  OUT              the generator file to write; it then runs on every backend (--model OUT); never PARAM or BIN\n" +
        "                   unless --overwrite is given";

    public static int Run(CommandLineArguments args)
    {
        if (!args.Has("ncnn"))
        {
            throw new UsageException("import needs a source format: --ncnn PARAM BIN.");
        }

        string param = args.Positional(0, "the .param file");
        string bin = args.Positional(1, "the .bin file");
        string output = OutputPath.Get(args, 2, "the output model", ".safetensors", param, bin);
        args.EnsureAllUsed(3);
        GeneratorWeights weights = NcnnImporter.Import(param, bin);
        weights.Save(output);
        GeneratorArchitecture a = weights.Architecture;
        Console.WriteLine(
            $"wrote {output}: x{a.Scale}, C={a.Channels}, N={a.BodyConvs}, {a.ParameterCount:N0} parameters, " +
            $"{a.MacsPerInputPixel:N0} MAC per input pixel, sha256 {weights.Sha256}");
        return Program.ExitSuccess;
    }
}
