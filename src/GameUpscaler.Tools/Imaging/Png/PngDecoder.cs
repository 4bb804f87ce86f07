using System.Buffers.Binary;
using System.IO.Compression;
using System.Numerics;

namespace GameUpscaler.Imaging;

/// <summary>
/// Reads one PNG file held in memory: <see cref="Parse"/> checks every chunk and gathers the header, palette,
/// transparency and compressed image data; <see cref="ToImage8"/> or <see cref="ToPngImage"/> then inflates and
/// unfilters the rows one at a time (two row buffers, no per-pixel allocation) straight into the output.
/// Every problem is reported as an <see cref="ImageFormatException"/>.
/// </summary>
internal sealed class PngDecoder
{
    /// <summary>
    /// Deflate cannot expand data by more than 1032:1 (a 258-byte match costs at least two bits), so image data that
    /// would need more is certainly too short; checking that first rejects decompression bombs before allocating.
    /// </summary>
    private const int MaxDeflateRatio = 1032;

    private readonly string? _name;
    private readonly long _maxPixels;
    private int _width;
    private int _height;
    private int _bitDepth;
    private PngColorType _colorType;
    private int _samplesPerPixel;
    private bool _interlaced;

    /// <summary>The palette as RGBA, alpha from tRNS (255 where it has no entry).</summary>
    private readonly byte[] _palette = new byte[256 * 4];
    private int _paletteCount;

    /// <summary>Whether a tRNS chunk applies (a color key for gray and RGB, palette alpha for palettes).</summary>
    private bool _hasTransparency;
    private int _keyGray;
    private int _keyRed;
    private int _keyGreen;
    private int _keyBlue;

    /// <summary>The contents of all IDAT chunks, in order.</summary>
    private byte[] _compressed = [];

    /// <summary>A 16-bit RGBA row, for interlaced rows and for bit depths other than 8 on the way to 8 bits.</summary>
    private ushort[] _wideRow = [];

    private PngDecoder(string? name, long maxPixels)
    {
        _name = name;
        _maxPixels = Math.Min(maxPixels, PngCodec.MaxPixels);
    }

    /// <summary>Whether the decoded image has an alpha channel or a tRNS chunk.</summary>
    public bool HasAlpha => _colorType is PngColorType.GrayscaleAlpha or PngColorType.Rgba || _hasTransparency;

    /// <summary>Checks the signature and every chunk, and gathers what decoding needs.</summary>
    /// <param name="data">The whole file.</param>
    /// <param name="name">The name messages start with.</param>
    /// <param name="maxPixels">The largest image accepted (at most <see cref="PngCodec.MaxPixels"/>); checked on the header, before allocating.</param>
    public static PngDecoder Parse(ReadOnlySpan<byte> data, string? name, long maxPixels = PngCodec.MaxPixels)
    {
        var decoder = new PngDecoder(name, maxPixels);
        decoder.ParseChunks(data);
        return decoder;
    }

    /// <summary>Decodes to 8-bit RGB, or RGBA when the file has alpha or tRNS.</summary>
    public Image8 ToImage8()
    {
        int channels = HasAlpha ? 4 : 3;
        var pixels = new byte[(long)_width * _height * channels];
        DecodeRows(pixels, channels, null);
        return new Image8(_width, _height, channels, pixels);
    }

    /// <summary>Decodes to 16-bit RGBA with the header details.</summary>
    public PngImage ToPngImage()
    {
        var samples = new ushort[(long)_width * _height * 4];
        DecodeRows(null, 4, samples);
        return new PngImage(_width, _height, _colorType, _bitDepth, _interlaced, HasAlpha, samples);
    }

    private ImageFormatException Error(string problem, Exception? inner = null) => new(_name, problem, inner);

    private void ParseChunks(ReadOnlySpan<byte> data)
    {
        if (data.Length < PngFormat.Signature.Length || !data[..PngFormat.Signature.Length].SequenceEqual(PngFormat.Signature))
        {
            throw Error(data.Length < PngFormat.Signature.Length && PngFormat.Signature.StartsWith(data)
                ? $"file is truncated: {data.Length} bytes are too few for even the PNG signature"
                : "not a PNG file: the 8-byte PNG signature is missing");
        }

        bool seenHeader = false, seenPalette = false, seenTransparency = false, seenData = false, dataEnded = false;
        var dataChunks = new List<Range>();
        int dataLength = 0;
        int pos = PngFormat.Signature.Length;
        while (true)
        {
            int left = data.Length - pos;
            if (left == 0)
            {
                throw Error("file ends without an IEND chunk (truncated?)");
            }

            if (left < 12)
            {
                throw Error($"file is truncated: the {left} bytes at byte {pos} are too few for a chunk");
            }

            uint length = BinaryPrimitives.ReadUInt32BigEndian(data[pos..]);
            uint type = BinaryPrimitives.ReadUInt32BigEndian(data[(pos + 4)..]);
            string typeName = PngFormat.ChunkName(type);
            if (!PngFormat.IsValidChunkType(type))
            {
                throw Error($"invalid chunk type '{typeName}' at byte {pos}");
            }

            if (length > int.MaxValue)
            {
                throw Error($"chunk {typeName} at byte {pos} declares an impossible length of {length} bytes");
            }

            if (length > left - 12)
            {
                throw Error($"file is truncated: chunk {typeName} at byte {pos} needs {length + 12} bytes but only {left} remain");
            }

            int bodyLength = (int)length;
            ReadOnlySpan<byte> body = data.Slice(pos + 8, bodyLength);
            uint storedCrc = BinaryPrimitives.ReadUInt32BigEndian(data[(pos + 8 + bodyLength)..]);
            if (PngCrc32.Compute(data.Slice(pos + 4, bodyLength + 4)) != storedCrc)
            {
                throw Error($"CRC mismatch in chunk {typeName} at byte {pos}");
            }

            if (!seenHeader && type != PngFormat.Ihdr)
            {
                throw Error($"the first chunk is {typeName}, not IHDR");
            }

            if (seenData && type != PngFormat.Idat)
            {
                dataEnded = true;
            }

            switch (type)
            {
                case PngFormat.Ihdr:
                    if (seenHeader)
                    {
                        throw Error($"second IHDR chunk at byte {pos}");
                    }

                    ParseHeader(body);
                    seenHeader = true;
                    break;

                case PngFormat.Plte:
                    if (seenPalette)
                    {
                        throw Error($"second PLTE chunk at byte {pos}");
                    }

                    if (seenData)
                    {
                        throw Error($"PLTE chunk at byte {pos} comes after the image data");
                    }

                    ParsePalette(body, pos);
                    seenPalette = true;
                    break;

                case PngFormat.Trns:
                    if (seenTransparency)
                    {
                        throw Error($"second tRNS chunk at byte {pos}");
                    }

                    if (seenData)
                    {
                        throw Error($"tRNS chunk at byte {pos} comes after the image data");
                    }

                    if (_colorType == PngColorType.Palette && !seenPalette)
                    {
                        throw Error($"tRNS chunk at byte {pos} comes before the PLTE chunk");
                    }

                    ParseTransparency(body, pos);
                    seenTransparency = true;
                    break;

                case PngFormat.Idat:
                    if (dataEnded)
                    {
                        throw Error($"IDAT chunk at byte {pos} is separated from the earlier IDAT chunks");
                    }

                    if (!seenData && _colorType == PngColorType.Palette && !seenPalette)
                    {
                        throw Error("palette image has no PLTE chunk before its image data");
                    }

                    seenData = true;
                    dataChunks.Add(new Range(pos + 8, pos + 8 + bodyLength));
                    dataLength += bodyLength;
                    break;

                case PngFormat.Iend:
                    if (bodyLength != 0)
                    {
                        throw Error($"IEND chunk at byte {pos} is not empty");
                    }

                    if (!seenData)
                    {
                        throw Error("file has no IDAT chunk");
                    }

                    GatherData(data, dataChunks, dataLength);
                    return; // anything after IEND is ignored, as other decoders do

                default:
                    if (PngFormat.IsCritical(type))
                    {
                        throw Error($"unknown critical chunk {typeName} at byte {pos}");
                    }

                    break; // ancillary chunks we do not use (gAMA, tEXt, ...) are skipped once their CRC checks out
            }

            pos += bodyLength + 12;
        }
    }

    private void ParseHeader(ReadOnlySpan<byte> body)
    {
        if (body.Length != 13)
        {
            throw Error($"IHDR chunk has {body.Length} bytes instead of 13");
        }

        uint width = BinaryPrimitives.ReadUInt32BigEndian(body);
        uint height = BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
        int bitDepth = body[8], colorType = body[9], compression = body[10], filter = body[11], interlace = body[12];
        if (width == 0 || height == 0)
        {
            throw Error($"image size {width}x{height} is empty");
        }

        if (width > int.MaxValue || height > int.MaxValue)
        {
            throw Error($"image size {width}x{height} exceeds the PNG limit of 2147483647 per side");
        }

        long pixels = (long)width * height;
        if (pixels > _maxPixels)
        {
            throw Error($"image size {width}x{height} ({pixels:N0} pixels) is over the limit of {_maxPixels:N0} pixels");
        }

        int samples = PngFormat.SamplesPerPixel(colorType);
        if (samples == 0)
        {
            throw Error($"invalid color type {colorType}");
        }

        if (!PngFormat.IsLegalBitDepth(colorType, bitDepth))
        {
            throw Error($"bit depth {bitDepth} is not allowed for color type {colorType}");
        }

        if (compression != 0)
        {
            throw Error($"unknown compression method {compression}");
        }

        if (filter != 0)
        {
            throw Error($"unknown filter method {filter}");
        }

        if (interlace > 1)
        {
            throw Error($"unknown interlace method {interlace}");
        }

        long rowBytes = (((long)width * samples * bitDepth) + 7) / 8;
        if (rowBytes >= Array.MaxLength)
        {
            throw Error($"image rows of {rowBytes} bytes are too long");
        }

        _width = (int)width;
        _height = (int)height;
        _bitDepth = bitDepth;
        _colorType = (PngColorType)colorType;
        _samplesPerPixel = samples;
        _interlaced = interlace == 1;
    }

    private void ParsePalette(ReadOnlySpan<byte> body, int pos)
    {
        if (_colorType is PngColorType.Grayscale or PngColorType.GrayscaleAlpha)
        {
            return; // not allowed for gray images, and meaningless there; libpng ignores it too
        }

        if (body.Length == 0 || body.Length % 3 != 0 || body.Length > 256 * 3)
        {
            throw Error($"PLTE chunk at byte {pos} has {body.Length} bytes; a palette is 1 to 256 entries of 3 bytes");
        }

        // A palette longer than the bit depth can index is against the specification but harmless: the extra
        // entries are dropped, as libpng does.
        int count = body.Length / 3;
        if (_colorType == PngColorType.Palette)
        {
            count = Math.Min(count, 1 << _bitDepth);
        }

        for (int i = 0; i < count; i++)
        {
            _palette[i * 4] = body[i * 3];
            _palette[(i * 4) + 1] = body[(i * 3) + 1];
            _palette[(i * 4) + 2] = body[(i * 3) + 2];
            _palette[(i * 4) + 3] = 255;
        }

        _paletteCount = count;
    }

    private void ParseTransparency(ReadOnlySpan<byte> body, int pos)
    {
        switch (_colorType)
        {
            case PngColorType.Palette:
                if (body.Length == 0 || body.Length > _paletteCount)
                {
                    throw Error($"tRNS chunk at byte {pos} has {body.Length} entries for a palette of {_paletteCount}");
                }

                for (int i = 0; i < body.Length; i++)
                {
                    _palette[(i * 4) + 3] = body[i];
                }

                break;

            case PngColorType.Grayscale:
                if (body.Length != 2)
                {
                    throw Error($"tRNS chunk at byte {pos} has {body.Length} bytes; a gray image needs 2");
                }

                _keyGray = KeySample(body);
                break;

            case PngColorType.Rgb:
                if (body.Length != 6)
                {
                    throw Error($"tRNS chunk at byte {pos} has {body.Length} bytes; an RGB image needs 6");
                }

                _keyRed = KeySample(body);
                _keyGreen = KeySample(body[2..]);
                _keyBlue = KeySample(body[4..]);
                break;

            default:
                return; // images with an alpha channel must not have tRNS; like libpng, ignore it
        }

        _hasTransparency = true;
    }

    /// <summary>A color key sample; below 16 bits only the low bits count, as in libpng.</summary>
    private int KeySample(ReadOnlySpan<byte> value) =>
        BinaryPrimitives.ReadUInt16BigEndian(value) & ((1 << _bitDepth) - 1);

    private void GatherData(ReadOnlySpan<byte> data, List<Range> chunks, int length)
    {
        if (length == 0)
        {
            throw Error("the IDAT chunks hold no data");
        }

        long needed = InflatedSize();
        if (needed / MaxDeflateRatio > length)
        {
            throw Error($"image data is too short: {length} compressed bytes cannot hold the {needed} bytes a {_width}x{_height} image needs");
        }

        _compressed = new byte[length];
        int offset = 0;
        foreach (Range chunk in chunks)
        {
            ReadOnlySpan<byte> part = data[chunk];
            part.CopyTo(_compressed.AsSpan(offset));
            offset += part.Length;
        }
    }

    /// <summary>Bytes of filtered rows (filter type bytes included) the image data must inflate to.</summary>
    private long InflatedSize()
    {
        long size = 0;
        foreach ((int x, int y, int dx, int dy) in _interlaced ? PngFormat.Adam7Passes : PngFormat.SinglePass)
        {
            int passWidth = PngFormat.PassSize(_width, x, dx), passHeight = PngFormat.PassSize(_height, y, dy);
            if (passWidth > 0 && passHeight > 0)
            {
                size += (long)passHeight * (RowBytes(passWidth) + 1);
            }
        }

        return size;
    }

    private int RowBytes(int pixels) => (int)((((long)pixels * _samplesPerPixel * _bitDepth) + 7) / 8);

    /// <summary>
    /// Inflates, unfilters and converts every row into <paramref name="out8"/> (with <paramref name="channels8"/>
    /// channels) or <paramref name="out16"/> (RGBA), whichever is given.
    /// </summary>
    private void DecodeRows(byte[]? out8, int channels8, ushort[]? out16)
    {
        long needed = InflatedSize();
        int maxRow = RowBytes(_width) + 1;
        byte[] current = new byte[maxRow], previous = new byte[maxRow];
        byte[] narrowRow = out8 is not null && _interlaced ? new byte[_width * channels8] : [];
        _wideRow = out16 is not null ? (_interlaced ? new ushort[_width * 4] : []) : (_bitDepth != 8 ? new ushort[_width * 4] : []);
        int bytesPerPixel = Math.Max(1, _samplesPerPixel * _bitDepth / 8);
        var passes = _interlaced ? PngFormat.Adam7Passes : PngFormat.SinglePass;
        long inflated = 0;

        using var compressed = new MemoryStream(_compressed, writable: false);
        using var zlib = new ZLibStream(compressed, CompressionMode.Decompress);
        for (int pass = 0; pass < passes.Length; pass++)
        {
            (int x0, int y0, int dx, int dy) = passes[pass];
            int passWidth = PngFormat.PassSize(_width, x0, dx), passHeight = PngFormat.PassSize(_height, y0, dy);
            if (passWidth == 0 || passHeight == 0)
            {
                continue; // an empty pass has no bytes at all, not even filter types
            }

            int rowBytes = RowBytes(passWidth);
            previous.AsSpan(0, rowBytes + 1).Clear();
            for (int r = 0; r < passHeight; r++)
            {
                int y = y0 + (r * dy);
                Span<byte> line = current.AsSpan(0, rowBytes + 1);
                int got = Inflate(zlib, line, inflated);
                inflated += got;
                if (got < line.Length)
                {
                    throw Error($"image data is too short: it inflates to {inflated} bytes, but a {_width}x{_height} image needs {needed}");
                }

                Span<byte> row = line[1..];
                if (!Unfilter(line[0], row, previous.AsSpan(1, rowBytes), bytesPerPixel))
                {
                    string where = _interlaced ? $"row {r} of Adam7 pass {pass + 1}" : $"row {y}";
                    throw Error($"unknown filter type {line[0]} in {where}");
                }

                int bad = out8 is not null
                    ? EmitRow8(row, out8, channels8, passWidth, x0, dx, y, narrowRow)
                    : EmitRow16(row, out16!, passWidth, x0, dx, y);
                if (bad >= 0)
                {
                    int index = Sample(row, bad, _bitDepth);
                    throw Error($"palette index {index} at pixel ({x0 + (bad * dx)}, {y}) is out of range: the palette has {_paletteCount} entries");
                }

                (current, previous) = (previous, current);
            }
        }

        Span<byte> extra = stackalloc byte[1];
        if (Inflate(zlib, extra, inflated) != 0)
        {
            throw Error($"image data is too long: it inflates to more than the {needed} bytes a {_width}x{_height} image needs");
        }
    }

    /// <summary>Reads up to <paramref name="buffer"/>'s length of image data; fewer bytes only where the data ends.</summary>
    private int Inflate(ZLibStream zlib, Span<byte> buffer, long inflatedSoFar)
    {
        try
        {
            return zlib.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            // zlib reports bad data as InvalidDataException, and some damage (e.g. a bad window size in the zlib
            // header) as ZLibException, an IOException. The source is a MemoryStream, so no other I/O can fail here.
            // Their messages are generic ("unsupported compression method"), so they only go in as the inner exception.
            throw Error($"corrupt compressed image data: zlib fails after {inflatedSoFar} inflated bytes", ex);
        }
    }

    /// <summary>Undoes a row's filter in place; false for an unknown filter type.</summary>
    private static bool Unfilter(int filter, Span<byte> row, ReadOnlySpan<byte> prior, int bpp)
    {
        int n = row.Length;
        switch (filter)
        {
            case 0:
                return true;

            case 1: // Sub
                for (int i = bpp; i < n; i++)
                {
                    row[i] += row[i - bpp];
                }

                return true;

            case 2: // Up
            {
                int i = 0;
                if (Vector.IsHardwareAccelerated)
                {
                    for (; i <= n - Vector<byte>.Count; i += Vector<byte>.Count)
                    {
                        (new Vector<byte>(row[i..]) + new Vector<byte>(prior[i..])).CopyTo(row[i..]);
                    }
                }

                for (; i < n; i++)
                {
                    row[i] += prior[i];
                }

                return true;
            }

            case 3: // Average
                for (int i = 0; i < bpp && i < n; i++)
                {
                    row[i] += (byte)(prior[i] >> 1);
                }

                for (int i = bpp; i < n; i++)
                {
                    row[i] += (byte)((row[i - bpp] + prior[i]) >> 1);
                }

                return true;

            case 4: // Paeth
                if (bpp == 3)
                {
                    UnfilterPaeth3(row, prior);
                }
                else if (bpp == 4)
                {
                    UnfilterPaeth4(row, prior);
                }
                else
                {
                    for (int i = 0; i < bpp && i < n; i++)
                    {
                        row[i] += prior[i]; // Paeth of (0, above, 0) is above
                    }

                    for (int i = bpp; i < n; i++)
                    {
                        row[i] += (byte)PngFormat.Paeth(row[i - bpp], prior[i], prior[i - bpp]);
                    }
                }

                return true;

            default:
                return false;
        }
    }

    /// <summary>
    /// Paeth for 3-byte pixels (8-bit RGB), the most common case in photographs: the left and upper-left pixels stay
    /// in registers instead of being read back from the row just written.
    /// </summary>
    private static void UnfilterPaeth3(Span<byte> row, ReadOnlySpan<byte> prior)
    {
        int left0 = 0, left1 = 0, left2 = 0, upperLeft0 = 0, upperLeft1 = 0, upperLeft2 = 0;
        for (int i = 0; i + 2 < row.Length; i += 3)
        {
            int above0 = prior[i], above1 = prior[i + 1], above2 = prior[i + 2];
            left0 = (row[i] + PngFormat.Paeth(left0, above0, upperLeft0)) & 0xFF;
            left1 = (row[i + 1] + PngFormat.Paeth(left1, above1, upperLeft1)) & 0xFF;
            left2 = (row[i + 2] + PngFormat.Paeth(left2, above2, upperLeft2)) & 0xFF;
            row[i] = (byte)left0;
            row[i + 1] = (byte)left1;
            row[i + 2] = (byte)left2;
            (upperLeft0, upperLeft1, upperLeft2) = (above0, above1, above2);
        }
    }

    /// <summary>Paeth for 4-byte pixels (8-bit RGBA, 16-bit gray + alpha), as <see cref="UnfilterPaeth3"/>.</summary>
    private static void UnfilterPaeth4(Span<byte> row, ReadOnlySpan<byte> prior)
    {
        int left0 = 0, left1 = 0, left2 = 0, left3 = 0, upperLeft0 = 0, upperLeft1 = 0, upperLeft2 = 0, upperLeft3 = 0;
        for (int i = 0; i + 3 < row.Length; i += 4)
        {
            int above0 = prior[i], above1 = prior[i + 1], above2 = prior[i + 2], above3 = prior[i + 3];
            left0 = (row[i] + PngFormat.Paeth(left0, above0, upperLeft0)) & 0xFF;
            left1 = (row[i + 1] + PngFormat.Paeth(left1, above1, upperLeft1)) & 0xFF;
            left2 = (row[i + 2] + PngFormat.Paeth(left2, above2, upperLeft2)) & 0xFF;
            left3 = (row[i + 3] + PngFormat.Paeth(left3, above3, upperLeft3)) & 0xFF;
            row[i] = (byte)left0;
            row[i + 1] = (byte)left1;
            row[i + 2] = (byte)left2;
            row[i + 3] = (byte)left3;
            (upperLeft0, upperLeft1, upperLeft2, upperLeft3) = (above0, above1, above2, above3);
        }
    }

    /// <summary>Writes one unfiltered row into the 8-bit output; returns -1, or the first pixel with a bad palette index.</summary>
    private int EmitRow8(ReadOnlySpan<byte> row, byte[] output, int channels, int count, int x0, int dx, int y, byte[] narrowRow)
    {
        if (!_interlaced)
        {
            return ConvertRow8(row, output.AsSpan(y * _width * channels, _width * channels), count, channels);
        }

        int bad = ConvertRow8(row, narrowRow, count, channels);
        if (bad < 0)
        {
            int target = ((y * _width) + x0) * channels, step = dx * channels;
            for (int i = 0, source = 0; i < count; i++, source += channels, target += step)
            {
                narrowRow.AsSpan(source, channels).CopyTo(output.AsSpan(target, channels));
            }
        }

        return bad;
    }

    /// <summary>Writes one unfiltered row into the 16-bit RGBA output; returns -1, or the first pixel with a bad palette index.</summary>
    private int EmitRow16(ReadOnlySpan<byte> row, ushort[] output, int count, int x0, int dx, int y)
    {
        if (!_interlaced)
        {
            return ConvertRow16(row, output.AsSpan(y * _width * 4, _width * 4), count);
        }

        int bad = ConvertRow16(row, _wideRow, count);
        if (bad < 0)
        {
            int target = ((y * _width) + x0) * 4, step = dx * 4;
            for (int i = 0, source = 0; i < count; i++, source += 4, target += step)
            {
                _wideRow.AsSpan(source, 4).CopyTo(output.AsSpan(target, 4));
            }
        }

        return bad;
    }

    /// <summary>
    /// Converts <paramref name="count"/> pixels to 8-bit RGB or RGBA. Bit depth 8 has direct paths; other depths go
    /// through 16 bits, which gives the same result because a sample scaled up to 16 bits reduces back exactly.
    /// </summary>
    private int ConvertRow8(ReadOnlySpan<byte> row, Span<byte> output, int count, int channels)
    {
        if (_bitDepth != 8)
        {
            Span<ushort> wide = _wideRow.AsSpan(0, count * 4);
            int bad = ConvertRow16(row, wide, count);
            if (bad >= 0)
            {
                return bad;
            }

            for (int i = 0; i < count; i++)
            {
                for (int c = 0; c < channels; c++)
                {
                    output[(i * channels) + c] = PngImage.To8Bit(wide[(i * 4) + c]);
                }
            }

            return -1;
        }

        switch (_colorType)
        {
            case PngColorType.Rgb when channels == 3:
                row[..(count * 3)].CopyTo(output);
                break;

            case PngColorType.Rgba:
                row[..(count * 4)].CopyTo(output);
                break;

            case PngColorType.Rgb:
                for (int i = 0; i < count; i++)
                {
                    byte r = row[i * 3], g = row[(i * 3) + 1], b = row[(i * 3) + 2];
                    output[i * 4] = r;
                    output[(i * 4) + 1] = g;
                    output[(i * 4) + 2] = b;
                    output[(i * 4) + 3] = r == _keyRed && g == _keyGreen && b == _keyBlue ? (byte)0 : (byte)255;
                }

                break;

            case PngColorType.Grayscale:
                for (int i = 0; i < count; i++)
                {
                    byte v = row[i];
                    int o = i * channels;
                    output[o] = v;
                    output[o + 1] = v;
                    output[o + 2] = v;
                    if (channels == 4)
                    {
                        output[o + 3] = v == _keyGray ? (byte)0 : (byte)255;
                    }
                }

                break;

            case PngColorType.GrayscaleAlpha:
                for (int i = 0; i < count; i++)
                {
                    byte v = row[i * 2];
                    output[i * 4] = v;
                    output[(i * 4) + 1] = v;
                    output[(i * 4) + 2] = v;
                    output[(i * 4) + 3] = row[(i * 2) + 1];
                }

                break;

            default: // palette
                for (int i = 0; i < count; i++)
                {
                    int index = row[i];
                    if (index >= _paletteCount)
                    {
                        return i;
                    }

                    _palette.AsSpan(index * 4, channels).CopyTo(output.Slice(i * channels, channels));
                }

                break;
        }

        return -1;
    }

    /// <summary>Converts <paramref name="count"/> pixels of any type and depth to 16-bit RGBA.</summary>
    private int ConvertRow16(ReadOnlySpan<byte> row, Span<ushort> output, int count)
    {
        int depth = _bitDepth;
        int scale = 65535 / ((1 << depth) - 1); // exact for 1, 2, 4, 8 and 16 bits: bit replication
        switch (_colorType)
        {
            case PngColorType.Grayscale:
                for (int i = 0; i < count; i++)
                {
                    int s = Sample(row, i, depth);
                    ushort v = (ushort)(s * scale);
                    output[i * 4] = v;
                    output[(i * 4) + 1] = v;
                    output[(i * 4) + 2] = v;
                    output[(i * 4) + 3] = _hasTransparency && s == _keyGray ? (ushort)0 : (ushort)65535;
                }

                break;

            case PngColorType.Rgb:
                for (int i = 0; i < count; i++)
                {
                    int r = Sample(row, i * 3, depth), g = Sample(row, (i * 3) + 1, depth), b = Sample(row, (i * 3) + 2, depth);
                    output[i * 4] = (ushort)(r * scale);
                    output[(i * 4) + 1] = (ushort)(g * scale);
                    output[(i * 4) + 2] = (ushort)(b * scale);
                    bool keyed = _hasTransparency && r == _keyRed && g == _keyGreen && b == _keyBlue;
                    output[(i * 4) + 3] = keyed ? (ushort)0 : (ushort)65535;
                }

                break;

            case PngColorType.Palette:
                for (int i = 0; i < count; i++)
                {
                    int index = Sample(row, i, depth);
                    if (index >= _paletteCount)
                    {
                        return i;
                    }

                    for (int c = 0; c < 4; c++)
                    {
                        output[(i * 4) + c] = (ushort)(_palette[(index * 4) + c] * 257);
                    }
                }

                break;

            case PngColorType.GrayscaleAlpha:
                for (int i = 0; i < count; i++)
                {
                    ushort v = (ushort)(Sample(row, i * 2, depth) * scale);
                    output[i * 4] = v;
                    output[(i * 4) + 1] = v;
                    output[(i * 4) + 2] = v;
                    output[(i * 4) + 3] = (ushort)(Sample(row, (i * 2) + 1, depth) * scale);
                }

                break;

            default: // RGBA
                for (int i = 0; i < count * 4; i++)
                {
                    output[i] = (ushort)(Sample(row, i, depth) * scale);
                }

                break;
        }

        return -1;
    }

    /// <summary>Sample number <paramref name="index"/> of a row of <paramref name="depth"/>-bit samples (big-endian, most significant bits first).</summary>
    private static int Sample(ReadOnlySpan<byte> row, int index, int depth)
    {
        switch (depth)
        {
            case 8:
                return row[index];
            case 16:
                return (row[index * 2] << 8) | row[(index * 2) + 1];
            default:
                int bit = index * depth;
                return (row[bit >> 3] >> (8 - depth - (bit & 7))) & ((1 << depth) - 1);
        }
    }
}
