using System.Text;
using System.Text.Json;
using GameUpscaler.Models;
using GameUpscaler.Training.Diffusion;

namespace GameUpscaler.Training.Training;

/// <summary>
/// A resumable training state in one folder: <c>options.json</c> (the run's definition), <c>progress.json</c>
/// (iterations done, wall time), <c>generator.safetensors</c> (current weights; <c>denoiser.safetensors</c> in the
/// diffusion stage), <c>ema.safetensors</c> (averaged weights) and <c>optimizer.bin</c> (Adam moments; in the GAN
/// stage also the discriminator and its moments). A checkpoint holds either the generator pair or the denoiser pair.
/// A new checkpoint is written beside the old one and swapped in, so an interrupted write never loses the last.
/// </summary>
public sealed class TrainingCheckpoint
{
    private const string Magic = "GUCKPT01";
    private const string GeneratorFile = "generator.safetensors";
    private const string DenoiserFile = "denoiser.safetensors";
    private const string EmaFile = "ema.safetensors";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>The run's definition.</summary>
    public required TrainingOptions Options { get; init; }

    /// <summary>Iterations done.</summary>
    public required long Step { get; init; }

    /// <summary>Training wall time so far, across resumes.</summary>
    public required double ElapsedSeconds { get; init; }

    /// <summary>Current generator weights (L1 and GAN stages).</summary>
    public GeneratorWeights? Generator { get; init; }

    /// <summary>EMA of the generator weights (L1 and GAN stages).</summary>
    public GeneratorWeights? Ema { get; init; }

    /// <summary>Current denoiser (diffusion stage).</summary>
    public DiffusionModel? Denoiser { get; init; }

    /// <summary>EMA of the denoiser (diffusion stage).</summary>
    public DiffusionModel? DenoiserEma { get; init; }

    /// <summary>Adam step counts: generator, then discriminator (GAN stage).</summary>
    public required long[] AdamSteps { get; init; }

    /// <summary>Further float arrays in a fixed order: generator Adam m and v per parameter, then (GAN stage)
    /// discriminator values, m and v per parameter.</summary>
    public required IReadOnlyList<float[]> State { get; init; }

    /// <summary>
    /// The same checkpoint with amended options for the rest of the run (a new pair mix for a fine-tune, say). The
    /// architecture, stage and seed cannot change: the weights and the data stream belong to them.
    /// </summary>
    /// <exception cref="ArgumentException">The amendment changes the architecture, stage or seed.</exception>
    public TrainingCheckpoint WithOptions(TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if ((options.Scale, options.Channels, options.BodyConvs, options.Stage, options.Seed)
            != (Options.Scale, Options.Channels, Options.BodyConvs, Options.Stage, Options.Seed))
        {
            throw new ArgumentException("A resumed run keeps its scale, channels, blocks, stage and seed.", nameof(options));
        }

        options.Validate();
        return new TrainingCheckpoint
        {
            Options = options,
            Step = Step,
            ElapsedSeconds = ElapsedSeconds,
            Generator = Generator,
            Ema = Ema,
            Denoiser = Denoiser,
            DenoiserEma = DenoiserEma,
            AdamSteps = AdamSteps,
            State = State,
        };
    }

    /// <summary>Writes the checkpoint to <paramref name="directory"/>, replacing one that is there.</summary>
    /// <exception cref="InvalidOperationException">Not exactly one weights pair (generator or denoiser) is set.</exception>
    public void Save(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        int generators = (Generator is null ? 0 : 1) + (Ema is null ? 0 : 1);
        int denoisers = (Denoiser is null ? 0 : 1) + (DenoiserEma is null ? 0 : 1);
        bool generator = generators == 2 && denoisers == 0;
        if (!generator && !(denoisers == 2 && generators == 0))
        {
            throw new InvalidOperationException("A checkpoint holds either a generator and its EMA or a denoiser and its EMA.");
        }

        string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));
        string temp = full + ".writing";
        string old = full + ".old";
        if (Directory.Exists(temp))
        {
            Directory.Delete(temp, recursive: true);
        }

        Directory.CreateDirectory(temp);
        File.WriteAllText(Path.Combine(temp, "options.json"), JsonSerializer.Serialize(Options, Json));
        File.WriteAllText(Path.Combine(temp, "progress.json"), JsonSerializer.Serialize(new Progress(Step, ElapsedSeconds), Json));
        if (generator)
        {
            Generator!.Save(Path.Combine(temp, GeneratorFile));
            Ema!.Save(Path.Combine(temp, EmaFile));
        }
        else
        {
            DiffusionModelFile.Save(Denoiser!, Path.Combine(temp, DenoiserFile));
            DiffusionModelFile.Save(DenoiserEma!, Path.Combine(temp, EmaFile));
        }

        using (var writer = new BinaryWriter(File.Create(Path.Combine(temp, "optimizer.bin")), Encoding.ASCII))
        {
            writer.Write(Encoding.ASCII.GetBytes(Magic));
            writer.Write(AdamSteps.Length);
            foreach (long s in AdamSteps)
            {
                writer.Write(s);
            }

            writer.Write(State.Count);
            foreach (float[] array in State)
            {
                writer.Write(array.Length);
                foreach (float v in array)
                {
                    writer.Write(v);
                }
            }
        }

        if (Directory.Exists(old))
        {
            Directory.Delete(old, recursive: true);
        }

        if (Directory.Exists(full))
        {
            Directory.Move(full, old);
        }

        Directory.Move(temp, full);
        if (Directory.Exists(old))
        {
            Directory.Delete(old, recursive: true);
        }
    }

    /// <summary>Reads a checkpoint folder.</summary>
    /// <exception cref="DirectoryNotFoundException">No checkpoint there.</exception>
    /// <exception cref="InvalidDataException">A file is malformed.</exception>
    public static TrainingCheckpoint Load(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!File.Exists(Path.Combine(directory, "progress.json")))
        {
            throw new DirectoryNotFoundException($"'{directory}' holds no training checkpoint (progress.json is missing).");
        }

        TrainingOptions options = JsonSerializer.Deserialize<TrainingOptions>(File.ReadAllText(Path.Combine(directory, "options.json")))
            ?? throw new InvalidDataException($"{directory}/options.json is empty.");
        Progress progress = JsonSerializer.Deserialize<Progress>(File.ReadAllText(Path.Combine(directory, "progress.json")))
            ?? throw new InvalidDataException($"{directory}/progress.json is empty.");
        using var reader = new BinaryReader(File.OpenRead(Path.Combine(directory, "optimizer.bin")), Encoding.ASCII);
        if (Encoding.ASCII.GetString(reader.ReadBytes(Magic.Length)) != Magic)
        {
            throw new InvalidDataException($"{directory}/optimizer.bin is not a GameUpscaler optimizer state.");
        }

        var steps = new long[reader.ReadInt32()];
        for (int i = 0; i < steps.Length; i++)
        {
            steps[i] = reader.ReadInt64();
        }

        int count = reader.ReadInt32();
        var state = new List<float[]>(count);
        for (int i = 0; i < count; i++)
        {
            var array = new float[reader.ReadInt32()];
            for (int j = 0; j < array.Length; j++)
            {
                array[j] = reader.ReadSingle();
            }

            state.Add(array);
        }

        bool diffusion = options.Stage == TrainingStage.Diffusion;
        return new TrainingCheckpoint
        {
            Options = options,
            Step = progress.Step,
            ElapsedSeconds = progress.ElapsedSeconds,
            Generator = diffusion ? null : GeneratorWeights.Load(Path.Combine(directory, GeneratorFile)),
            Ema = diffusion ? null : GeneratorWeights.Load(Path.Combine(directory, EmaFile)),
            Denoiser = diffusion ? DiffusionModelFile.Load(Path.Combine(directory, DenoiserFile)) : null,
            DenoiserEma = diffusion ? DiffusionModelFile.Load(Path.Combine(directory, EmaFile)) : null,
            AdamSteps = steps,
            State = state,
        };
    }

    private sealed record Progress(long Step, double ElapsedSeconds);
}
