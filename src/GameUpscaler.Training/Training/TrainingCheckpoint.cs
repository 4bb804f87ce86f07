using System.Text;
using System.Text.Json;
using GameUpscaler.IO;
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
    private const string OptimizerFile = "optimizer.bin";
    private const string ProgressFile = "progress.json";
    private const string WritingSuffix = ".writing";
    private const string OldSuffix = ".old";
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
        if ((options.Scale, options.Channels, options.BodyConvs, options.Stage, options.Seed, options.Temporal, options.Backbone)
            != (Options.Scale, Options.Channels, Options.BodyConvs, Options.Stage, Options.Seed, Options.Temporal, Options.Backbone))
        {
            throw new ArgumentException("A resumed run keeps its scale, channels, blocks, stage, seed, kind (per-frame or temporal) and backbone.", nameof(options));
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

    /// <summary>
    /// Whether a checkpoint, or what an interrupted save left of one (<c>DIR.old</c>, <c>DIR.writing</c>), is at
    /// <paramref name="directory"/>: a fresh run must not start there, or its first save would replace it.
    /// </summary>
    public static bool Exists(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        string full = FullPath(directory);
        return new[] { full, full + WritingSuffix, full + OldSuffix }.Any(d => Directory.Exists(d) && Directory.EnumerateFileSystemEntries(d).Any());
    }

    /// <summary>
    /// Writes the checkpoint to <paramref name="directory"/>, replacing one that is there. The new state goes to
    /// <c>DIR.writing</c> with <c>progress.json</c> last (its presence marks a complete copy), then the current copy
    /// becomes <c>DIR.old</c>, the new one <c>DIR</c>, and <c>DIR.old</c> is removed. A kill at any point leaves at least
    /// one complete copy among the three, and <see cref="Load"/> takes the newest of them.
    /// </summary>
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

        string full = FullPath(directory);
        string temp = full + WritingSuffix;

        // What an earlier interrupted save left is settled first (its newest complete copy becomes DIR), so nothing
        // deleted below can be the only or the newest complete copy.
        Recover(full);
        if (Directory.Exists(temp))
        {
            Directory.Delete(temp, recursive: true);
        }

        Directory.CreateDirectory(temp);
        File.WriteAllText(Path.Combine(temp, "options.json"), JsonSerializer.Serialize(Options, Json));
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

        using (var stream = new FileStream(Path.Combine(temp, OptimizerFile), FileMode.Create, FileAccess.Write))
        {
            using (var writer = new BinaryWriter(stream, Encoding.ASCII, leaveOpen: true))
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

            stream.Flush(flushToDisk: true);
        }

        FaultPoint("files written");
        OutputFile.WriteAllBytes(Path.Combine(temp, ProgressFile), JsonSerializer.SerializeToUtf8Bytes(new Progress(Step, ElapsedSeconds), Json));
        FaultPoint("progress written");
        Promote(full, temp);
    }

    /// <summary>
    /// Test hook: called with a label at each point where a kill would leave the folders in a different state, on the
    /// current async flow only; a test throws from it to stop <see cref="Save"/> there, as a kill would.
    /// </summary>
    internal static AsyncLocal<Action<string>?> FaultInjection { get; } = new();

    private static void FaultPoint(string label) => FaultInjection.Value?.Invoke(label);

    private static string FullPath(string directory) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));

    /// <summary>Makes the complete copy <paramref name="source"/> (DIR.writing or DIR.old) the checkpoint DIR, keeping DIR until it is replaced.</summary>
    private static void Promote(string full, string source)
    {
        string old = full + OldSuffix;
        if (Directory.Exists(full))
        {
            // DIR is complete here (Recover made sure), so an older DIR.old is not needed.
            if (Directory.Exists(old))
            {
                Directory.Delete(old, recursive: true);
                FaultPoint("old removed");
            }

            Directory.Move(full, old);
            FaultPoint("current moved to old");
        }

        Directory.Move(source, full);
        FaultPoint("new moved to current");
        if (Directory.Exists(old))
        {
            Directory.Delete(old, recursive: true);
        }
    }

    /// <summary>
    /// Settles what an interrupted save left: the newest complete copy among DIR, DIR.writing and DIR.old becomes DIR,
    /// copies older than it and incomplete ones go. Returns whether a complete copy exists.
    /// </summary>
    private static bool Recover(string full)
    {
        string writing = full + WritingSuffix, old = full + OldSuffix;
        long current = CompleteStep(full), written = CompleteStep(writing), previous = CompleteStep(old);
        if (written > current && written >= previous)
        {
            if (current < 0 && Directory.Exists(full))
            {
                Directory.Delete(full, recursive: true); // an incomplete DIR cannot exist after a rename, but be safe
            }

            Promote(full, writing);
            return true;
        }

        if (previous > current)
        {
            if (Directory.Exists(full))
            {
                Directory.Delete(full, recursive: true); // incomplete or older than DIR.old: never the newest copy
            }

            Directory.Move(old, full);
            return true;
        }

        return current >= 0;
    }

    /// <summary>The step a folder holds if it is a complete, readable checkpoint copy; −1 otherwise.</summary>
    private static long CompleteStep(string folder)
    {
        string progress = Path.Combine(folder, ProgressFile);
        if (!File.Exists(progress))
        {
            return -1;
        }

        try
        {
            Progress? read = JsonSerializer.Deserialize<Progress>(InputFile.ReadAllBytes(progress, 1 << 20, "checkpoint progress"));
            return read is not null && read.Step >= 0 ? read.Step : -1;
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            return -1;
        }
    }

    /// <summary>
    /// Reads a checkpoint folder: the newest complete copy among DIR, DIR.writing and DIR.old (what a save killed
    /// half-way leaves), which then becomes DIR.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException">No complete checkpoint there.</exception>
    /// <exception cref="InvalidDataException">A file is malformed.</exception>
    public static TrainingCheckpoint Load(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!Recover(FullPath(directory)))
        {
            throw new DirectoryNotFoundException(
                $"'{directory}' holds no complete training checkpoint (progress.json is missing in it, in {directory}{WritingSuffix} and in {directory}{OldSuffix}).");
        }

        TrainingOptions options = JsonSerializer.Deserialize<TrainingOptions>(File.ReadAllText(Path.Combine(directory, "options.json")))
            ?? throw new InvalidDataException($"{directory}/options.json is empty.");
        Progress progress = JsonSerializer.Deserialize<Progress>(File.ReadAllText(Path.Combine(directory, ProgressFile)))
            ?? throw new InvalidDataException($"{directory}/progress.json is empty.");
        using var reader = new BinaryReader(File.OpenRead(Path.Combine(directory, OptimizerFile)), Encoding.ASCII);
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
