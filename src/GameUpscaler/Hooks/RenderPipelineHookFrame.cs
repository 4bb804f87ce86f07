using System.Numerics;

namespace GameUpscaler.Hooks;

/// <summary>
/// One frame handed to a render-pipeline hook at the engine's "after post-processing, before UI" point.
/// </summary>
/// <param name="CommandList">The engine's command buffer in the recording state (for Vulkan, a <c>VkCommandBuffer</c>).</param>
/// <param name="Color">The post-processed frame; its top-left <paramref name="RenderSize"/> region is read.</param>
/// <param name="Output">The display-size destination (the swapchain image or the engine's back buffer).</param>
/// <param name="RenderSize">The size rendered this frame (what <see cref="IRenderPipelineHook.GetRenderResolution"/> said, or smaller).</param>
public readonly record struct RenderPipelineHookFrame(nint CommandList, UpscalerResource Color, UpscalerResource Output, Size2D RenderSize)
{
    /// <summary>The UI layer at display size, premultiplied alpha; composited after upscaling, never upscaled.</summary>
    public UpscalerResource Hud { get; init; }

    /// <summary>Set on camera cuts: history-based state is discarded.</summary>
    public bool Reset { get; init; }

    /// <summary>Time since the previous frame.</summary>
    public TimeSpan FrameTimeDelta { get; init; }

    /// <summary>The frame's sub-pixel jitter in render pixels (see <see cref="UpscalerDispatchDescription.JitterOffset"/>).</summary>
    public Vector2 JitterOffset { get; init; }

    /// <summary>Render-size motion vectors, previous minus current (see <see cref="UpscalerDispatchDescription.MotionVectors"/>).</summary>
    public UpscalerResource MotionVectors { get; init; }

    /// <summary>What the stored motion vectors are multiplied by to get render pixels.</summary>
    public Vector2 MotionVectorScale { get; init; } = Vector2.One;

    /// <summary>The render-size depth buffer.</summary>
    public UpscalerResource Depth { get; init; }

    /// <summary>The frame's exposure, when known.</summary>
    public float? Exposure { get; init; }
}
