using System.Buffers.Binary;
using GameUpscaler.Imaging;

namespace GameUpscaler.Tests.Imaging;

/// <summary>The evaluation images in the shared data folder all decode, at the size their headers give.</summary>
public sealed class PngRealImageTests
{
    [Theory]
    [InlineData("Set5", 5)]
    [InlineData("Set14", 14)]
    public void Every_image_of_the_evaluation_set_decodes_at_its_header_size(string set, int count)
    {
        string folder = TestPaths.EvalSet(set); // fails with a clear message when ../shared is missing
        Assert.True(Directory.Exists(folder), $"The evaluation set folder {folder} is missing.");
        string[] files = Directory.GetFiles(folder, "*.png");
        Assert.Equal(count, files.Length);

        foreach (string file in files)
        {
            byte[] png = File.ReadAllBytes(file);
            Assert.True(png.AsSpan(12, 4).SequenceEqual("IHDR"u8), $"{file} does not start with an IHDR chunk.");
            int width = (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(16));
            int height = (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(20));
            int colorType = png[25];
            bool hasTransparency = PngTestFiles.ReadChunks(png).Any(c => c.Type == "tRNS");

            Image8 image = PngCodec.Decode(file);

            Assert.Equal(width, image.Width);
            Assert.Equal(height, image.Height);
            Assert.Equal(colorType is 4 or 6 || hasTransparency ? 4 : 3, image.Channels);
        }
    }
}
