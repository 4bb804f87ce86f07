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

    /// <summary>Push-constant bytes: sizes, samples, times, jitter, path, flags (scene.comp's Params).</summary>
    private const int PushBytes = 36;

    /// <summary>When each evaluation camera path cuts (seconds; scene.comp's CUT_TIME).</summary>
    public static IReadOnlyList<double> CutTimes { get; } = [1.2, 1.0, 1.4];

    /// <summary>The number of evaluation camera paths (0 road, 1 facades, 2 still camera): the ones the reports score.</summary>
    public const int PathCount = 3;

    /// <summary>
    /// The first training camera path. Paths <see cref="FirstTrainingPath"/> to <see cref="LastTrainingPath"/> are
    /// parametric (speed, direction, height, side, sway and the ball drawn from the path number, scene.comp's
    /// <c>camera</c>): the trainer's data, kept apart from the evaluation paths.
    /// </summary>
    public const int FirstTrainingPath = PathCount;

    /// <summary>
    /// The first still training path: paths from here to <see cref="LastTrainingPath"/> hold the camera at the start
    /// pose of the parametric path (another after the cut; only the ball moves), the case of a player standing that the
    /// moving paths never show; from <see cref="FirstIdleTrainingPath"/> with the camera's idle motion.
    /// </summary>
    public const int FirstStillTrainingPath = 512;

    /// <summary>
    /// The first idling training path: paths from here to <see cref="LastTrainingPath"/> are still paths whose camera
    /// keeps an idle motion (1–6 cm of slow drift, a few thousandths of a radian of sway), so every pixel moves by
    /// hundredths of a pixel per frame: a player standing in most games, which neither an exactly still nor a moving
    /// path shows. Paths <see cref="FirstStillTrainingPath"/> to this one − 1 stay exactly still.
    /// </summary>
    public const int FirstIdleTrainingPath = 768;

    /// <summary>The last training camera path.</summary>
    public const int LastTrainingPath = 1023;

    /// <summary>When camera path <paramref name="path"/> cuts, in seconds (scene.comp's <c>cutTime</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a camera path.</exception>
    public static double CutTime(int path) => ShaderCutTime(CheckPath(path));

    private readonly HostGpu _gpu;
    private readonly Dictionary<(ulong Color, ulong Motion), DescriptorSet> _sets = [];
    private ShaderModule _module;
    private ShaderModule _motionModule;
    private DescriptorSetLayout _setLayout;
    private PipelineLayout _layout;
    private Pipeline _pipeline;
    private Pipeline _motionPipeline;
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
            _module = CreateModule(gpu, "scene");
            _motionModule = CreateModule(gpu, "scene_motion");

            // Binding 1 (motion and depth) is used by the motion permutation only; the colour-only one leaves it unwritten.
            DescriptorSetLayoutBinding* bindings = stackalloc DescriptorSetLayoutBinding[2];
            for (uint i = 0; i < 2; i++)
            {
                bindings[i] = new DescriptorSetLayoutBinding
                {
                    Binding = i,
                    DescriptorType = DescriptorType.StorageImage,
                    DescriptorCount = 1,
                    StageFlags = ShaderStageFlags.ComputeBit,
                };
            }

            var setLayoutInfo = new DescriptorSetLayoutCreateInfo { SType = StructureType.DescriptorSetLayoutCreateInfo, BindingCount = 2, PBindings = bindings };
            DescriptorSetLayout setLayout;
            HostGpu.Check(vk.CreateDescriptorSetLayout(gpu.Device, &setLayoutInfo, null, &setLayout), "vkCreateDescriptorSetLayout");
            _setLayout = setLayout;
            var push = new PushConstantRange { StageFlags = ShaderStageFlags.ComputeBit, Size = PushBytes };
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
            _pipeline = CreatePipeline(gpu, _module, layout);
            _motionPipeline = CreatePipeline(gpu, _motionModule, layout);

            var poolSize = new DescriptorPoolSize { Type = DescriptorType.StorageImage, DescriptorCount = (uint)maxTargets * 2 };
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

    /// <summary>Whether frame <paramref name="frameIndex"/> of camera path <paramref name="path"/> starts a new shot (frame 0 or the cut): history must be reset.</summary>
    public static bool IsCut(int frameIndex, int path)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(frameIndex);
        float cut = ShaderCutTime(CheckPath(path));
        return frameIndex == 0 || (TimeOfFrame(frameIndex) >= cut && TimeOfFrame(frameIndex - 1) < cut);
    }

    /// <summary>
    /// The cut time as scene.comp holds it, a float, compared with the float frame time it is given: an evaluation
    /// path's cut falls exactly on a frame time (1.4 s is frame 42), where the float time 1.4f lies just under the
    /// double 1.4, so a double comparison flagged the frame after the one whose picture jumps.
    /// </summary>
    private static float ShaderCutTime(int path) =>
        path < FirstTrainingPath ? (float)CutTimes[path] : (12.5f + (3.0f * ((path - FirstTrainingPath) % 8))) / (float)PathFramesPerSecond;

    /// <summary>The view of frame <paramref name="frameIndex"/> on camera path <paramref name="path"/> with a jitter offset (render pixels).</summary>
    public static SceneView ViewOf(int frameIndex, int path = 0, float jitterX = 0, float jitterY = 0) =>
        new(TimeOfFrame(frameIndex), TimeOfFrame(Math.Max(frameIndex - 1, 0)), jitterX, jitterY, CheckPath(path), IsCut(frameIndex, path));

    /// <summary>
    /// Records the scene at <paramref name="size"/> with samplesPerAxis² samples per pixel into the top-left of
    /// <paramref name="target"/> (an RGBA8 storage image), which it leaves in SHADER_READ_ONLY_OPTIMAL; the rest of
    /// the image becomes undefined. With <paramref name="motionDepth"/> (an RGBA32F storage image) it also writes each
    /// pixel's motion vector (previous minus current, pixels, jitter excluded) and linear view depth into it.
    /// </summary>
    public void Record(CommandBuffer cb, HostImage target, Size2D size, SceneView view, int samplesPerAxis = 1, HostImage? motionDepth = null)
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

        if (motionDepth is not null && ((motionDepth.Usage & UpscalerResourceUsage.Storage) == 0 || motionDepth.Format != UpscalerFormat.R32G32B32A32Float
            || motionDepth.Size.Width < size.Width || motionDepth.Size.Height < size.Height))
        {
            throw new ArgumentException($"Motion and depth go to an R32G32B32A32_SFLOAT storage image of at least {size}.", nameof(motionDepth));
        }

        if (!float.IsFinite(view.JitterX) || !float.IsFinite(view.JitterY))
        {
            throw new ArgumentException("The jitter must be finite.", nameof(view));
        }

        Vk vk = _gpu.Vk;
        DescriptorSet set = SetFor(target, motionDepth);

        // The previous contents are not kept (UNDEFINED), and earlier reads of the image (the upscaler's) come first.
        _gpu.ImageBarrier(cb, target.Handle, ImageLayout.Undefined, ImageLayout.General,
            PipelineStageFlags.AllCommandsBit, 0, PipelineStageFlags.ComputeShaderBit, AccessFlags.ShaderWriteBit);
        if (motionDepth is not null)
        {
            _gpu.ImageBarrier(cb, motionDepth.Handle, ImageLayout.Undefined, ImageLayout.General,
                PipelineStageFlags.AllCommandsBit, 0, PipelineStageFlags.ComputeShaderBit, AccessFlags.ShaderWriteBit);
        }

        vk.CmdBindPipeline(cb, PipelineBindPoint.Compute, motionDepth is null ? _pipeline : _motionPipeline);
        vk.CmdBindDescriptorSets(cb, PipelineBindPoint.Compute, _layout, 0, 1, &set, 0, null);
        uint* words = stackalloc uint[PushBytes / 4]
        {
            (uint)size.Width, (uint)size.Height, (uint)samplesPerAxis, BitConverter.SingleToUInt32Bits(view.Time),
            BitConverter.SingleToUInt32Bits(view.PreviousTime), BitConverter.SingleToUInt32Bits(view.JitterX), BitConverter.SingleToUInt32Bits(view.JitterY),
            (uint)view.Path, view.Reset ? 1u : 0u,
        };
        vk.CmdPushConstants(cb, _layout, ShaderStageFlags.ComputeBit, 0, PushBytes, words);
        vk.CmdDispatch(cb, (uint)((size.Width + 7) / 8), (uint)((size.Height + 7) / 8), 1);
        _gpu.ImageBarrier(cb, target.Handle, ImageLayout.General, ImageLayout.ShaderReadOnlyOptimal,
            PipelineStageFlags.ComputeShaderBit, AccessFlags.ShaderWriteBit, PipelineStageFlags.AllCommandsBit, AccessFlags.ShaderReadBit | AccessFlags.TransferReadBit);
        if (motionDepth is not null)
        {
            _gpu.ImageBarrier(cb, motionDepth.Handle, ImageLayout.General, ImageLayout.ShaderReadOnlyOptimal,
                PipelineStageFlags.ComputeShaderBit, AccessFlags.ShaderWriteBit, PipelineStageFlags.AllCommandsBit, AccessFlags.ShaderReadBit | AccessFlags.TransferReadBit);
        }
    }

    /// <summary>
    /// Renders frame <paramref name="frameIndex"/> of path 0 at <paramref name="size"/> into the top-left of
    /// <paramref name="target"/>, waits, reads it back through <paramref name="readback"/> and returns the region as
    /// RGB. Used for headless snapshots and training pairs.
    /// </summary>
    public Image8 RenderToImage(HostImage target, HostBuffer readback, int frameIndex, Size2D size, int samplesPerAxis = 1) =>
        RenderToImage(target, readback, ViewOf(frameIndex), size, samplesPerAxis);

    /// <summary>Renders <paramref name="view"/> at <paramref name="size"/>, waits, and returns the region as RGB.</summary>
    public Image8 RenderToImage(HostImage target, HostBuffer readback, SceneView view, Size2D size, int samplesPerAxis = 1) =>
        Render(target, readback, view, size, samplesPerAxis, null, null).Color;

    /// <summary>
    /// Renders <paramref name="view"/> with one sample per pixel at its jitter, with motion vectors and depth, waits,
    /// and returns the colour (RGB) and, per pixel, (mx, my, depth, 0).
    /// </summary>
    /// <param name="target">An RGBA8 storage image of at least <paramref name="size"/>.</param>
    /// <param name="readback">A buffer of at least size · 4 bytes.</param>
    /// <param name="motionDepth">An RGBA32F storage image of at least <paramref name="size"/>.</param>
    /// <param name="motionReadback">A buffer of at least size · 16 bytes.</param>
    /// <param name="view">The frame's view (its jitter, path and cut).</param>
    /// <param name="size">The render size.</param>
    public (Image8 Color, float[] MotionDepth) RenderWithMotion(
        HostImage target, HostBuffer readback, HostImage motionDepth, HostBuffer motionReadback, SceneView view, Size2D size)
    {
        ArgumentNullException.ThrowIfNull(motionDepth);
        ArgumentNullException.ThrowIfNull(motionReadback);
        (Image8 color, float[]? motion) = Render(target, readback, view, size, 1, motionDepth, motionReadback);
        return (color, motion!);
    }

    private (Image8 Color, float[]? MotionDepth) Render(
        HostImage target, HostBuffer readback, SceneView view, Size2D size, int samplesPerAxis, HostImage? motionDepth, HostBuffer? motionReadback)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(readback);
        if (readback.Bytes < size.Area * 4 || (motionReadback is not null && motionReadback.Bytes < size.Area * 16))
        {
            throw new ArgumentException($"The readback buffers are too small for {size} (RGBA8: {size.Area * 4} bytes; RGBA32F: {size.Area * 16}).", nameof(readback));
        }

        _gpu.SubmitAndWait(cb =>
        {
            Record(cb, target, size, view, samplesPerAxis, motionDepth);
            ReadBack(cb, target, readback, size);
            if (motionDepth is not null)
            {
                ReadBack(cb, motionDepth, motionReadback!, size);
            }
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

        float[]? motion = null;
        if (motionReadback is not null)
        {
            motion = new float[size.Area * 4];
            System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(motionReadback.Span)[..motion.Length].CopyTo(motion);
        }

        return (image, motion);
    }

    private void ReadBack(CommandBuffer cb, HostImage image, HostBuffer buffer, Size2D size)
    {
        _gpu.ImageBarrier(cb, image.Handle, ImageLayout.ShaderReadOnlyOptimal, ImageLayout.TransferSrcOptimal,
            PipelineStageFlags.ComputeShaderBit, AccessFlags.ShaderWriteBit, PipelineStageFlags.TransferBit, AccessFlags.TransferReadBit);
        image.RecordCopyTo(cb, buffer, size);
        _gpu.ImageBarrier(cb, image.Handle, ImageLayout.TransferSrcOptimal, ImageLayout.ShaderReadOnlyOptimal,
            PipelineStageFlags.TransferBit, 0, PipelineStageFlags.AllCommandsBit, 0);
    }

    public void Dispose()
    {
        Vk vk = _gpu.Vk;
        vk.DestroyDescriptorPool(_gpu.Device, _pool, null);
        vk.DestroyPipeline(_gpu.Device, _pipeline, null);
        vk.DestroyPipeline(_gpu.Device, _motionPipeline, null);
        vk.DestroyShaderModule(_gpu.Device, _motionModule, null);
        vk.DestroyPipelineLayout(_gpu.Device, _layout, null);
        vk.DestroyDescriptorSetLayout(_gpu.Device, _setLayout, null);
        vk.DestroyShaderModule(_gpu.Device, _module, null);
        _pool = default;
        _pipeline = default;
        _motionPipeline = default;
        _motionModule = default;
        _layout = default;
        _setLayout = default;
        _module = default;
        _sets.Clear();
    }

    private static ShaderModule CreateModule(HostGpu gpu, string name)
    {
        uint[] code = SampleShaders.Get(name);
        fixed (uint* words = code)
        {
            var moduleInfo = new ShaderModuleCreateInfo { SType = StructureType.ShaderModuleCreateInfo, CodeSize = (nuint)(code.Length * 4), PCode = words };
            ShaderModule module;
            HostGpu.Check(gpu.Vk.CreateShaderModule(gpu.Device, &moduleInfo, null, &module), "vkCreateShaderModule");
            return module;
        }
    }

    private static Pipeline CreatePipeline(HostGpu gpu, ShaderModule module, PipelineLayout layout)
    {
        fixed (byte* entry = "main\0"u8)
        {
            var pipelineInfo = new ComputePipelineCreateInfo
            {
                SType = StructureType.ComputePipelineCreateInfo,
                Stage = new PipelineShaderStageCreateInfo
                {
                    SType = StructureType.PipelineShaderStageCreateInfo,
                    Stage = ShaderStageFlags.ComputeBit,
                    Module = module,
                    PName = entry,
                },
                Layout = layout,
                BasePipelineIndex = -1,
            };
            Pipeline pipeline;
            HostGpu.Check(gpu.Vk.CreateComputePipelines(gpu.Device, default, 1, &pipelineInfo, null, &pipeline), "vkCreateComputePipelines");
            return pipeline;
        }
    }

    private static int CheckPath(int path) =>
        path is >= 0 and <= LastTrainingPath ? path : throw new ArgumentOutOfRangeException(nameof(path), path, $"Camera paths are 0 to {LastTrainingPath} (0 to {PathCount - 1} evaluation, {FirstTrainingPath} and up training).");

    /// <summary>The descriptor set pointing at <paramref name="target"/> (and the motion image), made the first time they are rendered into.</summary>
    private DescriptorSet SetFor(HostImage target, HostImage? motionDepth)
    {
        (ulong, ulong) key = (target.View.Handle, motionDepth?.View.Handle ?? 0);
        if (_sets.TryGetValue(key, out DescriptorSet set))
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
        DescriptorImageInfo* images = stackalloc DescriptorImageInfo[2];
        images[0] = new DescriptorImageInfo { ImageView = target.View, ImageLayout = ImageLayout.General };
        images[1] = new DescriptorImageInfo { ImageView = motionDepth?.View ?? default, ImageLayout = ImageLayout.General };
        WriteDescriptorSet* writes = stackalloc WriteDescriptorSet[2];
        for (uint i = 0; i < 2; i++)
        {
            writes[i] = new WriteDescriptorSet
            {
                SType = StructureType.WriteDescriptorSet,
                DstSet = set,
                DstBinding = i,
                DescriptorCount = 1,
                DescriptorType = DescriptorType.StorageImage,
                PImageInfo = &images[i],
            };
        }

        _gpu.Vk.UpdateDescriptorSets(_gpu.Device, motionDepth is null ? 1u : 2u, writes, 0, null);
        _sets[key] = set;
        return set;
    }
}

/// <summary>One frame's view of the scene: its time on the path, the previous frame's (for motion), the jitter and the cut.</summary>
/// <param name="Time">Seconds on the path.</param>
/// <param name="PreviousTime">The previous frame's time (motion vectors point there).</param>
/// <param name="JitterX">Sample offset in pixels of the target, x right, within ±0.5.</param>
/// <param name="JitterY">The same, y down.</param>
/// <param name="Path">The camera path, 0 to <see cref="SceneRenderer.PathCount"/> − 1.</param>
/// <param name="Reset">The frame starts a shot: motion vectors are written as zero.</param>
public readonly record struct SceneView(float Time, float PreviousTime, float JitterX, float JitterY, int Path, bool Reset);
