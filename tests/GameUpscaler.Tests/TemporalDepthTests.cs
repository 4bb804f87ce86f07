using GameUpscaler.Temporal;

namespace GameUpscaler.Tests;

/// <summary>
/// Device depth read as relative distance (<see cref="TemporalDepth"/>): exact ratios for infinite projections in both
/// conventions, the stated bound for a finite far plane, the cleared far value finite and farthest, linear untouched.
/// </summary>
public sealed class TemporalDepthTests
{
    [Theory]
    [InlineData(0.1f, 1f, 1.1f)]
    [InlineData(0.5f, 7f, 9f)]
    [InlineData(0.01f, 300f, 250f)]
    public void Infinite_projections_keep_the_ratio_of_view_depths(float near, float z1, float z2)
    {
        foreach (UpscalerContextFlags flags in new[] { UpscalerContextFlags.None, UpscalerContextFlags.DepthInverted })
        {
            float D(float z) => TemporalDepth.ToRelativeDistance(flags == UpscalerContextFlags.DepthInverted ? near / z : 1 - (near / z), flags);
            Assert.Equal(z1 / z2, D(z1) / D(z2), 1e-3f);
        }
    }

    [Fact]
    public void A_finite_far_plane_stays_within_the_stated_bound_below_a_tenth_of_it()
    {
        const float Near = 0.1f, Far = 1000f;
        foreach (float z in new[] { 1f, 10f, 50f, 90f })
        {
            float z2 = 1.1f * z;
            // Standard Z with a far plane: d = f(z − n)/(z(f − n)).
            float D(float v) => TemporalDepth.ToRelativeDistance(Far * (v - Near) / (v * (Far - Near)), UpscalerContextFlags.None);
            float ratio = D(z2) / D(z), truth = z2 / z;
            Assert.True(MathF.Abs((ratio / truth) - 1) < 0.012f, $"z = {z}: ratio {ratio} against {truth}");
        }
    }

    [Fact]
    public void The_cleared_far_value_is_the_farthest_finite_distance_and_linear_depth_passes_through()
    {
        float standardFar = TemporalDepth.ToRelativeDistance(1f, UpscalerContextFlags.None);
        float invertedFar = TemporalDepth.ToRelativeDistance(0f, UpscalerContextFlags.DepthInverted);
        Assert.True(float.IsFinite(standardFar) && float.IsFinite(invertedFar));
        Assert.True(standardFar > TemporalDepth.ToRelativeDistance(0.999999f, UpscalerContextFlags.None));
        Assert.True(invertedFar > TemporalDepth.ToRelativeDistance(1e-6f, UpscalerContextFlags.DepthInverted));
        Assert.Equal(12.5f, TemporalDepth.ToRelativeDistance(12.5f, UpscalerContextFlags.DepthLinear));
        Assert.Equal(0u, TemporalDepth.ShaderMode(UpscalerContextFlags.DepthLinear | UpscalerContextFlags.TemporalInputs));
        Assert.Equal(1u, TemporalDepth.ShaderMode(UpscalerContextFlags.TemporalInputs));
        Assert.Equal(2u, TemporalDepth.ShaderMode(UpscalerContextFlags.DepthInverted));
        var both = new UpscalerContextDescription(new Size2D(64, 64), new Size2D(128, 128)) { Flags = UpscalerContextFlags.DepthLinear | UpscalerContextFlags.DepthInverted };
        Assert.Throws<ArgumentOutOfRangeException>(() => both.Validate());
    }
}
