using GameUpscaler.Imaging;
using GameUpscaler.Temporal;

namespace GameUpscaler.Tests;

/// <summary>
/// The temporal generator's output history (<see cref="OutputHistory"/>) on hand-made frames: the blend where the
/// accumulation has converged, none after a reset, none where history is unconfident, reprojection along the motion,
/// and the neighbourhood clamp that keeps a stale frame from lingering. Frames are a flat 0.5 plus a pattern (the
/// network's "correction"). Tolerance 1e-5 (fp32 sums).
/// </summary>
public sealed class OutputHistoryTests
{
    private static readonly Size2D Render = new(4, 3);
    private const int Scale = 2;
    private const int GridWidth = 8, GridHeight = 6, Pixels = GridWidth * GridHeight;
    private const float Cap = 8f;

    private static PlanarImage Frame(Func<int, int, float> pattern)
    {
        var grid = new PlanarImage(GridWidth, GridHeight, 3);
        for (int y = 0; y < GridHeight; y++)
        {
            for (int x = 0; x < GridWidth; x++)
            {
                for (int c = 0; c < 3; c++)
                {
                    grid[x, y, c] = 0.5f + pattern(x, y);
                }
            }
        }

        return grid;
    }

    private static float[] Weights(float w) => Enumerable.Repeat(w, Pixels).ToArray();

    private static float[] Motion(float mx, float my) => [.. Enumerable.Range(0, (int)Render.Area).SelectMany(_ => new[] { mx, my })];

    [Fact]
    public void A_stale_frame_outside_the_new_range_is_clamped_so_a_uniform_change_shows_at_once()
    {
        var history = new OutputHistory(Render, Scale);
        PlanarImage first = Frame((_, _) => 0.1f);
        history.Apply(first, Weights(Cap), Cap, Motion(0, 0), 0.25f, reset: true);
        Assert.Equal(0.6f, first[3, 2, 0], 1e-5f); // a reset shows the network's output

        PlanarImage second = Frame((_, _) => 0.2f);
        history.Apply(second, Weights(Cap), Cap, Motion(0, 0), 0.25f, reset: false);
        // This frame's 3×3 range is [0.2, 0.2]: the previous 0.1 is clamped to it, nothing of it lingers.
        Assert.Equal(0.7f, second[3, 2, 0], 1e-5f);
    }

    [Fact]
    public void A_frame_inside_the_neighbourhood_range_is_averaged_and_an_unconfident_pixel_is_not()
    {
        var history = new OutputHistory(Render, Scale);
        // A checkerboard of ±0.1 whose phase flips every frame (the jitter-phase flicker): every 3×3 range is [−0.1, 0.1].
        float Checker(int x, int y, int t) => ((x + y + t) & 1) == 0 ? 0.1f : -0.1f;
        PlanarImage first = Frame((x, y) => Checker(x, y, 0));
        history.Apply(first, Weights(Cap), Cap, Motion(0, 0), 0.25f, reset: true);
        PlanarImage second = Frame((x, y) => Checker(x, y, 1));
        float[] weights = Weights(Cap);
        weights[(2 * GridWidth) + 3] = 0; // one pixel whose history was just reset
        history.Apply(second, weights, Cap, Motion(0, 0), 0.25f, reset: false);
        // (4, 2): this frame −0.1, last +0.1 → 0.25·(−0.1) + 0.75·0.1 = 0.05.
        Assert.Equal(0.55f, second[4, 2, 1], 1e-5f);
        // (3, 2): confidence 0 → its own output (0.5 + 0.1).
        Assert.Equal(0.6f, second[3, 2, 1], 1e-5f);
        Assert.Equal(0.55f, history.LastShown[(((2 * GridWidth) + 4) * 3) + 1], 1e-5f);
    }

    [Fact]
    public void The_previous_frame_is_read_where_the_motion_vector_points()
    {
        var history = new OutputHistory(Render, Scale);
        // Last frame: a vertical stripe of +0.2 at grid column 2; it moves one render pixel (two grid pixels) right.
        PlanarImage first = Frame((x, _) => x == 2 ? 0.2f : 0f);
        history.Apply(first, Weights(Cap), Cap, Motion(0, 0), 0.5f, reset: true);
        // This frame: a ±0.3 checkerboard, so that no 3×3 range clamps the previous frame.
        float Checker(int x, int y) => ((x + y) & 1) == 0 ? 0.3f : -0.3f;
        PlanarImage second = Frame(Checker);
        history.Apply(second, Weights(Cap), Cap, Motion(-1, 0), 0.5f, reset: false);
        // Column 4 reads the stripe (previous column 2), column 2 reads previous column 0 (nothing).
        Assert.Equal(0.5f + (0.5f * Checker(4, 1)) + (0.5f * 0.2f), second[4, 1, 0], 1e-5f);
        Assert.Equal(0.5f + (0.5f * Checker(2, 1)), second[2, 1, 0], 1e-5f);
        // Column 0 would read column −2: off screen, its own output.
        Assert.Equal(0.5f + Checker(0, 1), second[0, 1, 0], 1e-5f);
    }

    [Fact]
    public void A_blend_of_one_leaves_the_network_output_as_it_is()
    {
        var history = new OutputHistory(Render, Scale);
        var random = new Random(3);
        float[] values = [.. Enumerable.Range(0, Pixels).Select(_ => (float)random.NextDouble() * 0.2f - 0.1f)];
        for (int t = 0; t < 3; t++)
        {
            PlanarImage grid = Frame((x, y) => values[(y * GridWidth) + x] * (t + 1));
            float[] before = [.. grid.Data];
            history.Apply(grid, Weights(Cap), Cap, Motion(0.3f, -0.2f), 1f, reset: t == 0);
            Assert.Equal(before, grid.Data);
        }
    }

    [Fact]
    public void Wrong_sizes_are_refused()
    {
        var history = new OutputHistory(Render, Scale);
        PlanarImage grid = Frame((_, _) => 0f);
        Assert.Throws<ArgumentException>(() => history.Apply(grid, Weights(Cap), Cap, new float[6], 0.1f, reset: false));
        Assert.Throws<ArgumentException>(() => history.Apply(new PlanarImage(4, 3, 3), Weights(Cap), Cap, Motion(0, 0), 0.1f, reset: false));
    }
}
