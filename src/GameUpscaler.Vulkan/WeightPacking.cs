using GameUpscaler.Models;

namespace GameUpscaler.Vulkan;

/// <summary>
/// Repacks OIHW weights into the layouts the shaders read (ncnn-style repack on upload). Channels are grouped in
/// blocks of 4 (vec4); missing channels of the last block are zero, so padded lanes stay exactly zero.
/// </summary>
internal static class WeightPacking
{
    public static int Blocks(int channels) => (channels + 3) / 4;

    /// <summary>
    /// conv3x3.comp weights: for output block o, input block i, tap t, 4 vec4 columns (column k = input lane k's
    /// weights for the 4 output lanes) at ((o · inBlocks + i) · 9 + t) · 4 + k; floats, 16 per (o, i, t).
    /// </summary>
    public static float[] PackConv(float[] oihw, int inputChannels, int outputChannels)
    {
        int inBlocks = Blocks(inputChannels);
        int outBlocks = Blocks(outputChannels);
        var packed = new float[outBlocks * inBlocks * 9 * 16];
        for (int oc = 0; oc < outputChannels; oc++)
        {
            for (int ic = 0; ic < inputChannels; ic++)
            {
                for (int tap = 0; tap < 9; tap++)
                {
                    int column = ((((oc / 4 * inBlocks) + (ic / 4)) * 9) + tap) * 4 + (ic % 4);
                    packed[(column * 4) + (oc % 4)] = oihw[(((oc * inputChannels) + ic) * 9) + tap];
                }
            }
        }

        return packed;
    }

    /// <summary>conv3x3.comp bias and PReLU slopes: vec4 of biases of block o at 2o, slopes at 2o + 1.</summary>
    public static float[] PackBiasSlope(float[] bias, float[] slopes)
    {
        int blocks = Blocks(bias.Length);
        var packed = new float[blocks * 8];
        for (int c = 0; c < bias.Length; c++)
        {
            packed[(c / 4 * 8) + (c % 4)] = bias[c];
            packed[(c / 4 * 8) + 4 + (c % 4)] = slopes[c];
        }

        return packed;
    }

    /// <summary>reconstruct.comp weights: for output channel o, input block i, tap t one vec4 over the input lanes at (o · inBlocks + i) · 9 + t.</summary>
    public static float[] PackLastConv(float[] oihw, int inputChannels, int outputChannels)
    {
        int inBlocks = Blocks(inputChannels);
        var packed = new float[outputChannels * inBlocks * 9 * 4];
        for (int oc = 0; oc < outputChannels; oc++)
        {
            for (int ic = 0; ic < inputChannels; ic++)
            {
                for (int tap = 0; tap < 9; tap++)
                {
                    packed[(((((oc * inBlocks) + (ic / 4)) * 9) + tap) * 4) + (ic % 4)] = oihw[(((oc * inputChannels) + ic) * 9) + tap];
                }
            }
        }

        return packed;
    }

    /// <summary>The values as IEEE half floats (round to nearest even) for fp16 storage.</summary>
    public static Half[] ToHalf(float[] values)
    {
        var half = new Half[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            half[i] = (Half)values[i];
        }

        return half;
    }

    /// <summary>Uploads floats as the permutation stores them (fp32, or fp16 when <paramref name="half"/>).</summary>
    public static void Upload(GpuBuffer buffer, float[] values, bool half)
    {
        if (half)
        {
            buffer.Upload<Half>(ToHalf(values));
        }
        else
        {
            buffer.Upload<float>(values);
        }
    }

    /// <summary>The architecture's tensors of convolution <paramref name="conv"/>.</summary>
    public static (float[] Weight, float[] Bias, float[]? Slopes) Conv(GeneratorWeights weights, int conv) => (
        weights.GetTensor(GeneratorArchitecture.ConvWeightName(conv)),
        weights.GetTensor(GeneratorArchitecture.ConvBiasName(conv)),
        weights.Architecture.HasActivation(conv) ? weights.GetTensor(GeneratorArchitecture.PReluSlopeName(conv)) : null);
}
