namespace GameUpscaler.Tests.Resampling;

using GameUpscaler.Imaging;
using GameUpscaler.Resampling;

/// <summary>
/// MATLAB imresize behaviour, checked against values derived by hand from its definition: Keys cubic (a = −0.5)
/// at ×2 has taps cubic(1.75), cubic(0.75), cubic(0.25), cubic(1.25) = −0.0234375, 0.2265625, 0.8671875, −0.0703125;
/// at ×0.5 the antialiased kernel is 0.5·cubic(x/2) over 8 taps; borders mirror with the edge sample repeated.
/// </summary>
public sealed class ImageResizerTests
{
    private static PlanarImage Row(params float[] values)
    {
        var image = new PlanarImage(values.Length, 1, 1);
        values.CopyTo(image.Data, 0);
        return image;
    }

    [Fact]
    public void Bicubic_x2_matches_the_hand_derived_MATLAB_weights()
    {
        PlanarImage result = ImageResizer.Resize(Row(10, 20, 40, 80), 8, 1, ResampleKernel.Bicubic);
        // Output 0 sits at u = 0.75 (1-based); taps at −1, 0, 1, 2 mirror to samples 2, 1, 1, 2 (1-based).
        double first = (-0.0234375 * 20) + (0.2265625 * 10) + (0.8671875 * 10) + (-0.0703125 * 20);
        // Output 3 sits at u = 2.25: taps 0..3 → 1, 1, 2, 3, 4 with weights for distances 2.25 (0), 1.25, 0.25, 0.75, 1.75.
        double fourth = (-0.0703125 * 10) + (0.8671875 * 20) + (0.2265625 * 40) + (-0.0234375 * 80);
        Assert.Equal(first, result.Data[0], 5);
        Assert.Equal(fourth, result.Data[3], 5);
        Assert.Equal(9.0625, first, 10);
    }

    [Fact]
    public void Antialiased_bicubic_half_uses_the_stretched_kernel()
    {
        float[] values = [3, 7, 1, 9, 4, 4, 8, 2, 6, 5];
        PlanarImage result = ImageResizer.Resize(Row(values), 5, 1, ResampleKernel.Bicubic);
        // Output 2 (1-based) sits at u = 3.5; taps 0..7 at distances 3.5 … −3.5 with weights 0.5·cubic(d/2).
        double[] weights = [-0.01171875, -0.03515625, 0.11328125, 0.43359375, 0.43359375, 0.11328125, -0.03515625, -0.01171875];
        // Tap 0 (1-based) mirrors to sample 1, so the first weight applies to values[0] again, not to a missing sample.
        double expected = (weights[0] * values[0]) + (weights[1] * values[0]) + (weights[2] * values[1]) + (weights[3] * values[2])
            + (weights[4] * values[3]) + (weights[5] * values[4]) + (weights[6] * values[5]) + (weights[7] * values[6]);
        Assert.Equal(expected, result.Data[1], 5);
    }

    [Theory]
    [InlineData(ResampleKernel.Nearest)]
    [InlineData(ResampleKernel.Bilinear)]
    [InlineData(ResampleKernel.Bicubic)]
    [InlineData(ResampleKernel.Lanczos3)]
    public void Every_kernel_keeps_a_constant_image_constant(ResampleKernel kernel)
    {
        var image = new Image8(13, 7, 3);
        Array.Fill(image.Pixels, (byte)77);
        foreach ((int w, int h) in new[] { (26, 14), (39, 21), (7, 4), (20, 9) })
        {
            Image8 result = ImageResizer.Resize(image, w, h, kernel);
            Assert.Equal(w, result.Width);
            Assert.Equal(h, result.Height);
            Assert.All(result.Pixels, p => Assert.Equal(77, p));
        }
    }

    [Fact]
    public void Scale_factor_output_size_is_ceil_as_MATLAB()
    {
        var image = new Image8(10, 7, 3);
        Image8 result = ImageResizer.Resize(image, 0.5, ResampleKernel.Bicubic);
        Assert.Equal((5, 4), (result.Width, result.Height));
        Assert.Equal((15, 11), (ImageResizer.Resize(image, 1.5, ResampleKernel.Bilinear).Width, ImageResizer.Resize(image, 1.5, ResampleKernel.Bilinear).Height));
    }

    [Fact]
    public void Nearest_x2_duplicates_pixels()
    {
        PlanarImage result = ImageResizer.Resize(Row(1, 2, 3), 6, 1, ResampleKernel.Nearest);
        Assert.Equal(new float[] { 1, 1, 2, 2, 3, 3 }, result.Data);
    }

    [Fact]
    public void Bilinear_x2_interpolates_quarter_positions()
    {
        PlanarImage result = ImageResizer.Resize(Row(0, 4, 8), 6, 1, ResampleKernel.Bilinear);
        // Centres at u = 0.75, 1.25, 1.75, …: the first mirrors onto itself (edge repeated).
        Assert.Equal(new float[] { 0, 1, 3, 5, 7, 8 }, result.Data);
    }

    [Fact]
    public void Lanczos3_x2_matches_normalised_windowed_sinc_weights_in_the_interior()
    {
        float[] values = Enumerable.Range(0, 20).Select(i => (float)((i * 7) % 11)).ToArray();
        PlanarImage result = ImageResizer.Resize(Row(values), 40, 1, ResampleKernel.Lanczos3);
        static double Sinc(double x) => x == 0 ? 1 : Math.Sin(Math.PI * x) / (Math.PI * x);
        for (int x = 8; x < 32; x++)
        {
            double centre = ((x + 0.5) / 2) - 0.5; // 0-based source position of the output pixel centre
            double sum = 0, weights = 0;
            for (int j = (int)Math.Floor(centre) - 2; j <= (int)Math.Floor(centre) + 3; j++)
            {
                double w = Math.Abs(centre - j) < 3 ? Sinc(centre - j) * Sinc((centre - j) / 3) : 0;
                sum += w * values[j];
                weights += w;
            }

            Assert.Equal(sum / weights, result.Data[x], 4);
        }
    }

    [Fact]
    public void Eight_bit_resize_rounds_half_away_from_zero_and_saturates()
    {
        var image = new Image8(4, 1, 3);
        byte[] row = [0, 255, 0, 255];
        for (int x = 0; x < 4; x++)
        {
            image[x, 0, 0] = image[x, 0, 1] = image[x, 0, 2] = row[x];
        }

        Image8 result = ImageResizer.Resize(image, 8, 2, ResampleKernel.Bicubic);
        // Bicubic overshoots past 255 and below 0 next to the edges; 8-bit output clamps instead of wrapping.
        Assert.Contains(result.Pixels, p => p == 255);
        Assert.Contains(result.Pixels, p => p == 0);
        PlanarImage exact = ImageResizer.Resize(image.ToPlanar(), 8, 2, ResampleKernel.Bicubic);
        for (int i = 0; i < 8; i++)
        {
            Assert.Equal(PlanarImage.ToByte(exact[i, 0, 0]), result[i, 0, 0]);
        }
    }

    [Fact]
    public void Invalid_arguments_throw()
    {
        var image = new Image8(4, 4, 3);
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageResizer.Resize(image, 0, 4, ResampleKernel.Bicubic));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageResizer.Resize(image, -1.0, ResampleKernel.Bicubic));
        Assert.Throws<ArgumentOutOfRangeException>(() => ImageResizer.Resize(image, double.NaN, ResampleKernel.Bicubic));
        Assert.Throws<ArgumentNullException>(() => ImageResizer.Resize((Image8)null!, 2.0, ResampleKernel.Bicubic));
    }
}
