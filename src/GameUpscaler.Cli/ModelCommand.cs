namespace GameUpscaler.Cli;

using GameUpscaler.Models;

/// <summary><c>gameupscaler model new</c>: a randomly initialised generator, for tests, benchmarks and as a training
/// start; <c>gameupscaler model blend</c>: network interpolation between two generators (an L1 model and its GAN twin).</summary>
internal static class ModelCommand
{
    public static int Run(CommandLineArguments args)
    {
        string verb = args.Positional(0, "a model subcommand ('new' or 'blend')");
        return verb switch
        {
            "new" => RunNew(args),
            "blend" => RunBlend(args),
            _ => throw new UsageException($"Unknown model subcommand '{verb}' ('new' or 'blend')."),
        };
    }

    private static int RunBlend(CommandLineArguments args)
    {
        double alpha = args.GetDouble("alpha", double.NaN, 0, 1);
        if (double.IsNaN(alpha))
        {
            throw new UsageException("model blend needs --alpha A (0 to 1).");
        }

        string fromPath = KnownModels.ResolvePath(args.Positional(1, "the FROM model (α = 0)"));
        string toPath = KnownModels.ResolvePath(args.Positional(2, "the TO model (α = 1)"));
        string output = OutputPath.Get(args, 3, "the output model", ".safetensors", fromPath, toPath);
        GeneratorWeights from = GeneratorWeights.Load(fromPath);
        GeneratorWeights to = GeneratorWeights.Load(toPath);
        args.EnsureAllUsed(4);
        GeneratorWeights blended;
        try
        {
            blended = GeneratorWeights.Interpolate(from, to, alpha);
        }
        catch (ArgumentException e)
        {
            // Two architectures (α was range-checked above): the user's choice of files, so a usage error.
            throw new UsageException("model blend: " + e.Message);
        }

        blended.Save(output);
        Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"wrote {output}: {1 - alpha:0.###} x {from.Sha256?[..12]} + {alpha:0.###} x {to.Sha256?[..12]} ({from.Architecture})"));
        return Program.ExitSuccess;
    }

    private static int RunNew(CommandLineArguments args)
    {
        int scale = args.GetInt("scale", 0, 1, 4);
        int channels = args.GetInt("channels", 0, 1, 256);
        int blocks = args.GetInt("blocks", -1, 0, 64);
        int seed = args.GetInt("seed", 1, int.MinValue, int.MaxValue);
        if (scale == 0 || channels == 0 || blocks < 0)
        {
            throw new UsageException("model new needs --scale, --channels and --blocks.");
        }

        string output = OutputPath.Get(args, 1, "the output model", ".safetensors");
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
