using GameUpscaler.Hooks;
using GameUpscaler.Imaging;

namespace GameUpscaler.Sample.Tests;

[Collection("Sample")]
public sealed class HeadlessSampleTests(SampleFixture fixture)
{
    [Fact]
    public void Headless_run_writes_frames_csv_and_plot_for_every_mode()
    {
        string directory = Path.Combine(Path.GetTempPath(), "gameupscaler-sample-headless-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var game = new SampleGame(fixture.Device, SampleFixture.Display, SampleFixture.SmallGenerator, "test generator");
            IReadOnlyList<FrameTiming> timings = HeadlessRunner.Run(game, SampleModes.All, 2, 0.2f, directory, TextWriter.Null);

            Assert.Equal(SampleModes.All.Count * 2, timings.Count);
            foreach (RenderPipelineHookSettings mode in SampleModes.All)
            {
                string modeDirectory = Path.Combine(directory, SampleModes.NameOf(mode));
                Image8 frame = PngCodec.Decode(Path.Combine(modeDirectory, "frame_0001.png"));
                Assert.Equal((SampleFixture.Display.Width, SampleFixture.Display.Height), (frame.Width, frame.Height));
                string[] csv = File.ReadAllLines(Path.Combine(modeDirectory, "frametimes.csv"));
                Assert.Equal(FrameTimeLog.CsvHeader, csv[0]);
                Assert.Equal(3, csv.Length);
                Assert.Contains("finish=", csv[1], StringComparison.Ordinal);
                string svg = File.ReadAllText(Path.Combine(modeDirectory, "frametimes.svg"));
                Assert.StartsWith("<svg", svg, StringComparison.Ordinal);
                Assert.Equal(3, svg.Split("<polyline").Length - 1);
            }

            // The mode decides the render size and the variant: Off renders natively through the spatial pass.
            Assert.All(timings.Where(t => t.Mode == "off"), t => Assert.Equal((SampleFixture.Display, UpscalerVariant.Spatial), (t.RenderSize, t.Variant)));
            Assert.All(timings.Where(t => t.Mode == "performance"), t => Assert.Equal((new Size2D(64, 36), UpscalerVariant.Generator), (t.RenderSize, t.Variant)));
            Assert.All(timings, t => Assert.True(t.GpuUpscaleMs > 0 && t.GpuSceneMs > 0, $"{t.Mode} frame {t.Frame}: no GPU time"));
            Assert.True(File.Exists(Path.Combine(directory, "frametimes.csv")));
            fixture.AssertValidationSilent();
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    [Fact]
    public void Frame_k_of_the_camera_path_is_reproducible_and_the_camera_moves()
    {
        using var game = new SampleGame(fixture.Device, SampleFixture.Display, SampleFixture.SmallGenerator, "test generator") { DrawHud = false };
        var mode = new RenderPipelineHookSettings(true, QualityMode.Performance);
        Image8 first = game.RenderFrame(5, mode).Frame;
        Image8 other = game.RenderFrame(6, mode).Frame;
        Image8 again = game.RenderFrame(5, mode).Frame;

        Assert.True(FrameChecks.Identical(first, again), "Frame 5 differs between two renders.");
        Assert.False(FrameChecks.Identical(first, other), "Frames 5 and 6 are identical: the camera does not move.");
        fixture.AssertValidationSilent();
    }

    [Fact]
    public void Off_shows_the_native_render_unchanged()
    {
        using var game = new SampleGame(fixture.Device, SampleFixture.Display, SampleFixture.SmallGenerator, "test generator") { DrawHud = false };
        Image8 off = game.RenderFrame(7, RenderPipelineHookSettings.Off).Frame;
        Image8 native = game.RenderSceneOnly(7, SampleFixture.Display, 1);

        Assert.True(FrameChecks.Identical(native, off), $"Off differs from the native render: {Metrics.ImageQuality.PsnrRgb(native, off, 0):0.00} dB.");
        fixture.AssertValidationSilent();
    }

    [Fact]
    public void Hud_is_composited_at_display_resolution_over_the_upscaled_frame()
    {
        using var game = new SampleGame(fixture.Device, new Size2D(320, 180), SampleFixture.SmallGenerator, "test generator");
        var mode = new RenderPipelineHookSettings(true, QualityMode.UltraPerformance);
        Image8 withHud = game.RenderFrame(3, mode).Frame;
        game.DrawHud = false;
        Image8 without = game.RenderFrame(3, mode).Frame;

        // Text pixels are pure white at display resolution (never upscaled, so no soft edges around a lit pixel);
        // the bottom half, below the panel, is untouched.
        int white = 0;
        for (int i = 0; i < withHud.Pixels.Length; i += 3)
        {
            if (withHud.Pixels[i] == 255 && withHud.Pixels[i + 1] == 255 && withHud.Pixels[i + 2] == 255 && without.Pixels[i] != 255)
            {
                white++;
            }
        }

        Assert.True(white > 200, $"Only {white} HUD text pixels.");
        int half = withHud.Pixels.Length / 2;
        Assert.True(withHud.Pixels.AsSpan(half).SequenceEqual(without.Pixels.AsSpan(half)), "The HUD changed pixels outside its panel.");
        fixture.AssertValidationSilent();
    }

    [Fact]
    public void Exported_pairs_are_render_size_one_sample_and_display_size_supersampled()
    {
        string directory = Path.Combine(Path.GetTempPath(), "gameupscaler-sample-pairs-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var game = new SampleGame(fixture.Device, SampleFixture.Display, SampleFixture.SmallGenerator, "test generator");
            PairExporter.Export(game, new RenderPipelineHookSettings(true, QualityMode.Performance), 2, 3, directory, TextWriter.Null);

            Image8 lr = PngCodec.Decode(Path.Combine(directory, "lr", "0001.png"));
            Image8 hr = PngCodec.Decode(Path.Combine(directory, "hr", "0001.png"));
            Assert.Equal((64, 36), (lr.Width, lr.Height));
            Assert.Equal((128, 72), (hr.Width, hr.Height));

            // Supersampling averages: the display-size frame rendered with 1 sample differs from the 3×3 one.
            Image8 aliased = game.RenderSceneOnly(1, SampleFixture.Display, 1);
            Assert.False(FrameChecks.Identical(aliased, hr));
            Assert.True(FrameChecks.StandardDeviation(lr) > 10);
            fixture.AssertValidationSilent();
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }
}
