using GameUpscaler.Imaging;
using GameUpscaler.Scene.Host;
using Silk.NET.Vulkan;

namespace GameUpscaler.Scene;

/// <summary>
/// Renders the sample world (Shaders/scene.comp) into a colour image, as a game's renderer does: one compute dispatch
/// that stores into the top-left region of an RGBA8 storage image, left in SHADER_READ_ONLY_OPTIMAL as a
/// post-processing chain would. Plain Silk.NET on the host's device (<see cref="HostGpu"/>): nothing of the
/// upscaler's internals.
/// </summary>
public sealed unsafe class SceneRenderer : IDisposable
{
    /// <summary>Frames per second of the camera path: frame k is at time k / 30 s.</summary>
    public const double PathFramesPerSecond = 30.0;

    private readonly HostGpu _gpu;
    private readonly Dictionary<ulong, DescriptorSet> _sets = [];
    private ShaderModule _module;
    private DescriptorSetLayout _setLayout;
    private PipelineLayout _layout;
    private Pipeline _pipeline;
    private DescriptorPool _pool;

    /// <param name="gpu">The host's device.</param>
    /// <param name="maxSize">The largest size rendered.</param>
    /// <param name="maxTargets">How many different target images it may render into (one descriptor set each).</param>
    public SceneRenderer(HostGpu gpu, Size2D maxSize, int maxTargets = 4)
    {
        _gpu = gpu;
        MaxSize = maxSize;
        MaxTargets = maxTargets;
        Vk vk = gpu.Vk;
        try
        {
            uint[] code = SampleShaders.Get("scene");
            fixed (uint* words = code)
            {
                var moduleInfo = new ShaderModuleCreateInfo { SType = StructureType.ShaderModuleCreateInfo, CodeSize = (nuint)(code.Length * 4), PCode = words };
                ShaderModule module;
                HostGpu.Check(vk.CreateShaderModule(gpu.Device, &moduleInfo, null, &module), "vkCreateShaderModule");
                _module = module;
            }

            var binding = new DescriptorSetLayoutBinding
            {
                Binding = 0,
                DescriptorType = DescriptorType.StorageImage,
                DescriptorCount = 1,
                StageFlags = ShaderStageFlags.ComputeBit,
            };
            var setLayoutInfo = new DescriptorSetLayoutCreateInfo { SType = StructureType.DescriptorSetLayoutCreateInfo, BindingCount = 1, PBindings = &binding };
            DescriptorSetLayout setLayout;
            HostGpu.Check(vk.CreateDescriptorSetLayout(gpu.Device, &setLayoutInfo, null, &setLayout), "vkCreateDescriptorSetLayout");
            _setLayout = setLayout;
            var push = new PushConstantRange { StageFlags = ShaderStageFlags.ComputeBit, Size = 16 };
            var layoutInfo = new PipelineLayoutCreateInfo
            {
                SType = StructureType.PipelineLayoutCreateInfo,
                SetLayoutCount = 1,
                PSetLayouts = &setLayout,
                PushConstantRangeCount = 1,
                PPushConstantRanges = &push,
            };
            PipelineLayout layout;
            HostGpu.Check(vk.CreatePipelineLayout(gpu.Device, &layoutInfo, null, &layout), "vkCreatePipelineLayout");
            _layout = layout;
            fixed (byte* entry = "main\0"u8)
            {
                var pipelineInfo = new ComputePipelineCreateInfo
                {
                    SType = StructureType.ComputePipelineCreateInfo,
                    Stage = new PipelineShaderStageCreateInfo
                    {
                        SType = StructureType.PipelineShaderStageCreateInfo,
                        Stage = ShaderStageFlags.ComputeBit,
                        Module = _module,
                        PName = entry,
                    },
                    Layout = layout,
                    BasePipelineIndex = -1,
                };
                Pipeline pipeline;
                HostGpu.Check(vk.CreateComputePipelines(gpu.Device, default, 1, &pipelineInfo, null, &pipeline), "vkCreateComputePipelines");
                _pipeline = pipeline;
            }

            var poolSize = new DescriptorPoolSize { Type = DescriptorType.StorageImage, DescriptorCount = (uint)maxTargets };
            var poolInfo = new DescriptorPoolCreateInfo
            {
                SType = StructureType.DescriptorPoolCreateInfo,
                MaxSets = (uint)maxTargets,
                PoolSizeCount = 1,
                PPoolSizes = &poolSize,
            };
            DescriptorPool pool;
            HostGpu.Check(vk.CreateDescriptorPool(gpu.Device, &poolInfo, null, &pool), "vkCreateDescriptorPool");
            _pool = pool;
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public Size2D MaxSize { get; }

    /// <summary>How many different target images it may render into.</summary>
    public int MaxTargets { get; }

    /// <summary>The time on the camera path of frame <paramref name="frameIndex"/>.</summary>
    public static float TimeOfFrame(int frameIndex) => (float)(frameIndex / PathFramesPerSecond);

    /// <summary>
    /// Records the scene at <paramref name="size"/> with samplesPerAxis² samples per pixel into the top-left of
    /// <paramref name="target"/> (an RGBA8 storage image), which it leaves in SHADER_READ_ONLY_OPTIMAL; the rest of
    /// the image becomes undefined.
    /// </summary>
    public void Record(CommandBuffer cb, HostImage target, Size2D size, float time, int samplesPerAxis = 1)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (size.Width > MaxSize.Width || size.Height > MaxSize.Height || size.Width > target.Size.Width || size.Height > target.Size.Height)
        {
            throw new ArgumentOutOfRangeException(nameof(size), size, $"The scene renderer was made for at most {MaxSize}, the target is {target.Size}.");
        }

        if ((target.Usage & UpscalerResourceUsage.Storage) == 0 || target.Format != UpscalerFormat.R8G8B8A8Unorm)
        {
            throw new ArgumentException("The scene renders into R8G8B8A8_UNORM images with STORAGE usage.", nameof(target));
        }

        Vk vk = _gpu.Vk;
        DescriptorSet set = SetFor(target);

        // The previous contents are not kept (UNDEFINED), and earlier reads of the image (the upscaler's) come first.
        _gpu.ImageBarrier(cb, target.Handle, ImageLayout.Undefined, ImageLayout.General,
            PipelineStageFlags.AllCommandsBit, 0, PipelineStageFlags.ComputeShaderBit, AccessFlags.ShaderWriteBit);
        vk.CmdBindPipeline(cb, PipelineBindPoint.Compute, _pipeline);
        vk.CmdBindDescriptorSets(cb, PipelineBindPoint.Compute, _layout, 0, 1, &set, 0, null);
        uint* words = stackalloc uint[4] { (uint)size.Width, (uint)size.Height, (uint)samplesPerAxis, BitConverter.SingleToUInt32Bits(time) };
        vk.CmdPushConstants(cb, _layout, ShaderStageFlags.ComputeBit, 0, 16, words);
        vk.CmdDispatch(cb, (uint)((size.Width + 7) / 8), (uint)((size.Height + 7) / 8), 1);
        _gpu.ImageBarrier(cb, target.Handle, ImageLayout.General, ImageLayout.ShaderReadOnlyOptimal,
            PipelineStageFlags.ComputeShaderBit, AccessFlags.ShaderWriteBit, PipelineStageFlags.AllCommandsBit, AccessFlags.ShaderReadBit | AccessFlags.TransferReadBit);
    }

    /// <summary>
    /// Renders frame <paramref name="frameIndex"/> at <paramref name="size"/> into the top-left of
    /// <paramref name="target"/>, waits, reads it back through <paramref name="readback"/> and returns the region as
    /// RGB. Used for headless snapshots and training pairs.
    /// </summary>
    public Image8 RenderToImage(HostImage target, HostBuffer readback, int frameIndex, Size2D size, int samplesPerAxis = 1)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(readback);
        if (readback.Bytes < size.Area * 4)
        {
            throw new ArgumentException($"The readback buffer holds {readback.Bytes} bytes; {size} RGBA8 needs {size.Area * 4}.", nameof(readback));
        }

        _gpu.SubmitAndWait(cb =>
        {
            Record(cb, target, size, TimeOfFrame(frameIndex), samplesPerAxis);
            _gpu.ImageBarrier(cb, target.Handle, ImageLayout.ShaderReadOnlyOptimal, ImageLayout.TransferSrcOptimal,
                PipelineStageFlags.ComputeShaderBit, AccessFlags.ShaderWriteBit, PipelineStageFlags.TransferBit, AccessFlags.TransferReadBit);
            target.RecordCopyTo(cb, readback, size);
            _gpu.ImageBarrier(cb, target.Handle, ImageLayout.TransferSrcOptimal, ImageLayout.ShaderReadOnlyOptimal,
                PipelineStageFlags.TransferBit, 0, PipelineStageFlags.AllCommandsBit, 0);
        });

        // The copy packs the region at its own width.
        ReadOnlySpan<byte> rgba = readback.Span;
        var image = new Image8(size.Width, size.Height, 3);
        for (int i = 0, j = 0; j < image.Pixels.Length; i += 4, j += 3)
        {
            image.Pixels[j] = rgba[i];
            image.Pixels[j + 1] = rgba[i + 1];
            image.Pixels[j + 2] = rgba[i + 2];
        }

        return image;
    }

    public void Dispose()
    {
        Vk vk = _gpu.Vk;
        vk.DestroyDescriptorPool(_gpu.Device, _pool, null);
        vk.DestroyPipeline(_gpu.Device, _pipeline, null);
        vk.DestroyPipelineLayout(_gpu.Device, _layout, null);
        vk.DestroyDescriptorSetLayout(_gpu.Device, _setLayout, null);
        vk.DestroyShaderModule(_gpu.Device, _module, null);
        _pool = default;
        _pipeline = default;
        _layout = default;
        _setLayout = default;
        _module = default;
        _sets.Clear();
    }

    /// <summary>The descriptor set pointing at <paramref name="target"/>, made the first time it is rendered into.</summary>
    private DescriptorSet SetFor(HostImage target)
    {
        if (_sets.TryGetValue(target.View.Handle, out DescriptorSet set))
        {
            return set;
        }

        if (_sets.Count == MaxTargets)
        {
            throw new InvalidOperationException($"The scene renderer was made for {MaxTargets} target images; make one per set of targets.");
        }

        DescriptorSetLayout layout = _setLayout;
        var allocate = new DescriptorSetAllocateInfo
        {
            SType = StructureType.DescriptorSetAllocateInfo,
            DescriptorPool = _pool,
            DescriptorSetCount = 1,
            PSetLayouts = &layout,
        };
        HostGpu.Check(_gpu.Vk.AllocateDescriptorSets(_gpu.Device, &allocate, &set), "vkAllocateDescriptorSets");
        var image = new DescriptorImageInfo { ImageView = target.View, ImageLayout = ImageLayout.General };
        var write = new WriteDescriptorSet
        {
            SType = StructureType.WriteDescriptorSet,
            DstSet = set,
            DstBinding = 0,
            DescriptorCount = 1,
            DescriptorType = DescriptorType.StorageImage,
            PImageInfo = &image,
        };
        _gpu.Vk.UpdateDescriptorSets(_gpu.Device, 1, &write, 0, null);
        _sets[target.View.Handle] = set;
        return set;
    }
}
