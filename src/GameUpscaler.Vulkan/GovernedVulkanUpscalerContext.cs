using GameUpscaler.Hooks;
using GameUpscaler.Governor;
using GameUpscaler.Models;

namespace GameUpscaler.Vulkan;

/// <summary>
/// An upscaler that keeps a frame-time budget: it holds one <see cref="VulkanUpscalerContext"/> per variant (the
/// spatial fallback and generators of different sizes, cheapest first), lets a <see cref="BudgetGovernor"/> pick
/// which one each frame runs, and feeds the GPU timestamps of completed frames back to it.
/// </summary>
/// <remarks>
/// <para>The host's frame loop (the seam for the sample game):</para>
/// <code>
/// GovernorDecision plan = context.PlanFrame(context.GetRenderResolution(mode)); // before rendering
/// // render the scene at plan.RenderSize (differs from the mode's size only with dynamic resolution)
/// context.Dispatch(new UpscalerDispatchDescription(cb, color, output, plan.RenderSize));
/// // submit; when the fence of that frame has signalled (before the next Dispatch):
/// context.CompleteFrame();        // reads its timestamps, reports them to the governor
/// hud.Show(context.LastDecision); // variant, scale, reason; LastGpuMilliseconds for the CSV
/// </code>
/// <para>
/// Every variant context writes its own timestamps and keeps those of its last
/// <see cref="UpscalerContextDescription.FramesInFlight"/> recorded frames, but <see cref="CompleteFrame"/> reports the
/// frame recorded last, so call it for a frame before the next Dispatch; a host with several frames in flight calls it
/// once that frame's fence has signalled, which is the usual point where it recycles the frame's command buffer
/// anyway. A frame whose timings were never collected is simply not reported:
/// the governor then decides on older measurements, it never waits for the GPU.
/// </para>
/// <para>
/// Decisions are also reported through <see cref="DecisionMade"/> (for a HUD or CSV); a change of variant or scale
/// additionally goes to the description's message callback as an info message.
/// </para>
/// </remarks>
public sealed class GovernedVulkanUpscalerContext : UpscalerContext
{
    private readonly VulkanVariantSet _variants;
    private readonly GovernorFrameCycle _cycle;
    private GovernorDecision? _planned;
    private bool _awaitingCompletion;

    private GovernedVulkanUpscalerContext(in UpscalerContextDescription description, VulkanVariantSet variants, BudgetGovernor governor)
        : base(description)
    {
        _variants = variants;
        _cycle = new GovernorFrameCycle(governor);
    }

    /// <summary>Raised with every decision (once per frame), on the thread that plans or dispatches the frame.</summary>
    public event Action<GovernorDecision>? DecisionMade;

    /// <summary>The policy (its options, variants and counters).</summary>
    public BudgetGovernor Governor => _cycle.Governor;

    /// <summary>One context per variant, in the governor's order.</summary>
    public IReadOnlyList<VulkanUpscalerContext> VariantContexts => _variants.Contexts;

    /// <summary>The decision for the frame planned or dispatched last (its render size clamped to the context's limits).</summary>
    public GovernorDecision LastDecision { get; private set; }

    /// <summary>Per-pass GPU times of the frame completed last (empty before the first).</summary>
    public IReadOnlyList<UpscalerPassTiming> LastTimings { get; private set; } = [];

    /// <summary>The upscale GPU time of the frame completed last (sum of its passes), or NaN before the first.</summary>
    public double LastGpuMilliseconds { get; private set; } = double.NaN;

    /// <summary>
    /// Creates the variant contexts (each with timestamps) and the governor. Variants are ordered cheapest first;
    /// a null entry is the spatial fallback.
    /// </summary>
    /// <param name="device">The device.</param>
    /// <param name="description">Sizes and flags shared by every variant (timestamps are always enabled).</param>
    /// <param name="variants">Generators, cheapest first; null for the spatial fallback.</param>
    /// <param name="options">Governor settings (the budget).</param>
    /// <param name="permutation">Forced precision, or null (see <see cref="VulkanUpscalerContext.Create"/>).</param>
    /// <param name="layouts">Host image layouts, or null for the default.</param>
    /// <returns>The context.</returns>
    /// <exception cref="ArgumentNullException">The device, variants or options are null.</exception>
    /// <exception cref="ArgumentException">No variants.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A size or a governor setting is invalid.</exception>
    /// <exception cref="UpscalerException">A variant context could not be created (see <see cref="VulkanUpscalerContext.Create"/>).</exception>
    public static GovernedVulkanUpscalerContext Create(
        VulkanDevice device, in UpscalerContextDescription description, IReadOnlyList<GeneratorWeights?> variants, BudgetGovernorOptions options,
        VulkanPermutation? permutation = null, VulkanImageLayouts? layouts = null)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(variants);
        ArgumentNullException.ThrowIfNull(options);
        if (variants.Count == 0)
        {
            throw new ArgumentException("At least one variant is needed.", nameof(variants));
        }

        description.Validate();
        var governor = new BudgetGovernor(
            [.. variants.Select(w => w is null ? GovernorVariant.Spatial : GovernorVariant.ForGenerator(w.Architecture))], options);
        return new GovernedVulkanUpscalerContext(description, VulkanVariantSet.Create(device, description, variants, permutation, layouts), governor);
    }

    /// <summary>
    /// Decides the next frame: which variant its Dispatch runs and the size to render at. Call before rendering the
    /// frame; without a call, Dispatch plans with the dispatch's render size itself.
    /// </summary>
    /// <param name="requestedRenderSize">The quality mode's render size (at most the maximum render size).</param>
    /// <returns>The decision; render at its <see cref="GovernorDecision.RenderSize"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The size is not positive.</exception>
    /// <exception cref="UpscalerException">The context is disposed.</exception>
    public GovernorDecision PlanFrame(Size2D requestedRenderSize)
    {
        ThrowIfDisposed();
        GovernorDecision decision = _cycle.Decide(requestedRenderSize);
        Size2D max = Description.MaxRenderSize;
        Size2D render = new(
            Math.Clamp(decision.RenderSize.Width, QualityModes.MinimumRenderDimension, max.Width),
            Math.Clamp(decision.RenderSize.Height, QualityModes.MinimumRenderDimension, max.Height));
        decision = decision with { RenderSize = render };
        _planned = decision;
        LastDecision = decision;
        DecisionMade?.Invoke(decision);
        if (decision.IsSwitch)
        {
            Description.MessageCallback?.Invoke(new UpscalerMessage(
                UpscalerMessageSeverity.Info,
                $"Governor: frame {decision.Frame} runs {decision.VariantName} at render scale {decision.RenderScale:F2} ({decision.Reason})."));
        }

        return decision;
    }

    /// <summary>
    /// Reads the GPU timestamps of the frame dispatched last and reports them to the governor. Call once that
    /// frame's work has completed (after its fence); it waits for the results otherwise.
    /// </summary>
    /// <returns>That frame's per-pass timings, or empty when no frame is waiting to be completed.</returns>
    /// <exception cref="UpscalerException">The context is disposed, or a native failure.</exception>
    public IReadOnlyList<UpscalerPassTiming> CompleteFrame()
    {
        ThrowIfDisposed();
        if (!_awaitingCompletion)
        {
            return [];
        }

        _awaitingCompletion = false;
        LastTimings = _variants.ReadLastTimings();
        if (_cycle.Report(LastTimings))
        {
            LastGpuMilliseconds = _cycle.LastReportedMilliseconds;
        }

        return LastTimings;
    }

    /// <inheritdoc />
    protected override void DispatchCore(in UpscalerDispatchDescription dispatch)
    {
        GovernorDecision decision = _planned ?? PlanFrame(dispatch.RenderSize);
        _planned = null;
        _variants.Dispatch(decision.VariantIndex, dispatch);
        _cycle.Ran(decision.VariantIndex, dispatch.RenderSize);
        _awaitingCompletion = true;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing) => _variants.Dispose();
}
