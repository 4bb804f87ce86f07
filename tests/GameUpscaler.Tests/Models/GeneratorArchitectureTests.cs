using GameUpscaler.Models;
using Xunit;

namespace GameUpscaler.Tests.Models;

public sealed class GeneratorArchitectureTests
{
    [Theory]
    [InlineData(2, 16, 4, 11_376)] // DESIGN.md: "C=16, N=4 is ≈ 11k"
    [InlineData(4, 64, 16, 619_200)] // Real-ESRGAN animevideov3: "≈ 600k"
    [InlineData(1, 1, 0, 54)]
    public void Macs_per_input_pixel_follow_the_formula(int scale, int channels, int bodyConvs, long expected)
    {
        var arch = new GeneratorArchitecture(scale, channels, bodyConvs);
        Assert.Equal(9L * ((3 * channels) + (bodyConvs * channels * channels) + (3 * scale * scale * channels)), arch.MacsPerInputPixel);
        Assert.Equal(expected, arch.MacsPerInputPixel);
    }

    [Fact]
    public void Parameter_count_matches_real_esrgan_animevideov3()
    {
        // SRVGGNetCompact(num_feat=64, num_conv=16, upscale=4, act_type='prelu'): 621,424 parameters.
        Assert.Equal(621_424, new GeneratorArchitecture(4, 64, 16).ParameterCount);
    }

    [Fact]
    public void Tensors_use_real_esrgan_names_and_oihw_shapes()
    {
        var arch = new GeneratorArchitecture(3, 8, 2);
        string[] expected =
        [
            "body.0.weight [8, 3, 3, 3]", "body.0.bias [8]", "body.1.weight [8]",
            "body.2.weight [8, 8, 3, 3]", "body.2.bias [8]", "body.3.weight [8]",
            "body.4.weight [8, 8, 3, 3]", "body.4.bias [8]", "body.5.weight [8]",
            "body.6.weight [27, 8, 3, 3]", "body.6.bias [27]",
        ];
        Assert.Equal(expected, arch.GetTensorSpecs().Select(t => t.ToString()));
        Assert.Equal(arch.GetTensorSpecs().Sum(t => t.ElementCount), arch.ParameterCount);
    }

    [Fact]
    public void Without_body_convs_the_last_conv_is_body_2()
    {
        var arch = new GeneratorArchitecture(2, 4, 0);
        Assert.Equal(
            ["body.0.weight", "body.0.bias", "body.1.weight", "body.2.weight", "body.2.bias"],
            arch.GetTensorSpecs().Select(t => t.Name));
        Assert.Equal(2, arch.ReceptiveRadius);
        Assert.Equal(12, arch.OutputConvChannels);
    }

    [Theory]
    [InlineData(0, 16, 4)]
    [InlineData(5, 16, 4)]
    [InlineData(2, 0, 4)]
    [InlineData(2, 257, 4)]
    [InlineData(2, 16, -1)]
    [InlineData(2, 16, 65)]
    public void Rejects_out_of_range_values(int scale, int channels, int bodyConvs)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new GeneratorArchitecture(scale, channels, bodyConvs));
    }

    [Fact]
    public void Equality_and_description()
    {
        Assert.Equal(new GeneratorArchitecture(2, 16, 4), new GeneratorArchitecture(2, 16, 4));
        Assert.NotEqual(new GeneratorArchitecture(2, 16, 4), new GeneratorArchitecture(2, 16, 5));
        Assert.Equal("srvgg x2 C16 N4", new GeneratorArchitecture(2, 16, 4).ToString());
    }
}
