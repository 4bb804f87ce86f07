using System.Diagnostics;

namespace GameUpscaler.Tests;

/// <summary>
/// Runs a program built beside the tests (the CLI, the sample) in a child process: for what must not touch the test
/// process (environment variables such as GAMEUPSCALER_MODELS, a GC heap limit, an exit code from Main).
/// </summary>
internal static class ChildProcess
{
    /// <summary>The exit code and everything the program wrote (stdout then stderr).</summary>
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError)
    {
        public string Output => StandardOutput + StandardError;
    }

    /// <summary>Runs <c>dotnet ASSEMBLY ARGS</c> for an assembly in the test's output folder.</summary>
    /// <param name="assembly">The file name, e.g. GameUpscaler.Cli.dll.</param>
    /// <param name="arguments">Its arguments.</param>
    /// <param name="environment">Extra environment variables.</param>
    /// <param name="timeoutSeconds">How long before the run counts as hung (a failure, not a wait).</param>
    public static Result RunDotnet(string assembly, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, int timeoutSeconds = 120) =>
        Run("dotnet", [Path.Combine(AppContext.BaseDirectory, assembly), .. arguments], environment, timeoutSeconds);

    /// <summary>Runs any program (a compiler, a C test program) with arguments, as <see cref="RunDotnet"/> does.</summary>
    public static Result Run(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, int timeoutSeconds = 120)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach ((string key, string value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeoutSeconds * 1000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', start.ArgumentList)} did not finish in {timeoutSeconds} s");
        }

        return new Result(process.ExitCode, output.Result, error.Result);
    }
}
