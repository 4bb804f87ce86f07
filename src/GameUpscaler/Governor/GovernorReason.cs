namespace GameUpscaler.Governor;

/// <summary>Why the governor made its decision for a frame (shown in the HUD and the CSV).</summary>
public enum GovernorReason
{
    /// <summary>Nothing measured yet: the initial variant.</summary>
    Initial,

    /// <summary>The current choice fits; nothing changes.</summary>
    Hold,

    /// <summary>The smoothed cost predicts the current variant will exceed the budget (drift, or more pixels after a mode change): switched down.</summary>
    PredictedOverrun,

    /// <summary>Consecutive measured frames exceeded the budget: switched down.</summary>
    RepeatedOverrun,

    /// <summary>Sustained headroom: switched up one variant.</summary>
    Headroom,

    /// <summary>Even the cheapest variant does not fit: the render scale was lowered (dynamic resolution).</summary>
    ResolutionDown,

    /// <summary>Sustained headroom at a lowered render scale: the scale was raised one step.</summary>
    ResolutionUp,
}
