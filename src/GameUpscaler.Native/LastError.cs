using System.Runtime.InteropServices;
using System.Text;

namespace GameUpscaler.Native;

/// <summary>
/// <c>guGetLastError</c>'s message, one per thread as errno and <c>GetLastError</c> are: a NUL-terminated UTF-8 copy
/// in native memory, replaced (and the old one freed) by the next failure on the same thread.
/// </summary>
internal static unsafe class LastError
{
    [ThreadStatic]
    private static byte* t_message;

    private static readonly byte* Empty = (byte*)NativeMemory.AllocZeroed(1);

    public static byte* Pointer => t_message is null ? Empty : t_message;

    public static void Set(string message)
    {
        byte* previous = t_message;
        t_message = Utf8.Allocate(message);
        NativeMemory.Free(previous);
    }
}

/// <summary>UTF-8 strings across the boundary.</summary>
internal static unsafe class Utf8
{
    /// <summary>A NUL-terminated copy in native memory (freed with <see cref="NativeMemory.Free"/>).</summary>
    public static byte* Allocate(string text)
    {
        int length = Encoding.UTF8.GetByteCount(text);
        byte* copy = (byte*)NativeMemory.Alloc((nuint)length + 1);
        Encoding.UTF8.GetBytes(text, new Span<byte>(copy, length));
        copy[length] = 0;
        return copy;
    }

    /// <summary>The string at a NUL-terminated UTF-8 pointer; null for a null pointer.</summary>
    public static string? Read(nint pointer) => pointer == 0 ? null : Marshal.PtrToStringUTF8(pointer);

    /// <summary>Writes <paramref name="text"/> into a fixed buffer, cut at a character boundary to fit with its NUL.</summary>
    public static void WriteTruncated(string text, byte* buffer, int capacity)
    {
        var target = new Span<byte>(buffer, capacity);
        target.Clear();
        int written = 0;
        foreach (Rune rune in text.EnumerateRunes())
        {
            if (written + rune.Utf8SequenceLength > capacity - 1)
            {
                break;
            }

            written += rune.EncodeToUtf8(target[written..]);
        }
    }
}
