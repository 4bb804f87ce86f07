using Silk.NET.Vulkan;

namespace GameUpscaler.Vulkan.Tests;

/// <summary>Device listing and selection, the validation messenger itself, and the on-disk pipeline cache.</summary>
[Collection("Vulkan")]
public sealed class DeviceTests(VulkanFixture fixture)
{
    [Fact]
    public void Devices_are_listed_with_the_features_the_backend_uses()
    {
        IReadOnlyList<VulkanDeviceInfo> devices = VulkanDevice.EnumerateDevices();
        Assert.NotEmpty(devices);
        Assert.Contains(devices, d => d.IsUsable);
        VulkanDeviceInfo used = fixture.Device.Info;
        Assert.False(string.IsNullOrEmpty(used.Name));
        Assert.True(used.TimestampPeriodNanoseconds > 0);
        Assert.True(fixture.Device.MaxStorageBufferRange >= 1 << 27, $"maxStorageBufferRange {fixture.Device.MaxStorageBufferRange}");
    }

    [Fact]
    public void Selection_by_name_or_index_and_a_clear_error_when_nothing_matches()
    {
        VulkanDeviceInfo first = VulkanDevice.EnumerateDevices().First(d => d.IsUsable);
        using (var byName = VulkanDevice.Create(new VulkanDeviceOptions { Device = first.Name[..4].ToUpperInvariant(), PipelineCacheDirectory = string.Empty }))
        {
            Assert.Equal(first.Name, byName.Info.Name);
        }

        using (var byIndex = VulkanDevice.Create(new VulkanDeviceOptions { Device = first.Index.ToString(System.Globalization.CultureInfo.InvariantCulture), PipelineCacheDirectory = string.Empty }))
        {
            Assert.Equal(first.Index, byIndex.Info.Index);
        }

        var error = Assert.Throws<UpscalerException>(() => VulkanDevice.Create(new VulkanDeviceOptions { Device = "no such device 123" }));
        Assert.Equal(UpscalerErrorCode.BackendUnavailable, error.ErrorCode);
        Assert.Contains(first.Name, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Environment_variable_picks_the_device_unless_the_option_does()
    {
        string? saved = Environment.GetEnvironmentVariable(VulkanDeviceOptions.DeviceEnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(VulkanDeviceOptions.DeviceEnvironmentVariable, "no such device 456");
            var error = Assert.Throws<UpscalerException>(() => VulkanDevice.Create(new VulkanDeviceOptions { PipelineCacheDirectory = string.Empty }));
            Assert.Contains(VulkanDeviceOptions.DeviceEnvironmentVariable, error.Message, StringComparison.Ordinal);
            using var explicitChoice = VulkanDevice.Create(new VulkanDeviceOptions { Device = "0", PipelineCacheDirectory = string.Empty });
            Assert.Equal(0, explicitChoice.Info.Index);
        }
        finally
        {
            Environment.SetEnvironmentVariable(VulkanDeviceOptions.DeviceEnvironmentVariable, saved);
        }
    }

    [Fact]
    public unsafe void Validation_messenger_reports_a_deliberate_error()
    {
        // Proves the silence asserted elsewhere means something: an invalid call must be reported.
        using var device = VulkanDevice.Create(new VulkanDeviceOptions { EnableValidation = true, PipelineCacheDirectory = string.Empty });
        var info = new BufferCreateInfo { SType = StructureType.BufferCreateInfo, Size = 0, Usage = BufferUsageFlags.StorageBufferBit };
        ulong buffer = 0;
        try
        {
            device.Api.CreateBuffer(&info, &buffer);
        }
        catch (UpscalerException)
        {
            // Some drivers refuse the zero-size buffer as well; the layer's report is what matters.
        }

        if (buffer != 0)
        {
            device.Api.DestroyBuffer(buffer);
        }

        Assert.Contains(device.ValidationMessages, m => m.Contains("size", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Pipeline_cache_is_written_to_disk_and_read_back()
    {
        string directory = Path.Combine(Path.GetTempPath(), "gameupscaler-cache-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            string? path;
            using (var device = VulkanDevice.Create(new VulkanDeviceOptions { PipelineCacheDirectory = directory }))
            {
                Assert.Equal(0, device.PipelineCache.LoadedBytes);
                using var context = VulkanUpscalerContext.Create(
                    device, new UpscalerContextDescription(new Size2D(16, 12), new Size2D(32, 24)), GeneratorTests.RandomModel(2, 4, 1, 1));
                path = device.PipelineCache.FilePath;
            }

            Assert.NotNull(path);
            Assert.StartsWith(directory, path, StringComparison.Ordinal);
            Assert.Contains($"v{PipelineCacheStore.CacheVersion}-", Path.GetFileName(path), StringComparison.Ordinal);
            Assert.True(new FileInfo(path).Length > 0);
            using var again = VulkanDevice.Create(new VulkanDeviceOptions { PipelineCacheDirectory = directory });
            Assert.True(again.PipelineCache.LoadedBytes > 0);
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
    public void Timestamps_time_every_pass()
    {
        using var upscaler = new VulkanOfflineUpscaler(fixture.Device, GeneratorTests.RandomModel(2, 4, 2, 2), VulkanPermutation.Float32, enableTimestamps: true);
        upscaler.Upscale(TestData.Image(16, 12, 3, 1), new Size2D(24, 18));
        string[] labels = [.. upscaler.LastTimings.Select(t => t.Label)];
        Assert.Equal(["input", "conv 0", "conv 1", "conv 2", "reconstruct", "resample", "finish"], labels);
        Assert.All(upscaler.LastTimings, t => Assert.True(t.Milliseconds >= 0 && t.Milliseconds < 10_000, t.ToString()));
        fixture.AssertValidationSilent();
    }
}

/// <summary>The plugin case: a device the host created, and a dispatch recorded into the host's own command buffer.</summary>
[Collection("Vulkan")]
public sealed class HostDeviceTests(VulkanFixture fixture)
{
    [Fact]
    public unsafe void A_host_device_and_command_buffer_run_the_frame()
    {
        VulkanDevice own = fixture.Device;
        using VulkanDevice host = VulkanDevice.FromHost(
            own.Instance, own.PhysicalDevice, own.Handle, own.Queue, own.QueueFamilyIndex,
            own.Float16Storage, own.Float16Arithmetic, pipelineCacheDirectory: string.Empty);
        Assert.Equal(own.Info.Name, host.Info.Name);

        var weights = GeneratorTests.RandomModel(2, channels: 4, bodyConvs: 1, seed: 8);
        var display = new Size2D(20, 16);
        var render = new Size2D(10, 8);
        Imaging.PlanarImage color = TestData.Image(render.Width, render.Height, 3, seed: 9);
        Imaging.PlanarImage expected = Inference.FrameReference.Upscale(weights, color, display, 0f, hdr: false, hud: null);

        // The host's own command pool and buffer, as an engine would record its frame.
        VkDeviceApi api = host.Api;
        var poolInfo = new CommandPoolCreateInfo { SType = StructureType.CommandPoolCreateInfo, QueueFamilyIndex = host.QueueFamilyIndex };
        ulong pool;
        api.CreateCommandPool(&poolInfo, &pool);
        try
        {
            var allocate = new CommandBufferAllocateInfo { SType = StructureType.CommandBufferAllocateInfo, CommandPool = new CommandPool(pool), CommandBufferCount = 1 };
            nint cb;
            api.AllocateCommandBuffers(&allocate, &cb);
            using var context = VulkanUpscalerContext.Create(host, new UpscalerContextDescription(render, display), weights, VulkanPermutation.Float32,
                new VulkanImageLayouts(GpuImage.ShaderReadOnlyLayout, (uint)ImageLayout.TransferSrcOptimal));
            using var colorImage = new GpuImage(host, UpscalerFormat.R32G32B32A32Float, render, "host color");
            using var outputImage = new GpuImage(host, UpscalerFormat.R32G32B32A32Float, display, "host output");
            using var upload = new GpuBuffer(host, (ulong)colorImage.ByteCount, "host upload", hostVisible: true);
            using var download = new GpuBuffer(host, (ulong)outputImage.ByteCount, "host download", hostVisible: true);
            upload.Upload<byte>(VulkanOfflineUpscaler.ToRgba32(color));

            var begin = new CommandBufferBeginInfo { SType = StructureType.CommandBufferBeginInfo, Flags = CommandBufferUsageFlags.OneTimeSubmitBit };
            api.BeginCommandBuffer(cb, &begin);
            colorImage.RecordUpload(cb, upload);
            context.Dispatch(new UpscalerDispatchDescription(cb, colorImage.AsResource(), outputImage.AsResource(), render) { Sharpness = 0f });
            ComputePass.Barrier(api, cb, PipelineStageFlags.AllCommandsBit, AccessFlags.MemoryWriteBit, PipelineStageFlags.TransferBit, AccessFlags.TransferReadBit);
            outputImage.RecordDownload(cb, download);
            ComputePass.Barrier(api, cb, PipelineStageFlags.TransferBit, AccessFlags.TransferWriteBit, PipelineStageFlags.HostBit, AccessFlags.HostReadBit);
            api.EndCommandBuffer(cb);
            var submit = new SubmitInfo { SType = StructureType.SubmitInfo, CommandBufferCount = 1, PCommandBuffers = (CommandBuffer*)&cb };
            api.QueueSubmit(host.Queue, 1, &submit, 0);
            api.QueueWaitIdle(host.Queue);

            Imaging.PlanarImage actual = VulkanOfflineUpscaler.FromRgba32(new ReadOnlySpan<byte>(download.Mapped, outputImage.ByteCount), display);
            TestData.AssertClose(expected.Data, actual.Data, TestData.Fp32Tolerance, "host device frame");
        }
        finally
        {
            api.DestroyCommandPool(pool);
        }

        fixture.AssertValidationSilent();
    }
}
