using System.IO.Compression;
using GameUpscaler.Imaging;

namespace GameUpscaler.Tests.Imaging;

/// <summary>The encoder: what it writes decodes to what it was given, and writing a file never half-replaces one.</summary>
public sealed class PngEncoderTests : IDisposable
{
    private readonly TemporaryDirectory _temp = TestPaths.CreateTemporaryDirectory();

    private string Folder => _temp.Path;

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(1, 1, 3)]
    [InlineData(1, 1, 4)]
    [InlineData(7, 1, 3)]
    [InlineData(1, 9, 4)]
    [InlineData(37, 29, 3)]
    [InlineData(37, 29, 4)]
    [InlineData(300, 7, 4)]
    public void Random_images_round_trip_exactly(int width, int height, int channels)
    {
        var image = new Image8(width, height, channels);
        new Random((width * 1000) + (height * 10) + channels).NextBytes(image.Pixels);

        byte[] png = PngCodec.Encode(image);
        PngImage decoded = PngCodec.DecodeFull(png);

        Assert.Equal(width, decoded.Width);
        Assert.Equal(height, decoded.Height);
        Assert.Equal(channels == 4 ? PngColorType.Rgba : PngColorType.Rgb, decoded.ColorType);
        Assert.Equal(8, decoded.BitDepth);
        Assert.False(decoded.Interlaced);
        Assert.Equal(channels == 4, decoded.HasAlpha);
        Assert.Equal(image.Pixels, PngCodec.Decode(png).Pixels);
    }

    [Theory]
    [InlineData(CompressionLevel.Optimal)]
    [InlineData(CompressionLevel.Fastest)]
    [InlineData(CompressionLevel.NoCompression)]
    [InlineData(CompressionLevel.SmallestSize)]
    public void Every_fixture_round_trips_at_every_compression_level(CompressionLevel level)
    {
        foreach (string name in PngTestFiles.FixtureNames())
        {
            Image8 image = PngCodec.Decode(PngTestFiles.ReadFixture(name));
            Assert.Equal(image.Pixels, PngCodec.Decode(PngCodec.Encode(image, level)).Pixels);
        }
    }

    [Fact]
    public void Rows_get_the_filter_that_suits_them()
    {
        // Row 0: a horizontal ramp (Sub wins); rows 1-2: the same again (Up gives all zeros); row 3: black
        // (None gives all zeros, and comes first among equals).
        var image = new Image8(64, 4, 3);
        for (int x = 0; x < 64; x++)
        {
            for (int c = 0; c < 3; c++)
            {
                image[x, 0, c] = image[x, 1, c] = image[x, 2, c] = (byte)(x * 3);
            }
        }

        byte[] filters = PngTestFiles.RowFilters(PngCodec.Encode(image), 64 * 3);

        Assert.Equal(new byte[] { 1, 2, 2, 0 }, filters);
    }

    [Fact]
    public void A_large_image_is_written_in_several_idat_chunks()
    {
        var image = new Image8(512, 512, 4);
        new Random(5).NextBytes(image.Pixels);

        byte[] png = PngCodec.Encode(image, CompressionLevel.Fastest);

        Assert.True(PngTestFiles.ReadChunks(png).Count(c => c.Type == "IDAT") > 1);
        Assert.Equal(image.Pixels, PngCodec.Decode(png).Pixels);
    }

    [Fact]
    public void Encoding_to_a_stream_writes_from_its_position_and_leaves_it_open()
    {
        var image = new Image8(5, 3, 3);
        new Random(1).NextBytes(image.Pixels);
        using var stream = new MemoryStream();
        stream.Write([1, 2, 3]);

        PngCodec.Encode(image, stream);

        Assert.True(stream.CanWrite);
        Assert.Equal(PngCodec.Encode(image), stream.ToArray()[3..]);
    }

    [Fact]
    public void Encoding_to_a_path_creates_or_replaces_the_file_and_leaves_no_temporary_file()
    {
        string path = Path.Combine(Folder, "out.png");
        var first = new Image8(4, 4, 3);
        var second = new Image8(6, 2, 4);
        new Random(2).NextBytes(second.Pixels);

        PngCodec.Encode(first, path);
        Assert.Equal(first.Pixels, PngCodec.Decode(path).Pixels);
        PngCodec.Encode(second, path, CompressionLevel.Fastest);

        Assert.Equal(second.Pixels, PngCodec.Decode(path).Pixels);
        Assert.Equal(new[] { path }, Directory.GetFiles(Folder));
    }

    [Fact]
    public void A_failed_write_leaves_the_existing_file_untouched()
    {
        string path = Path.Combine(Folder, "keep.png");
        File.WriteAllBytes(path, [1, 2, 3]);

        IOException error = Assert.Throws<IOException>(() => GameUpscaler.IO.OutputFile.Write(path, stream =>
        {
            stream.Write([9, 9, 9, 9]);
            throw new IOException("disk full");
        }));

        // The message names the user's file, never the temporary one it was being written through.
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(".tmp", error.Message, StringComparison.Ordinal);

        Assert.Equal(new byte[] { 1, 2, 3 }, File.ReadAllBytes(path));
        Assert.Equal(new[] { path }, Directory.GetFiles(Folder));
    }

    [Fact]
    public void Encoding_into_a_missing_folder_fails_without_leaving_anything()
    {
        string path = Path.Combine(Folder, "no-such-folder", "out.png");

        var error = Assert.Throws<DirectoryNotFoundException>(() => PngCodec.Encode(new Image8(1, 1, 3), path));

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(".tmp", error.Message, StringComparison.Ordinal);

        Assert.Empty(Directory.GetFileSystemEntries(Folder));
    }

    [Fact]
    public void Null_arguments_are_refused()
    {
        Assert.Throws<ArgumentNullException>(() => PngCodec.Encode(null!));
        Assert.Throws<ArgumentNullException>(() => PngCodec.Encode(new Image8(1, 1, 3), (Stream)null!));
        Assert.Throws<ArgumentNullException>(() => PngCodec.Encode(new Image8(1, 1, 3), (string)null!));
        Assert.Throws<ArgumentNullException>(() => PngCodec.Decode((string)null!));
        Assert.Throws<ArgumentNullException>(() => PngCodec.Decode((Stream)null!));
    }
}
