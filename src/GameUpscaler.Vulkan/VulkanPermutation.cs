namespace GameUpscaler.Vulkan;

/// <summary>
/// Precision permutation of the network passes (ncnn's storage/arithmetic split): every pass exists in each, chosen
/// from the device's features; fp32 always exists.
/// </summary>
public enum VulkanPermutation
{
    /// <summary>fp32 storage and arithmetic: the reference-exact path.</summary>
    Float32,

    /// <summary>fp16 tensors and weights (storageBuffer16BitAccess), fp32 arithmetic.</summary>
    Float16Storage,

    /// <summary>fp16 storage and fp16 convolution arithmetic (also shaderFloat16).</summary>
    Float16StorageAndArithmetic,
}
