namespace GameUpscaler.Tests.Evaluation;

using GameUpscaler.Evaluation;
using GameUpscaler.Imaging;
using GameUpscaler.Resampling;

public sealed class EvaluatorTests
{
    [Fact]
    public void Degrade_modcrops_and_shrinks()
    {
        var image = new Image8(31, 22, 4);
        (Image8 hr, Image8 lr) = SuperResolutionEvaluator.Degrade(image, 3);
        Assert.Equal((30, 21, 3), (hr.Width, hr.Height, hr.Channels));
        Assert.Equal((10, 7), (lr.Width, lr.Height));
    }

    [Fact]
    public void A_method_returning_the_wrong_size_is_reported_not_scored()
    {
        var e = Assert.Throws<InvalidOperationException>(() =>
            SuperResolutionEvaluator.EvaluateImage("x.png", TestScene.Render(64, 48), 2, new WrongSizeMethod()));
        Assert.Contains("x.png", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Better_kernels_score_higher_on_the_test_scene()
    {
        Image8 scene = TestScene.Render(192, 128, samplesPerAxis: 2);
        double nearest = SuperResolutionEvaluator.EvaluateImage("s", scene, 2, new ResamplerMethod(ResampleKernel.Nearest)).PsnrY;
        double bicubic = SuperResolutionEvaluator.EvaluateImage("s", scene, 2, new ResamplerMethod(ResampleKernel.Bicubic)).PsnrY;
        Assert.True(bicubic > nearest + 0.2, $"bicubic {bicubic:F2} dB vs nearest {nearest:F2} dB");
    }

    [Fact]
    public void Missing_or_empty_dataset_folders_are_clear_errors()
    {
        Assert.Throws<DirectoryNotFoundException>(() => SuperResolutionEvaluator.FindImages("/no/such/folder"));
        using TemporaryDirectory empty = TestPaths.CreateTemporaryDirectory();
        Assert.Throws<ArgumentException>(() => SuperResolutionEvaluator.FindImages(empty.Path));
    }

    [Fact]
    public void Jpeg_files_are_evaluated_and_a_one_component_jpeg_is_scored_as_a_gray_source()
    {
        using TemporaryDirectory temp = TestPaths.CreateTemporaryDirectory();
        string jpegFixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures", "jpeg");
        File.Copy(Path.Combine(jpegFixtures, "37x29_gray_baseline.jpg"), temp.File("a.jpg"));
        File.Copy(Path.Combine(jpegFixtures, "37x29_420_progressive.jpg"), temp.File("b.JPEG"));
        File.Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "png", "ct2_d8_n_37x29.png"), temp.File("c.png"));
        File.WriteAllText(temp.File("notes.txt"), "not an image");
        Assert.Equal(["a.jpg", "b.JPEG", "c.png"], SuperResolutionEvaluator.FindImages(temp.Path).Select(Path.GetFileName));

        var method = new ResamplerMethod(ResampleKernel.Bicubic);
        EvaluationResult result = SuperResolutionEvaluator.EvaluateDataset(temp.Path, 2, method);

        Image8 gray = JpegCodec.Decode(temp.File("a.jpg"));
        Assert.Equal(SuperResolutionEvaluator.EvaluateImage("a.jpg", gray, 2, method, grayscaleSource: true).PsnrY, result.Images[0].PsnrY);
        Assert.NotEqual(SuperResolutionEvaluator.EvaluateImage("a.jpg", gray, 2, method).PsnrY, result.Images[0].PsnrY);
        Image8 color = JpegCodec.Decode(temp.File("b.JPEG"));
        Assert.Equal(SuperResolutionEvaluator.EvaluateImage("b.JPEG", color, 2, method).PsnrY, result.Images[1].PsnrY);
    }

    private sealed class WrongSizeMethod : IUpscaleMethod
    {
        public string Name => "wrong";

        public Image8 Upscale(Image8 lowResolution, Size2D outputSize) => lowResolution;
    }
}
