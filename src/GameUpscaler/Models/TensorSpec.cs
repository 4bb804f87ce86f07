using System.Globalization;

namespace GameUpscaler.Models;

/// <summary>The name and shape of one tensor of a model.</summary>
public sealed class TensorSpec
{
    private readonly int[] _shape;

    /// <summary>Creates a tensor description.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ArgumentException">The name is empty or a dimension is negative.</exception>
    public TensorSpec(string name, IReadOnlyList<int> shape)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(shape);
        long count = 1;
        foreach (int dim in shape)
        {
            if (dim < 0)
            {
                throw new ArgumentException($"Tensor '{name}' has a negative dimension.", nameof(shape));
            }

            count *= dim;
        }

        Name = name;
        _shape = [.. shape];
        ElementCount = count;
    }

    /// <summary>The tensor's name, e.g. <c>body.0.weight</c>.</summary>
    public string Name { get; }

    /// <summary>The dimensions, outermost first (PyTorch order).</summary>
    public IReadOnlyList<int> Shape => _shape;

    /// <summary>Product of the dimensions.</summary>
    public long ElementCount { get; }

    /// <summary>Formats a shape as <c>[16, 3, 3, 3]</c>.</summary>
    public static string FormatShape(IEnumerable<long> shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return "[" + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";
    }

    /// <summary>The name and shape, e.g. <c>body.0.weight [16, 3, 3, 3]</c>.</summary>
    public override string ToString() => $"{Name} {FormatShape(_shape.Select(d => (long)d))}";
}
