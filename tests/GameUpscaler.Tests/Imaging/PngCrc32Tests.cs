using GameUpscaler.Imaging;

namespace GameUpscaler.Tests.Imaging;

public sealed class PngCrc32Tests
{
    [Fact]
    public void Matches_the_standard_check_values()
    {
        Assert.Equal(0xCBF43926u, PngCrc32.Compute("123456789"u8));
        Assert.Equal(0u, PngCrc32.Compute([]));
        Assert.Equal(0xAE426082u, PngCrc32.Compute("IEND"u8)); // the CRC every PNG file ends with
    }

    [Fact]
    public void Appending_in_pieces_of_any_size_gives_the_same_result()
    {
        var data = new byte[1000];
        new Random(3).NextBytes(data);
        uint whole = PngCrc32.Compute(data);
        for (int split = 0; split <= 40; split++)
        {
            Assert.Equal(whole, PngCrc32.Append(PngCrc32.Compute(data.AsSpan(0, split)), data.AsSpan(split)));
        }
    }
}
