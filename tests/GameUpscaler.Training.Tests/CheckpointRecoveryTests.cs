using GameUpscaler.Models;
using GameUpscaler.Training.Training;

namespace GameUpscaler.Training.Tests;

/// <summary>
/// A kill at any point of a checkpoint save loses at most that save: the fault hook stops <see cref="TrainingCheckpoint.Save"/>
/// at each point where the folders change (as a kill would, with no clean-up), and the next load must find the newest
/// complete copy, and a later save must carry on from it.
/// </summary>
public sealed class CheckpointRecoveryTests : IDisposable
{
    /// <summary>Every label <see cref="TrainingCheckpoint"/> passes to its fault hook during a save that replaces a checkpoint.</summary>
    private static readonly string[] KillPoints = ["files written", "progress written", "old removed", "current moved to old", "new moved to current"];

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "gu-ckpt-" + Guid.NewGuid().ToString("N"));

    public CheckpointRecoveryTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    public static TheoryData<string, bool> Points()
    {
        var data = new TheoryData<string, bool>();
        foreach (string point in KillPoints)
        {
            if (point != "old removed")
            {
                data.Add(point, false); // DIR alone: there is no DIR.old to remove
            }

            data.Add(point, true); // with a DIR.old left over from an earlier kill, so "old removed" is reached
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Points))]
    public void A_kill_at_each_point_of_a_save_keeps_the_newest_complete_checkpoint(string point, bool staleOld)
    {
        string directory = Path.Combine(_folder, "run");
        Make(2).Save(directory);
        if (staleOld)
        {
            CopyDirectory(directory, directory + ".old"); // a left-over copy as old as DIR, so the save reaches "old removed"
        }

        var seen = new List<string>();
        TrainingCheckpoint.FaultInjection.Value = label =>
        {
            seen.Add(label);
            if (label == point)
            {
                throw new SimulatedKill();
            }
        };
        try
        {
            Assert.Throws<SimulatedKill>(() => Make(5).Save(directory));
        }
        finally
        {
            TrainingCheckpoint.FaultInjection.Value = null;
        }

        Assert.Contains(point, seen);
        bool newWasComplete = Array.IndexOf(KillPoints, point) >= Array.IndexOf(KillPoints, "progress written");
        TrainingCheckpoint loaded = TrainingCheckpoint.Load(directory);
        Assert.Equal(newWasComplete ? 5 : 2, loaded.Step);
        Assert.Equal(Make(newWasComplete ? 5 : 2).Generator!.Tensors["body.0.weight"], loaded.Generator!.Tensors["body.0.weight"]);
        Assert.True(TrainingCheckpoint.Exists(directory));

        // The run goes on from what was recovered, and the folders end clean.
        Make(7).Save(directory);
        Assert.Equal(7, TrainingCheckpoint.Load(directory).Step);
        Assert.False(Directory.Exists(directory + ".old"));
        Assert.False(Directory.Exists(directory + ".writing"));
    }

    [Fact]
    public void A_kill_that_leaves_only_old_and_a_complete_writing_resumes_from_the_newer()
    {
        // The reproduction: killed between the two renames, so DIR is gone, DIR.old holds step 2, DIR.writing step 5.
        string directory = Path.Combine(_folder, "run");
        Make(2).Save(directory);
        TrainingCheckpoint.FaultInjection.Value = label =>
        {
            if (label == "current moved to old")
            {
                throw new SimulatedKill();
            }
        };
        try
        {
            Assert.Throws<SimulatedKill>(() => Make(5).Save(directory));
        }
        finally
        {
            TrainingCheckpoint.FaultInjection.Value = null;
        }

        Assert.False(Directory.Exists(directory));
        Assert.True(Directory.Exists(directory + ".old"));
        Assert.True(Directory.Exists(directory + ".writing"));
        Assert.True(TrainingCheckpoint.Exists(directory)); // a fresh run refuses to start here
        Assert.Equal(5, TrainingCheckpoint.Load(directory).Step);
    }

    [Fact]
    public void An_incomplete_writing_copy_never_wins()
    {
        string directory = Path.Combine(_folder, "run");
        Make(3).Save(directory);
        Directory.CreateDirectory(directory + ".writing");
        File.WriteAllText(Path.Combine(directory + ".writing", "options.json"), "{");

        Assert.Equal(3, TrainingCheckpoint.Load(directory).Step);
        Assert.False(Directory.Exists(directory + ".writing") && File.Exists(Path.Combine(directory + ".writing", "progress.json")));
    }

    [Fact]
    public void No_complete_copy_is_a_clear_error()
    {
        string directory = Path.Combine(_folder, "none");
        Directory.CreateDirectory(directory + ".writing");
        var error = Assert.Throws<DirectoryNotFoundException>(() => TrainingCheckpoint.Load(directory));
        Assert.Contains("no complete training checkpoint", error.Message, StringComparison.Ordinal);
        Assert.True(Directory.Exists(directory + ".writing")); // nothing is deleted when nothing could be recovered
    }

    private static TrainingCheckpoint Make(long step)
    {
        var architecture = new GeneratorArchitecture(2, 4, 1);
        return new TrainingCheckpoint
        {
            Options = new TrainingOptions { Scale = 2, Channels = 4, BodyConvs = 1, Iterations = 100, Seed = 3 },
            Step = step,
            ElapsedSeconds = step,
            Generator = GeneratorWeights.CreateRandom(architecture, (int)step),
            Ema = GeneratorWeights.CreateRandom(architecture, (int)step + 100),
            AdamSteps = [step],
            State = [new float[] { step, step + 1 }],
        };
    }

    private static void CopyDirectory(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (string file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
        }
    }

    private sealed class SimulatedKill : Exception
    {
        public SimulatedKill()
            : base("simulated kill")
        {
        }
    }
}
