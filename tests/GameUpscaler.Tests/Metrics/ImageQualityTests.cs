namespace GameUpscaler.Tests.Metrics;

using GameUpscaler.Imaging;
using GameUpscaler.Metrics;

public sealed class ImageQualityTests
{
    private static Image8 Random(int width, int height, int seed)
    {
        var image = new Image8(width, height, 3);
        new Random(seed).NextBytes(image.Pixels);
        return image;
    }

    private static Image8 Smooth(int width, int height)
    {
        var image = new Image8(width, height, 3);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                image[x, y, 0] = (byte)(128 + (100 * Math.Sin(x * 0.1)));
                image[x, y, 1] = (byte)(128 + (100 * Math.Cos(y * 0.07)));
                image[x, y, 2] = (byte)((x + y) % 256);
            }
        }

        return image;
    }

    [Fact]
    public void Luma_is_BT601_studio_swing_for_colour_and_the_gray_value_for_grayscale_sources()
    {
        var image = new Image8(3, 1, 3);
        image[1, 0, 0] = image[1, 0, 1] = image[1, 0, 2] = 255;
        image[2, 0, 0] = image[2, 0, 1] = image[2, 0, 2] = 100;
        LumaImage y = LumaImage.FromRgb(image);
        Assert.Equal(16.0, y.Samples[0], 10);
        Assert.Equal(235.0, y.Samples[1], 10);
        LumaImage gray = LumaImage.FromRgb(image, grayscaleSource: true);
        Assert.Equal(new[] { 0.0, 255.0, 100.0 }, gray.Samples.Select(v => Math.Round(v, 9)));
    }

    [Fact]
    public void Psnr_of_a_known_error()
    {
        var a = new Image8(20, 20, 3);
        var b = new Image8(20, 20, 3);
        Array.Fill(b.Pixels, (byte)1); // every channel off by one → MSE 1 → 20·log10(255) dB
        Assert.Equal(20 * Math.Log10(255), ImageQuality.PsnrRgb(a, b, 0), 10);
        Assert.Equal(ImageQuality.IdenticalPsnr, ImageQuality.PsnrY(a, a, 2));
        // On Y, a uniform offset of 1 in R, G and B moves Y by 219/255.
        Assert.Equal(20 * Math.Log10(255 / (219.0 / 255)), ImageQuality.PsnrY(a, b, 2), 9);
    }

    [Fact]
    public void Border_is_shaved_before_scoring()
    {
        Image8 a = Smooth(40, 30);
        Image8 b = a.Crop(0, 0, 40, 30);
        for (int x = 0; x < 40; x++)
        {
            b[x, 0, 0] = (byte)(b[x, 0, 0] ^ 0xFF); // damage only the top row
        }

        Assert.Equal(ImageQuality.IdenticalPsnr, ImageQuality.PsnrY(a, b, 1));
        Assert.True(ImageQuality.PsnrY(a, b, 0) < 40);
    }

    [Fact]
    public void Ssim_is_one_for_identical_images_and_drops_with_noise()
    {
        Image8 a = Smooth(64, 48);
        Assert.Equal(1.0, ImageQuality.SsimY(a, a, 0), 12);
        Image8 noisy = a.Crop(0, 0, 64, 48);
        var random = new Random(3);
        for (int i = 0; i < noisy.Pixels.Length; i++)
        {
            noisy.Pixels[i] = (byte)Math.Clamp(noisy.Pixels[i] + random.Next(-20, 21), 0, 255);
        }

        double ssim = ImageQuality.SsimY(a, noisy, 0);
        Assert.InRange(ssim, 0.2, 0.95);
        Assert.InRange(ImageQuality.SsimY(a, Random(64, 48, 5), 0), -0.2, 0.2);
    }

    [Fact]
    public void Ssim_of_constant_images_follows_the_luminance_term()
    {
        // Two flat images: variances are zero, so SSIM = (2·μa·μb + C1) / (μa² + μb² + C1).
        var a = new LumaImage(11, 11, Enumerable.Repeat(100.0, 121).ToArray());
        var b = new LumaImage(11, 11, Enumerable.Repeat(110.0, 121).ToArray());
        double c1 = Math.Pow(0.01 * 255, 2);
        double expected = ((2 * 100.0 * 110.0) + c1) / ((100.0 * 100.0) + (110.0 * 110.0) + c1);
        Assert.Equal(expected, ImageQuality.Ssim(a, b).Ssim, 12);
    }

    [Fact]
    public void MsSsim_is_one_for_identical_images_and_between_0_and_1_otherwise()
    {
        Image8 a = Smooth(180, 180);
        Assert.Equal(1.0, ImageQuality.MsSsimY(a, a, 0), 12);
        Image8 b = a.Crop(0, 0, 180, 180);
        for (int i = 0; i < b.Pixels.Length; i += 7)
        {
            b.Pixels[i] = (byte)(255 - b.Pixels[i]);
        }

        double value = ImageQuality.MsSsimY(a, b, 0);
        Assert.InRange(value, 0.05, 0.999);
        Assert.Throws<ArgumentException>(() => ImageQuality.MsSsimY(Smooth(100, 100), Smooth(100, 100), 0));
    }

    [Fact]
    public void Size_mismatch_is_an_argument_error()
    {
        Assert.Throws<ArgumentException>(() => ImageQuality.PsnrY(new Image8(10, 10, 3), new Image8(10, 11, 3), 0));
        Assert.Throws<ArgumentException>(() => ImageQuality.SsimY(new Image8(10, 10, 3), new Image8(10, 10, 3), 0));
    }
}
