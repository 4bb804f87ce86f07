namespace GameUpscaler.Vulkan;

/// <summary>GPU time of one recorded pass, from timestamps written before and after it.</summary>
/// <param name="Label">The pass (e.g. <c>conv 2</c>, <c>reconstruct</c>).</param>
/// <param name="Milliseconds">Time between the pass's start and end timestamps.</param>
public readonly record struct VulkanPassTiming(string Label, double Milliseconds);
