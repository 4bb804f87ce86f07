using GameUpscaler.Hooks;
using GameUpscaler.Imaging;
using GameUpscaler.Vulkan;

namespace GameUpscaler.Sample.Tests;

[Collection("Sample")]
public sealed class RenderPipelineHookTests(SampleFixture fixture)
{
    private sealed class AlwaysSpatial : IUpscalerVariantPolicy
    {
        public List<UpscalerVariantRequest> Requests { get; } = [];

        public UpscalerVariant SelectVariant(in UpscalerVariantRequest request)
        {
            Requests.Add(request);
            return UpscalerVariant.Spatial;
        }
    }

    [Fact]
    public void A_variant_policy_picks_the_variant_each_frame_and_sees_the_previous_frames_timings()
    {
        using var game = new SampleGame(fixture.Device, SampleFixture.Display, SampleFixture.SmallGenerator, "test generator");
        var policy = new AlwaysSpatial();
        var mode = new RenderPipelineHookSettings(true, QualityMode.Performance);
        FrameTiming generator = game.RenderFrame(0, mode).Timing;
        game.Hook.VariantPolicy = policy;
        FrameTiming spatial = game.RenderFrame(1, mode).Timing;

        Assert.Equal(UpscalerVariant.Generator, generator.Variant);
        Assert.Contains(generator.GpuUpscalePasses, p => p.Label == "reconstruct");
        Assert.Equal(UpscalerVariant.Spatial, spatial.Variant);
        Assert.Contains(spatial.GpuUpscalePasses, p => p.Label == "spatial");
        UpscalerVariantRequest request = Assert.Single(policy.Requests);
        Assert.Equal(UpscalerVariant.Generator, request.Requested);
        Assert.Equal(generator.GpuUpscalePasses, request.PreviousFrame);
        fixture.AssertValidationSilent();
    }

    [Fact]
    public void The_hook_says_where_it_belongs_and_passes_the_temporal_inputs_on_to_the_dispatch()
    {
        using var hook = new VulkanRenderPipelineHook(fixture.Device, SampleFixture.Display, SampleFixture.SmallGenerator);
        Assert.Equal(RenderPipelineHookInjectionPoint.AfterPostProcessing, hook.InjectionPoint);
        hook.Settings = new RenderPipelineHookSettings(true, QualityMode.Performance) { Variant = UpscalerVariant.Temporal };
        Assert.Equal(RenderPipelineHookInjectionPoint.BeforePostProcessing, hook.InjectionPoint);
        hook.Settings = RenderPipelineHookSettings.Off with { Variant = UpscalerVariant.Temporal };
        Assert.Equal(RenderPipelineHookInjectionPoint.AfterPostProcessing, hook.InjectionPoint); // off: native, nothing temporal
        hook.Settings = new RenderPipelineHookSettings(true, QualityMode.Performance) { Variant = UpscalerVariant.Temporal };

        // The frame's jitter reaches the dispatch's checks: a NaN offset is refused before anything is recorded.
        var color = new UpscalerResource(2, 0, UpscalerFormat.R8G8B8A8Unorm, hook.GetRenderResolution());
        var output = new UpscalerResource(1, 0, UpscalerFormat.B8G8R8A8Unorm, SampleFixture.Display);
        var frame = new RenderPipelineHookFrame(1, color, output, hook.GetRenderResolution()) { JitterOffset = new System.Numerics.Vector2(float.NaN, 0) };
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => hook.Execute(frame));
        Assert.Equal(nameof(UpscalerDispatchDescription.JitterOffset), e.ParamName);

        // The temporal variant without motion vectors is refused by name, not upscaled without its history.
        var missing = Assert.Throws<ArgumentException>(() => hook.Execute(frame with { JitterOffset = default }));
        Assert.Contains("motion vectors", missing.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => new VulkanRenderPipelineHook(
            fixture.Device, SampleFixture.Display, null, temporalDepth: UpscalerContextFlags.DepthInverted | UpscalerContextFlags.HighDynamicRangeInput));
        fixture.AssertValidationSilent();
    }

    [Fact]
    public void Resize_recreates_contexts_only_for_a_new_size_and_execute_checks_the_output_size()
    {
        VulkanResourceCounts baseline = fixture.ResourceBaseline();
        using (var hook = new VulkanRenderPipelineHook(fixture.Device, SampleFixture.Display, SampleFixture.SmallGenerator))
        {
            hook.Settings = new RenderPipelineHookSettings(true, QualityMode.Balanced);
            Assert.Equal(new Size2D(75, 42), hook.GetRenderResolution());
            hook.Resize(SampleFixture.Display);
            Assert.Equal(1, hook.ContextGeneration);
            hook.Resize(new Size2D(96, 54));
            Assert.Equal(2, hook.ContextGeneration);
            Assert.Equal(new Size2D(56, 31), hook.GetRenderResolution());

            var wrongOutput = new UpscalerResource(1, 0, UpscalerFormat.B8G8R8A8Unorm, SampleFixture.Display);
            var color = new UpscalerResource(2, 0, UpscalerFormat.R8G8B8A8Unorm, new Size2D(56, 31));
            Assert.Throws<ArgumentException>(() => hook.Execute(new RenderPipelineHookFrame(1, color, wrongOutput, new Size2D(56, 31))));
            Assert.Throws<ArgumentOutOfRangeException>(() => hook.Settings = new RenderPipelineHookSettings(true, QualityMode.Custom));
            Assert.Throws<ArgumentOutOfRangeException>(() => hook.Settings = new RenderPipelineHookSettings(true, QualityMode.Quality) { Sharpness = 2 });
        }

        fixture.Device.WaitIdle();
        Assert.Equal(baseline, fixture.Device.GetResourceCounts());
        fixture.AssertValidationSilent();
    }

    [Fact]
    public void Split_screen_shows_the_spatial_left_half_and_the_generator_right_half()
    {
        VulkanResourceCounts baseline = fixture.ResourceBaseline();
        using (var game = new SampleGame(fixture.Device, SampleFixture.Display, SampleFixture.SmallGenerator, "test generator") { DrawHud = false })
        {
            var mode = new RenderPipelineHookSettings(true, QualityMode.Quality);
            Image8 generator = game.RenderFrame(4, mode).Frame;
            Image8 spatial = game.RenderFrame(4, mode with { Variant = UpscalerVariant.Spatial }).Frame;
            (Image8 split, FrameTiming timing) = game.RenderFrame(4, mode with { SplitScreen = true });

            int half = SampleFixture.Display.Width / 2;
            for (int y = 0; y < split.Height; y++)
            {
                for (int x = 0; x < split.Width; x++)
                {
                    Image8 expected = x < half ? spatial : generator;
                    for (int ch = 0; ch < 3; ch++)
                    {
                        Assert.True(expected[x, y, ch] == split[x, y, ch], $"({x}, {y}) channel {ch}: split {split[x, y, ch]}, expected {expected[x, y, ch]} from the {(x < half ? "spatial" : "generator")} frame.");
                    }
                }
            }

            Assert.False(FrameChecks.Identical(spatial, generator));
            Assert.Contains(timing.GpuUpscalePasses, p => p.Label == "split spatial");
            Assert.Contains(timing.GpuUpscalePasses, p => p.Label == "reconstruct");
        }

        fixture.Device.WaitIdle();
        Assert.Equal(baseline, fixture.Device.GetResourceCounts());
        fixture.AssertValidationSilent();
    }

    [Fact]
    public void Off_renders_at_display_size()
    {
        Assert.Equal(new Size2D(640, 360), RenderPipelineHookSettings.Off.GetRenderResolution(new Size2D(640, 360)));
        Assert.Equal(new Size2D(320, 180), new RenderPipelineHookSettings(true, QualityMode.Performance).GetRenderResolution(new Size2D(640, 360)));
        Assert.Equal("Off", RenderPipelineHookSettings.Off.ToString());
    }
}
