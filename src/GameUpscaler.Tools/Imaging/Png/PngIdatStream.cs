namespace GameUpscaler.Imaging;

/// <summary>
/// A write-only stream that packs what is written to it into IDAT chunks of up to 64 KiB on another stream, so the
/// encoder can deflate straight into the file without holding all compressed data. Call <see cref="Finish"/> at the
/// end to write the last, partly filled chunk.
/// </summary>
internal sealed class PngIdatStream : Stream
{
    private const int ChunkSize = 1 << 16;

    private readonly Stream _output;
    private readonly byte[] _buffer = new byte[ChunkSize];
    private int _count;

    public PngIdatStream(Stream output)
    {
        _output = output;
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Writes the buffered data as a last IDAT chunk, if there is any.</summary>
    public void Finish()
    {
        if (_count > 0)
        {
            WriteChunk();
        }
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        Write(buffer.AsSpan(offset, count));
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            int n = Math.Min(ChunkSize - _count, buffer.Length);
            buffer[..n].CopyTo(_buffer.AsSpan(_count));
            _count += n;
            buffer = buffer[n..];
            if (_count == ChunkSize)
            {
                WriteChunk();
            }
        }
    }

    public override void WriteByte(byte value) => Write([value]);

    /// <summary>Does nothing: chunks are written when full and by <see cref="Finish"/>, never partly.</summary>
    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private void WriteChunk()
    {
        PngFormat.WriteChunk(_output, PngFormat.Idat, _buffer.AsSpan(0, _count));
        _count = 0;
    }
}
