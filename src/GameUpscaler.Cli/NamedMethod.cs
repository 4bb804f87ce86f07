namespace GameUpscaler.Cli;

using GameUpscaler.Evaluation;
using GameUpscaler.Imaging;

/// <summary>A method under a chosen name (the model's file name tells the L1 and GAN twins apart).</summary>
internal sealed class NamedMethod(string name, IUpscaleMethod inner) : IUpscaleMethod
{
    public string Name => name;

    public Image8 Upscale(Image8 lowResolution, Size2D outputSize) => inner.Upscale(lowResolution, outputSize);
}
