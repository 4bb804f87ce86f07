using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace GameUpscaler.Imaging;

/// <summary>
/// Decodes one JPEG file held in memory: reads the markers, decodes every scan's Huffman-coded data into DCT
/// coefficients (sequential and progressive alike), and at EOI turns the coefficients into samples with
/// <see cref="JpegIdct"/> and into RGB with <see cref="JpegColorConverter"/>. Every problem is reported as an
/// <see cref="ImageFormatException"/> naming the file, the problem and, where it helps, the byte offset.
/// </summary>
internal sealed class JpegDecoder
{
    /// <summary>
    /// More scans than any encoder writes (libjpeg's progressive scripts use about 10). Each scan visits every block,
    /// so a file made of thousands of tiny scans over a large image would otherwise take hours.
    /// </summary>
    private const int MaxScans = 1000;

    /// <summary>Blocks in one MCU of an interleaved scan at most (ITU T.81 B.2.3).</summary>
    private const int MaxBlocksPerMcu = 10;

    /// <summary>Where the k-th coefficient of the zig-zag sequence goes in a row-major block.</summary>
    private static readonly byte[] NaturalOrder = CreateNaturalOrder();

    private readonly byte[] _data;
    private readonly string? _name;

    /// <summary>The largest image accepted, checked on the frame header before anything is allocated.</summary>
    private readonly long _maxPixels;
    private int _pos;

    private readonly ushort[]?[] _quantizationTables = new ushort[]?[4];
    private readonly JpegHuffmanTable?[] _dcTables = new JpegHuffmanTable?[4];
    private readonly JpegHuffmanTable?[] _acTables = new JpegHuffmanTable?[4];
    private int _restartInterval;
    private bool _sawJfif;
    private bool _sawAdobe;
    private int _adobeTransform;

    private bool _frameSeen;
    private bool _progressive;
    private int _width;
    private int _height;
    private int _maxH;
    private int _maxV;
    private int _mcusPerLine;
    private int _mcusPerColumn;
    private JpegComponent[] _components = [];
    private int _scanCount;

    // The current scan's parameters.
    private ScanKind _scanKind;
    private int _spectralStart;
    private int _spectralEnd;
    private int _approximationLow;

    // The entropy decoder: bits left-aligned in a 64-bit buffer. When the data reaches a marker (or the end of the
    // file) the buffer is padded with zero bits, counted in _paddingBits, so a scan that needs more bits than its
    // data holds is noticed rather than decoded from invented zeros.
    private ulong _bits;
    private int _bitCount;
    private int _paddingBits;
    private bool _reachedMarker;
    private int _endOfBandRun;

    private JpegDecoder(byte[] data, string? name, long maxPixels)
    {
        _data = data;
        _name = name;
        _maxPixels = Math.Min(maxPixels, JpegCodec.MaxPixels);
    }

    private enum ScanKind
    {
        Sequential,
        DcFirst,
        DcRefine,
        AcFirst,
        AcRefine,
    }

    /// <summary>Decodes a whole file.</summary>
    /// <exception cref="ImageFormatException">The data is not a JPEG this decoder supports, or is malformed.</exception>
    public static JpegImage Decode(byte[] data, string? name, long maxPixels = JpegCodec.MaxPixels)
    {
        var decoder = new JpegDecoder(data, name, maxPixels);
        try
        {
            return decoder.Run();
        }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentException or OverflowException or InvalidOperationException)
        {
            // Every malformation should meet a check with its own message first; this keeps one that slips past them
            // a format error rather than a crash (the malformed-input tests assert it is never needed).
            throw decoder.Error($"malformed data near byte {decoder._pos} ({e.GetType().Name}: {e.Message})", e);
        }
    }

    private ImageFormatException Error(string problem, Exception? inner = null) => new(_name, problem, inner);

    private ImageFormatException Unsupported(string feature) =>
        Error($"{feature} is not supported (this decoder reads baseline and progressive Huffman-coded 8-bit JPEG)");

    private JpegImage Run()
    {
        if (_data.Length < 3 || _data[0] != 0xFF || _data[1] != 0xD8 || _data[2] != 0xFF)
        {
            throw Error("not a JPEG file (it does not start with the SOI marker FF D8 FF)");
        }

        _pos = 2;
        while (true)
        {
            int start = _pos;
            int marker = ReadMarker();
            switch (marker)
            {
                case 0xC0 or 0xC1 or 0xC2:
                    ReadFrame(marker, start);
                    break;
                case 0xC3:
                    throw Unsupported("lossless JPEG (SOF3)");
                case 0xC5 or 0xC6 or 0xC7 or 0xDE or 0xDF:
                    throw Unsupported($"hierarchical JPEG (marker FF {marker:X2})");
                case 0xC9 or 0xCA or 0xCB or 0xCC or 0xCD or 0xCE or 0xCF:
                    throw Unsupported($"arithmetic coding (marker FF {marker:X2})");
                case 0xC4:
                    ReadHuffmanTables(start);
                    break;
                case 0xDB:
                    ReadQuantizationTables(start);
                    break;
                case 0xDD:
                    ReadRestartInterval(start);
                    break;
                case 0xDA:
                    ReadScan(start);
                    break;
                case 0xD9:
                    return Finish();
                case >= 0xE0 and <= 0xEF:
                    ReadApplicationSegment(marker, start);
                    break;
                case 0xFE:
                    ReadSegment("COM", start);
                    break;
                case 0xDC:
                    throw Unsupported("the DNL marker (image height given after the first scan)");
                case >= 0xD0 and <= 0xD7 or 0x01:
                    // A stray parameterless marker (RSTn after the last interval, TEM): libjpeg ignores these too.
                    break;
                case 0xD8:
                    throw Error($"second SOI marker at byte {start}");
                default:
                    throw Error($"unknown marker FF {marker:X2} at byte {start}");
            }
        }
    }

    /// <summary>Reads a marker at <see cref="_pos"/> (after any FF fill bytes) and returns its code.</summary>
    private int ReadMarker()
    {
        if (_pos >= _data.Length)
        {
            throw Error(_frameSeen && _scanCount > 0
                ? "file ends without an EOI marker (truncated?)"
                : "file is truncated before the first scan");
        }

        if (_data[_pos] != 0xFF)
        {
            int next = FindMarker(_pos);
            string extraneous = next < 0 ? "and no marker follows" : $"corrupt data: {next - _pos} extraneous bytes before the marker at byte {next}";
            throw Error($"expected a marker at byte {_pos}, found 0x{_data[_pos]:X2}; {extraneous}");
        }

        while (_pos < _data.Length && _data[_pos] == 0xFF)
        {
            _pos++;
        }

        if (_pos >= _data.Length)
        {
            throw Error("file ends inside a marker (truncated?)");
        }

        int marker = _data[_pos++];
        return marker != 0 ? marker : throw Error($"expected a marker at byte {_pos - 2}, found the stuffed byte FF 00");
    }

    /// <summary>Reads a marker segment's length and returns its body, moving past it.</summary>
    private ReadOnlySpan<byte> ReadSegment(string name, int start)
    {
        if (_pos + 2 > _data.Length)
        {
            throw Error($"file is truncated in the length of the {name} segment at byte {start}");
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(_data.AsSpan(_pos));
        if (length < 2)
        {
            throw Error($"{name} segment at byte {start} has an invalid length of {length}");
        }

        int left = _data.Length - _pos;
        if (length > left)
        {
            throw Error($"file is truncated: the {name} segment at byte {start} needs {length} bytes but only {left} remain");
        }

        ReadOnlySpan<byte> body = _data.AsSpan(_pos + 2, length - 2);
        _pos += length;
        return body;
    }

    private void ReadFrame(int marker, int start)
    {
        string name = $"SOF{marker - 0xC0}";
        ReadOnlySpan<byte> body = ReadSegment(name, start);
        if (_frameSeen)
        {
            throw Error($"second frame header ({name}) at byte {start}");
        }

        if (body.Length < 6)
        {
            throw Error($"{name} segment at byte {start} is {body.Length + 2} bytes long, too short for a frame header");
        }

        int precision = body[0];
        int height = BinaryPrimitives.ReadUInt16BigEndian(body[1..]);
        int width = BinaryPrimitives.ReadUInt16BigEndian(body[3..]);
        int count = body[5];
        if (precision != 8)
        {
            throw Unsupported($"{precision}-bit sample precision");
        }

        if (count == 4)
        {
            throw Unsupported("a 4-component (CMYK or YCCK) image");
        }

        if (count is not (1 or 3))
        {
            throw Unsupported($"a frame of {count} components (1, gray, or 3, color, are supported)");
        }

        if (body.Length != 6 + (3 * count))
        {
            throw Error($"{name} segment at byte {start} is {body.Length + 2} bytes long; {count} components need {8 + (3 * count)}");
        }

        if (height == 0)
        {
            throw Unsupported("an image height of 0 (the height would come in a DNL marker)");
        }

        if (width == 0)
        {
            throw Error($"image size {width}x{height} is empty");
        }

        long pixels = (long)width * height;
        if (pixels > _maxPixels)
        {
            throw Error($"image size {width}x{height} ({pixels:N0} pixels) is over the limit of {_maxPixels:N0} pixels");
        }

        var components = new JpegComponent[count];
        for (int i = 0; i < count; i++)
        {
            int id = body[6 + (3 * i)], factors = body[7 + (3 * i)], table = body[8 + (3 * i)];
            int h = factors >> 4, v = factors & 15;
            if (h is < 1 or > 4 || v is < 1 or > 4)
            {
                throw Error($"component {id} has invalid sampling factors {h}x{v} (each must be 1 to 4)");
            }

            if (table > 3)
            {
                throw Error($"component {id} uses quantization table {table}; there are only 0 to 3");
            }

            if (components.Take(i).Any(c => c.Id == id))
            {
                throw Error($"component identifier {id} appears twice in the frame header");
            }

            components[i] = new JpegComponent(i, id, h, v, table);
        }

        _maxH = components.Max(c => c.HorizontalFactor);
        _maxV = components.Max(c => c.VerticalFactor);
        foreach (JpegComponent c in components)
        {
            if (_maxH % c.HorizontalFactor != 0 || _maxV % c.VerticalFactor != 0)
            {
                throw Unsupported(
                    $"sampling factors {string.Join(", ", components.Select(x => $"{x.HorizontalFactor}x{x.VerticalFactor}"))} (not integer ratios)");
            }
        }

        _frameSeen = true;
        _progressive = marker == 0xC2;
        _width = width;
        _height = height;
        _mcusPerLine = (width + (8 * _maxH) - 1) / (8 * _maxH);
        _mcusPerColumn = (height + (8 * _maxV) - 1) / (8 * _maxV);
        foreach (JpegComponent c in components)
        {
            c.SetFrameGeometry(width, height, _maxH, _maxV, _mcusPerLine, _mcusPerColumn);
        }

        _components = components;
    }

    private void ReadHuffmanTables(int start)
    {
        ReadOnlySpan<byte> body = ReadSegment("DHT", start);
        while (body.Length > 0)
        {
            if (body.Length < 17)
            {
                throw Error($"DHT segment at byte {start} ends inside a table header");
            }

            int tableClass = body[0] >> 4, id = body[0] & 15;
            if (tableClass > 1 || id > 3)
            {
                throw Error($"DHT segment at byte {start} defines table class {tableClass} number {id}; classes are 0-1, numbers 0-3");
            }

            ReadOnlySpan<byte> counts = body.Slice(1, 16);
            int total = 0;
            foreach (byte count in counts)
            {
                total += count;
            }

            if (total > 256)
            {
                throw Error($"DHT segment at byte {start} declares {total} codes; a table has at most 256");
            }

            if (body.Length < 17 + total)
            {
                throw Error($"DHT segment at byte {start} is shorter than its {total} symbols");
            }

            var table = JpegHuffmanTable.Create(counts, body.Slice(17, total), tableClass == 0, out string? problem);
            if (problem is not null)
            {
                throw Error($"{problem} (DHT segment at byte {start})");
            }

            (tableClass == 0 ? _dcTables : _acTables)[id] = table;
            body = body[(17 + total)..];
        }
    }

    private void ReadQuantizationTables(int start)
    {
        ReadOnlySpan<byte> body = ReadSegment("DQT", start);
        while (body.Length > 0)
        {
            int precision = body[0] >> 4, id = body[0] & 15;
            if (precision > 1 || id > 3)
            {
                throw Error($"DQT segment at byte {start} defines table {id} with precision {precision}; tables are 0-3, precision 0 (8-bit) or 1 (16-bit)");
            }

            int size = precision == 0 ? 64 : 128;
            if (body.Length < 1 + size)
            {
                throw Error($"DQT segment at byte {start} ends inside table {id}");
            }

            // A new array each time: components keep the table they started with (see JpegComponent.Quantization).
            var table = new ushort[64];
            for (int k = 0; k < 64; k++)
            {
                table[NaturalOrder[k]] = precision == 0 ? body[1 + k] : BinaryPrimitives.ReadUInt16BigEndian(body[(1 + (2 * k))..]);
            }

            _quantizationTables[id] = table;
            body = body[(1 + size)..];
        }
    }

    private void ReadRestartInterval(int start)
    {
        ReadOnlySpan<byte> body = ReadSegment("DRI", start);
        if (body.Length != 2)
        {
            throw Error($"DRI segment at byte {start} is {body.Length + 2} bytes long instead of 4");
        }

        _restartInterval = BinaryPrimitives.ReadUInt16BigEndian(body);
    }

    private void ReadApplicationSegment(int marker, int start)
    {
        ReadOnlySpan<byte> body = ReadSegment($"APP{marker - 0xE0}", start);
        if (marker == 0xE0 && body.Length >= 5 && body[..5].SequenceEqual("JFIF\0"u8))
        {
            _sawJfif = true;
        }
        else if (marker == 0xEE && body.Length >= 12 && body[..5].SequenceEqual("Adobe"u8))
        {
            _sawAdobe = true;
            _adobeTransform = body[11];
        }
    }

    private void ReadScan(int start)
    {
        ReadOnlySpan<byte> body = ReadSegment("SOS", start);
        if (!_frameSeen)
        {
            throw Error($"scan (SOS) at byte {start} comes before the frame header");
        }

        if (++_scanCount > MaxScans)
        {
            throw Error($"more than {MaxScans} scans");
        }

        int count = body.Length > 0 ? body[0] : 0;
        if (count < 1 || count > _components.Length || body.Length != 4 + (2 * count))
        {
            throw Error($"SOS segment at byte {start} is malformed: {count} components in {body.Length + 2} bytes for a frame of {_components.Length}");
        }

        int spectralStart = body[1 + (2 * count)], spectralEnd = body[2 + (2 * count)];
        int approximationHigh = body[3 + (2 * count)] >> 4, approximationLow = body[3 + (2 * count)] & 15;
        ScanKind kind = ValidateScanParameters(start, count, spectralStart, spectralEnd, approximationHigh, approximationLow);

        var scan = new JpegComponent[count];
        int blocksPerMcu = 0;
        for (int i = 0; i < count; i++)
        {
            int id = body[1 + (2 * i)], dc = body[2 + (2 * i)] >> 4, ac = body[2 + (2 * i)] & 15;
            JpegComponent component = _components.FirstOrDefault(c => c.Id == id)
                ?? throw Error($"scan at byte {start} refers to component {id}, which the frame does not have");
            if (scan.Take(i).Contains(component))
            {
                throw Error($"scan at byte {start} lists component {id} twice");
            }

            bool needsDc = kind is ScanKind.Sequential or ScanKind.DcFirst;
            bool needsAc = kind is ScanKind.Sequential or ScanKind.AcFirst or ScanKind.AcRefine;
            component.DcTable = needsDc ? Table(_dcTables, dc, "DC") : null;
            component.AcTable = needsAc ? Table(_acTables, ac, "AC") : null;

            // libjpeg takes a component's quantization table when its first scan starts; later DQT segments that
            // redefine the table apply only to components not yet seen.
            component.Quantization ??= _quantizationTables[component.QuantizationTable]
                ?? throw Error($"component {id} uses quantization table {component.QuantizationTable}, which is not defined before the scan at byte {start}");
            component.Scanned = true;
            scan[i] = component;
            blocksPerMcu += component.HorizontalFactor * component.VerticalFactor;

            JpegHuffmanTable Table(JpegHuffmanTable?[] tables, int index, string kindName) =>
                index > 3 ? throw Error($"scan at byte {start} selects {kindName} Huffman table {index} for component {id}; there are only 0 to 3")
                : tables[index] ?? throw Error($"scan at byte {start} uses {kindName} Huffman table {index} for component {id}, which is not defined");
        }

        if (count > 1 && blocksPerMcu > MaxBlocksPerMcu)
        {
            throw Error($"scan at byte {start} has {blocksPerMcu} blocks per MCU; at most {MaxBlocksPerMcu} are allowed");
        }

        if (_progressive)
        {
            CheckProgression(scan, start, spectralStart, spectralEnd, approximationHigh, approximationLow);
        }

        _scanKind = kind;
        _spectralStart = spectralStart;
        _spectralEnd = spectralEnd;
        _approximationLow = approximationLow;
        DecodeScan(scan);
    }

    /// <summary>
    /// Refuses a progressive scan that does not continue each coefficient's progression: a repeated scan, a refinement
    /// before the first scan, AC before DC. libjpeg warns "Inconsistent progression sequence" and decodes on, with
    /// results that depend on its guesses; such a file is corrupt, and refusing it also bounds the work a file can ask
    /// for (each scan must deliver new bits, so a few hundred scans at most do anything).
    /// </summary>
    private void CheckProgression(JpegComponent[] scan, int start, int ss, int se, int ah, int al)
    {
        foreach (JpegComponent component in scan)
        {
            int[] bits = component.ProgressionBits;
            if (ss > 0 && bits[0] < 0)
            {
                throw Error($"corrupt progression: the AC scan at byte {start} comes before any DC scan of component {component.Id}");
            }

            for (int k = ss; k <= se; k++)
            {
                int expected = bits[k] < 0 ? 0 : bits[k];
                if (ah != expected || (bits[k] >= 0 && ah == 0))
                {
                    throw Error(
                        $"corrupt progression: the scan at byte {start} (Ss={ss} Se={se} Ah={ah} Al={al}) does not continue coefficient {k} of " +
                        $"component {component.Id}, which {(bits[k] < 0 ? "no scan has coded yet" : $"holds bits down to {bits[k]}")}");
                }

                bits[k] = al;
            }
        }
    }

    /// <summary>
    /// Whole bytes of entropy-coded data that the scan (or restart interval) just decoded did not use, up to the next
    /// marker: libjpeg counts the same bytes, warns "Corrupt JPEG data: N extraneous bytes before marker" and decodes
    /// on by guessing; such data is corrupt, so it is refused instead.
    /// </summary>
    private int ExtraneousBytes()
    {
        int count = Math.Max(0, _bitCount - _paddingBits) / 8;
        int p = _pos;
        while (p < _data.Length)
        {
            if (_data[p] != 0xFF)
            {
                count++;
                p++;
                continue;
            }

            int code = p + 1;
            while (code < _data.Length && _data[code] == 0xFF)
            {
                code++; // fill bytes before a marker are not data
            }

            if (code >= _data.Length || _data[code] != 0x00)
            {
                break;
            }

            count += 2; // a stuffed FF 00 is two bytes of data
            p = code + 1;
        }

        return count;
    }

    private void ThrowOnExtraneousBytes(string where)
    {
        int extraneous = ExtraneousBytes();
        if (extraneous > 0)
        {
            throw Error($"corrupt data: {extraneous} extraneous byte{(extraneous == 1 ? "" : "s")} before the marker {where} (scan {_scanCount})");
        }
    }

    private ScanKind ValidateScanParameters(int start, int count, int ss, int se, int ah, int al)
    {
        if (!_progressive)
        {
            return ss == 0 && se == 63 && ah == 0 && al == 0
                ? ScanKind.Sequential
                : throw Error($"sequential scan at byte {start} has progressive parameters Ss={ss} Se={se} Ah={ah} Al={al}");
        }

        bool valid = ss == 0 ? se == 0 : count == 1 && se >= ss && se <= 63;
        valid &= al <= 13 && (ah == 0 || al == ah - 1);
        if (!valid)
        {
            throw Error($"progressive scan at byte {start} has invalid parameters Ss={ss} Se={se} Ah={ah} Al={al} for {count} components");
        }

        return (ss == 0, ah == 0) switch
        {
            (true, true) => ScanKind.DcFirst,
            (true, false) => ScanKind.DcRefine,
            (false, true) => ScanKind.AcFirst,
            _ => ScanKind.AcRefine,
        };
    }

    private void DecodeScan(JpegComponent[] scan)
    {
        ResetEntropyDecoder();
        foreach (JpegComponent component in scan)
        {
            component.DcPredictor = 0;
        }

        // A scan of one component codes only the blocks that hold samples, row by row; an interleaved scan codes
        // whole MCUs, padding included.
        JpegComponent single = scan[0];
        long units = scan.Length == 1 ? (long)single.BlocksPerLine * single.BlocksPerColumn : (long)_mcusPerLine * _mcusPerColumn;
        int expectedRestart = 0;
        for (long unit = 0; unit < units; unit++)
        {
            if (_restartInterval != 0 && unit > 0 && unit % _restartInterval == 0)
            {
                ReadRestartMarker(expectedRestart, scan);
                expectedRestart = (expectedRestart + 1) & 7;
            }

            if (scan.Length == 1)
            {
                int blockX = (int)(unit % single.BlocksPerLine), blockY = (int)(unit / single.BlocksPerLine);
                DecodeBlock(single, single.Block(blockX, blockY));
            }
            else
            {
                int mcuX = (int)(unit % _mcusPerLine), mcuY = (int)(unit / _mcusPerLine);
                foreach (JpegComponent component in scan)
                {
                    for (int v = 0; v < component.VerticalFactor; v++)
                    {
                        for (int h = 0; h < component.HorizontalFactor; h++)
                        {
                            DecodeBlock(
                                component,
                                component.Block((mcuX * component.HorizontalFactor) + h, (mcuY * component.VerticalFactor) + v));
                        }
                    }
                }
            }

            if (_bitCount < _paddingBits)
            {
                throw EntropyError("ran out of data");
            }
        }

        // The next marker follows the scan's data (after at most some padding bits, which were read ahead already).
        ThrowOnExtraneousBytes("that ends the scan");
        int marker = FindMarker(_pos);
        _pos = marker >= 0 ? marker : throw Error("file ends inside the scan data (truncated?)");
    }

    private void DecodeBlock(JpegComponent component, Span<short> block)
    {
        switch (_scanKind)
        {
            case ScanKind.Sequential:
                DecodeSequential(component, block);
                break;
            case ScanKind.DcFirst:
                block[0] = (short)(DecodeDcValue(component) << _approximationLow);
                break;
            case ScanKind.DcRefine:
                if (GetBits(1) != 0)
                {
                    block[0] |= (short)(1 << _approximationLow);
                }

                break;
            case ScanKind.AcFirst:
                DecodeAcFirst(component.AcTable!, block);
                break;
            default:
                DecodeAcRefine(component.AcTable!, block);
                break;
        }
    }

    /// <summary>The DC value of a block: the Huffman-coded difference added to the component's predictor.</summary>
    private int DecodeDcValue(JpegComponent component)
    {
        int size = DecodeHuffman(component.DcTable!);
        int value = component.DcPredictor + (size == 0 ? 0 : ReceiveExtend(size));
        component.DcPredictor = value;
        return value;
    }

    private void DecodeSequential(JpegComponent component, Span<short> block)
    {
        block.Clear();
        block[0] = (short)DecodeDcValue(component);
        JpegHuffmanTable ac = component.AcTable!;
        ReadOnlySpan<byte> natural = NaturalOrder;
        for (int k = 1; k < 64; k++)
        {
            int symbol = DecodeHuffman(ac);
            int run = symbol >> 4, size = symbol & 15;
            if (size != 0)
            {
                k += run;
                if (k > 63)
                {
                    throw EntropyError("an AC run goes past the end of the block");
                }

                block[natural[k]] = (short)ReceiveExtend(size);
            }
            else if (run == 15)
            {
                k += 15;
            }
            else
            {
                break;
            }
        }
    }

    private void DecodeAcFirst(JpegHuffmanTable ac, Span<short> block)
    {
        if (_endOfBandRun > 0)
        {
            _endOfBandRun--;
            return;
        }

        ReadOnlySpan<byte> natural = NaturalOrder;
        for (int k = _spectralStart; k <= _spectralEnd; k++)
        {
            int symbol = DecodeHuffman(ac);
            int run = symbol >> 4, size = symbol & 15;
            if (size != 0)
            {
                k += run;
                if (k > _spectralEnd)
                {
                    throw EntropyError("an AC run goes past the end of the spectral band");
                }

                block[natural[k]] = (short)(ReceiveExtend(size) << _approximationLow);
            }
            else if (run == 15)
            {
                k += 15;
            }
            else
            {
                _endOfBandRun = (1 << run) - 1 + (run == 0 ? 0 : GetBits(run));
                break;
            }
        }
    }

    /// <summary>
    /// A successive-approximation refinement of AC coefficients (ITU T.81 G.1.2.3): coefficients already nonzero get
    /// one correction bit each; newly nonzero ones are placed after the given number of still-zero ones.
    /// </summary>
    private void DecodeAcRefine(JpegHuffmanTable ac, Span<short> block)
    {
        ReadOnlySpan<byte> natural = NaturalOrder;
        int plusOne = 1 << _approximationLow, minusOne = -1 << _approximationLow;
        int k = _spectralStart, end = _spectralEnd;
        if (_endOfBandRun == 0)
        {
            for (; k <= end; k++)
            {
                int symbol = DecodeHuffman(ac);
                int run = symbol >> 4, size = symbol & 15, value = 0;
                if (size != 0)
                {
                    if (size != 1)
                    {
                        throw EntropyError($"a refinement scan codes a new coefficient of size {size} (it must be 1)");
                    }

                    value = GetBits(1) != 0 ? plusOne : minusOne;
                }
                else if (run != 15)
                {
                    _endOfBandRun = (1 << run) + (run == 0 ? 0 : GetBits(run));
                    break;
                }

                // Skip `run` coefficients that are still zero, refining the nonzero ones passed on the way.
                for (; k <= end; k++)
                {
                    int z = natural[k];
                    short coefficient = block[z];
                    if (coefficient != 0)
                    {
                        if (GetBits(1) != 0 && (coefficient & plusOne) == 0)
                        {
                            block[z] = (short)(coefficient + (coefficient >= 0 ? plusOne : minusOne));
                        }
                    }
                    else if (--run < 0)
                    {
                        break;
                    }
                }

                if (value != 0)
                {
                    if (k > end)
                    {
                        throw EntropyError("a refined coefficient falls past the end of the spectral band");
                    }

                    block[natural[k]] = (short)value;
                }
            }
        }

        if (_endOfBandRun > 0)
        {
            // The block is inside an end-of-band run: only the correction bits of its nonzero coefficients remain.
            for (; k <= end; k++)
            {
                int z = natural[k];
                short coefficient = block[z];
                if (coefficient != 0 && GetBits(1) != 0 && (coefficient & plusOne) == 0)
                {
                    block[z] = (short)(coefficient + (coefficient >= 0 ? plusOne : minusOne));
                }
            }

            _endOfBandRun--;
        }
    }

    private void ReadRestartMarker(int expected, JpegComponent[] scan)
    {
        if (_bitCount < _paddingBits)
        {
            throw EntropyError("ran out of data");
        }

        // Whatever is left of the interval's last byte is padding; the marker must come next.
        ThrowOnExtraneousBytes($"RST{expected}");
        int marker = FindMarker(_pos);
        if (marker < 0)
        {
            throw Error("file ends inside the scan data (truncated?)");
        }

        int code = _data[marker + 1];
        if (code != 0xD0 + expected)
        {
            throw Error($"expected the restart marker RST{expected} at byte {marker}, found FF {code:X2}");
        }

        _pos = marker + 2;
        ResetEntropyDecoder();
        foreach (JpegComponent component in scan)
        {
            component.DcPredictor = 0;
        }
    }

    /// <summary>The offset of the next marker (the last FF before a code other than 00 or FF) at or after <paramref name="from"/>, or −1.</summary>
    private int FindMarker(int from)
    {
        for (int p = from; p + 1 < _data.Length; p++)
        {
            if (_data[p] == 0xFF && _data[p + 1] != 0x00 && _data[p + 1] != 0xFF)
            {
                return p;
            }
        }

        return -1;
    }

    private void ResetEntropyDecoder()
    {
        _bits = 0;
        _bitCount = 0;
        _paddingBits = 0;
        _reachedMarker = false;
        _endOfBandRun = 0;
    }

    /// <summary>Tops the bit buffer up to at least 57 bits, undoing byte stuffing; zero bits stand in past a marker.</summary>
    private void Fill()
    {
        while (_bitCount <= 56)
        {
            int value = 0;
            if (!_reachedMarker && _pos < _data.Length)
            {
                value = _data[_pos];
                if (value != 0xFF)
                {
                    _pos++;
                }
                else if (_pos + 1 < _data.Length && _data[_pos + 1] == 0)
                {
                    _pos += 2;
                }
                else
                {
                    _reachedMarker = true; // a marker (or fill bytes before one): the segment's data ends here
                    value = 0;
                }
            }
            else
            {
                _reachedMarker = true;
            }

            if (_reachedMarker)
            {
                _paddingBits += 8;
            }

            _bits |= (ulong)value << (56 - _bitCount);
            _bitCount += 8;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int GetBits(int count)
    {
        if (_bitCount < count)
        {
            Fill();
        }

        int value = (int)(_bits >> (64 - count));
        _bits <<= count;
        _bitCount -= count;
        return value;
    }

    /// <summary>Reads a <paramref name="size"/>-bit magnitude and sign-extends it (ITU T.81 F.2.2.1 EXTEND).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int ReceiveExtend(int size)
    {
        int value = GetBits(size);
        return value < 1 << (size - 1) ? value - (1 << size) + 1 : value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int DecodeHuffman(JpegHuffmanTable table)
    {
        if (_bitCount < 16)
        {
            Fill();
        }

        int entry = table.Lookup[(int)(_bits >> (64 - JpegHuffmanTable.LookupBits))];
        if (entry == 0)
        {
            entry = table.DecodeLong((int)(_bits >> 48));
            if (entry == 0)
            {
                throw EntropyError("invalid Huffman code");
            }
        }

        int length = entry >> 8;
        _bits <<= length;
        _bitCount -= length;
        return entry & 0xFF;
    }

    /// <summary>A problem in entropy-coded data; if the data ran out just before it, that is the problem reported.</summary>
    private ImageFormatException EntropyError(string problem)
    {
        int unread = Math.Max(0, _bitCount - _paddingBits) / 8;
        string where = $"scan {_scanCount}, near byte {_pos - unread}";
        return _reachedMarker && _bitCount - _paddingBits < 16
            ? Error($"the data of {where} ends early (truncated or corrupt file)")
            : Error($"corrupt data in {where}: {problem}");
    }

    private JpegImage Finish()
    {
        if (!_frameSeen)
        {
            throw Error("EOI marker before any frame header");
        }

        foreach (JpegComponent component in _components)
        {
            if (!component.Scanned)
            {
                throw Error($"component {component.Id} has no scan data");
            }
        }

        JpegColorSpace colorSpace = _components.Length == 1 ? JpegColorSpace.Grayscale : ColorSpaceOfThreeComponents();
        Image8 image = JpegColorConverter.ToImage(_components, _width, _height, _maxH, _maxV, colorSpace, problem => Error(problem));

        string sampling = string.Join(",", _components.Select(c => $"{c.HorizontalFactor}x{c.VerticalFactor}"));
        return new JpegImage(image, colorSpace, _progressive, sampling);
    }

    /// <summary>How libjpeg decides a 3-component file's color space: JFIF, then Adobe's transform flag, then the component IDs.</summary>
    private JpegColorSpace ColorSpaceOfThreeComponents()
    {
        if (_sawJfif)
        {
            return JpegColorSpace.YCbCr;
        }

        if (_sawAdobe)
        {
            return _adobeTransform == 0 ? JpegColorSpace.Rgb : JpegColorSpace.YCbCr;
        }

        return _components[0].Id == 'R' && _components[1].Id == 'G' && _components[2].Id == 'B'
            ? JpegColorSpace.Rgb
            : JpegColorSpace.YCbCr;
    }

    private static byte[] CreateNaturalOrder()
    {
        var order = new byte[64];
        int k = 0;
        for (int diagonal = 0; diagonal < 15; diagonal++)
        {
            int low = Math.Max(0, diagonal - 7), high = Math.Min(diagonal, 7);
            for (int i = 0; i <= high - low; i++)
            {
                // Even diagonals run up and to the right, odd ones down and to the left.
                int row = diagonal % 2 == 0 ? high - i : low + i;
                order[k++] = (byte)((row * 8) + diagonal - row);
            }
        }

        return order;
    }
}
