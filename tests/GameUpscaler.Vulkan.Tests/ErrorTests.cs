using GameUpscaler.Imaging;
using GameUpscaler.Models;
using Silk.NET.Vulkan;

namespace GameUpscaler.Vulkan.Tests;

/// <summary>Bad input and native failures surface as <see cref="UpscalerException"/> with distinct codes, never as crashes.</summary>
[Collection("Vulkan")]
public sealed class ErrorTests(VulkanFixture fixture)
{
    [Fact]
    public void Render_size_above_the_maximum_is_RenderSizeTooLarge()
    {
        var display = new Size2D(32, 24);
        using var context = VulkanUpscalerContext.Create(fixture.Device, new UpscalerContextDescription(new Size2D(16, 12), display), Model());
        using var color = new GpuImage(fixture.Device, UpscalerFormat.R8G8B8A8Unorm, new Size2D(20, 16), "too large color");
        using var output = new GpuImage(fixture.Device, UpscalerFormat.R8G8B8A8Unorm, display, "output");
        UpscalerException? error = null;
        fixture.Device.SubmitAndWait(cb =>
            error = Assert.Throws<UpscalerException>(() => context.Dispatch(
                new UpscalerDispatchDescription(cb, color.AsResource(), output.AsResource(), new Size2D(20, 16)))));
        Assert.Equal(UpscalerErrorCode.RenderSizeTooLarge, error!.ErrorCode);
        fixture.AssertValidationSilent();
    }

    [Theory]
    [InlineData(UpscalerFormat.Undefined)]
    [InlineData((UpscalerFormat)77)]
    public void Unsupported_output_format_is_UnsupportedFormat(UpscalerFormat format)
    {
        var display = new Size2D(32, 24);
        using var context = VulkanUpscalerContext.Create(fixture.Device, new UpscalerContextDescription(new Size2D(16, 12), display), Model());
        using var color = new GpuImage(fixture.Device, UpscalerFormat.R8G8B8A8Unorm, new Size2D(16, 12), "color");
        using var output = new GpuImage(fixture.Device, UpscalerFormat.R8G8B8A8Unorm, display, "output");
        var badOutput = output.AsResource() with { Format = format };
        UpscalerException? error = null;
        fixture.Device.SubmitAndWait(cb =>
            error = Assert.Throws<UpscalerException>(() => context.Dispatch(
                new UpscalerDispatchDescription(cb, color.AsResource(), badOutput, new Size2D(16, 12)))));
        Assert.Equal(UpscalerErrorCode.UnsupportedFormat, error!.ErrorCode);

        using var upscaler = new VulkanOfflineUpscaler(fixture.Device, Model());
        var direct = Assert.Throws<UpscalerException>(() => upscaler.Run(new byte[16 * 12 * 4], UpscalerFormat.R8G8B8A8Unorm, new Size2D(16, 12), display, format));
        Assert.Equal(UpscalerErrorCode.UnsupportedFormat, direct.ErrorCode);
        fixture.AssertValidationSilent();
    }

    [Fact]
    public void Device_memory_exhaustion_is_OutOfMemory()
    {
        // Simulated: the driver refuses an allocation.
        VkResultCheck.SetFaultInjector(name => name == "vkAllocateMemory" ? Result.ErrorOutOfDeviceMemory : null);
        UpscalerException error;
        try
        {
            error = Assert.Throws<UpscalerException>(() => VulkanUpscalerContext.Create(
                fixture.Device, new UpscalerContextDescription(new Size2D(16, 12), new Size2D(32, 24)), Model()));
        }
        finally
        {
            VkResultCheck.SetFaultInjector(null);
        }

        Assert.Equal(UpscalerErrorCode.OutOfMemory, error.ErrorCode);
        Assert.Equal((long)Result.ErrorOutOfDeviceMemory, error.NativeResult);

        // Real: a display too large for the device's biggest storage buffer is refused before any allocation.
        var huge = Assert.Throws<UpscalerException>(() => VulkanUpscalerContext.Create(
            fixture.Device, new UpscalerContextDescription(new Size2D(16, 16), new Size2D(16384, 16384)), Model()));
        Assert.Equal(UpscalerErrorCode.RenderSizeTooLarge, huge.ErrorCode);
        Assert.Contains("display size 16384x16384", huge.Message, StringComparison.Ordinal);

        // A render size whose feature maps exceed the largest buffer: RenderSizeTooLarge with the size that fits.
        var render = Assert.Throws<UpscalerException>(() => VulkanUpscalerContext.Create(
            fixture.Device, new UpscalerContextDescription(new Size2D(8192, 4608), new Size2D(8192, 4608)), Model(), VulkanPermutation.Float32));
        Assert.Equal(UpscalerErrorCode.RenderSizeTooLarge, render.ErrorCode);
        Assert.Contains("maximum render size 8192x4608", render.Message, StringComparison.Ordinal);
        System.Text.RegularExpressions.Match fits = System.Text.RegularExpressions.Regex.Match(render.Message, @"e\.g\. (\d+)x(\d+)");
        Assert.True(fits.Success, render.Message);
        var fitting = new Size2D(int.Parse(fits.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(fits.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));
        using (VulkanUpscalerContext.Create(fixture.Device, new UpscalerContextDescription(fitting, fitting), Model(), VulkanPermutation.Float32))
        {
            // the size the message offers is accepted
        }

        fixture.AssertValidationSilent();
    }

    [Fact]
    public void Device_loss_is_DeviceLost()
    {
        using var upscaler = new VulkanOfflineUpscaler(fixture.Device, Model());
        PlanarImage color = TestData.Image(16, 12, 3, seed: 1);
        upscaler.Upscale(color, new Size2D(32, 24)); // warm: context and images exist
        VkResultCheck.SetFaultInjector(name => name == "vkQueueSubmit" ? Result.ErrorDeviceLost : null);
        UpscalerException error;
        try
        {
            error = Assert.Throws<UpscalerException>(() => upscaler.Upscale(color, new Size2D(32, 24)));
        }
        finally
        {
            VkResultCheck.SetFaultInjector(null);
        }

        Assert.Equal(UpscalerErrorCode.DeviceLost, error.ErrorCode);
        Assert.Equal((long)Result.ErrorDeviceLost, error.NativeResult);
        Assert.Contains("re-create", error.Message, StringComparison.Ordinal);
        fixture.Device.WaitIdle(); // the simulated loss left the device usable for the next tests
        fixture.AssertValidationSilent();
    }

    [Fact]
    public void Disposed_context_and_missing_model_have_their_own_codes()
    {
        var description = new UpscalerContextDescription(new Size2D(16, 12), new Size2D(32, 24));
        var context = VulkanUpscalerContext.Create(fixture.Device, description, Model());
        context.Dispose();
        context.Dispose(); // idempotent
        using var color = new GpuImage(fixture.Device, UpscalerFormat.R8G8B8A8Unorm, new Size2D(16, 12), "color");
        var disposed = Assert.Throws<UpscalerException>(() => context.Dispatch(
            new UpscalerDispatchDescription(1, color.AsResource(), color.AsResource(), new Size2D(16, 12))));
        Assert.Equal(UpscalerErrorCode.Disposed, disposed.ErrorCode);

        var missing = Assert.Throws<UpscalerException>(() => VulkanUpscalerContext.Create(
            fixture.Device, description with { Model = "/nonexistent/model.safetensors" }));
        Assert.Equal(UpscalerErrorCode.InvalidModel, missing.ErrorCode);
        fixture.AssertValidationSilent();
    }

    [Fact]
    public void Every_vulkan_failure_maps_to_a_distinct_meaningful_code()
    {
        Assert.Equal(UpscalerErrorCode.DeviceLost, VkResultCheck.ToException(Result.ErrorDeviceLost, "f").ErrorCode);
        Assert.Equal(UpscalerErrorCode.OutOfMemory, VkResultCheck.ToException(Result.ErrorOutOfDeviceMemory, "f").ErrorCode);
        Assert.Equal(UpscalerErrorCode.OutOfMemory, VkResultCheck.ToException(Result.ErrorOutOfHostMemory, "f").ErrorCode);
        Assert.Equal(UpscalerErrorCode.BackendUnavailable, VkResultCheck.ToException(Result.ErrorIncompatibleDriver, "f").ErrorCode);
        Assert.Equal(UpscalerErrorCode.FeatureNotSupported, VkResultCheck.ToException(Result.ErrorFeatureNotPresent, "f").ErrorCode);
        Assert.Equal(UpscalerErrorCode.UnsupportedFormat, VkResultCheck.ToException(Result.ErrorFormatNotSupported, "f").ErrorCode);
        Assert.Equal(UpscalerErrorCode.NativeCallFailed, VkResultCheck.ToException(Result.ErrorTooManyObjects, "f").ErrorCode);
        Assert.Equal(-4L, VkResultCheck.ToException(Result.ErrorDeviceLost, "vkQueueSubmit").NativeResult);
        UpscalerErrorCode[] tested =
        [
            UpscalerErrorCode.RenderSizeTooLarge, UpscalerErrorCode.UnsupportedFormat, UpscalerErrorCode.OutOfMemory,
            UpscalerErrorCode.DeviceLost, UpscalerErrorCode.Disposed, UpscalerErrorCode.InvalidModel,
        ];
        Assert.Equal(tested.Length, tested.Distinct().Count());
    }

    private static GeneratorWeights Model() => GeneratorTests.RandomModel(2, channels: 4, bodyConvs: 1, seed: 77);
}
