namespace GameUpscaler.Imaging;

/// <summary>An image file as <see cref="ImageFile.LoadWithInfo(string, long)"/> read it.</summary>
/// <param name="Image">The pixels: 8-bit RGB, or RGBA for a PNG with transparency.</param>
/// <param name="Format">The format the file's signature names.</param>
/// <param name="IsGrayscaleSource">
/// The file stores one channel of color: a gray or gray + alpha PNG, or a one-component JPEG. Evaluation scores such
/// files on their gray value (see <see cref="Metrics.LumaImage.FromRgb"/>).
/// </param>
public sealed record LoadedImage(Image8 Image, ImageFileFormat Format, bool IsGrayscaleSource);
