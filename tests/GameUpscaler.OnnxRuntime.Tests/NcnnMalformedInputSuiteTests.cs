using System.Text;
using GameUpscaler.Models;
using GameUpscaler.Models.Ncnn;

namespace GameUpscaler.OnnxRuntime.Tests;

/// <summary>
/// The ncnn importer's part of the malformed-input suite (issue 13): 1,250 damaged .param/.bin pairs generated at
/// test time from a valid pair (truncation, bit flips, header corruption, huge declared sizes, invalid UTF-8 in the
/// .param), each imported or refused with <see cref="ModelFormatException"/> and nothing else. A .param declaring
/// billions of weights must fail on the .bin's length, not by allocating them.
/// </summary>
public sealed class NcnnMalformedInputSuiteTests
{
    private const int Cases = 1250;

    [Fact]
    public void Ncnn_damage_is_imported_or_refused_with_ModelFormatException()
    {
        GeneratorWeights weights = TestImages.RandomWeights(new GeneratorArchitecture(2, 4, 1), seed: 9);
        (string paramText, byte[] bin) = NcnnTestFiles.Write(weights, sharedSlope: false);
        byte[] param = Encoding.UTF8.GetBytes(paramText);
        int paramHeader = paramText.IndexOf('\n', paramText.IndexOf('\n', StringComparison.Ordinal) + 1) + 1;

        var counts = Corruption.Run<ModelFormatException>(
            Cases,
            seed: 4,
            (kind, random) =>
            {
                // Which file the damage goes to: the .param for sizes and text, either for the rest.
                bool damageParam = kind is Corruption.Kind.HugeDeclaredSize or Corruption.Kind.InvalidUtf8 || random.Next(2) == 0;
                byte[] target = damageParam ? param : bin;
                byte[] damaged = Corruption.Damage(target, kind, random, damageParam ? paramHeader : 4, HugeParamSize, (0, param.Length));
                return damageParam ? [.. BitConverter.GetBytes(damaged.Length), .. damaged, .. bin] : [.. BitConverter.GetBytes(param.Length), .. param, .. damaged];
            },
            pair =>
            {
                int paramLength = BitConverter.ToInt32(pair);
                NcnnImporter.Import(pair[4..(4 + paramLength)], pair[(4 + paramLength)..], "damaged.param", "damaged.bin");
            });

        Assert.All(counts, c => Assert.True(c.Value.Refused > 0, $"{c.Key}: {c.Value.Read} read, none refused"));
        Assert.Equal(Cases, counts.Values.Sum(c => c.Read + c.Refused));
    }

    /// <summary>A convolution's output count or weight count (or the layer count) made huge.</summary>
    private static byte[] HugeParamSize(byte[] param, Random random)
    {
        string text = Encoding.UTF8.GetString(param);
        string[] keys = [" 0=", " 6="];
        string key = keys[random.Next(keys.Length)];
        int at = text.IndexOf(key, random.Next(text.Length / 2), StringComparison.Ordinal);
        if (at < 0)
        {
            at = text.IndexOf(key, StringComparison.Ordinal);
        }

        string[] huge = ["1891631104", "2147483647", "99999999999", "-5", "0"];
        int end = at + key.Length;
        while (end < text.Length && text[end] is not (' ' or '\n'))
        {
            end++;
        }

        return Encoding.UTF8.GetBytes(text[..(at + key.Length)] + huge[random.Next(huge.Length)] + text[end..]);
    }
}
