namespace GameUpscaler.Training.Diffusion;

/// <summary>
/// The Transformer's sinusoidal position encoding applied to the timestep, as in DDPM: for k &lt; D/2,
/// e[k] = sin(t·ω_k) and e[D/2 + k] = cos(t·ω_k) with ω_k = 10000^(−k/(D/2)). Fixed (not learned): the learned part is
/// each block's linear map from e to its scale and shift.
/// </summary>
public static class TimestepEmbedding
{
    /// <summary>Writes the embedding of <paramref name="timestep"/> to <paramref name="destination"/> (its length is D, even).</summary>
    /// <exception cref="ArgumentException">The destination length is odd or zero.</exception>
    public static void Compute(int timestep, Span<float> destination)
    {
        if (destination.Length == 0 || destination.Length % 2 != 0)
        {
            throw new ArgumentException($"The embedding needs an even, positive size; got {destination.Length}.", nameof(destination));
        }

        int half = destination.Length / 2;
        for (int k = 0; k < half; k++)
        {
            double frequency = Math.Exp(-Math.Log(10000.0) * k / half);
            (double sin, double cos) = Math.SinCos(timestep * frequency);
            destination[k] = (float)sin;
            destination[half + k] = (float)cos;
        }
    }

    /// <summary>The embeddings of a batch of timesteps as a [B, D, 1, 1] tensor.</summary>
    public static Tensor Compute(ReadOnlySpan<int> timesteps, int dims)
    {
        var embedding = new Tensor(timesteps.Length, dims, 1, 1);
        for (int b = 0; b < timesteps.Length; b++)
        {
            Compute(timesteps[b], embedding.GetImage(b));
        }

        return embedding;
    }
}
