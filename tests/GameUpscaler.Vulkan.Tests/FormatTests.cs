using System.Runtime.InteropServices;
using GameUpscaler.Imaging;
using GameUpscaler.Inference;

namespace GameUpscaler.Vulkan.Tests;

/// <summary>The input pass's decoding and the finish pass's encoding of every supported image format.</summary>
[Collection("Vulkan")]
public sealed class FormatTests(VulkanFixture fixture)
{
    public static TheoryData<UpscalerFormat, UpscalerFormat> FormatPairs()
    {
        var data = new TheoryData<UpscalerFormat, UpscalerFormat>();
        UpscalerFormat[] formats =
        [
            UpscalerFormat.R8G8B8A8Unorm, UpscalerFormat.R8G8B8A8Srgb, UpscalerFormat.B8G8R8A8Unorm,
            UpscalerFormat.B8G8R8A8Srgb, UpscalerFormat.R16G16B16A16Float, UpscalerFormat.R32G32B32A32Float,
        ];
        for (int i = 0; i < formats.Length; i++)
        {
            // Every format once as input and once as output, paired with a different one.
            data.Add(formats[i], formats[(i + 2) % formats.Length]);
        }

        return data;
    }

    [Fact]
    public void Every_format_maps_to_its_VkFormat_and_back()
    {
        foreach (UpscalerFormat format in Enum.GetValues<UpscalerFormat>().Where(f => f != UpscalerFormat.Undefined))
        {
            Assert.Equal(format, VulkanFormats.FromVk(VulkanFormats.ToVk(format)));
        }

        // Formats the backend neither reads nor writes are Undefined, never a near miss.
        Assert.Equal(UpscalerFormat.Undefined, VulkanFormats.FromVk(Silk.NET.Vulkan.Format.D32Sfloat));
        Assert.Equal(UpscalerFormat.Undefined, VulkanFormats.FromVk(Silk.NET.Vulkan.Format.R8G8B8Unorm));
    }

    [Theory]
    [MemberData(nameof(FormatPairs))]
    public void Formats_round_trip_through_the_generator(UpscalerFormat input, UpscalerFormat output)
    {
        var weights = GeneratorTests.RandomModel(2, channels: 4, bodyConvs: 1, seed: 3);
        var render = new Size2D(10, 8);
        var display = new Size2D(20, 16);
        PlanarImage color = TestData.Image(render.Width, render.Height, 4, seed: 31);
        byte[] colorBytes = Encode(color, input);
        PlanarImage decoded = Decode(colorBytes, input, render); // what the GPU sees after the input format's rounding

        PlanarImage expected = FrameReference.Upscale(weights, decoded, display, 0.3f, hdr: false, hud: null);
        using var upscaler = new VulkanOfflineUpscaler(fixture.Device, weights, VulkanPermutation.Float32);
        byte[] result = upscaler.Run(colorBytes, input, render, display, output, sharpness: 0.3f);
        PlanarImage actual = Decode(result, output, display);
        PlanarImage expectedStored = Decode(Encode(expected, output), output, display);

        // 8-bit outputs may round the other way at a .5 boundary; fp16 keeps 11 significant bits.
        double tolerance = output switch
        {
            UpscalerFormat.R32G32B32A32Float => TestData.Fp32Tolerance,
            UpscalerFormat.R16G16B16A16Float => 1e-3,
            _ => (1.0 / 255) + 1e-6,
        };
        TestData.AssertClose(expectedStored.Data, actual.Data, tolerance, $"{input} -> {output}");
        fixture.AssertValidationSilent();
    }

    /// <summary>RGBA planes to packed pixels as the format stores them (8-bit: clamp and round like PlanarImage.ToByte).</summary>
    internal static byte[] Encode(PlanarImage image, UpscalerFormat format)
    {
        int n = image.PlaneLength;
        float Sample(int i, int c) => c < image.Channels ? image.Data[(c * n) + i] : 1f;
        switch (format)
        {
            case UpscalerFormat.R32G32B32A32Float:
            {
                var values = new float[n * 4];
                for (int i = 0; i < n; i++)
                {
                    for (int c = 0; c < 4; c++)
                    {
                        values[(i * 4) + c] = Sample(i, c);
                    }
                }

                return MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
            }

            case UpscalerFormat.R16G16B16A16Float:
            {
                var values = new Half[n * 4];
                for (int i = 0; i < n; i++)
                {
                    for (int c = 0; c < 4; c++)
                    {
                        values[(i * 4) + c] = (Half)Sample(i, c);
                    }
                }

                return MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
            }

            default:
            {
                bool bgra = format is UpscalerFormat.B8G8R8A8Unorm or UpscalerFormat.B8G8R8A8Srgb;
                var bytes = new byte[n * 4];
                for (int i = 0; i < n; i++)
                {
                    for (int c = 0; c < 4; c++)
                    {
                        int channel = bgra && c < 3 ? 2 - c : c;
                        bytes[(i * 4) + c] = PlanarImage.ToByte(Sample(i, channel));
                    }
                }

                return bytes;
            }
        }
    }

    internal static PlanarImage Decode(byte[] bytes, UpscalerFormat format, Size2D size)
    {
        var image = new PlanarImage(size.Width, size.Height, 4);
        int n = image.PlaneLength;
        bool bgra = format is UpscalerFormat.B8G8R8A8Unorm or UpscalerFormat.B8G8R8A8Srgb;
        for (int i = 0; i < n; i++)
        {
            for (int c = 0; c < 4; c++)
            {
                float value = format switch
                {
                    UpscalerFormat.R32G32B32A32Float => BitConverter.ToSingle(bytes, ((i * 4) + c) * 4),
                    UpscalerFormat.R16G16B16A16Float => (float)BitConverter.ToHalf(bytes, ((i * 4) + c) * 2),
                    _ => bytes[(i * 4) + (bgra && c < 3 ? 2 - c : c)] * (1f / 255f),
                };
                image.Data[(c * n) + i] = value;
            }
        }

        return image;
    }
}
