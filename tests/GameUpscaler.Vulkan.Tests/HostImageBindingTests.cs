using GameUpscaler.Imaging;
using GameUpscaler.Models;
using Silk.NET.Vulkan;

namespace GameUpscaler.Vulkan.Tests;

/// <summary>
/// Host images bound directly (colour and HUD sampled, the output stored) against the buffer-copy fallback: the same
/// pixels on every format, the path reported once per resource, the traffic counted, and the cases that can take
/// neither path refused by name.
/// </summary>
[Collection("Vulkan")]
public sealed unsafe class HostImageBindingTests(VulkanFixture fixture)
{
    public static TheoryData<UpscalerFormat, UpscalerFormat> AllFormats()
    {
        var data = new TheoryData<UpscalerFormat, UpscalerFormat>();
        UpscalerFormat[] formats =
        [
            UpscalerFormat.R8G8B8A8Unorm, UpscalerFormat.R8G8B8A8Srgb, UpscalerFormat.B8G8R8A8Unorm,
            UpscalerFormat.B8G8R8A8Srgb, UpscalerFormat.R16G16B16A16Float, UpscalerFormat.R32G32B32A32Float,
        ];
        foreach (UpscalerFormat format in formats)
        {
            // Each format as colour, HUD and output at once, and once more beside a different output.
            data.Add(format, format);
            data.Add(format, formats[(Array.IndexOf(formats, format) + 3) % formats.Length]);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllFormats))]
    public void Direct_binding_gives_the_same_pixels_as_the_copy_path(UpscalerFormat input, UpscalerFormat output)
    {
        GeneratorWeights weights = GeneratorTests.RandomModel(2, channels: 4, bodyConvs: 1, seed: 41);
        var render = new Size2D(10, 8);
        var display = new Size2D(20, 16);
        byte[] color = FormatTests.Encode(TestData.Image(render.Width, render.Height, 4, seed: 42), input);
        PlanarImage hudPlanes = TestData.Image(display.Width, display.Height, 4, seed: 43);
        for (int i = 0; i < hudPlanes.PlaneLength; i++)
        {
            // Premultiplied: colour no larger than alpha.
            for (int c = 0; c < 3; c++)
            {
                hudPlanes.Data[(c * hudPlanes.PlaneLength) + i] *= hudPlanes.Data[(3 * hudPlanes.PlaneLength) + i];
            }
        }

        byte[] hud = FormatTests.Encode(hudPlanes, input);
        var directMessages = new List<string>();
        var copyMessages = new List<string>();
        byte[] Run(bool direct, List<string> messages)
        {
            using var upscaler = new VulkanOfflineUpscaler(fixture.Device, weights, VulkanPermutation.Float32)
            {
                BindImagesDirectly = direct,
                MessageCallback = m => messages.Add(m.Text),
            };
            byte[] first = upscaler.Run(color, input, render, display, output, sharpness: 0.4f, hud: hud, hudFormat: input);
            byte[] second = upscaler.Run(color, input, render, display, output, sharpness: 0.4f, hud: hud, hudFormat: input);
            Assert.Equal(first, second);
            return first;
        }

        byte[] viaImages = Run(direct: true, directMessages);
        byte[] viaCopies = Run(direct: false, copyMessages);
        Assert.Equal(viaCopies, viaImages);

        // Each path is reported once per resource, not per frame.
        bool storable = VulkanFormats.StorageQualifier(output) is not null;
        Assert.Single(directMessages, m => m.Contains("color image", StringComparison.Ordinal) && m.Contains("sampled directly", StringComparison.Ordinal));
        Assert.Single(directMessages, m => m.Contains("HUD image", StringComparison.Ordinal) && m.Contains("sampled directly", StringComparison.Ordinal));
        Assert.Single(directMessages, m => m.Contains("output image", StringComparison.Ordinal) &&
            m.Contains(storable ? "written directly" : "has no shader storage format", StringComparison.Ordinal));
        Assert.Single(copyMessages, m => m.Contains("color image", StringComparison.Ordinal) && m.Contains("no SAMPLED usage", StringComparison.Ordinal));
        Assert.Single(copyMessages, m => m.Contains("output image", StringComparison.Ordinal) &&
            m.Contains(storable ? "no STORAGE usage" : "has no shader storage format", StringComparison.Ordinal));
        fixture.AssertValidationSilent();
    }

    [Fact]
    public void The_traffic_counts_each_copy_three_times_and_a_direct_binding_once()
    {
        GeneratorWeights weights = GeneratorTests.RandomModel(2, channels: 4, bodyConvs: 1, seed: 44);
        var render = new Size2D(12, 10);
        var display = new Size2D(24, 20);
        byte[] color = new byte[render.Area * 4];
        byte[] hud = new byte[display.Area * 4];
        long c = render.Area * 4, h = display.Area * 4, o = display.Area * 16;

        VulkanFrameTraffic Measure(bool direct)
        {
            using var upscaler = new VulkanOfflineUpscaler(fixture.Device, weights, VulkanPermutation.Float32) { BindImagesDirectly = direct };
            upscaler.Run(color, UpscalerFormat.R8G8B8A8Unorm, render, display, UpscalerFormat.R32G32B32A32Float, hud: hud);
            return upscaler.Context!.LastFrameTraffic;
        }

        VulkanFrameTraffic directTraffic = Measure(direct: true);
        VulkanFrameTraffic copyTraffic = Measure(direct: false);
        Assert.Equal(new VulkanFrameTraffic(c + h, o, 0), directTraffic);
        Assert.Equal(new VulkanFrameTraffic((2 * c) + (2 * h) + o, c + h + (2 * o), 3), copyTraffic);
        Assert.Equal(3 * directTraffic.TotalBytes, copyTraffic.TotalBytes);
    }

    [Fact]
    public void Images_that_can_take_neither_path_are_refused_by_role()
    {
        VulkanDevice device = fixture.Device;
        var render = new Size2D(16, 12);
        var display = new Size2D(32, 24);
        using var context = VulkanUpscalerContext.Create(device, new UpscalerContextDescription(render, display), permutation: VulkanPermutation.Float32);
        using var color = new GpuImage(device, UpscalerFormat.R8G8B8A8Unorm, render, "unusable color");
        using var output = new GpuImage(device, UpscalerFormat.B8G8R8A8Unorm, display, "unusable output");
        UpscalerException colorError = Assert.Throws<UpscalerException>(() => device.SubmitAndWait(cb => context.Dispatch(
            new UpscalerDispatchDescription(cb, color.AsResource() with { Usage = UpscalerResourceUsage.Storage }, output.AsResource(), render))));
        Assert.Equal(UpscalerErrorCode.UnsupportedFormat, colorError.ErrorCode);
        Assert.Contains("color image", colorError.Message, StringComparison.Ordinal);
        Assert.Contains("SAMPLED", colorError.Message, StringComparison.Ordinal);

        // BGRA cannot be a storage image in SPIR-V, and this one cannot be copied to either.
        UpscalerException outputError = Assert.Throws<UpscalerException>(() => device.SubmitAndWait(cb => context.Dispatch(
            new UpscalerDispatchDescription(cb, color.AsResource(), output.AsResource() with { Usage = UpscalerResourceUsage.Storage }, render))));
        Assert.Contains("output image", outputError.Message, StringComparison.Ordinal);
        Assert.Contains("TRANSFER_DST", outputError.Message, StringComparison.Ordinal);
        fixture.AssertValidationSilent();
    }

    [Fact]
    public void Without_host_views_the_context_makes_them_per_frame_and_releases_them()
    {
        VulkanDevice device = fixture.Device;
        VulkanResourceCounts baseline = device.GetResourceCounts();
        var render = new Size2D(16, 12);
        var display = new Size2D(32, 24);
        var description = new UpscalerContextDescription(render, display) { FramesInFlight = 2 };
        using (var color = new GpuImage(device, UpscalerFormat.R8G8B8A8Unorm, render, "viewless color"))
        using (var output = new GpuImage(device, UpscalerFormat.R8G8B8A8Unorm, display, "viewless output"))
        using (var context = VulkanUpscalerContext.Create(device, description, permutation: VulkanPermutation.Float32))
        {
            VulkanResourceCounts? steady = null;
            for (int frame = 0; frame < 6; frame++)
            {
                device.SubmitAndWait(cb => context.Dispatch(new UpscalerDispatchDescription(
                    cb, color.AsResource() with { NativeView = 0 }, output.AsResource() with { NativeView = 0 }, render)));
                if (frame == 1)
                {
                    steady = device.GetResourceCounts();
                }
            }

            // Two slots, each holding the two views of its frame: the count stays where it was after both were used.
            Assert.Equal(steady, device.GetResourceCounts());
        }

        Assert.Equal(baseline, device.GetResourceCounts());
        fixture.AssertValidationSilent();
    }
}
