using System.Buffers.Binary;

namespace GameUpscaler.Tests;

/// <summary>
/// One change to a file's bytes, as <see cref="FileMutations"/> generates them: bit flips, bytes and 32-bit fields set
/// to extremes, truncation, cuts, repeats, random insertions and splices with another valid file. Printable, so a
/// shrunk failure says what was done. Positions wrap at the current length (earlier mutations may have shortened it).
/// </summary>
/// <param name="What">The kind of change.</param>
/// <param name="Position">Where in the file (wrapped at its current length).</param>
/// <param name="Length">How many bytes (cut, repeated, inserted or spliced).</param>
/// <param name="Value">The bit (0–7), the byte, the 32-bit value, the random seed or the source offset, by kind.</param>
/// <param name="Source">Which valid file a splice takes bytes from (wrapped at their count).</param>
internal sealed record Mutation(Mutation.Kind What, int Position, int Length, int Value, int Source = 0)
{
    internal enum Kind
    {
        FlipBit,
        SetByte,
        SetUInt32LittleEndian,
        SetUInt32BigEndian,
        Truncate,
        Cut,
        Repeat,
        InsertRandom,
        SpliceTail,
        InsertFromSource,
    }

    /// <summary>A changed copy of <paramref name="file"/> (never the array itself).</summary>
    /// <param name="file">The bytes to change.</param>
    /// <param name="sources">The valid files splices take bytes from.</param>
    public byte[] ApplyTo(byte[] file, IReadOnlyList<byte[]> sources)
    {
        int n = file.Length;
        int at = n == 0 ? 0 : Position % n;
        switch (What)
        {
            case Kind.FlipBit when n > 0:
            {
                byte[] copy = (byte[])file.Clone();
                copy[at] ^= (byte)(1 << (Value & 7));
                return copy;
            }

            case Kind.SetByte when n > 0:
            {
                byte[] copy = (byte[])file.Clone();
                copy[at] = (byte)Value;
                return copy;
            }

            case Kind.SetUInt32LittleEndian or Kind.SetUInt32BigEndian when n >= 4:
            {
                byte[] copy = (byte[])file.Clone();
                Span<byte> field = copy.AsSpan(Math.Min(at, n - 4), 4);
                if (What == Kind.SetUInt32LittleEndian)
                {
                    BinaryPrimitives.WriteUInt32LittleEndian(field, (uint)Value);
                }
                else
                {
                    BinaryPrimitives.WriteUInt32BigEndian(field, (uint)Value);
                }

                return copy;
            }

            case Kind.Truncate:
                return file[..(n == 0 ? 0 : Position % n)];
            case Kind.Cut:
                return [.. file.AsSpan(0, at), .. file.AsSpan(Math.Min(n, at + Length))];
            case Kind.Repeat:
                return [.. file.AsSpan(0, Math.Min(n, at + Length)), .. file.AsSpan(at)];
            case Kind.InsertRandom:
            {
                var random = new byte[Length];
                new Random(Value).NextBytes(random);
                return [.. file.AsSpan(0, at), .. random, .. file.AsSpan(at)];
            }

            case Kind.SpliceTail:
            {
                // Crossover: this file's head, another valid file's tail.
                byte[] source = sources[Source % sources.Count];
                return [.. file.AsSpan(0, at), .. source.AsSpan(source.Length == 0 ? 0 : Value % source.Length)];
            }

            case Kind.InsertFromSource:
            {
                byte[] source = sources[Source % sources.Count];
                int from = source.Length == 0 ? 0 : Value % source.Length;
                return [.. file.AsSpan(0, at), .. source.AsSpan(from, Math.Min(Length, source.Length - from)), .. file.AsSpan(at)];
            }

            default:
                return (byte[])file.Clone();
        }
    }

    /// <inheritdoc />
    public override string ToString() => What switch
    {
        Kind.FlipBit => $"flip bit {Value & 7} of byte {Position}",
        Kind.SetByte => $"byte {Position} = 0x{Value & 0xFF:X2}",
        Kind.SetUInt32LittleEndian => $"uint32 LE at {Position} = 0x{(uint)Value:X8}",
        Kind.SetUInt32BigEndian => $"uint32 BE at {Position} = 0x{(uint)Value:X8}",
        Kind.Truncate => $"truncate to {Position}",
        Kind.Cut => $"cut {Length} at {Position}",
        Kind.Repeat => $"repeat {Length} at {Position}",
        Kind.InsertRandom => $"insert {Length} random (seed {Value}) at {Position}",
        Kind.SpliceTail => $"head to {Position} + tail of file {Source} from {Value}",
        _ => $"insert {Length} of file {Source} from {Value} at {Position}",
    };
}
