using GameUpscaler.Hooks;

namespace GameUpscaler.Governor;

/// <summary>
/// The one governed frame loop every multi-variant host shares (the governed context and the render-pipeline hook's
/// budget policy): decide a frame, note which variant and render size it actually ran with, and report that frame's
/// measured GPU time once, under the variant and size it ran with, when its timings arrive.
/// </summary>
/// <remarks>
/// Keeping "decided" and "ran" apart matters: a host may clamp the decided size, or run a variant without asking (the
/// player's spatial choice is a ceiling), and the governor must learn from what ran, not from what it proposed.
/// Timings are reported once: handing the same list again (no new frame was read) reports nothing.
/// </remarks>
public sealed class GovernorFrameCycle
{
    private (int Variant, Size2D RenderSize)? _ran;
    private IReadOnlyList<UpscalerPassTiming>? _lastReported;

    /// <param name="governor">The governor whose variants the host's variant indices refer to.</param>
    /// <exception cref="ArgumentNullException">The governor is null.</exception>
    public GovernorFrameCycle(BudgetGovernor governor)
    {
        ArgumentNullException.ThrowIfNull(governor);
        Governor = governor;
    }

    /// <summary>The governor.</summary>
    public BudgetGovernor Governor { get; }

    /// <summary>The GPU time reported last (the sum of a frame's passes), NaN before the first report.</summary>
    public double LastReportedMilliseconds { get; private set; } = double.NaN;

    /// <summary>Asks the governor for the next frame's variant and render size.</summary>
    /// <param name="requestedRenderSize">The quality mode's render size.</param>
    /// <exception cref="ArgumentOutOfRangeException">The size is not positive.</exception>
    public GovernorDecision Decide(Size2D requestedRenderSize) => Governor.Decide(requestedRenderSize);

    /// <summary>Notes the variant and render size the frame being recorded runs with (replacing an unreported one).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The index is not one of the governor's variants.</exception>
    public void Ran(int variantIndex, Size2D renderSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(variantIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(variantIndex, Governor.Variants.Count);
        _ran = (variantIndex, renderSize);
    }

    /// <summary>
    /// Reports the per-pass GPU times of the frame noted last with <see cref="Ran"/>; nothing when no frame is noted,
    /// the list is empty, or it is the list reported before.
    /// </summary>
    /// <returns>Whether a frame was reported.</returns>
    /// <exception cref="ArgumentNullException">The list is null.</exception>
    public bool Report(IReadOnlyList<UpscalerPassTiming> timings)
    {
        ArgumentNullException.ThrowIfNull(timings);
        if (_ran is not { } ran || timings.Count == 0 || ReferenceEquals(timings, _lastReported))
        {
            return false;
        }

        double milliseconds = 0;
        foreach (UpscalerPassTiming pass in timings)
        {
            milliseconds += pass.Milliseconds;
        }

        Governor.ReportFrame(ran.Variant, ran.RenderSize, milliseconds);
        _ran = null;
        _lastReported = timings;
        LastReportedMilliseconds = milliseconds;
        return true;
    }
}
