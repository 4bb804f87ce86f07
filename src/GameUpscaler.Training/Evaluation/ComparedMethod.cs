using GameUpscaler.Evaluation;

namespace GameUpscaler.Training.Evaluation;

/// <summary>A method to compare, with what the report says about it.</summary>
/// <param name="Method">The method; its <see cref="IUpscaleMethod.Name"/> must be unique within the comparison.</param>
/// <param name="Role">What it is (the time-ratio table divides diffusion times by generator times).</param>
/// <param name="Description">One line for the report, e.g. the architecture and backend.</param>
public sealed record ComparedMethod(IUpscaleMethod Method, ComparisonRole Role, string Description)
{
    /// <summary>The sampling steps K of a diffusion method; null for other methods.</summary>
    public int? Steps { get; init; }

    /// <summary>The model files behind the method, with their SHA-256; empty for methods without one.</summary>
    public IReadOnlyList<ComparisonReport.ModelFile> Files { get; init; } = [];
}
