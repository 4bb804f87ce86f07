namespace GameUpscaler.Inference;

/// <summary>Settings of <see cref="CpuGenerator"/>. Invalid values throw when set.</summary>
public sealed record CpuGeneratorOptions
{
    /// <summary>The default tile edge in input pixels.</summary>
    public const int DefaultTileSize = 128;

    /// <summary>The largest tile edge accepted.</summary>
    public const int MaxTileSize = 4096;

    private readonly int _tileSize = DefaultTileSize;
    private readonly int _maxDegreeOfParallelism = -1;
    private readonly int _maxVectorBits;

    /// <summary>The defaults: 128-pixel tiles, all cores, the widest vectors the CPU accelerates.</summary>
    public static CpuGeneratorOptions Default { get; } = new();

    /// <summary>
    /// Edge of the square input tiles, 1 to <see cref="MaxTileSize"/>. Each tile is computed with a halo of
    /// N + 2 pixels, so larger tiles waste less work on halos and smaller ones keep the feature maps in cache;
    /// results do not depend on it.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside 1 to <see cref="MaxTileSize"/>.</exception>
    public int TileSize
    {
        get => _tileSize;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaxTileSize);
            _tileSize = value;
        }
    }

    /// <summary>Most threads working on tiles at once; −1 (the default) uses every core.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is 0 or below −1.</exception>
    public int MaxDegreeOfParallelism
    {
        get => _maxDegreeOfParallelism;
        init
        {
            if (value is 0 or < -1)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "Use −1 (all cores) or a positive thread count.");
            }

            _maxDegreeOfParallelism = value;
        }
    }

    /// <summary>
    /// Widest vectors to use: 0 (the default) for the widest the CPU accelerates, 512 or 256 to cap it (for tests and
    /// comparisons). Results agree within rounding whatever the width.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not 0, 256 or 512.</exception>
    public int MaxVectorBits
    {
        get => _maxVectorBits;
        init
        {
            if (value is not (0 or 256 or 512))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "Use 0 (widest available), 256 or 512.");
            }

            _maxVectorBits = value;
        }
    }
}
