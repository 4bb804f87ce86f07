namespace GameUpscaler.Scene;

/// <summary>The sample's own SPIR-V (Shaders/permutations.txt), embedded at build time like the backend's.</summary>
internal static class SampleShaders
{
    public static uint[] Get(string name)
    {
        using Stream stream = typeof(SampleShaders).Assembly.GetManifestResourceStream($"spirv/{name}.spv")
            ?? throw new InvalidOperationException($"The shader '{name}' is not embedded in this build of the sample.");
        byte[] bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        uint[] words = new uint[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, words, 0, words.Length * 4);
        return words;
    }
}
