namespace GameUpscaler.Models;

/// <summary>
/// The safetensors container of every model kind, for assemblies that define their own kinds (the trainer's
/// diffusion denoiser): metadata plus named tensors, with the same bounds, UTF-8 and size checks as the generator's
/// files. The generator's own reading and writing is <see cref="GeneratorWeights"/>.
/// </summary>
public static class SafetensorsFile
{
    /// <summary>
    /// Reads the metadata and tensors of <paramref name="file"/>; <paramref name="layout"/> turns the metadata into the
    /// tensors expected (checked for names, shapes and bounds) and a description for messages.
    /// </summary>
    /// <param name="file">The file's bytes.</param>
    /// <param name="fileName">The name that error messages start with.</param>
    /// <param name="missingMetadataHint">Completes the message for a file without <c>__metadata__</c>.</param>
    /// <param name="layout">Metadata → expected tensors and a description of the model.</param>
    /// <exception cref="ModelFormatException">The bytes are malformed or do not match the layout.</exception>
    public static (Dictionary<string, string> Metadata, Dictionary<string, float[]> Tensors) ReadTensors(
        ReadOnlySpan<byte> file,
        string? fileName,
        string missingMetadataHint,
        Func<Dictionary<string, string>, (IReadOnlyList<TensorSpec> Specs, string Description)> layout) =>
        SafetensorsCodec.ReadTensors(file, fileName, missingMetadataHint, layout);

    /// <summary>
    /// Reads the metadata and tensors of <paramref name="file"/> when the layout follows from the tensors' shapes (a
    /// state dict saved by <c>safetensors.torch.save_file</c>, which may have no <c>__metadata__</c> at all):
    /// <paramref name="layout"/> gets the metadata and every tensor's declared shape (name → dimensions; an entry
    /// whose shape is malformed is left out and reported once the entries are checked against the specs returned).
    /// </summary>
    /// <param name="file">The file's bytes.</param>
    /// <param name="fileName">The name that error messages start with.</param>
    /// <param name="missingMetadataHint">Completes the message for a file without <c>__metadata__</c>; null when metadata is optional (then it is empty).</param>
    /// <param name="layout">Metadata and declared shapes → expected tensors and a description of the model.</param>
    /// <exception cref="ModelFormatException">The bytes are malformed or do not match the layout.</exception>
    public static (Dictionary<string, string> Metadata, Dictionary<string, float[]> Tensors) ReadTensors(
        ReadOnlySpan<byte> file,
        string? fileName,
        string? missingMetadataHint,
        Func<Dictionary<string, string>, IReadOnlyDictionary<string, long[]>, (IReadOnlyList<TensorSpec> Specs, string Description)> layout) =>
        SafetensorsCodec.ReadTensors(file, fileName, missingMetadataHint, layout);

    /// <summary>
    /// The file's bytes: <paramref name="metadata"/> in the given order, then the tensors of <paramref name="specs"/>
    /// in order, each read through <paramref name="tensor"/> (deterministic bytes).
    /// </summary>
    /// <exception cref="InvalidOperationException">A value is not finite (or not representable in F16), or metadata holds a lone UTF-16 surrogate.</exception>
    public static byte[] WriteTensors(
        IReadOnlyList<KeyValuePair<string, string>> metadata,
        IReadOnlyList<TensorSpec> specs,
        Func<string, float[]> tensor,
        string description,
        TensorDataType dataType) =>
        SafetensorsCodec.WriteTensors(metadata, specs, tensor, description, dataType);

    /// <summary>Reads a model stream to its end, refusing more than <see cref="GeneratorWeights.MaxFileBytes"/>.</summary>
    /// <exception cref="ModelFormatException">The stream is larger than a model file may be.</exception>
    public static byte[] ReadStream(Stream stream, string? name) => GeneratorWeights.ReadAll(stream, name);
}
