namespace GameUpscaler.Training.Data;

/// <summary>What <see cref="PatchPairSampler"/> cuts: patch geometry and the mix of degradations.</summary>
public sealed record PatchSamplerOptions
{
    /// <summary>Upscale factor s.</summary>
    public int Scale { get; init; } = 2;

    /// <summary>Side of a low-resolution patch in pixels (the high-resolution side is s times it).</summary>
    public int PatchSize { get; init; } = 48;

    /// <summary>Patches per batch.</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>
    /// Relative weights of the degradations. Bicubic dominates because the Set5/Set14 targets are measured with it;
    /// rendered scenes and point sampling teach the model what an aliased game frame looks like.
    /// </summary>
    public IReadOnlyDictionary<Degradation, double> Mix { get; init; } = new Dictionary<Degradation, double>
    {
        [Degradation.Bicubic] = 0.85,
        [Degradation.Box] = 0.05,
        [Degradation.Point] = 0.05,
        [Degradation.RenderedScene] = 0.05,
    };

    /// <summary>
    /// Fraction of natural-image patches cut from the corpus' seamless textures (tiled) instead of its images; 0 keeps
    /// the stream of a run without textures unchanged.
    /// </summary>
    public double TextureShare { get; init; }

    /// <summary>Seed of the data stream; batch k is a function of (seed, k) alone, so a resumed run sees the same data.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Throws on inconsistent values.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (Scale is < 2 or > 4)
        {
            throw new ArgumentException($"Scale must be 2, 3 or 4 (got {Scale}).");
        }

        if (PatchSize is < 8 or > 512)
        {
            throw new ArgumentException($"Patch size must be 8 to 512 pixels (got {PatchSize}).");
        }

        if (BatchSize is < 1 or > 1024)
        {
            throw new ArgumentException($"Batch size must be 1 to 1024 (got {BatchSize}).");
        }

        if (TextureShare is < 0 or > 1 || double.IsNaN(TextureShare))
        {
            throw new ArgumentException($"The texture share must be 0 to 1 (got {TextureShare}).");
        }

        if (Mix.Count == 0 || Mix.Values.Any(w => w < 0 || !double.IsFinite(w)) || Mix.Values.Sum() <= 0)
        {
            throw new ArgumentException("The degradation mix needs non-negative weights with a positive sum.");
        }
    }
}
