namespace GameUpscaler.Cli;

using GameUpscaler.Models;

/// <summary><c>gameupscaler model new</c>: a randomly initialised generator, for tests, benchmarks and as a training start.</summary>
internal static class ModelCommand
{
    public const string Usage =
        "usage: gameupscaler model new --scale S --channels C --blocks N [--seed K] OUT.safetensors\n" +
        "  --scale S        2, 3 or 4 (1 for a same-size enhancer)\n" +
        "  --channels C     feature channels (e.g. 16, 32, 64)\n" +
        "  --blocks N       body convolutions between the first and last conv (e.g. 4, 6, 16)\n" +
        "  --seed K         random seed (default 1)";

    public static int Run(CommandLineArguments args)
    {
        string verb = args.Positional(0, "a model subcommand ('new')");
        if (verb != "new")
        {
            throw new UsageException($"Unknown model subcommand '{verb}'.");
        }

        int scale = args.GetInt("scale", 0, 1, 4);
        int channels = args.GetInt("channels", 0, 1, 256);
        int blocks = args.GetInt("blocks", -1, 0, 64);
        int seed = args.GetInt("seed", 1, int.MinValue, int.MaxValue);
        if (scale == 0 || channels == 0 || blocks < 0)
        {
            throw new UsageException("model new needs --scale, --channels and --blocks.");
        }

        string output = args.Positional(1, "the output file");
        args.EnsureAllUsed(2);
        var architecture = new GeneratorArchitecture(scale, channels, blocks);
        GeneratorWeights weights = GeneratorWeights.CreateRandom(architecture, seed);
        weights.Save(output);
        Console.WriteLine(
            $"wrote {output}: x{scale}, C={channels}, N={blocks}, {architecture.ParameterCount:N0} parameters, " +
            $"{architecture.MacsPerInputPixel:N0} MAC per input pixel");
        return Program.ExitSuccess;
    }
}
