using GameUpscaler.Imaging;

namespace GameUpscaler.Tests.Imaging;

/// <summary><see cref="ImageFile"/> picks the codec by signature and returns exactly what that codec returns.</summary>
public sealed class ImageFileTests : IDisposable
{
    private readonly TemporaryDirectory _temp = TestPaths.CreateTemporaryDirectory();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }, ImageFileFormat.Jpeg)]
    [InlineData(new byte[] { 0xFF, 0xD8 }, ImageFileFormat.Jpeg)]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0 }, ImageFileFormat.Png)]
    [InlineData(new byte[] { 0x89, 0x50, 0x4E }, ImageFileFormat.Png)] // a truncated PNG is still reported by the PNG decoder
    [InlineData(new byte[] { 0x89, 0x50, 0x4E, 0x47, 1, 2, 3 }, ImageFileFormat.Unknown)]
    [InlineData(new byte[] { 0x47, 0x49, 0x46, 0x38 }, ImageFileFormat.Unknown)]
    [InlineData(new byte[] { 0xFF }, ImageFileFormat.Unknown)]
    [InlineData(new byte[0], ImageFileFormat.Unknown)]
    public void The_format_comes_from_the_signature(byte[] header, ImageFileFormat expected) =>
        Assert.Equal(expected, ImageFile.DetectFormat(header));

    [Theory]
    [InlineData("ct0_d16_n_37x29")]
    [InlineData("ct2_d8_n_37x29")]
    [InlineData("ct3_d4_i_37x29_trns")]
    [InlineData("ct4_d8_i_37x29")]
    [InlineData("ct6_d16_n_37x29")]
    public void A_png_loads_exactly_as_the_png_codec_decodes_it(string name)
    {
        string path = PngTestFiles.FixturePath(name);
        Image8 expected = PngCodec.Decode(path);
        LoadedImage loaded = ImageFile.LoadWithInfo(path);

        Assert.Equal(expected.Channels, ImageFile.Load(path).Channels);
        Assert.Equal(expected.Pixels, ImageFile.Load(path).Pixels);
        Assert.Equal(expected.Pixels, loaded.Image.Pixels);
        Assert.Equal(ImageFileFormat.Png, loaded.Format);
        Assert.Equal(name.StartsWith("ct0", StringComparison.Ordinal) || name.StartsWith("ct4", StringComparison.Ordinal), loaded.IsGrayscaleSource);
    }

    [Theory]
    [InlineData("37x29_420_progressive", false)]
    [InlineData("37x29_gray_baseline", true)]
    [InlineData("37x29_444_baseline_rgb", false)]
    public void A_jpeg_loads_exactly_as_the_jpeg_codec_decodes_it(string name, bool gray)
    {
        string path = JpegTestFiles.FixturePath(name);
        LoadedImage loaded = ImageFile.LoadWithInfo(path);

        Assert.Equal(JpegCodec.Decode(path).Pixels, ImageFile.Load(path).Pixels);
        Assert.Equal(JpegCodec.Decode(path).Pixels, loaded.Image.Pixels);
        Assert.Equal(ImageFileFormat.Jpeg, loaded.Format);
        Assert.Equal(gray, loaded.IsGrayscaleSource);
    }

    [Fact]
    public void The_file_name_does_not_matter()
    {
        string jpegNamedPng = _temp.File("photo.png"), pngNamedJpeg = _temp.File("frame.jpg");
        File.Copy(JpegTestFiles.FixturePath("17x13_420_baseline"), jpegNamedPng);
        File.Copy(PngTestFiles.FixturePath("ct2_d8_n_37x29"), pngNamedJpeg);

        Assert.Equal(ImageFileFormat.Jpeg, ImageFile.LoadWithInfo(jpegNamedPng).Format);
        Assert.Equal(JpegCodec.Decode(JpegTestFiles.FixturePath("17x13_420_baseline")).Pixels, ImageFile.Load(jpegNamedPng).Pixels);
        Assert.Equal(PngCodec.Decode(PngTestFiles.FixturePath("ct2_d8_n_37x29")).Pixels, ImageFile.Load(pngNamedJpeg).Pixels);
    }

    [Fact]
    public void Other_files_are_refused_with_the_file_name_and_what_they_start_with()
    {
        string gif = _temp.File("a.png"), empty = _temp.File("empty.jpg");
        File.WriteAllBytes(gif, "GIF89a......"u8.ToArray());
        File.WriteAllBytes(empty, []);

        var e = Assert.Throws<ImageFormatException>(() => ImageFile.Load(gif));
        Assert.Equal($"{gif}: not a PNG or JPEG file (it starts with 4749463839612E2E)", e.Message);
        Assert.Equal($"{empty}: not a PNG or JPEG file (the file is empty)", Assert.Throws<ImageFormatException>(() => ImageFile.LoadWithInfo(empty)).Message);
        Assert.ThrowsAny<IOException>(() => ImageFile.Load(_temp.File("missing.png")));
    }

    [Fact]
    public void Errors_name_the_file_whichever_codec_reports_them()
    {
        string png = _temp.File("bad.png"), jpeg = _temp.File("bad.jpg");
        File.WriteAllBytes(png, PngTestFiles.ReadFixture("ct2_d8_n_37x29")[..50]);
        File.WriteAllBytes(jpeg, JpegTestFiles.ReadFixture("17x13_420_baseline")[..50]);

        Assert.StartsWith(png + ": file is truncated", Assert.Throws<ImageFormatException>(() => ImageFile.Load(png)).Message, StringComparison.Ordinal);
        Assert.StartsWith(jpeg + ": file is truncated", Assert.Throws<ImageFormatException>(() => ImageFile.Load(jpeg)).Message, StringComparison.Ordinal);
    }
}
