namespace GameUpscaler.Vulkan.Tests;

/// <summary>
/// Pipeline layouts come from the shaders' SPIR-V: every embedded module reflects, the passes' declarations match
/// it (the other tests create every pipeline), and a declaration that disagrees fails at creation naming both.
/// </summary>
[Collection("Vulkan")]
public sealed class ShaderInterfaceTests(VulkanFixture fixture)
{
    [Fact]
    public void Every_embedded_shader_reflects_to_contiguous_buffer_bindings()
    {
        string[] names = [.. ShaderLibrary.Names];
        Assert.NotEmpty(names);
        foreach (string name in names)
        {
            ShaderInterface shader = ShaderInterface.Reflect(ShaderLibrary.Get(name), name);
            Assert.True(shader.Bindings.Count > 0, name);
            Assert.All(shader.Bindings, b => Assert.Equal(0u, b.Set));
            Assert.Equal(Enumerable.Range(0, shader.Bindings.Count).Select(i => (uint)i), shader.Bindings.Select(b => b.Binding));
            Assert.InRange(shader.PushConstantBytes, 1, 128); // every pass pushes a small block; 128 bytes is Vulkan's guaranteed minimum
        }
    }

    [Theory]
    [InlineData("resample", 2, 0)]
    [InlineData("finish", 3, 0)]
    [InlineData("conv3x3_fp32", 4, 4)]
    [InlineData("reconstruct_fp32_ubo", 5, 3)]
    public void Known_shaders_declare_what_their_passes_bind(string name, int buffers, int specializationIds)
    {
        ShaderInterface shader = ShaderInterface.Reflect(ShaderLibrary.Get(name), name);
        Assert.Equal(buffers, shader.Bindings.Count);
        Assert.Equal(specializationIds, shader.SpecializationIds.Count);
        if (name.EndsWith("_ubo", StringComparison.Ordinal))
        {
            Assert.Equal(ShaderBindingKind.UniformBuffer, shader.Bindings[2].Kind); // the last convolution's weights
        }
    }

    [Fact]
    public void A_pass_that_disagrees_with_its_shader_fails_at_creation_naming_both()
    {
        var wrongCount = Assert.Throws<InvalidOperationException>(() => new ComputePipeline(fixture.Device, "resample", 3, 16, [], "test"));
        Assert.Contains("binds 3 buffers", wrongCount.Message, StringComparison.Ordinal);
        Assert.Contains("binding 1", wrongCount.Message, StringComparison.Ordinal);

        var shortPush = Assert.Throws<InvalidOperationException>(() => new ComputePipeline(fixture.Device, "finish", 3, 8, [], "test"));
        Assert.Contains("pushes 8 bytes", shortPush.Message, StringComparison.Ordinal);

        var wrongKind = Assert.Throws<InvalidOperationException>(() => new ComputePipeline(fixture.Device, "resample", 2, 16, [], "test", uniformBindingMask: 1));
        Assert.Contains("binding 0", wrongKind.Message, StringComparison.Ordinal);
        Assert.Contains("UniformBuffer in the pass", wrongKind.Message, StringComparison.Ordinal);

        var missingSpecialization = Assert.Throws<InvalidOperationException>(() => new ComputePipeline(fixture.Device, "conv3x3_fp32", 4, 16, [1u, 1u], "test"));
        Assert.Contains("2 specialization constants", missingSpecialization.Message, StringComparison.Ordinal);

        // An image binding the pass declares as a buffer, and a buffer binding it declares as an image.
        var imageAsBuffer = Assert.Throws<InvalidOperationException>(() => new ComputePipeline(fixture.Device, "input_image_fp32", 2, 16, [], "test"));
        Assert.Contains("binding 0", imageAsBuffer.Message, StringComparison.Ordinal);
        Assert.Contains("a buffer in the pass", imageAsBuffer.Message, StringComparison.Ordinal);
        var bufferAsImage = Assert.Throws<InvalidOperationException>(() => new ComputePipeline(fixture.Device, "input_fp32", 2, 16, [], "test", imageBindingMask: 1));
        Assert.Contains("an image in the pass", bufferAsImage.Message, StringComparison.Ordinal);
        fixture.AssertValidationSilent();
    }

    [Fact]
    public void A_descriptor_set_gets_buffers_for_buffer_bindings_and_nothing_for_image_bindings()
    {
        VulkanDevice device = fixture.Device;
        using var pipeline = new ComputePipeline(device, "input_image_fp32", 2, 16, [], "test input from image", imageBindingMask: 1);
        using var arena = new DescriptorArena(device, 3, 6, "test descriptors", maxImages: 3);
        using var tensor = new GpuBuffer(device, 256, "test tensor", hostVisible: false);
        BoundDescriptorSet set = arena.Allocate(pipeline, [null, tensor]);
        Assert.Equal([null, tensor], set.Buffers);

        var bufferForImage = Assert.Throws<ArgumentException>(() => arena.Allocate(pipeline, [tensor, tensor]));
        Assert.Contains("binding 0 is an image", bufferForImage.Message, StringComparison.Ordinal);
        var nothingForBuffer = Assert.Throws<ArgumentException>(() => arena.Allocate(pipeline, [null, null]));
        Assert.Contains("binding 1 is a buffer", nothingForBuffer.Message, StringComparison.Ordinal);
        fixture.AssertValidationSilent();
    }

    [Fact]
    public void Bytes_that_are_not_spirv_are_refused()
    {
        Assert.Throws<InvalidOperationException>(() => ShaderInterface.Reflect([1u, 2u, 3u, 4u, 5u, 6u], "junk"));
        uint[] truncated = [0x07230203, 0x10000, 0, 1, 0, (3u << 16) | 5u]; // an OpName claiming 3 words, 1 present
        var error = Assert.Throws<InvalidOperationException>(() => ShaderInterface.Reflect(truncated, "truncated"));
        Assert.Contains("malformed", error.Message, StringComparison.Ordinal);
    }
}
