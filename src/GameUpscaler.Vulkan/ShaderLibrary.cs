namespace GameUpscaler.Vulkan;

/// <summary>
/// The SPIR-V modules embedded at build time (shaders/permutations.txt), looked up by permutation name, e.g.
/// <c>conv3x3_sfp16_afp16</c>.
/// </summary>
internal static class ShaderLibrary
{
    private static readonly Dictionary<string, uint[]> Cache = new(StringComparer.Ordinal);
    private static readonly Lock CacheLock = new();

    public static uint[] Get(string name)
    {
        lock (CacheLock)
        {
            if (Cache.TryGetValue(name, out uint[]? words))
            {
                return words;
            }

            using Stream stream = typeof(ShaderLibrary).Assembly.GetManifestResourceStream($"spirv/{name}.spv")
                ?? throw new InvalidOperationException($"The shader '{name}' is not embedded in this build of the backend.");
            byte[] bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            words = new uint[bytes.Length / 4];
            Buffer.BlockCopy(bytes, 0, words, 0, words.Length * 4);
            Cache.Add(name, words);
            return words;
        }
    }

    /// <summary>Names of every embedded module.</summary>
    public static IEnumerable<string> Names =>
        typeof(ShaderLibrary).Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("spirv/", StringComparison.Ordinal))
            .Select(n => n["spirv/".Length..^".spv".Length]);
}
