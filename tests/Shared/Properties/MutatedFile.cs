namespace GameUpscaler.Tests;

/// <summary>A valid file with mutations applied in order; prints as what was done, not as its bytes.</summary>
/// <param name="Source">Index of the valid file it started from.</param>
/// <param name="Mutations">The changes, in order.</param>
/// <param name="Bytes">The result.</param>
internal sealed record MutatedFile(int Source, Mutation[] Mutations, byte[] Bytes)
{
    /// <inheritdoc />
    public override string ToString() => $"file {Source}, {string.Join("; ", Mutations.Select(m => m.ToString()))} -> {Bytes.Length} bytes";
}
