using System.Numerics;
using System.Runtime.InteropServices;
using GameUpscaler.Imaging;
using GameUpscaler.Temporal;

namespace GameUpscaler.Vulkan.Tests;

/// <summary>
/// The TAAU inside <see cref="VulkanUpscalerContext"/> (<see cref="UpscalerContextFlags.TemporalInputs"/>): the engine
/// conventions the temporal-inputs pass undoes (device depth either way, motion in UV units or the other sign), history
/// reset by Reset and by a new render size, and the inputs it refuses by name. Bit-level parity of the whole path
/// with the CPU reference is <see cref="TemporalPassTests"/>' second test, which runs through the same context.
/// </summary>
[Collection("Vulkan")]
public sealed class TemporalContextTests(VulkanFixture fixture)
{
    private static readonly Size2D Render = TemporalPassTests.Render;
    private static readonly Size2D Display = TemporalPassTests.Display;

    [Theory]
    [InlineData(UpscalerContextFlags.None)]
    [InlineData(UpscalerContextFlags.DepthInverted)]
    public void Device_depth_in_either_convention_gives_the_linear_depth_result(UpscalerContextFlags convention)
    {
        // A perspective projection with an infinite far plane and the near plane at 0.5: d = 1 − n/z, or n/z inverted.
        // The block at 6.8 in front of the background at 10: 32% nearer, a disocclusion by the relative test, which
        // the raw device depths (0.926 against 0.95) would not show.
        const float Near = 0.5f;
        static float Z(float z) => 6 + (0.4f * z);
        float[][] linear = Run(UpscalerContextFlags.DepthLinear, (motion, depth) => (motion, [.. depth.Select(Z)], Vector2.One));
        float[][] device = Run(convention, (motion, depth) =>
            (motion, [.. depth.Select(z => convention == UpscalerContextFlags.DepthInverted ? Near / Z(z) : 1 - (Near / Z(z)))], Vector2.One));
        for (int frame = 0; frame < linear.Length; frame++)
        {
            AssertSame(linear[frame], device[frame], 1e-5f, $"frame {frame}");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Motion_in_uv_units_or_the_other_sign_with_its_scale_gives_the_pixel_result(bool uv)
    {
        float[][] pixels = Run(UpscalerContextFlags.DepthLinear, (motion, depth) => (motion, depth, Vector2.One));
        // UV units: divided by the render size, scale (width, height); the other sign: negated, scale −1.
        var scale = uv ? new Vector2(Render.Width, Render.Height) : -Vector2.One;
        float[][] stored = Run(UpscalerContextFlags.DepthLinear, (motion, depth) =>
            ([.. motion.Select((m, i) => m / scale[i % 2])], depth, scale));
        for (int frame = 0; frame < pixels.Length; frame++)
        {
            AssertSame(pixels[frame], stored[frame], 1e-4f, $"frame {frame}");
        }
    }

    [Fact]
    public void A_reset_gives_the_frame_a_fresh_context_gives()
    {
        byte[] Frame(VulkanOfflineUpscaler upscaler, int t, bool reset)
        {
            (Image8 color, float[] motion, float[] depth) = TemporalPassTests.Frame(t);
            (float jx, float jy) = TemporalJitter.GetOffset(t, TemporalJitter.GetPhaseCount(Render, Display));
            return upscaler.Run(Rgba(color), UpscalerFormat.R32G32B32A32Float, Render, Display, UpscalerFormat.R32G32B32A32Float,
                temporal: new OfflineTemporalInputs(motion, depth, new Vector2(jx, jy), reset));
        }

        using var running = new VulkanOfflineUpscaler(fixture.Device, null, VulkanPermutation.Float32) { Temporal = true };
        byte[] withoutReset = [];
        for (int t = 0; t < 4; t++)
        {
            withoutReset = Frame(running, t, reset: t == 0);
        }

        Assert.Equal(4, running.Context!.TemporalHistoryFrames);
        byte[] afterReset = Frame(running, 4, reset: true);
        Assert.Equal(1, running.Context!.TemporalHistoryFrames);
        using var fresh = new VulkanOfflineUpscaler(fixture.Device, null, VulkanPermutation.Float32) { Temporal = true };
        Assert.Equal(Frame(fresh, 4, reset: true), afterReset);
        Assert.NotEqual(Frame(fresh, 5, reset: false), Frame(running, 5, reset: true));
        Assert.NotEqual(withoutReset, afterReset);
        fixture.AssertValidationSilent();
    }

    [Fact]
    public void A_new_render_size_starts_the_history_over_and_bad_temporal_inputs_are_refused_by_name()
    {
        var description = new UpscalerContextDescription(Render, Display) { Flags = UpscalerContextFlags.TemporalInputs | UpscalerContextFlags.DepthLinear };
        using var context = VulkanUpscalerContext.Create(fixture.Device, description);
        Assert.True(context.IsTemporal);
        Assert.False(context.IsSpatialFallback);
        using var color = new GpuImage(fixture.Device, UpscalerFormat.R8G8B8A8Unorm, Render, "color");
        using var motion = new GpuImage(fixture.Device, UpscalerFormat.R32G32Float, Render, "motion");
        using var depth = new GpuImage(fixture.Device, UpscalerFormat.R32Float, Render, "depth");
        using var output = new GpuImage(fixture.Device, UpscalerFormat.R8G8B8A8Unorm, Display, "output");
        UpscalerDispatchDescription Dispatch(nint cb, Size2D render) => new(cb, color.AsResource(), output.AsResource(), render)
        {
            MotionVectors = motion.AsResource(),
            Depth = depth.AsResource(),
        };

        fixture.Device.SubmitAndWait(cb =>
        {
            context.Dispatch(Dispatch(cb, Render));
            context.Dispatch(Dispatch(cb, Render));
        });
        Assert.Equal(2, context.TemporalHistoryFrames);
        fixture.Device.SubmitAndWait(cb => context.Dispatch(Dispatch(cb, new Size2D(20, 14))));
        Assert.Equal(1, context.TemporalHistoryFrames);

        fixture.Device.SubmitAndWait(cb =>
        {
            var missing = Assert.Throws<ArgumentException>(() => context.Dispatch(Dispatch(cb, Render) with { MotionVectors = UpscalerResource.None }));
            Assert.Contains("motion vectors", missing.Message, StringComparison.Ordinal);
            var noDepth = Assert.Throws<ArgumentException>(() => context.Dispatch(Dispatch(cb, Render) with { Depth = UpscalerResource.None }));
            Assert.Contains("depth", noDepth.Message, StringComparison.Ordinal);
            var nanJitter = Assert.Throws<ArgumentOutOfRangeException>(() => context.Dispatch(Dispatch(cb, Render) with { JitterOffset = new Vector2(float.NaN, 0) }));
            Assert.Contains("jitter", nanJitter.Message, StringComparison.Ordinal);
            var small = Assert.Throws<ArgumentException>(() => context.Dispatch(Dispatch(cb, Render) with { Depth = depth.AsResource() with { Size = new Size2D(8, 8) } }));
            Assert.Contains("depth buffer", small.Message, StringComparison.Ordinal);
            var rgba8 = Assert.Throws<UpscalerException>(() => context.Dispatch(Dispatch(cb, Render) with { MotionVectors = color.AsResource() }));
            Assert.Equal(UpscalerErrorCode.UnsupportedFormat, rgba8.ErrorCode);
            Assert.Contains("motion-vector format R8G8B8A8Unorm", rgba8.Message, StringComparison.Ordinal);
            var unsampled = Assert.Throws<UpscalerException>(() => context.Dispatch(Dispatch(cb, Render) with
            {
                Depth = depth.AsResource() with { Usage = UpscalerResourceUsage.CopySource },
            }));
            Assert.Contains("SAMPLED", unsampled.Message, StringComparison.Ordinal);
        });
        Assert.Equal(1, context.TemporalHistoryFrames);

        var generator = Assert.Throws<UpscalerException>(() => VulkanUpscalerContext.Create(fixture.Device, description, GeneratorTests.RandomModel(2, channels: 4, bodyConvs: 1, seed: 5)));
        Assert.Equal(UpscalerErrorCode.FeatureNotSupported, generator.ErrorCode);
        Assert.Throws<ArgumentOutOfRangeException>(() => VulkanUpscalerContext.Create(
            fixture.Device, description with { Flags = UpscalerContextFlags.TemporalInputs | UpscalerContextFlags.DepthLinear | UpscalerContextFlags.DepthInverted }));
        fixture.AssertValidationSilent();
    }

    /// <summary>Six frames of the test sequence (resets at 0 and 4) with the inputs as <paramref name="store"/> stores them; the output floats per frame.</summary>
    private float[][] Run(UpscalerContextFlags depthFlags, Func<float[], float[], (float[] Motion, float[] Depth, Vector2 Scale)> store)
    {
        using var upscaler = new VulkanOfflineUpscaler(fixture.Device, null, VulkanPermutation.Float32) { Temporal = true, DepthFlags = depthFlags };
        var frames = new float[6][];
        for (int t = 0; t < frames.Length; t++)
        {
            (Image8 color, float[] motion, float[] depth) = TemporalPassTests.Frame(t);
            (float[] storedMotion, float[] storedDepth, Vector2 scale) = store(motion, depth);
            (float jx, float jy) = TemporalJitter.GetOffset(t, TemporalJitter.GetPhaseCount(Render, Display));
            byte[] output = upscaler.Run(Rgba(color), UpscalerFormat.R32G32B32A32Float, Render, Display, UpscalerFormat.R32G32B32A32Float,
                temporal: new OfflineTemporalInputs(storedMotion, storedDepth, new Vector2(jx, jy), t is 0 or 4) { MotionVectorScale = scale });
            frames[t] = MemoryMarshal.Cast<byte, float>(output).ToArray();
        }

        fixture.AssertValidationSilent();
        return frames;
    }

    private static byte[] Rgba(Image8 color) => VulkanOfflineUpscaler.EncodePixels(color.ToPlanar(), UpscalerFormat.R32G32B32A32Float);

    private static void AssertSame(float[] expected, float[] actual, float tolerance, string what)
    {
        float worst = expected.Zip(actual).Max(z => MathF.Abs(z.First - z.Second));
        Assert.True(worst <= tolerance, $"{what}: a value differs by {worst}");
    }
}
