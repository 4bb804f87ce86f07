namespace GameUpscaler.Vulkan.Tests;

/// <summary>conv3x3.comp and reconstruct.comp against a naive fp64 convolution, for every precision permutation.</summary>
[Collection("Vulkan")]
public sealed class ConvPassTests(VulkanFixture fixture)
{
    public static TheoryData<VulkanPermutation, int, int, int, int> ConvCases()
    {
        var data = new TheoryData<VulkanPermutation, int, int, int, int>();
        foreach (VulkanPermutation p in Enum.GetValues<VulkanPermutation>())
        {
            data.Add(p, 3, 8, 19, 13);   // the first conv: 3 → C, a width that is not a multiple of the tile
            data.Add(p, 8, 8, 17, 9);
            data.Add(p, 12, 6, 9, 20);   // a partial output block
            data.Add(p, 8, 24, 10, 9);   // more output blocks than one invocation computes (6 = 4 + 2)
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ConvCases))]
    public void Conv3x3PRelu_matches_reference(VulkanPermutation permutation, int cin, int cout, int width, int height)
    {
        bool half = permutation != VulkanPermutation.Float32;
        int inBlocks = WeightPacking.Blocks(cin);
        int outBlocks = WeightPacking.Blocks(cout);
        float[] input = TestData.Uniform(cin * width * height, 1);
        float[] weights = TestData.Uniform(cout * cin * 9, 2, -0.3f, 0.3f);
        float[] bias = TestData.Uniform(cout, 3, -0.1f, 0.1f);
        float[] slopes = TestData.Uniform(cout, 4, 0f, 0.5f);

        float[] expected = ReferenceConv(input, weights, bias, slopes, cin, cout, width, height);
        float[] packedInput = ToBlocks(input, cin, width, height);
        string shader = "conv3x3_" + Suffix(permutation);
        var bindings = new PassRunner.Binding[]
        {
            new(Floats: packedInput, Half: half),
            new(OutputBytes: outBlocks * 4 * width * height * (half ? 2 : 4)),
            new(Floats: WeightPacking.PackConv(weights, cin, cout), Half: half),
            new(Floats: WeightPacking.PackBiasSlope(bias, slopes), Half: half),
        };
        (uint, uint, uint) groups = ((uint)((width + 7) / 8), (uint)((height + 7) / 8), (uint)((outBlocks + 3) / 4));
        uint[] push = [(uint)width, (uint)height, (uint)inBlocks, (uint)outBlocks];
        byte[] result = PassRunner.Run(fixture.Device, shader, [(uint)inBlocks, (uint)outBlocks, 0, 0], push, groups, bindings, 1);
        if (permutation == VulkanPermutation.Float32)
        {
            // The uniform-buffer weights variant must agree as well (it is what fp32 contexts use when weights fit).
            uint vectors = (uint)(inBlocks * outBlocks * 36);
            byte[] ubo = PassRunner.Run(fixture.Device, "conv3x3_fp32_ubo", [(uint)inBlocks, (uint)outBlocks, 0, 0, vectors], push, groups, bindings, 1, uniformMask: 1u << 2);
            TestData.AssertClose(
                FromBlocks(PassRunner.AsFloats(result, false, outBlocks * 4 * width * height), cout, width, height),
                FromBlocks(PassRunner.AsFloats(ubo, false, outBlocks * 4 * width * height), cout, width, height),
                TestData.Fp32Tolerance, "uniform-buffer weights");
        }

        float[] actual = FromBlocks(PassRunner.AsFloats(result, half, outBlocks * 4 * width * height), cout, width, height);
        TestData.AssertClose(expected, actual, TestData.Tolerance(permutation), $"{shader} {cin}->{cout} {width}x{height}");
        fixture.AssertValidationSilent();
    }

    [Theory]
    [InlineData(VulkanPermutation.Float32, 2)]
    [InlineData(VulkanPermutation.Float32, 3)]
    [InlineData(VulkanPermutation.Float16Storage, 2)]
    [InlineData(VulkanPermutation.Float16Storage, 3)]
    [InlineData(VulkanPermutation.Float16StorageAndArithmetic, 2)]
    [InlineData(VulkanPermutation.Float16StorageAndArithmetic, 3)]
    public void Reconstruct_matches_reference(VulkanPermutation permutation, int scale)
    {
        bool half = permutation != VulkanPermutation.Float32;
        const int channels = 8, width = 11, height = 7;
        int cout = 3 * scale * scale;
        float[] features = TestData.Uniform(channels * width * height, 5, -1f, 1f);
        float[] skip = TestData.Uniform(3 * width * height, 6);
        float[] weights = TestData.Uniform(cout * channels * 9, 7, -0.2f, 0.2f);
        float[] bias = TestData.Uniform(cout, 8, -0.1f, 0.1f);
        float[] conv = ReferenceConv(features, weights, bias, null, channels, cout, width, height);

        // Depth-to-space (PyTorch pixel_shuffle) + nearest skip, as RGBA with alpha 1.
        int ow = width * scale, oh = height * scale;
        var expected = new float[ow * oh * 4];
        for (int y = 0; y < oh; y++)
        {
            for (int x = 0; x < ow; x++)
            {
                for (int c = 0; c < 3; c++)
                {
                    int channel = (((c * scale) + (y % scale)) * scale) + (x % scale);
                    int lr = ((y / scale) * width) + (x / scale);
                    expected[(((y * ow) + x) * 4) + c] = conv[(channel * width * height) + lr] + skip[(c * width * height) + lr];
                }

                expected[(((y * ow) + x) * 4) + 3] = 1f;
            }
        }

        int blocks = WeightPacking.Blocks(channels);
        float[] packedWeights = WeightPacking.PackLastConv(weights, channels, cout);
        var bindings = new PassRunner.Binding[]
        {
            new(Floats: ToBlocks(features, channels, width, height), Half: half),
            new(OutputBytes: ow * oh * 16),
            new(Floats: packedWeights, Half: half),
            new(Floats: bias),
            new(Floats: ToBlocks(skip, 3, width, height), Half: half),
        };
        (uint, uint, uint) groups = ((uint)((ow + 7) / 8), (uint)((oh + 7) / 8), 1);
        uint[] push = [(uint)width, (uint)height, (uint)blocks, (uint)scale];
        byte[] result = permutation == VulkanPermutation.Float32
            ? PassRunner.Run(fixture.Device, "reconstruct_fp32_ubo", [(uint)blocks, (uint)scale, (uint)(packedWeights.Length / 4)], push, groups, bindings, 1, uniformMask: 1u << 2)
            : PassRunner.Run(fixture.Device, "reconstruct_" + Suffix(permutation), [(uint)blocks, (uint)scale], push, groups, bindings, 1);
        if (permutation == VulkanPermutation.Float32)
        {
            byte[] storage = PassRunner.Run(fixture.Device, "reconstruct_fp32", [(uint)blocks, (uint)scale], push, groups, bindings, 1);
            TestData.AssertClose(PassRunner.AsFloats(storage, false, ow * oh * 4), PassRunner.AsFloats(result, false, ow * oh * 4), TestData.Fp32Tolerance, "storage-buffer weights");
        }

        float[] actual = PassRunner.AsFloats(result, false, ow * oh * 4);
        TestData.AssertClose(expected, actual, TestData.Tolerance(permutation), $"reconstruct x{scale} {permutation}");
        fixture.AssertValidationSilent();
    }

    internal static string Suffix(VulkanPermutation permutation) => permutation switch
    {
        VulkanPermutation.Float16Storage => "sfp16",
        VulkanPermutation.Float16StorageAndArithmetic => "sfp16_afp16",
        _ => "fp32",
    };

    /// <summary>Planar [C][H][W] to the shaders' vec4 blocks [C/4][H][W][4], zero-padded.</summary>
    internal static float[] ToBlocks(float[] planar, int channels, int width, int height)
    {
        int plane = width * height;
        var blocks = new float[WeightPacking.Blocks(channels) * 4 * plane];
        for (int c = 0; c < channels; c++)
        {
            for (int i = 0; i < plane; i++)
            {
                blocks[((((c / 4) * plane) + i) * 4) + (c % 4)] = planar[(c * plane) + i];
            }
        }

        return blocks;
    }

    internal static float[] FromBlocks(float[] blocks, int channels, int width, int height)
    {
        int plane = width * height;
        var planar = new float[channels * plane];
        for (int c = 0; c < channels; c++)
        {
            for (int i = 0; i < plane; i++)
            {
                planar[(c * plane) + i] = blocks[((((c / 4) * plane) + i) * 4) + (c % 4)];
            }
        }

        return planar;
    }

    /// <summary>Zero-padded conv3x3 in fp64 (OIHW weights), + bias, then PReLU when slopes are given.</summary>
    internal static float[] ReferenceConv(float[] input, float[] weights, float[] bias, float[]? slopes, int cin, int cout, int width, int height)
    {
        var output = new float[cout * width * height];
        for (int o = 0; o < cout; o++)
        {
            for (int y = 0; y < height; y++)
            {
                for (int x = 0; x < width; x++)
                {
                    double sum = bias[o];
                    for (int i = 0; i < cin; i++)
                    {
                        for (int ky = 0; ky < 3; ky++)
                        {
                            int yy = y + ky - 1;
                            if (yy < 0 || yy >= height)
                            {
                                continue;
                            }

                            for (int kx = 0; kx < 3; kx++)
                            {
                                int xx = x + kx - 1;
                                if (xx >= 0 && xx < width)
                                {
                                    sum += (double)weights[(((o * cin) + i) * 9) + (ky * 3) + kx] * input[(((i * height) + yy) * width) + xx];
                                }
                            }
                        }
                    }

                    if (slopes is not null && sum < 0)
                    {
                        sum *= slopes[o];
                    }

                    output[(((o * height) + y) * width) + x] = (float)sum;
                }
            }
        }

        return output;
    }
}
