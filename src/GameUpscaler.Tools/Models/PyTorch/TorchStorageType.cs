namespace GameUpscaler.Models.PyTorch;

/// <summary>
/// A <c>torch.*Storage</c> class as a checkpoint's pickle names it, with its element type. Only the floating-point
/// types a generator can be trained in are read; the others are known so that a refusal can name the type.
/// </summary>
internal sealed record TorchStorageType(string Name, string DType, int ElementSize, bool Readable)
{
    public static readonly TorchStorageType Float = new("FloatStorage", "float32", 4, true);
    public static readonly TorchStorageType Half = new("HalfStorage", "float16", 2, true);
    public static readonly TorchStorageType BFloat16 = new("BFloat16Storage", "bfloat16", 2, true);

    private static readonly Dictionary<string, TorchStorageType> Known = new TorchStorageType[]
    {
        Float, Half, BFloat16,
        new("DoubleStorage", "float64", 8, false),
        new("LongStorage", "int64", 8, false),
        new("IntStorage", "int32", 4, false),
        new("ShortStorage", "int16", 2, false),
        new("CharStorage", "int8", 1, false),
        new("ByteStorage", "uint8", 1, false),
        new("BoolStorage", "bool", 1, false),
        new("ComplexFloatStorage", "complex64", 8, false),
        new("ComplexDoubleStorage", "complex128", 16, false),
        new("QInt8Storage", "qint8", 1, false),
        new("QUInt8Storage", "quint8", 1, false),
        new("QInt32Storage", "qint32", 4, false),
        new("QUInt4x2Storage", "quint4x2", 1, false),
        new("QUInt2x4Storage", "quint2x4", 1, false),
        new("UntypedStorage", "untyped bytes", 1, false),
    }.ToDictionary(t => t.Name, StringComparer.Ordinal);

    /// <summary>The storage class <c>torch.NAME</c>, or null when there is none of that name.</summary>
    public static TorchStorageType? Find(string name) => Known.GetValueOrDefault(name);

    /// <summary>How the type reads in messages: <c>torch.DoubleStorage (float64)</c>.</summary>
    public override string ToString() => $"torch.{Name} ({DType})";
}
