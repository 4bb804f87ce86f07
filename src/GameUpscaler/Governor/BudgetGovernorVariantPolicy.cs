using GameUpscaler.Hooks;

namespace GameUpscaler.Governor;

/// <summary>
/// Lets a <see cref="BudgetGovernor"/> pick a render-pipeline hook's variant (<see cref="IRenderPipelineHook.VariantPolicy"/>):
/// the variant the player chose (the generator or the temporal upscaler) is traded down to <see cref="UpscalerVariant.Spatial"/>
/// when its GPU time does not fit the budget, and back up when it fits again. Each of the two has its own governor
/// over [spatial, it] (a ladder), because they are not two rungs of one: the TAAU costs less than the generator but
/// gives more on game frames, so "cheapest first, lowest quality first" holds within a ladder, not across them. Costs
/// are the per-pass GPU times the hook reports for the previous frame. Pure policy, no native types: any backend's
/// hook can use it.
/// </summary>
/// <remarks>
/// <para>
/// The player's variant is a ceiling: when the settings ask for the spatial upscaler the adapter runs it without
/// asking a governor, so a governor only ever trades down, never up past the player's choice.
/// </para>
/// <para>
/// Dynamic resolution is not supported here: the hook is called after the engine has rendered the frame, too late to
/// change its render size (a host that wants it plans the frame itself, as <c>GovernedVulkanUpscalerContext</c> does).
/// </para>
/// <para>
/// A frame's timings are reported once, to the ladder that ran it: the hook hands the same list again when the host
/// did not read new timings (<see cref="IRenderPipelineHook.ReadLastFrameTimings"/>) between two frames, and a
/// repeated list is not counted twice.
/// </para>
/// </remarks>
public sealed class BudgetGovernorVariantPolicy : IUpscalerVariantPolicy
{
    /// <summary>Index of <see cref="UpscalerVariant.Spatial"/> in each ladder (the cheapest).</summary>
    public const int SpatialIndex = 0;

    /// <summary>Index of the governed variant (the generator or the temporal upscaler) in its ladder.</summary>
    public const int GovernedIndex = 1;

    private readonly GovernorFrameCycle? _generator;
    private readonly GovernorFrameCycle? _temporal;
    private GovernorFrameCycle _current;

    /// <summary>Creates the adapter and a governor per ladder.</summary>
    /// <param name="options">
    /// The governors' settings (budget etc.); <see cref="BudgetGovernorOptions.InitialVariant"/> indexes a ladder
    /// [spatial, governed] (<see cref="SpatialIndex"/>, <see cref="GovernedIndex"/>).
    /// </param>
    /// <param name="generator">The hook's generator as a governor variant (e.g. <see cref="GovernorVariant.ForGenerator"/>); null when the hook has none.</param>
    /// <param name="temporal">The hook's temporal upscaler (<see cref="GovernorVariant.Temporal"/>); null when it has none.</param>
    /// <exception cref="ArgumentNullException">The options are null.</exception>
    /// <exception cref="ArgumentException">The options ask for dynamic resolution, which a hook cannot apply.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range (e.g. the governed index as the initial variant with neither variant).</exception>
    public BudgetGovernorVariantPolicy(BudgetGovernorOptions options, GovernorVariant? generator, GovernorVariant? temporal = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.DynamicResolution)
        {
            throw new ArgumentException(
                "A render-pipeline hook runs after the frame was rendered and cannot change its render size; use the governor without dynamic resolution.",
                nameof(options));
        }

        _generator = generator is { } g ? new GovernorFrameCycle(new BudgetGovernor([GovernorVariant.Spatial, g], options)) : null;
        _temporal = temporal is { } t ? new GovernorFrameCycle(new BudgetGovernor([GovernorVariant.Spatial, t], options)) : null;
        _current = _generator ?? _temporal ?? new GovernorFrameCycle(new BudgetGovernor([GovernorVariant.Spatial], options));
    }

    /// <summary>The governor of the ladder in use (its options, variants and switch count): the last governed variant's.</summary>
    public BudgetGovernor Governor => _current.Governor;

    /// <summary>The governor's last decision; null before the first frame, and while the player's settings ask for the spatial upscaler.</summary>
    public GovernorDecision? LastDecision { get; private set; }

    /// <inheritdoc />
    public UpscalerVariant SelectVariant(in UpscalerVariantRequest request)
    {
        // The previous frame's GPU time goes to the ladder, variant and size that frame ran with.
        _current.Report(request.PreviousFrame);
        GovernorFrameCycle? ladder = request.Requested switch
        {
            UpscalerVariant.Generator => _generator,
            UpscalerVariant.Temporal => _temporal,
            _ => null,
        };
        if (ladder is null)
        {
            // Spatial asked for (or a variant this policy was not given): run it ungoverned, measured as spatial.
            _current.Ran(SpatialIndex, request.RenderSize);
            LastDecision = null;
            return request.Requested == UpscalerVariant.Generator ? UpscalerVariant.Spatial : request.Requested;
        }

        _current = ladder;
        GovernorDecision decision = ladder.Decide(request.RenderSize);
        ladder.Ran(decision.VariantIndex, request.RenderSize);
        LastDecision = decision;
        return decision.VariantIndex == SpatialIndex ? UpscalerVariant.Spatial : request.Requested;
    }
}
