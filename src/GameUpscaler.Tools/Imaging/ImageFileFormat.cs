namespace GameUpscaler.Imaging;

/// <summary>The image file formats <see cref="ImageFile"/> reads, told apart by their signatures.</summary>
public enum ImageFileFormat
{
    /// <summary>Neither of the formats below.</summary>
    Unknown,

    /// <summary>PNG: the file starts with 89 50 4E 47 0D 0A 1A 0A.</summary>
    Png,

    /// <summary>JPEG: the file starts with the SOI marker FF D8.</summary>
    Jpeg,
}
