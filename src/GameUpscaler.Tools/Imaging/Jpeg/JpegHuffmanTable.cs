namespace GameUpscaler.Imaging;

/// <summary>
/// One Huffman table of a DHT segment, arranged for decoding: a <see cref="LookupBits"/>-bit table answers codes of
/// that length or shorter in one step, and the canonical-code limits per length (ITU T.81 F.2.2.3) answer the rest.
/// </summary>
internal sealed class JpegHuffmanTable
{
    /// <summary>Codes up to this many bits are found with one table look-up; nearly all codes in real files are.</summary>
    public const int LookupBits = 9;

    /// <summary>For each <see cref="LookupBits"/>-bit prefix: <c>(code length &lt;&lt; 8) | symbol</c>, or 0 when the code is longer.</summary>
    private readonly ushort[] _lookup = new ushort[1 << LookupBits];

    /// <summary>The largest code of each length 1–16, or −1 when there is none (index 0 unused).</summary>
    private readonly int[] _maxCode = new int[17];

    /// <summary>What to add to a code of each length to get the index of its symbol in <see cref="_symbols"/>.</summary>
    private readonly int[] _symbolOffset = new int[17];

    private readonly byte[] _symbols;

    private JpegHuffmanTable(byte[] symbols)
    {
        _symbols = symbols;
    }

    /// <summary>The one-step look-up table, <c>(length &lt;&lt; 8) | symbol</c> or 0 (see <see cref="LookupBits"/>).</summary>
    public ReadOnlySpan<ushort> Lookup => _lookup;

    /// <summary>
    /// Builds a table from the 16 code-length counts and the symbols of a DHT segment, or returns the reason it is
    /// invalid: more codes of some length than that length can hold, or (for a DC table) a symbol over 15.
    /// </summary>
    public static JpegHuffmanTable Create(ReadOnlySpan<byte> counts, ReadOnlySpan<byte> symbols, bool isDc, out string? problem)
    {
        var table = new JpegHuffmanTable(symbols.ToArray());
        problem = null;
        if (isDc)
        {
            foreach (byte symbol in symbols)
            {
                if (symbol > 15)
                {
                    problem = $"DC Huffman table has the symbol {symbol}; DC differences have at most 15 bits";
                    return table;
                }
            }
        }

        int code = 0, index = 0;
        for (int length = 1; length <= 16; length++)
        {
            int count = counts[length - 1];

            // Codes of one length are consecutive numbers; the last must still fit in that many bits.
            if (code + count > 1 << length)
            {
                problem = $"Huffman table has more codes of length {length} than fit in {length} bits";
                return table;
            }

            table._symbolOffset[length] = index - code;
            table._maxCode[length] = count == 0 ? -1 : code + count - 1;
            for (int i = 0; i < count; i++, code++, index++)
            {
                if (length <= LookupBits)
                {
                    int shift = LookupBits - length;
                    int first = code << shift;
                    table._lookup.AsSpan(first, 1 << shift).Fill((ushort)((length << 8) | symbols[index]));
                }
            }

            code <<= 1;
        }

        return table;
    }

    /// <summary>
    /// Finds a code longer than <see cref="LookupBits"/> bits at the top of <paramref name="next16"/> (the next 16
    /// bits of the stream, first bit highest).
    /// </summary>
    /// <returns><c>(length &lt;&lt; 8) | symbol</c>, or 0 when no code of the table starts these bits.</returns>
    public int DecodeLong(int next16)
    {
        for (int length = LookupBits + 1; length <= 16; length++)
        {
            int code = next16 >> (16 - length);
            if (code <= _maxCode[length])
            {
                return (length << 8) | _symbols[code + _symbolOffset[length]];
            }
        }

        return 0;
    }
}
