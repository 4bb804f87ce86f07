using System.Numerics;
using System.Runtime.InteropServices;

namespace GameUpscaler.Training;

/// <summary>Element-wise helpers vectorised with <see cref="Vector{T}"/> (512-bit where the CPU has it).</summary>
internal static class VectorMath
{
    /// <summary>destination[i] += source[i].</summary>
    public static void Accumulate(Span<float> destination, ReadOnlySpan<float> source)
    {
        if (source.Length > destination.Length)
        {
            throw new ArgumentException("Source longer than destination.", nameof(source));
        }

        var d = MemoryMarshal.Cast<float, Vector<float>>(destination[..source.Length]);
        var s = MemoryMarshal.Cast<float, Vector<float>>(source);
        for (int i = 0; i < s.Length; i++)
        {
            d[i] += s[i];
        }

        for (int i = s.Length * Vector<float>.Count; i < source.Length; i++)
        {
            destination[i] += source[i];
        }
    }

    /// <summary>Sum of the values, in double for long planes.</summary>
    public static double Sum(ReadOnlySpan<float> values)
    {
        var v = MemoryMarshal.Cast<float, Vector<float>>(values);
        Vector<float> acc = Vector<float>.Zero;
        for (int i = 0; i < v.Length; i++)
        {
            acc += v[i];
        }

        double sum = Vector.Sum(acc);
        for (int i = v.Length * Vector<float>.Count; i < values.Length; i++)
        {
            sum += values[i];
        }

        return sum;
    }

    /// <summary>values[i] *= factor.</summary>
    public static void Scale(Span<float> values, float factor)
    {
        var v = MemoryMarshal.Cast<float, Vector<float>>(values);
        var f = new Vector<float>(factor);
        for (int i = 0; i < v.Length; i++)
        {
            v[i] *= f;
        }

        for (int i = v.Length * Vector<float>.Count; i < values.Length; i++)
        {
            values[i] *= factor;
        }
    }

    /// <summary>values[i] += constant.</summary>
    public static void AddScalar(Span<float> values, float constant)
    {
        var v = MemoryMarshal.Cast<float, Vector<float>>(values);
        var c = new Vector<float>(constant);
        for (int i = 0; i < v.Length; i++)
        {
            v[i] += c;
        }

        for (int i = v.Length * Vector<float>.Count; i < values.Length; i++)
        {
            values[i] += constant;
        }
    }
}
