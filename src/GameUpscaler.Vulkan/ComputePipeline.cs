using System.Text;
using Silk.NET.Vulkan;

namespace GameUpscaler.Vulkan;

/// <summary>
/// One compute pipeline: an embedded SPIR-V permutation, a descriptor-set layout of <c>n</c> bindings (0..n−1 of
/// set 0: buffers, or images where the pass's image mask says so), a push-constant block and specialization
/// constants (ids 0..k−1, 32-bit each; 0 = dynamic).
/// The layout comes from the shader itself (<see cref="ShaderInterface.Reflect"/>): what the pass declares it will
/// bind and push (buffer count, which bindings are uniform buffers, push-constant bytes, specialization count) is
/// checked against the SPIR-V here, so a pass and a shader that disagree fail at creation with both named.
/// </summary>
internal sealed unsafe class ComputePipeline : IDisposable
{
    private readonly VulkanDevice _device;

    public ComputePipeline(
        VulkanDevice device, string shaderName, int bufferCount, int pushConstantBytes, ReadOnlySpan<uint> specialization, string label,
        uint uniformBindingMask = 0, uint imageBindingMask = 0)
        : this(device, ShaderLibrary.Get(shaderName), shaderName, bufferCount, pushConstantBytes, specialization, label, uniformBindingMask, imageBindingMask)
    {
    }

    /// <summary>A pipeline from SPIR-V that is not embedded in the backend (the sample's scene shaders).</summary>
    /// <param name="device">The device.</param>
    /// <param name="code">The SPIR-V words.</param>
    /// <param name="shaderName">The module's name (messages, debug names).</param>
    /// <param name="bufferCount">Bindings 0..n−1 the pass binds (buffers, or images per <paramref name="imageBindingMask"/>).</param>
    /// <param name="pushConstantBytes">Bytes the pass pushes.</param>
    /// <param name="specialization">Specialization constants, ids 0..k−1.</param>
    /// <param name="label">Name for timings and debugging.</param>
    /// <param name="uniformBindingMask">Bit i: binding i is a uniform buffer (else a storage buffer).</param>
    /// <param name="imageBindingMask">Bit i: binding i is an image (a sampled image with its sampler, or a storage image, as the shader declares).</param>
    public ComputePipeline(
        VulkanDevice device, uint[] code, string shaderName, int bufferCount, int pushConstantBytes, ReadOnlySpan<uint> specialization, string label,
        uint uniformBindingMask = 0, uint imageBindingMask = 0)
    {
        _device = device;
        ShaderName = shaderName;
        Label = label;
        Interface = ShaderInterface.Reflect(code, shaderName);
        CheckDeclaration(Interface, bufferCount, pushConstantBytes, specialization.Length, uniformBindingMask, imageBindingMask);
        BufferCount = bufferCount;
        PushConstantBytes = pushConstantBytes;
        try
        {
            fixed (uint* pCode = code)
            {
                var moduleInfo = new ShaderModuleCreateInfo { SType = StructureType.ShaderModuleCreateInfo, CodeSize = (nuint)(code.Length * 4), PCode = pCode };
                ulong module;
                device.Api.CreateShaderModule(&moduleInfo, &module);
                ShaderModule = module;
                device.SetName(ObjectType.ShaderModule, module, $"{label} ({shaderName})");
            }

            var bindings = stackalloc DescriptorSetLayoutBinding[bufferCount];
            for (int i = 0; i < bufferCount; i++)
            {
                bindings[i] = new DescriptorSetLayoutBinding
                {
                    Binding = (uint)i,
                    DescriptorType = DescriptorTypeOf(i),
                    DescriptorCount = 1,
                    StageFlags = ShaderStageFlags.ComputeBit,
                };
            }

            var setLayoutInfo = new DescriptorSetLayoutCreateInfo
            {
                SType = StructureType.DescriptorSetLayoutCreateInfo,
                BindingCount = (uint)bufferCount,
                PBindings = bindings,
            };
            ulong setLayout;
            device.Api.CreateDescriptorSetLayout(&setLayoutInfo, &setLayout);
            SetLayout = setLayout;
            device.SetName(ObjectType.DescriptorSetLayout, setLayout, label + " set layout");

            var range = new PushConstantRange { StageFlags = ShaderStageFlags.ComputeBit, Offset = 0, Size = (uint)pushConstantBytes };
            var layoutInfo = new PipelineLayoutCreateInfo
            {
                SType = StructureType.PipelineLayoutCreateInfo,
                SetLayoutCount = 1,
                PSetLayouts = (DescriptorSetLayout*)&setLayout,
                PushConstantRangeCount = pushConstantBytes > 0 ? 1u : 0u,
                PPushConstantRanges = &range,
            };
            ulong layout;
            device.Api.CreatePipelineLayout(&layoutInfo, &layout);
            Layout = layout;
            device.SetName(ObjectType.PipelineLayout, layout, label + " layout");

            var entries = stackalloc SpecializationMapEntry[Math.Max(1, specialization.Length)];
            for (int i = 0; i < specialization.Length; i++)
            {
                entries[i] = new SpecializationMapEntry { ConstantID = (uint)i, Offset = (uint)(i * 4), Size = 4 };
            }

            fixed (uint* specData = specialization)
            fixed (byte* entryName = "main\0"u8)
            {
                var specInfo = new SpecializationInfo
                {
                    MapEntryCount = (uint)specialization.Length,
                    PMapEntries = entries,
                    DataSize = (nuint)(specialization.Length * 4),
                    PData = specData,
                };
                var pipelineInfo = new ComputePipelineCreateInfo
                {
                    SType = StructureType.ComputePipelineCreateInfo,
                    Stage = new PipelineShaderStageCreateInfo
                    {
                        SType = StructureType.PipelineShaderStageCreateInfo,
                        Stage = ShaderStageFlags.ComputeBit,
                        Module = new ShaderModule(ShaderModule),
                        PName = entryName,
                        PSpecializationInfo = specialization.Length > 0 ? &specInfo : null,
                    },
                    Layout = new PipelineLayout(layout),
                    BasePipelineIndex = -1,
                };
                ulong pipeline;
                device.Api.CreateComputePipelines(device.PipelineCache.Handle, 1, &pipelineInfo, &pipeline);
                Handle = pipeline;
                device.SetName(ObjectType.Pipeline, pipeline, label);
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string ShaderName { get; }

    /// <summary>The shader's interface as read from its SPIR-V.</summary>
    public ShaderInterface Interface { get; }

    public string Label { get; }

    public int BufferCount { get; }

    public int PushConstantBytes { get; }

    public ulong ShaderModule { get; private set; }

    public ulong SetLayout { get; private set; }

    public ulong Layout { get; private set; }

    public ulong Handle { get; private set; }

    public void Dispose()
    {
        if (Handle != 0)
        {
            _device.Api.DestroyPipeline(Handle);
            Handle = 0;
        }

        if (Layout != 0)
        {
            _device.Api.DestroyPipelineLayout(Layout);
            Layout = 0;
        }

        if (SetLayout != 0)
        {
            _device.Api.DestroyDescriptorSetLayout(SetLayout);
            SetLayout = 0;
        }

        if (ShaderModule != 0)
        {
            _device.Api.DestroyShaderModule(ShaderModule);
            ShaderModule = 0;
        }
    }

    /// <summary>
    /// Fails when a pass's declaration disagrees with its shader: bindings 0..n−1 of set 0 must be exactly the
    /// shader's, each a storage buffer or (bit set in the mask) a uniform buffer as the shader declares it; the pushed
    /// bytes must cover the shader's push-constant block (a pass may round its struct up to 16 bytes, never short);
    /// and every specialization id the shader declares must be given.
    /// </summary>
    private static void CheckDeclaration(
        ShaderInterface shader, int bufferCount, int pushConstantBytes, int specializationCount, uint uniformMask, uint imageMask)
    {
        var problems = new List<string>();
        ShaderBinding[] bindings = [.. shader.Bindings];
        if (bindings.Any(b => b.Set != 0) || bindings.Length != bufferCount || bindings.Select(b => (int)b.Binding).Where((b, i) => b != i).Any())
        {
            problems.Add($"the pass binds {bufferCount} buffers (set 0, bindings 0..{bufferCount - 1}), the shader declares " +
                string.Join(", ", bindings.Select(b => $"set {b.Set} binding {b.Binding} ({b.Kind} {b.Name})")));
        }
        else
        {
            foreach (ShaderBinding b in bindings)
            {
                bool passBindsImage = (imageMask & (1u << (int)b.Binding)) != 0;
                bool shaderTakesImage = b.Kind is ShaderBindingKind.CombinedImageSampler or ShaderBindingKind.StorageImage;
                if (passBindsImage || shaderTakesImage)
                {
                    if (passBindsImage != shaderTakesImage)
                    {
                        problems.Add($"binding {b.Binding} ({b.Name}) is a {b.Kind} in the shader, {(passBindsImage ? "an image" : "a buffer")} in the pass");
                    }

                    continue;
                }

                ShaderBindingKind declared = (uniformMask & (1u << (int)b.Binding)) != 0 ? ShaderBindingKind.UniformBuffer : ShaderBindingKind.StorageBuffer;
                if (declared != b.Kind)
                {
                    problems.Add($"binding {b.Binding} ({b.Name}) is a {b.Kind} in the shader, a {declared} in the pass");
                }
            }
        }

        if (pushConstantBytes < shader.PushConstantBytes || pushConstantBytes > ((shader.PushConstantBytes + 15) & ~15))
        {
            problems.Add($"the pass pushes {pushConstantBytes} bytes, the shader's push-constant block is {shader.PushConstantBytes}");
        }

        if (shader.SpecializationIds.Any(id => id >= specializationCount))
        {
            problems.Add($"the pass gives {specializationCount} specialization constants, the shader uses ids {string.Join(", ", shader.SpecializationIds)}");
        }

        if (problems.Count > 0)
        {
            throw new InvalidOperationException($"The pass does not match its shader: {string.Join("; ", problems)}.");
        }
    }

    /// <summary>The descriptor type of binding <paramref name="binding"/>.</summary>
    public DescriptorType DescriptorTypeOf(int binding) => Interface.Bindings[binding].Kind switch
    {
        ShaderBindingKind.UniformBuffer => DescriptorType.UniformBuffer,
        ShaderBindingKind.CombinedImageSampler => DescriptorType.CombinedImageSampler,
        ShaderBindingKind.StorageImage => DescriptorType.StorageImage,
        _ => DescriptorType.StorageBuffer,
    };

    /// <summary>A readable description of the pipeline for failure messages.</summary>
    public override string ToString() => new StringBuilder(Label).Append(" [").Append(ShaderName).Append(']').ToString();
}
