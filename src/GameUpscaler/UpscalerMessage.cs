namespace GameUpscaler;

/// <summary>How serious a message from the upscaler is.</summary>
public enum UpscalerMessageSeverity
{
    /// <summary>Information useful when integrating (chosen device, permutation).</summary>
    Info,

    /// <summary>Something the host should fix but that did not stop the frame (e.g. a fallback was used).</summary>
    Warning,

    /// <summary>A failure that was handled without an exception (e.g. a skipped frame).</summary>
    Error,
}

/// <summary>
/// A per-frame message sent to <see cref="UpscalerContextDescription.MessageCallback"/>: the hot path reports
/// recoverable problems here instead of throwing.
/// </summary>
/// <param name="Severity">How serious it is.</param>
/// <param name="Text">What happened, in words.</param>
public readonly record struct UpscalerMessage(UpscalerMessageSeverity Severity, string Text);
