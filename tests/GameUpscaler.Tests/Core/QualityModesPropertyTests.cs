using CsCheck;

namespace GameUpscaler.Tests.Core;

/// <summary>
/// Property tests of the quality modes' render sizes (CsCheck, shrinking failures), for any display size: the size
/// per axis is the documented <c>floor(display / ratio)</c> raised to <see cref="QualityModes.MinimumRenderDimension"/>
/// and never above the display (checked against exact integer arithmetic on the ratios 1, 3/2, 17/10, 2 and 3, so the
/// 1e-6 that absorbs binary error never moves a size), sizes shrink monotonically down the menu and with the ratio,
/// and a custom ratio equal to a preset's gives the preset's size.
/// </summary>
public sealed class QualityModesPropertyTests
{
    /// <summary>The preset ratios as exact fractions (numerator, denominator).</summary>
    private static readonly Dictionary<QualityMode, (int Numerator, int Denominator)> Ratios = new()
    {
        [QualityMode.NativeAA] = (1, 1),
        [QualityMode.Quality] = (3, 2),
        [QualityMode.Balanced] = (17, 10),
        [QualityMode.Performance] = (2, 1),
        [QualityMode.UltraPerformance] = (3, 1),
    };

    /// <summary>Display sizes from the smallest accepted to beyond 16K, small ones often (where the minimum bites).</summary>
    private static readonly Gen<Size2D> Displays = Gen.Select(Dimension(), Dimension(), (w, h) => new Size2D(w, h));

    [Fact]
    public void Preset_render_sizes_are_the_display_divided_by_the_ratio_floored_within_8_and_the_display()
    {
        Displays.Sample(
            display =>
            {
                foreach ((QualityMode mode, (int num, int den)) in Ratios)
                {
                    Size2D render = QualityModes.GetRenderResolution(mode, display);
                    Assert.Equal(new Size2D(Exact(display.Width, num, den), Exact(display.Height, num, den)), render);
                    Assert.InRange(render.Width, 1, display.Width);
                    Assert.InRange(render.Height, 1, display.Height);
                    Assert.Equal((double)num / den, QualityModes.GetUpscaleRatio(mode));
                    Assert.Equal(render, QualityModes.GetRenderResolution((double)num / den, display));
                }
            },
            iter: 2000);
    }

    [Fact]
    public void Render_sizes_never_grow_down_the_menu()
    {
        Displays.Sample(
            display =>
            {
                Size2D[] sizes = [.. QualityModes.MenuOrder.Select(m => QualityModes.GetRenderResolution(m, display))];
                Assert.Equal(display, sizes[0]);
                for (int i = 1; i < sizes.Length; i++)
                {
                    Assert.True(sizes[i].Width <= sizes[i - 1].Width && sizes[i].Height <= sizes[i - 1].Height, $"{QualityModes.MenuOrder[i]} {sizes[i]} > {QualityModes.MenuOrder[i - 1]} {sizes[i - 1]}");
                }
            },
            iter: 2000);
    }

    [Fact]
    public void Custom_ratios_give_the_largest_size_that_the_ratio_fits_and_larger_ratios_never_larger_sizes()
    {
        Gen<double> ratio = Gen.Double[QualityModes.MinimumRatio, QualityModes.MaximumRatio];
        Gen.Select(Displays, ratio, ratio).Sample(
            (display, a, b) =>
            {
                Size2D render = QualityModes.GetRenderResolution(a, display);
                foreach ((int d, int r) in (ReadOnlySpan<(int, int)>)[(display.Width, render.Width), (display.Height, render.Height)])
                {
                    Assert.InRange(r, QualityModes.MinimumRenderDimension, d);
                    if (r > QualityModes.MinimumRenderDimension)
                    {
                        // r is floor(d / ratio): r · ratio fits in d, r + 1 does not (to binary rounding).
                        Assert.True(r * a <= d * (1 + 1e-9), $"{r} x {a} > {d}");
                    }

                    Assert.True((r + 1) * a > d * (1 - 1e-9) || r == d, $"{r + 1} x {a} <= {d}: the size could be larger");
                }

                Size2D small = QualityModes.GetRenderResolution(Math.Max(a, b), display), large = QualityModes.GetRenderResolution(Math.Min(a, b), display);
                Assert.True(small.Width <= large.Width && small.Height <= large.Height, $"{Math.Max(a, b)}: {small} > {Math.Min(a, b)}: {large}");
            },
            iter: 2000);
    }

    [Fact]
    public void Displays_below_the_minimum_and_ratios_outside_1_to_4_are_refused()
    {
        Gen<Size2D> tooSmall = Gen.Select(Gen.Int[-5, QualityModes.MinimumDisplayDimension - 1], Gen.Int[1, 100_000], Gen.Bool, (s, o, swap) => swap ? new Size2D(o, s) : new Size2D(s, o));
        Gen<double> badRatio = Gen.OneOf(
            Gen.Double[QualityModes.MinimumRatio - 1, QualityModes.MinimumRatio].Where(r => r < QualityModes.MinimumRatio),
            Gen.Double[QualityModes.MaximumRatio, QualityModes.MaximumRatio + 1].Where(r => r > QualityModes.MaximumRatio),
            Gen.Double[-1e9, 1e9].Where(r => r is < QualityModes.MinimumRatio or > QualityModes.MaximumRatio),
            Gen.OneOf(Gen.Const(Math.BitDecrement(QualityModes.MinimumRatio)), Gen.Const(Math.BitIncrement(QualityModes.MaximumRatio)), Gen.Const(double.NaN), Gen.Const(double.PositiveInfinity), Gen.Const(double.NegativeInfinity)));
        Gen.Select(tooSmall, Gen.Int[0, 4], Displays, badRatio).Sample(
            (display, mode, good, ratio) =>
            {
                Assert.Throws<ArgumentOutOfRangeException>(() => QualityModes.GetRenderResolution(QualityModes.MenuOrder[mode], display));
                Assert.Throws<ArgumentOutOfRangeException>(() => QualityModes.GetRenderResolution(ratio, good));
            },
            iter: 500,
            print: t => $"display {t.Item1}, mode {QualityModes.MenuOrder[t.Item2]}, display {t.Item3}, ratio {t.Item4:R}");
    }

    private static Gen<int> Dimension() => Gen.Frequency(
        (3, Gen.Int[QualityModes.MinimumDisplayDimension, 64]),
        (3, Gen.Int[QualityModes.MinimumDisplayDimension, 8192]),
        (1, Gen.Int[QualityModes.MinimumDisplayDimension, 1 << 20]));

    /// <summary><c>floor(d · den / num)</c> in integers, raised to the minimum, capped at the display.</summary>
    private static int Exact(int display, int numerator, int denominator) =>
        (int)Math.Min(display, Math.Max(QualityModes.MinimumRenderDimension, (long)display * denominator / numerator));
}
