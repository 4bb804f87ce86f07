using GameUpscaler.Hooks;

namespace GameUpscaler.Governor;

/// <summary>
/// Lets a <see cref="BudgetGovernor"/> pick a render-pipeline hook's variant (<see cref="IRenderPipelineHook.VariantPolicy"/>):
/// the governor's variants are the hook's, cheapest first (<see cref="UpscalerVariant.Spatial"/>, then the generator
/// when the hook has one), and its costs are the per-pass GPU times the hook reports for the previous frame.
/// Pure policy, no native types: any backend's hook can use it.
/// </summary>
/// <remarks>
/// <para>
/// The player's variant is a ceiling: when the settings ask for the spatial upscaler the adapter runs it without
/// asking the governor, so the governor only ever trades the generator down, never up past the player's choice.
/// </para>
/// <para>
/// Dynamic resolution is not supported here: the hook is called after the engine has rendered the frame, too late to
/// change its render size (a host that wants it plans the frame itself, as <c>GovernedVulkanUpscalerContext</c> does).
/// </para>
/// <para>
/// A frame's timings are reported once: the hook hands the same list again when the host did not read new timings
/// (<see cref="IRenderPipelineHook.ReadLastFrameTimings"/>) between two frames, and a repeated list is not counted twice.
/// </para>
/// </remarks>
public sealed class BudgetGovernorVariantPolicy : IUpscalerVariantPolicy
{
    /// <summary>Index of <see cref="UpscalerVariant.Spatial"/> among the governor's variants (the cheapest).</summary>
    public const int SpatialIndex = 0;

    /// <summary>Index of <see cref="UpscalerVariant.Generator"/> among the governor's variants, when there is one.</summary>
    public const int GeneratorIndex = 1;

    private readonly GovernorFrameCycle _cycle;

    /// <summary>Creates the adapter and its governor.</summary>
    /// <param name="options">
    /// The governor's settings (budget etc.); <see cref="BudgetGovernorOptions.InitialVariant"/> indexes
    /// [spatial, generator] (<see cref="SpatialIndex"/>, <see cref="GeneratorIndex"/>).
    /// </param>
    /// <param name="generator">The hook's generator as a governor variant (e.g. <see cref="GovernorVariant.ForGenerator"/>); null when the hook has none.</param>
    /// <exception cref="ArgumentNullException">The options are null.</exception>
    /// <exception cref="ArgumentException">The options ask for dynamic resolution, which a hook cannot apply.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range (e.g. the generator's index as the initial variant without a generator).</exception>
    public BudgetGovernorVariantPolicy(BudgetGovernorOptions options, GovernorVariant? generator)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.DynamicResolution)
        {
            throw new ArgumentException(
                "A render-pipeline hook runs after the frame was rendered and cannot change its render size; use the governor without dynamic resolution.",
                nameof(options));
        }

        GovernorVariant[] variants = generator is { } g ? [GovernorVariant.Spatial, g] : [GovernorVariant.Spatial];
        _cycle = new GovernorFrameCycle(new BudgetGovernor(variants, options));
    }

    /// <summary>The governor (its options, variants and switch count).</summary>
    public BudgetGovernor Governor => _cycle.Governor;

    /// <summary>The governor's last decision; null before the first frame, and while the player's settings ask for the spatial upscaler.</summary>
    public GovernorDecision? LastDecision { get; private set; }

    /// <inheritdoc />
    public UpscalerVariant SelectVariant(in UpscalerVariantRequest request)
    {
        // The previous frame's GPU time goes to the governor under the variant and size that frame ran with.
        _cycle.Report(request.PreviousFrame);
        if (request.Requested == UpscalerVariant.Spatial)
        {
            _cycle.Ran(SpatialIndex, request.RenderSize);
            LastDecision = null;
            return UpscalerVariant.Spatial;
        }

        GovernorDecision decision = _cycle.Decide(request.RenderSize);
        _cycle.Ran(decision.VariantIndex, request.RenderSize);
        LastDecision = decision;
        return decision.VariantIndex == SpatialIndex ? UpscalerVariant.Spatial : UpscalerVariant.Generator;
    }
}
