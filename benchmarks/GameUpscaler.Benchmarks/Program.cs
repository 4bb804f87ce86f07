using BenchmarkDotNet.Running;

namespace GameUpscaler.Benchmarks;

/// <summary>Entry point: <c>dotnet run -c Release -- --filter '*'</c> (any BenchmarkDotNet arguments).</summary>
public static class Program
{
    /// <summary>Runs the benchmarks chosen on the command line (or asks, when none are).</summary>
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
