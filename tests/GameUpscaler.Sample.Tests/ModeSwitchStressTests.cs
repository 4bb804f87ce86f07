using GameUpscaler.Hooks;
using GameUpscaler.Imaging;
using GameUpscaler.Vulkan;

namespace GameUpscaler.Sample.Tests;

/// <summary>
/// The player mashing the mode keys: a different mode every frame for 300 frames. The hook must re-create nothing,
/// leak nothing, keep the validation layer silent, and never show a blank or stale frame.
/// </summary>
[Collection("Sample")]
public sealed class ModeSwitchStressTests(SampleFixture fixture)
{
    private const int Frames = 300;

    [Fact]
    public void Switching_mode_every_frame_for_300_frames_leaks_nothing_and_shows_no_blank_or_stale_frame()
    {
        VulkanResourceCounts baseline = fixture.ResourceBaseline();
        var kept = new Dictionary<int, Image8>();
        VulkanResourceCounts afterFirstCycle = default;
        using (var game = new SampleGame(fixture.Device, SampleFixture.Display, SampleFixture.SmallGenerator, "test generator") { DrawHud = false })
        {
            Image8? previous = null;
            for (int k = 0; k < Frames; k++)
            {
                RenderPipelineHookSettings mode = SampleModes.All[k % SampleModes.All.Count] with { Sharpness = (k % 5) / 4f };
                (Image8 frame, FrameTiming timing) = game.RenderFrame(k, mode);

                Assert.True(FrameChecks.StandardDeviation(frame) > 10, $"Frame {k} ({timing.Mode}) is blank.");
                Assert.True(previous is null || !FrameChecks.Identical(previous, frame), $"Frame {k} ({timing.Mode}) repeats frame {k - 1}.");
                Assert.Equal(mode.GetRenderResolution(SampleFixture.Display), timing.RenderSize);
                previous = frame;
                if (k is >= 120 and < 126)
                {
                    kept[k] = frame;
                }

                if (k == SampleModes.All.Count - 1)
                {
                    afterFirstCycle = fixture.Device.GetResourceCounts();
                }
            }

            Assert.True(afterFirstCycle.Objects > baseline.Objects && afterFirstCycle.MemoryBytes > baseline.MemoryBytes, "The resource counters do not see the game.");
            Assert.Equal(1, game.Hook.ContextGeneration);
            Assert.Equal(afterFirstCycle, fixture.Device.GetResourceCounts());

            // No state carries over between modes: each kept frame, rendered again after the run in its mode alone,
            // is the same image.
            foreach ((int k, Image8 frame) in kept)
            {
                RenderPipelineHookSettings mode = SampleModes.All[k % SampleModes.All.Count] with { Sharpness = (k % 5) / 4f };
                Assert.True(FrameChecks.Identical(frame, game.RenderFrame(k, mode).Frame), $"Frame {k} differs when rendered again in its mode.");
            }
        }

        fixture.Device.WaitIdle();
        Assert.Equal(baseline, fixture.Device.GetResourceCounts());
        fixture.AssertValidationSilent();
    }
}
