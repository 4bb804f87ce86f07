using GameUpscaler.Hooks;
using GameUpscaler.Models;

namespace GameUpscaler.Vulkan;

/// <summary>
/// The one multi-variant orchestration of the backend, shared by the governed context and the render-pipeline hook:
/// one <see cref="VulkanUpscalerContext"/> per variant (a generator, null for the spatial upscaler, and optionally the
/// TAAU), created for
/// the same sizes and flags, all or none; dispatch by variant index; the per-pass GPU times of the variant that ran
/// last; one disposal. Which variant runs is the caller's policy (a <see cref="Governor.GovernorFrameCycle"/> in both).
/// </summary>
internal sealed class VulkanVariantSet : IDisposable
{
    private readonly VulkanUpscalerContext[] _contexts;

    private VulkanVariantSet(VulkanUpscalerContext[] contexts) => _contexts = contexts;

    /// <summary>The contexts, in variant order.</summary>
    public IReadOnlyList<VulkanUpscalerContext> Contexts => _contexts;

    /// <summary>The variant dispatched last, or null before the first dispatch.</summary>
    public int? LastDispatched { get; private set; }

    /// <summary>Creates a context per variant, in order, with timestamps on; if one fails, the ones already made are released.</summary>
    /// <param name="device">The device.</param>
    /// <param name="description">What every variant shares (its model name is ignored: a null variant is the spatial upscaler).</param>
    /// <param name="variants">Generators, or null for the spatial upscaler.</param>
    /// <param name="permutation">Forced precision, or null.</param>
    /// <param name="layouts">Host image layouts, or null for the default.</param>
    /// <param name="temporalFlags">When given, one more context after <paramref name="variants"/>: the TAAU
    /// (<see cref="UpscalerContextFlags.TemporalInputs"/> plus these flags, the engine's depth convention).</param>
    /// <param name="temporalGenerator">The temporal generator the TAAU context runs, or null for the TAAU alone.</param>
    public static VulkanVariantSet Create(
        VulkanDevice device, in UpscalerContextDescription description, IReadOnlyList<GeneratorWeights?> variants,
        VulkanPermutation? permutation, VulkanImageLayouts? layouts, UpscalerContextFlags? temporalFlags = null, GeneratorWeights? temporalGenerator = null)
    {
        // Both users feed GPU times back (governor, HUD), so every variant writes timestamps.
        UpscalerContextDescription shared = description with { Model = null, Flags = description.Flags | UpscalerContextFlags.EnableTimestamps };
        var contexts = new List<VulkanUpscalerContext>(variants.Count);
        try
        {
            foreach (GeneratorWeights? weights in variants)
            {
                contexts.Add(VulkanUpscalerContext.Create(device, shared, weights, permutation, layouts));
            }

            if (temporalFlags is { } flags)
            {
                contexts.Add(VulkanUpscalerContext.Create(
                    device, shared with { Flags = shared.Flags | UpscalerContextFlags.TemporalInputs | flags }, temporalGenerator, permutation, layouts));
            }
        }
        catch
        {
            contexts.ForEach(c => c.Dispose());
            throw;
        }

        return new VulkanVariantSet([.. contexts]);
    }

    /// <summary>Records <paramref name="dispatch"/> with variant <paramref name="index"/>.</summary>
    public void Dispatch(int index, in UpscalerDispatchDescription dispatch)
    {
        _contexts[index].Dispatch(dispatch);
        LastDispatched = index;
    }

    /// <summary>The per-pass GPU times of the frame dispatched last (waits for them if that frame is still running); empty before the first.</summary>
    public IReadOnlyList<UpscalerPassTiming> ReadLastTimings() => LastDispatched is { } index ? _contexts[index].ReadTimings() : [];

    /// <summary>Releases every context (each waits until the device no longer uses it).</summary>
    public void Dispose()
    {
        foreach (VulkanUpscalerContext context in _contexts)
        {
            context.Dispose();
        }
    }
}
