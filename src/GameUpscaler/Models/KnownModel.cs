namespace GameUpscaler.Models;

/// <summary>A shipped model found in a models folder.</summary>
/// <param name="Name">The file name without extension, usable as <c>--model NAME</c>.</param>
/// <param name="Path">The full path of the .safetensors file.</param>
/// <param name="Description">The architecture in words, or why the file cannot be used.</param>
/// <param name="IsUsable">Whether the file loaded as a generator; when false, <paramref name="Description"/> says why.</param>
public sealed record KnownModel(string Name, string Path, string Description, bool IsUsable = true);
