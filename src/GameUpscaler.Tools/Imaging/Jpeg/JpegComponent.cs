namespace GameUpscaler.Imaging;

/// <summary>
/// One color component of a JPEG frame: its SOF parameters, the sizes derived from them, and its DCT coefficients,
/// stored one row of blocks at a time and allocated only when a scan first reaches that row, so that a file
/// declaring a huge image but holding little data fails before it costs much memory.
/// </summary>
internal sealed class JpegComponent
{
    public JpegComponent(int index, int id, int horizontalFactor, int verticalFactor, int quantizationTable)
    {
        Index = index;
        Id = id;
        HorizontalFactor = horizontalFactor;
        VerticalFactor = verticalFactor;
        QuantizationTable = quantizationTable;
    }

    /// <summary>The position of the component in the frame header (0-based).</summary>
    public int Index { get; }

    /// <summary>The component identifier scans refer to it by.</summary>
    public int Id { get; }

    /// <summary>Horizontal sampling factor, 1–4.</summary>
    public int HorizontalFactor { get; }

    /// <summary>Vertical sampling factor, 1–4.</summary>
    public int VerticalFactor { get; }

    /// <summary>The quantization table selector of the frame header, 0–3.</summary>
    public int QuantizationTable { get; }

    /// <summary>Width of the component in samples: ⌈image width × h / hmax⌉ (libjpeg's downsampled_width).</summary>
    public int Width { get; private set; }

    /// <summary>Height of the component in samples: ⌈image height × v / vmax⌉.</summary>
    public int Height { get; private set; }

    /// <summary>Blocks per row that hold image samples: ⌈<see cref="Width"/> / 8⌉ (a non-interleaved scan codes these).</summary>
    public int BlocksPerLine { get; private set; }

    /// <summary>Rows of blocks that hold image samples: ⌈<see cref="Height"/> / 8⌉.</summary>
    public int BlocksPerColumn { get; private set; }

    /// <summary>Blocks per row including the padding of whole MCUs (an interleaved scan codes these).</summary>
    public int PaddedBlocksPerLine { get; private set; }

    /// <summary>Rows of blocks including the padding of whole MCUs.</summary>
    public int PaddedBlocksPerColumn { get; private set; }

    /// <summary>The quantization table in natural order, taken when the component's first scan starts (as libjpeg does).</summary>
    public ushort[]? Quantization { get; set; }

    /// <summary>Whether some scan has coded this component.</summary>
    public bool Scanned { get; set; }

    /// <summary>
    /// Per zig-zag coefficient, the lowest bit a progressive scan has delivered so far (its Al), or −1 before any scan
    /// has: the next scan of that coefficient must refine from exactly there (Ah = this value), as T.81 G.1.1.1.1
    /// requires and libjpeg checks.
    /// </summary>
    public int[] ProgressionBits { get; } = Enumerable.Repeat(-1, 64).ToArray();

    /// <summary>The DC predictor of the current scan.</summary>
    public int DcPredictor { get; set; }

    /// <summary>The DC Huffman table of the current scan, or null.</summary>
    public JpegHuffmanTable? DcTable { get; set; }

    /// <summary>The AC Huffman table of the current scan, or null.</summary>
    public JpegHuffmanTable? AcTable { get; set; }

    private short[]?[] _blockRows = [];

    /// <summary>Sets the derived sizes once the frame's largest sampling factors and MCU counts are known.</summary>
    public void SetFrameGeometry(int imageWidth, int imageHeight, int maxH, int maxV, int mcusPerLine, int mcusPerColumn)
    {
        Width = (int)(((long)imageWidth * HorizontalFactor + maxH - 1) / maxH);
        Height = (int)(((long)imageHeight * VerticalFactor + maxV - 1) / maxV);
        BlocksPerLine = (Width + 7) / 8;
        BlocksPerColumn = (Height + 7) / 8;
        PaddedBlocksPerLine = mcusPerLine * HorizontalFactor;
        PaddedBlocksPerColumn = mcusPerColumn * VerticalFactor;
        _blockRows = new short[]?[PaddedBlocksPerColumn];
    }

    /// <summary>The 64 coefficients (natural order) of the block at (<paramref name="blockX"/>, <paramref name="blockY"/>).</summary>
    public Span<short> Block(int blockX, int blockY)
    {
        short[] row = _blockRows[blockY] ??= new short[PaddedBlocksPerLine * 64];
        return row.AsSpan(blockX * 64, 64);
    }

    /// <summary>A row of blocks if any scan has reached it, else null (all its coefficients are zero).</summary>
    public short[]? BlockRow(int blockY) => _blockRows[blockY];
}
