using CsCheck;

namespace GameUpscaler.Tests;

/// <summary>
/// The parsers' property: on any input a parser returns or throws one of its documented exceptions, nothing else.
/// CsCheck shrinks a failing input and reports it with its seed (re-run with <c>seed:</c>).
/// </summary>
internal static class ParserProperty
{
    /// <summary>
    /// Runs <paramref name="read"/> on <paramref name="iter"/> generated inputs: each is read, or refused with an
    /// exception <paramref name="documented"/> accepts. Some must be refused, else the inputs never reach the checks.
    /// </summary>
    public static void ReadsOrRefuses<T>(Gen<T> inputs, Action<T> read, Func<Exception, bool> documented, long iter, Func<T, string>? print = null)
    {
        long refused = 0;
        inputs.Sample(
            input =>
            {
                try
                {
                    read(input);
                }
                catch (Exception e) when (documented(e))
                {
                    Interlocked.Increment(ref refused);
                }
            },
            iter: iter,
            print: print);
        Assert.True(Interlocked.Read(ref refused) > 0, $"none of {iter} inputs was refused: the generator made no damaged input");
    }

    /// <summary>As <see cref="ReadsOrRefuses{T}(Gen{T}, Action{T}, Func{Exception, bool}, long, Func{T, string})"/>, with one documented exception type.</summary>
    public static void ReadsOrRefuses<TDocumented, T>(Gen<T> inputs, Action<T> read, long iter, Func<T, string>? print = null)
        where TDocumented : Exception =>
        ReadsOrRefuses(inputs, read, e => e is TDocumented, iter, print);
}
