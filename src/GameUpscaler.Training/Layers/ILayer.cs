namespace GameUpscaler.Training.Layers;

/// <summary>
/// A differentiable layer. <see cref="Forward"/> remembers what the backward pass needs; <see cref="Backward"/> takes
/// d loss / d output of the latest forward pass, accumulates parameter gradients and returns d loss / d input.
/// </summary>
public interface ILayer
{
    /// <summary>The layer's trainable parameters (empty for parameter-free layers).</summary>
    IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>Computes the output and keeps what <see cref="Backward"/> needs.</summary>
    Tensor Forward(Tensor input);

    /// <summary>Back-propagates through the latest <see cref="Forward"/> call.</summary>
    /// <exception cref="InvalidOperationException">No forward pass came first.</exception>
    Tensor Backward(Tensor outputGradient);
}
