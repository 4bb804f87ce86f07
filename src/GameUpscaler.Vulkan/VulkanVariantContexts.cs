using GameUpscaler.Models;

namespace GameUpscaler.Vulkan;

/// <summary>
/// One <see cref="VulkanUpscalerContext"/> per variant (a generator, or null for the spatial upscaler), created for
/// the same sizes and flags, all or none: the one way the governed context and the render-pipeline hook build their
/// variants, so both get the same rollback on failure and the same disposal.
/// </summary>
internal static class VulkanVariantContexts
{
    /// <summary>Creates a context per variant, in order; if one fails, the ones already made are released.</summary>
    /// <param name="device">The device.</param>
    /// <param name="description">What every variant shares (its model name is ignored: a null variant is the spatial upscaler).</param>
    /// <param name="variants">Generators, or null for the spatial upscaler.</param>
    /// <param name="permutation">Forced precision, or null.</param>
    /// <param name="layouts">Host image layouts, or null for the default.</param>
    public static VulkanUpscalerContext[] Create(
        VulkanDevice device, in UpscalerContextDescription description, IReadOnlyList<GeneratorWeights?> variants,
        VulkanPermutation? permutation, VulkanImageLayouts? layouts)
    {
        var contexts = new List<VulkanUpscalerContext>(variants.Count);
        try
        {
            foreach (GeneratorWeights? weights in variants)
            {
                contexts.Add(VulkanUpscalerContext.Create(device, description with { Model = null }, weights, permutation, layouts));
            }
        }
        catch
        {
            Dispose(contexts);
            throw;
        }

        return [.. contexts];
    }

    /// <summary>Releases every context (each waits until the device no longer uses it).</summary>
    public static void Dispose(IEnumerable<VulkanUpscalerContext?> contexts)
    {
        foreach (VulkanUpscalerContext? context in contexts)
        {
            context?.Dispose();
        }
    }
}
