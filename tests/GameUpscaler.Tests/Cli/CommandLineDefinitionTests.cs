namespace GameUpscaler.Tests.Cli;

using System.CommandLine;
using GameUpscaler.Cli;

/// <summary>
/// The command line on System.CommandLine: every command's help comes from its definition, a bad command line is
/// refused before any work with exit 2 (exit 1 when it names files that are not there), and completion offers the
/// commands, options and choices the definitions hold.
/// </summary>
[Collection(nameof(ConsoleCollection))]
public sealed class CommandLineDefinitionTests
{
    [Fact]
    public void Every_option_of_every_command_is_in_its_generated_help()
    {
        RootCommand root = Program.BuildRoot();
        var commands = new List<(string Path, Command Command)>();
        void Walk(string path, Command command)
        {
            commands.Add((path, command));
            foreach (Command sub in command.Subcommands)
            {
                Walk(path.Length == 0 ? sub.Name : $"{path} {sub.Name}", sub);
            }
        }

        foreach (Command command in root.Subcommands)
        {
            Walk(command.Name, command);
        }

        Assert.True(commands.Count >= 17, $"{commands.Count} commands");
        foreach ((string path, Command command) in commands)
        {
            var output = new StringWriter();
            int exit = root.Parse([.. path.Split(' '), "--help"]).Invoke(new InvocationConfiguration { Output = output });
            Assert.Equal(0, exit);
            string help = output.ToString();
            Assert.Contains(command.Description!, help.Replace("\n", " ", StringComparison.Ordinal).Replace("  ", " ", StringComparison.Ordinal), StringComparison.Ordinal);
            foreach (Option option in command.Options)
            {
                Assert.Contains(option.Name, help, StringComparison.Ordinal);
            }
        }
    }

    [Theory]
    [InlineData("upscale", "a.png", "b.png", "--scael", "2")]
    [InlineData("eval", "--scale", "2")]
    [InlineData("eval", "--dataset", ".", "--scale", "5")]
    [InlineData("train", "--stage", "wgan")]
    [InlineData("bench", "--frames", "0")]
    [InlineData("capture", "eval", "--capture", ".", "--method", "magic")]
    [InlineData("model")]
    public void A_bad_command_line_is_refused_before_any_work_with_exit_2(params string[] args)
    {
        (int exit, string error) = CliRunner.Run(args);
        Assert.True(exit == 2, $"exit {exit}: {error}");
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
        Assert.Contains("Usage:", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_input_is_bad_input_with_exit_1_and_names_the_path()
    {
        (int exit, string error) = CliRunner.Run("eval", "--dataset", "/nonexistent/set", "--scale", "2");
        Assert.Equal(1, exit);
        Assert.Contains("--dataset no such directory '/nonexistent/set'", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("upscale --back", 14, "--backend")]
    [InlineData("upscale --backend ", 18, "vulkan")]
    [InlineData("capture ", 8, "eval")]
    [InlineData("bench --permutation ", 20, "sfp16")]
    [InlineData("tra", 3, "train")]
    public void Completion_offers_what_the_definitions_hold(string line, int position, string expected)
    {
        string[] completions = [.. Program.BuildRoot().Parse(line).GetCompletions(position).Select(c => c.Label)];
        Assert.Contains(expected, completions);
    }

    [Fact]
    public void The_completion_command_prints_a_script_for_bash()
    {
        TextWriter original = Console.Out;
        using var output = new StringWriter();
        Console.SetOut(output);
        try
        {
            Assert.Equal(0, Program.Main(["completion", "bash"]));
        }
        finally
        {
            Console.SetOut(original);
        }

        Assert.Contains("complete -o default -F _gameupscaler_complete gameupscaler", output.ToString(), StringComparison.Ordinal);

        // The script in a real bash, asking a real gameupscaler (a wrapper of the built CLI) what completes a word.
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        File.WriteAllText(temp.File("gameupscaler"), $"#!/bin/sh\nexec dotnet '{Path.Combine(AppContext.BaseDirectory, "GameUpscaler.Cli.dll")}' \"$@\"\n");
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The bash completion test runs on Linux (bash, a shell wrapper).");
        }

        File.SetUnixFileMode(temp.File("gameupscaler"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        File.WriteAllText(temp.File("completion.sh"), output.ToString());
        string script = $$"""
            source '{{temp.File("completion.sh")}}'
            complete_line() { COMP_LINE="$1"; COMP_POINT=${#COMP_LINE}; read -ra COMP_WORDS <<< "$1"; [ "${1: -1}" = " " ] && COMP_WORDS+=(""); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 )); _gameupscaler_complete; echo "${COMPREPLY[*]}"; }
            complete_line "gameupscaler upscale --backend v"
            complete_line "gameupscaler cap"
            complete_line "gameupscaler bench --perm"
            """;
        ChildProcess.Result run = ChildProcess.Run("bash", ["-c", script], new Dictionary<string, string> { ["PATH"] = $"{temp.Path}:{Environment.GetEnvironmentVariable("PATH")}" });
        Assert.Equal(["vulkan", "capture", "--permutation"], run.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}

/// <summary><c>gameupscaler holdout</c>: the validation split as a dataset folder, never over an existing one.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class HoldoutCommandTests
{
    [Fact]
    public void The_split_is_written_cropped_and_an_existing_folder_is_never_overwritten()
    {
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        var random = new Random(3);
        for (int i = 0; i < 60; i++)
        {
            var image = new GameUpscaler.Imaging.Image8(i % 2 == 0 ? 300 : 80, 120, 3);
            random.NextBytes(image.Pixels);
            Directory.CreateDirectory(temp.File($"data/f{i % 4}"));
            GameUpscaler.Imaging.PngCodec.Encode(image, temp.File($"data/f{i % 4}/p{i}.png"));
        }

        (int exit, string error) = CliRunner.Run("holdout", "--data", temp.File("data"), "--every", "3", "--size", "100", "--out", temp.File("split"));
        Assert.True(exit == 0, error);
        string[] written = Directory.GetFiles(temp.File("split"));
        int expected = Directory.GetFiles(temp.File("data"), "*.png", SearchOption.AllDirectories)
            .Count(f => GameUpscaler.Training.Data.ImageCorpus.IsHeldOut(f, 3) && GameUpscaler.Imaging.PngCodec.Decode(f).Width >= 96);
        Assert.Equal(expected, written.Length);
        Assert.All(written, f => Assert.Equal((100, 100), (GameUpscaler.Imaging.PngCodec.Decode(f).Width, GameUpscaler.Imaging.PngCodec.Decode(f).Height)));

        (exit, error) = CliRunner.Run("holdout", "--data", temp.File("data"), "--every", "3", "--out", temp.File("split"));
        Assert.Equal(1, exit);
        Assert.Contains("exists and is not empty", error, StringComparison.Ordinal);
    }
}

/// <summary><c>gameupscaler snapshots</c>: one row per snapshot, in step order, in the columns <c>curve</c> reads.</summary>
[Collection(nameof(ConsoleCollection))]
public sealed class SnapshotsCommandTests
{
    [Fact]
    public void Each_snapshot_is_scored_in_step_order()
    {
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        Directory.CreateDirectory(temp.File("snaps"));
        Directory.CreateDirectory(temp.File("set"));
        foreach (int step in (int[])[200, 100])
        {
            GameUpscaler.Models.GeneratorWeights.CreateRandom(new GameUpscaler.Models.GeneratorArchitecture(2, 4, 1), seed: step)
                .Save(temp.File($"snaps/step-{step:D7}.safetensors"));
        }

        GameUpscaler.Imaging.PngCodec.Encode(GameUpscaler.Imaging.TestScene.Render(24, 24), temp.File("set/a.png"));
        (int exit, string error) = CliRunner.Run("snapshots", "--snapshots", temp.File("snaps"), "--dataset", temp.File("set"), "--scale", "2", "--csv", temp.File("curve.csv"));
        Assert.True(exit == 0, error);
        string[] lines = File.ReadAllLines(temp.File("curve.csv"));
        Assert.Equal("step,psnr_y,psnr_y_from_frame8", lines[0]);
        Assert.Equal(["100", "200"], lines[1..].Select(l => l.Split(',')[0]));
        Assert.All(lines[1..], l => Assert.True(double.Parse(l.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture) > 0));
    }
}
