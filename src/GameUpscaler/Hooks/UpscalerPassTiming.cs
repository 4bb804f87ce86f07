namespace GameUpscaler.Hooks;

/// <summary>GPU time of one pass of a recorded frame, in a backend-neutral form (policies and HUDs read it).</summary>
/// <param name="Label">The pass (e.g. <c>conv 2</c>, <c>reconstruct</c>, <c>finish</c>).</param>
/// <param name="Milliseconds">GPU time between the pass's start and end timestamps.</param>
public readonly record struct UpscalerPassTiming(string Label, double Milliseconds);
