namespace GameUpscaler.Training.Data;

/// <summary>A file that <see cref="ImageCorpus"/> did not load.</summary>
/// <param name="Path">The file.</param>
/// <param name="Reason">Why, in words.</param>
/// <param name="Excluded">True when <see cref="EvaluationDataGuard"/> refused it (an evaluation image or a screenshot of
/// an evaluation kind), false for ordinary reasons (undecodable, too small, over the memory budget).</param>
public sealed record SkippedFile(string Path, string Reason, bool Excluded);
