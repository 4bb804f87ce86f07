namespace GameUpscaler.Tests.Core;

using System.Numerics;

/// <summary>The engine inputs a temporal upscaler needs (issue 15, item 1): the jitter helpers and the dispatch's checks.</summary>
public sealed class TemporalInputsTests
{
    private static readonly UpscalerContextDescription Context = new(new Size2D(960, 540), new Size2D(1920, 1080));

    private static readonly UpscalerResource MotionVectors = new(3, 0, UpscalerFormat.R16G16B16A16Float, new Size2D(960, 540));
    private static readonly UpscalerResource Depth = new(4, 0, UpscalerFormat.R32G32B32A32Float, new Size2D(960, 540));

    [Theory]
    [InlineData(1, 2, 0.5)]
    [InlineData(2, 2, 0.25)]
    [InlineData(3, 2, 0.75)]
    [InlineData(4, 2, 0.125)]
    [InlineData(1, 3, 1.0 / 3)]
    [InlineData(2, 3, 2.0 / 3)]
    [InlineData(3, 3, 1.0 / 9)]
    [InlineData(0, 2, 0.0)]
    public void Halton_is_the_radical_inverse(int index, int @base, double expected) =>
        Assert.Equal(expected, TemporalJitter.Halton(index, @base), 12);

    [Theory]
    [InlineData(1.0, 8)]
    [InlineData(1.5, 18)]
    [InlineData(1.7, 24)] // 8 · 2.89 = 23.12
    [InlineData(2.0, 32)]
    [InlineData(3.0, 72)]
    public void The_phase_count_is_ceil_8_ratio_squared(double ratio, int phases) => Assert.Equal(phases, TemporalJitter.GetPhaseCount(ratio));

    [Fact]
    public void Offsets_stay_within_half_a_pixel_repeat_with_the_phase_count_and_average_out()
    {
        int phases = TemporalJitter.GetPhaseCount(new Size2D(960, 540), new Size2D(1920, 1080));
        Assert.Equal(32, phases);
        var offsets = Enumerable.Range(0, phases).Select(i => TemporalJitter.GetOffset(i, phases)).ToArray();
        Assert.All(offsets, o => Assert.True(o.X is >= -0.5f and < 0.5f && o.Y is >= -0.5f and < 0.5f, $"{o}"));
        Assert.Equal(offsets[5], TemporalJitter.GetOffset(5 + phases, phases));
        Assert.Equal(phases, offsets.Distinct().Count());
        Assert.InRange(offsets.Average(o => o.X), -0.05, 0.05);
        Assert.InRange(offsets.Average(o => o.Y), -0.05, 0.05);
    }

    [Fact]
    public void The_temporal_mip_bias_is_one_level_below_the_spatial_one()
    {
        Assert.Equal(-2.0, TemporalJitter.GetMipBias(new Size2D(960, 540), new Size2D(1920, 1080)), 12);
        Assert.Equal(-1.0, TemporalJitter.GetMipBias(new Size2D(1920, 1080), new Size2D(1920, 1080)), 12);
    }

    [Theory]
    [InlineData(float.NaN, 0f)]
    [InlineData(0f, float.PositiveInfinity)]
    [InlineData(1.5f, 0f)]
    [InlineData(0f, -2f)]
    public void Invalid_jitter_is_refused(float x, float y)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => (Dispatch() with { JitterOffset = new Vector2(x, y) }).Validate(Context));
        Assert.Equal(nameof(UpscalerDispatchDescription.JitterOffset), e.ParamName);
    }

    [Fact]
    public void A_temporal_context_refuses_a_dispatch_without_motion_vectors_or_depth()
    {
        UpscalerContextDescription temporal = Context with { Flags = UpscalerContextFlags.TemporalInputs };
        var noMotion = Assert.Throws<ArgumentException>(() => (Dispatch() with { Depth = Depth }).Validate(temporal));
        Assert.Equal(nameof(UpscalerDispatchDescription.MotionVectors), noMotion.ParamName);
        var noDepth = Assert.Throws<ArgumentException>(() => (Dispatch() with { MotionVectors = MotionVectors }).Validate(temporal));
        Assert.Equal(nameof(UpscalerDispatchDescription.Depth), noDepth.ParamName);

        (Dispatch() with { MotionVectors = MotionVectors, Depth = Depth, JitterOffset = new Vector2(0.25f, -0.4f) }).Validate(temporal);
        Dispatch().Validate(Context); // a spatial context needs none of them
    }

    [Fact]
    public void Motion_vectors_and_depth_smaller_than_the_render_size_are_refused()
    {
        var small = new UpscalerResource(5, 0, UpscalerFormat.R16G16B16A16Float, new Size2D(480, 270));
        Assert.Throws<ArgumentException>(() => (Dispatch() with { MotionVectors = small }).Validate(Context));
        Assert.Throws<ArgumentException>(() => (Dispatch() with { Depth = small }).Validate(Context));
        Assert.Throws<ArgumentOutOfRangeException>(() => (Dispatch() with { MotionVectorScale = new Vector2(float.NaN, 1) }).Validate(Context));
        Assert.Throws<ArgumentOutOfRangeException>(() => (Dispatch() with { Exposure = 0f }).Validate(Context));
        (Dispatch() with { Exposure = 1.5f, MotionVectorScale = new Vector2(960, -540) }).Validate(Context);
    }

    [Fact]
    public void The_default_motion_vector_scale_is_render_pixels() => Assert.Equal(Vector2.One, Dispatch().MotionVectorScale);

    private static UpscalerDispatchDescription Dispatch() => new(
        CommandList: 1,
        Color: new UpscalerResource(1, 0, UpscalerFormat.R8G8B8A8Unorm, new Size2D(960, 540)),
        Output: new UpscalerResource(2, 0, UpscalerFormat.B8G8R8A8Srgb, new Size2D(1920, 1080)),
        RenderSize: new Size2D(960, 540));
}
