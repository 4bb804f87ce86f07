namespace GameUpscaler.Models.Onnx;

/// <summary>Settings of <see cref="OnnxExporter"/>. Invalid values throw when set.</summary>
public sealed record OnnxExportOptions
{
    /// <summary>The lowest opset the exported graph is valid for (Resize with scales, DepthToSpace CRD mode).</summary>
    public const int MinimumOpset = 13;

    /// <summary>The highest opset this exporter writes; the five operators it uses are unchanged up to it.</summary>
    public const int MaximumOpset = 21;

    private readonly int _opset = MinimumOpset;
    private readonly int? _width;
    private readonly int? _height;

    /// <summary>The defaults: opset 13, symbolic height and width (one file for every resolution).</summary>
    public static OnnxExportOptions Default { get; } = new();

    /// <summary>The ONNX opset to declare, <see cref="MinimumOpset"/> to <see cref="MaximumOpset"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is outside the supported range.</exception>
    public int Opset
    {
        get => _opset;
        init
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, MinimumOpset);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, MaximumOpset);
            _opset = value;
        }
    }

    /// <summary>
    /// A fixed input width in pixels, or null for a symbolic <c>width</c> dimension. Fixed shapes let execution
    /// providers such as DirectML plan memory once, which is why the runtime exports one graph per resolution.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive.</exception>
    public int? Width
    {
        get => _width;
        init
        {
            if (value is not null)
            {
                ArgumentOutOfRangeException.ThrowIfLessThan(value.Value, 1);
            }

            _width = value;
        }
    }

    /// <summary>A fixed input height in pixels, or null for a symbolic <c>height</c> dimension.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive.</exception>
    public int? Height
    {
        get => _height;
        init
        {
            if (value is not null)
            {
                ArgumentOutOfRangeException.ThrowIfLessThan(value.Value, 1);
            }

            _height = value;
        }
    }
}
